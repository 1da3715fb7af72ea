import type { Editor } from '../editor';
import { ANGLE_STEP, constrainAngle } from '../line-ends';
import { round } from '../transform';
import type { PointerInput, Tool, ToolId } from './tool';

// Lines and arrows: drag from start to end; Shift snaps the angle to 15° steps.

export class LineTool implements Tool {
  private start: PointerInput | null = null;
  private createdId: string | null = null;

  constructor(
    private readonly editor: Editor,
    readonly id: ToolId,
    private readonly kind: 'line' | 'arrow',
  ) {}

  cursor(): string {
    return 'crosshair';
  }

  down(input: PointerInput): void {
    const snapped = this.editor.snapPoint(input.world);
    this.start = { ...input, world: { x: round(snapped.x), y: round(snapped.y) } };
    this.createdId = null;
    this.editor.select([]);
  }

  move(input: PointerInput): void {
    const start = this.start;
    if (!start) return;
    const editor = this.editor;
    const snapped = editor.snapPoint(input.world);
    const end = input.shift ? constrainAngle(start.world, snapped, ANGLE_STEP) : snapped;
    const dx = round(end.x - start.world.x);
    const dy = round(end.y - start.world.y);
    if (!this.createdId) {
      if (Math.hypot(input.screen.x - start.screen.x, input.screen.y - start.screen.y) < 4) return;
      editor.history.begin();
      const extra = this.kind === 'arrow' ? { endArrow: 'arrow' as const } : {};
      const op = editor.newObjectOp(this.kind, { x: start.world.x, y: start.world.y, points: [0, 0, dx, dy], ...extra });
      editor.commit([op]);
      this.createdId = op.id;
      return;
    }
    editor.commit([{ op: 'set', id: this.createdId, props: { points: [0, 0, dx, dy] } }]);
  }

  up(): void {
    const id = this.createdId;
    this.start = null;
    this.createdId = null;
    if (!id) return;
    this.editor.history.end();
    this.editor.doneCreating(id);
  }

  cancel(): void {
    if (this.createdId) this.editor.history.end();
    this.start = null;
    this.createdId = null;
  }
}
