import type { Camera } from '../camera';
import type { Editor } from '../editor';
import type { PointerInput, Tool } from './tool';

export class HandTool implements Tool {
  readonly id = 'hand' as const;
  private start: { input: PointerInput; camera: Camera } | null = null;

  constructor(private readonly editor: Editor) {}

  cursor(): string {
    return this.start ? 'grabbing' : 'grab';
  }

  down(input: PointerInput): void {
    this.start = { input, camera: this.editor.camera };
  }

  move(input: PointerInput): void {
    if (!this.start) return;
    const { camera } = this.start;
    const dx = (input.screen.x - this.start.input.screen.x) / camera.zoom;
    const dy = (input.screen.y - this.start.input.screen.y) / camera.zoom;
    this.editor.setCamera({ ...camera, x: camera.x - dx, y: camera.y - dy });
  }

  up(): void {
    this.start = null;
  }

  cancel(): void {
    this.start = null;
  }
}
