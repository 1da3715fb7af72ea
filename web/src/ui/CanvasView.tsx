import { useEffect, useRef } from 'preact/hooks';
import type { Editor } from '../editor/editor';
import { Renderer } from '../render/renderer';
import { bindCanvasInput } from './canvas-input';

// Hosts the renderer's canvases and connects them to the editor: camera moves and document
// changes in view redraw the scene layer; selection and pointer state redraw the overlay.

export function CanvasView({ editor, onRenderer }: { editor: Editor; onRenderer?: (renderer: Renderer) => void }) {
  const hostRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const renderer = new Renderer(host, editor.index, () => editor.overlayState());
    onRenderer?.(renderer);
    renderer.setCamera(editor.camera);
    renderer.grid = editor.grid;

    const resize = () => {
      const rect = host.getBoundingClientRect();
      renderer.resize(rect.width, rect.height, window.devicePixelRatio || 1);
      editor.setViewport(rect.width, rect.height);
    };
    const observer = new ResizeObserver(resize);
    observer.observe(host);
    resize();

    let floating: ReadonlySet<string> | null = null;
    const syncFloating = () => {
      const ids = editor.floating?.ids ?? null;
      if (floating === ids) return;
      floating = ids;
      renderer.setFloating(ids);
    };
    // A board that arrives whole (opening, or a snapshot after a reconnect) is drawn in the
    // task that brought it, once the editor has told of everything that came with it (the
    // camera placed on it), not on the next animation frame: after handling a message that
    // long the browser can be slow to start the next frame, and the board would wait for it.
    let arrived = false;
    const offScene = editor.onSceneChange((changed) => {
      // A drag starts floating in the same call stack as its first move: catch up first.
      syncFloating();
      if (changed === 'all') {
        renderer.invalidateScene();
        arrived = true;
      } else if (changed) renderer.invalidateRegion(changed);
      else renderer.invalidateOverlay();
    });
    const offChange = editor.onChange((changes) => {
      if (changes.has('camera')) renderer.setCamera(editor.camera);
      if (changes.has('floating')) syncFloating();
      if (changes.has('view')) {
        renderer.grid = editor.grid;
        renderer.invalidateScene();
      }
      if (changes.has('editing')) {
        renderer.editingId = editor.editingId;
        renderer.invalidateScene();
      }
      if (changes.has('overlay') || changes.has('selection') || changes.has('peers') || changes.has('tool')) renderer.invalidateOverlay();
      if (arrived) {
        arrived = false;
        renderer.renderNow();
      }
    });
    const offInput = bindCanvasInput(renderer.overlay, editor);
    return () => {
      observer.disconnect();
      offScene();
      offChange();
      offInput();
      renderer.destroy();
    };
  }, [editor]);

  return <div class="canvas-host" ref={hostRef} data-testid="canvas" tabIndex={0} />;
}
