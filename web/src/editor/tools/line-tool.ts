import type { Editor } from '../editor';
import type { PointerInput, Tool, ToolId } from './tool';
import { round } from '../transform';

// Lines and arrows: drag from start to end; Shift snaps the angle to 15° steps.

const ANGLE_STEP = Math.PI / 12;

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
    const end = editor.snapPoint(input.world);
    let dx = end.x - start.world.x;
    let dy = end.y - start.world.y;
    if (input.shift) {
      const length = Math.hypot(dx, dy);
      const angle = Math.round(Math.atan2(dy, dx) / ANGLE_STEP) * ANGLE_STEP;
      dx = Math.cos(angle) * length;
      dy = Math.sin(angle) * length;
    }
    dx = round(dx);
    dy = round(dy);
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
