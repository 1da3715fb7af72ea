import type { Editor } from '../editor/editor';
import type { Renderer, RenderStats } from '../render/renderer';

// A read-only handle for end-to-end tests and benchmarks: window.__collabcanvas, present
// while a board is open.

export interface DebugHandle {
  editor: Editor;
  renderStats(): RenderStats | null;
  renderer: () => Renderer | null;
}

declare global {
  interface Window {
    __collabcanvas?: DebugHandle;
  }
}

export function installDebugHandle(editor: Editor, renderer: () => Renderer | null): void {
  window.__collabcanvas = Object.freeze({
    editor,
    renderer,
    renderStats: () => {
      const r = renderer();
      return r ? { ...r.stats } : null;
    },
  });
}

export function removeDebugHandle(editor: Editor): void {
  if (window.__collabcanvas?.editor === editor) delete window.__collabcanvas;
}
