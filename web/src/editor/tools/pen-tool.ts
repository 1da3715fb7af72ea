import type { Editor } from '../editor';
import { simplifyPoints } from '../simplify';
import { round } from '../transform';
import type { PointerInput, Tool } from './tool';

// Freehand drawing. Points are kept relative to the stroke's start; the stroke is simplified
// when the pen lifts. The pen stays the active tool for the next stroke.

const MIN_STEP_SCREEN = 1.5;
const MAX_POINTS = 40_000;

export class PenTool implements Tool {
  readonly id = 'pen' as const;
  private origin: PointerInput | null = null;
  private points: number[] = [];
  private createdId: string | null = null;

  constructor(private readonly editor: Editor) {}

  cursor(): string {
    return 'crosshair';
  }

  down(input: PointerInput): void {
    const editor = this.editor;
    this.origin = input;
    this.points = [0, 0, 0, 0];
    editor.select([]);
    editor.history.begin();
    const op = editor.newObjectOp('path', { x: round(input.world.x), y: round(input.world.y), points: [...this.points] });
    editor.commit([op]);
    this.createdId = op.id;
  }

  move(input: PointerInput): void {
    if (!this.origin || !this.createdId) return;
    const zoom = this.editor.camera.zoom;
    const x = round(input.world.x - this.origin.world.x);
    const y = round(input.world.y - this.origin.world.y);
    const n = this.points.length;
    if (Math.hypot(x - this.points[n - 2]!, y - this.points[n - 1]!) * zoom < MIN_STEP_SCREEN) return;
    if (n >= MAX_POINTS) return;
    if (n === 4 && this.points[2] === 0 && this.points[3] === 0) this.points.length = 2;
    this.points.push(x, y);
    this.editor.commit([{ op: 'set', id: this.createdId, props: { points: [...this.points] } }]);
  }

  up(): void {
    const id = this.createdId;
    if (!id) return;
    const simplified = simplifyPoints(this.points, 0.6 / this.editor.camera.zoom);
    const points = simplified.length >= 4 ? simplified : [0, 0, 0, 0];
    this.editor.commit([{ op: 'set', id, props: { points } }]);
    this.editor.reparent([id]);
    this.editor.history.end();
    this.origin = null;
    this.createdId = null;
  }

  cancel(): void {
    if (this.createdId) this.editor.history.end();
    this.origin = null;
    this.createdId = null;
  }
}
