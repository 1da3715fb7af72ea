import type { Editor } from '../editor';
import type { PointerInput, Tool } from './tool';

// Erases what the pointer passes over; one drag is one undo step. Locked objects stay.

export class EraserTool implements Tool {
  readonly id = 'eraser' as const;
  private active = false;

  constructor(private readonly editor: Editor) {}

  cursor(): string {
    return 'cell';
  }

  down(input: PointerInput): void {
    this.active = true;
    this.editor.history.begin();
    this.editor.eraserTrail = [input.world];
    this.eraseAt(input);
  }

  move(input: PointerInput): void {
    if (!this.active) return;
    const trail = this.editor.eraserTrail;
    this.editor.eraserTrail = [...trail.slice(-24), input.world];
    // Sample between pointer events so a fast stroke does not skip small objects.
    const last = trail[trail.length - 1];
    if (last) {
      const steps = Math.min(20, Math.ceil((Math.hypot(input.world.x - last.x, input.world.y - last.y) * this.editor.camera.zoom) / 6));
      for (let i = 1; i < steps; i++) {
        const t = i / steps;
        this.eraseAt({ ...input, world: { x: last.x + (input.world.x - last.x) * t, y: last.y + (input.world.y - last.y) * t } });
      }
    }
    this.eraseAt(input);
    this.editor.emit('overlay');
  }

  private eraseAt(input: PointerInput): void {
    const hit = this.editor.hitAt(input.world);
    if (hit && !hit.props.locked) this.editor.commit([{ op: 'del', id: hit.id }]);
  }

  up(): void {
    this.cancel();
  }

  cancel(): void {
    if (this.active) this.editor.history.end();
    this.active = false;
    this.editor.eraserTrail = [];
    this.editor.emit('overlay');
  }
}
