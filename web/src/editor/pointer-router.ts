import type { Vec } from '../model/geometry';
import { zoomAt, type Camera } from './camera';
import type { Editor } from './editor';
import type { PointerInput } from './tools/tool';

// Pointer and wheel input on the board: the middle button, or the left one with Space held,
// pans; the wheel pans, or zooms with Ctrl/Cmd (and trackpad pinches, which browsers send as
// Ctrl); everything else goes to the current tool. Peers see where the pointer is.

export class PointerRouter {
  private panStart: { screen: Vec; camera: Camera } | null = null;

  constructor(private readonly editor: Editor) {}

  down(input: PointerInput): void {
    const editor = this.editor;
    editor.cursorWorld = input.world;
    if (input.button === 1 || (input.button === 0 && editor.spaceHeld)) {
      this.panStart = { screen: input.screen, camera: editor.camera };
      editor.emit('tool');
      return;
    }
    if (input.button !== 0) return;
    if (editor.editingId) editor.stopEditing();
    editor.tools[editor.toolId].down(input);
  }

  move(input: PointerInput): void {
    const editor = this.editor;
    editor.cursorWorld = input.world;
    editor.engine.setPresence(input.world, editor.selection);
    if (this.panStart) {
      const { screen, camera } = this.panStart;
      editor.setCamera({ ...camera, x: camera.x - (input.screen.x - screen.x) / camera.zoom, y: camera.y - (input.screen.y - screen.y) / camera.zoom });
      return;
    }
    editor.tools[editor.toolId].move(input);
  }

  up(input: PointerInput): void {
    const editor = this.editor;
    if (this.panStart) {
      this.panStart = null;
      editor.emit('tool');
      return;
    }
    editor.tools[editor.toolId].up(input);
  }

  leave(): void {
    const editor = this.editor;
    editor.cursorWorld = null;
    editor.engine.setPresence(null, editor.selection);
    if (editor.hoverId) {
      editor.hoverId = null;
      editor.emit('overlay');
    }
  }

  cursor(input: PointerInput | null): string {
    if (this.panStart) return 'grabbing';
    if (this.editor.spaceHeld) return 'grab';
    return this.editor.tools[this.editor.toolId].cursor(input);
  }

  wheel(screen: Vec, deltaX: number, deltaY: number, zoomGesture: boolean, shift: boolean): void {
    const editor = this.editor;
    const camera = editor.camera;
    if (zoomGesture) {
      // Pinches send many small deltas, mouse wheels a few large ones: clamp so that one
      // wheel notch is a comfortable step (about a third) and a pinch stays smooth.
      const factor = Math.exp(-Math.max(-60, Math.min(60, deltaY)) * 0.005);
      editor.setCamera(zoomAt(camera, screen, camera.zoom * factor));
      return;
    }
    const dx = shift && deltaX === 0 ? deltaY : deltaX;
    const dy = shift && deltaX === 0 ? 0 : deltaY;
    editor.setCamera({ ...camera, x: camera.x + dx / camera.zoom, y: camera.y + dy / camera.zoom });
  }
}
