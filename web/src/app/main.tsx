import { render } from 'preact';
import { Editor } from '../editor/editor';
import { measureTextHeight } from '../render/draw-shape';
import type { Renderer } from '../render/renderer';
import { SyncEngine } from '../sync/engine';
import { App } from '../ui/App';
import '../ui/styles.css';
import { boardIdFromPath, randomBoardId } from './board-id';
import { BrowserBoardCache } from './board-cache';
import { bindClipboard } from './clipboard-events';
import { installDebugHandle } from './debug-handle';
import { insertImageFiles, pickImageFiles } from './image-insert';
import { bindKeyboard } from './keyboard';
import { loadCamera, loadName, saveCamera, saveName } from './preferences';
import { boardSocketUrl, WebSocketTransport } from './websocket-transport';

// Wires the modules together for one board: the sync engine on a WebSocket with the browser
// cache, the editor on the engine, the UI on the editor, and the global key, clipboard and
// page life-cycle handlers.

function nextFrame(run: () => void): void {
  // Animation frames pause in background tabs; the timeout keeps edits flowing there.
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    run();
  };
  requestAnimationFrame(once);
  setTimeout(once, 50);
}

async function start(): Promise<void> {
  const boardId = boardIdFromPath(location.pathname);
  if (!boardId) {
    location.replace(`/b/${randomBoardId()}`);
    return;
  }
  document.title = `${boardId} · CollabCanvas`;
  const name = loadName();
  const cache = new BrowserBoardCache(boardId);
  const engine = new SyncEngine({
    transport: new WebSocketTransport(boardSocketUrl(boardId)),
    cache,
    name: name ?? undefined,
    scheduleFlush: nextFrame,
  });
  const measureCtx = document.createElement('canvas').getContext('2d')!;
  const editor = new Editor({ boardId, engine, measureTextHeight: (object, text) => measureTextHeight(measureCtx, object, text) });

  const savedCamera = loadCamera(boardId);
  if (savedCamera) editor.setCamera(savedCamera);
  let cameraTimer: ReturnType<typeof setTimeout> | null = null;
  let placed = savedCamera !== null;
  editor.onChange((changes) => {
    if (!changes.has('camera')) return;
    if (!placed) return;
    if (cameraTimer) clearTimeout(cameraTimer);
    cameraTimer = setTimeout(() => saveCamera(boardId, editor.camera), 250);
  });

  try {
    const cached = await cache.load();
    if (cached) engine.restore(cached);
  } catch {
    // No cache: the server's welcome fills the board.
  }

  let renderer: Renderer | null = null;
  const root = document.getElementById('app')!;
  render(
    <App
      editor={editor}
      initialName={name}
      onName={(value) => {
        saveName(value);
        engine.setName(value);
        engine.reconnect();
      }}
      onPickImage={() => void pickImageFiles().then((files) => insertImageFiles(editor, files, null))}
      onRenderer={(r) => (renderer = r)}
    />,
    root,
  );

  // A board opened for the first time shows its content (or its origin in the middle).
  const placeCamera = () => {
    if (placed) return;
    placed = true;
    if (editor.doc.size > 0) editor.zoomToFit();
    else editor.setCamera({ x: -editor.viewport.width / 2, y: -editor.viewport.height / 2, zoom: 1 });
  };
  if (!placed) {
    if (editor.doc.size > 0) requestAnimationFrame(placeCamera);
    const off = engine.onStatus((status) => {
      if (status !== 'connected') return;
      off();
      requestAnimationFrame(placeCamera);
    });
    setTimeout(placeCamera, 3000);
  }

  const canvasHost = root.querySelector<HTMLElement>('.canvas-host')!;
  bindKeyboard(editor);
  bindClipboard(editor, canvasHost);
  const persist = () => {
    engine.saveConfirmedNow();
    saveCamera(boardId, editor.camera);
  };
  window.addEventListener('pagehide', persist);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') persist();
  });
  installDebugHandle(editor, () => renderer);
  engine.start();
}

void start();
