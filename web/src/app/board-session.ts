import type { AuthSession } from '../auth/session';
import { Editor } from '../editor/editor';
import { measureTextHeight } from '../render/draw-shape';
import type { Renderer } from '../render/renderer';
import { SyncEngine, type TokenReason } from '../sync/engine';
import type { Role } from '../sync/messages';
import { BrowserBoardCache } from './board-cache';
import { claimPreloadedSocket } from './board-preload';
import { bindClipboard } from './clipboard-events';
import { installDebugHandle, removeDebugHandle } from './debug-handle';
import { bindKeyboard } from './keyboard';
import { loadCamera, saveCamera } from './preferences';
import { boardSocketUrl, WebSocketTransport } from './websocket-transport';

// One open board: the sync engine on a WebSocket (each hello carrying a valid access token)
// with this user's browser cache, the editor on the engine, and, once the canvas is in the
// page, the key, clipboard and page life-cycle handlers. dispose() undoes all of it.

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

/** The access token for a hello: null when the login is gone, a rejection when not now. */
export async function helloToken(session: AuthSession, reason: TokenReason): Promise<string | null> {
  if (reason === 'rejected') {
    const refreshed = await session.refresh();
    if (!refreshed.ok) {
      if (refreshed.error.status === 401) return null;
      throw new Error(refreshed.error.message);
    }
  }
  const token = await session.accessToken();
  if (token.ok) return token.value;
  if (token.error.status === 401) return null;
  throw new Error(token.error.message);
}

export interface BoardSessionOptions {
  boardId: string;
  userId: string;
  session: AuthSession;
  /** The role as far as known (null: wait for the server's welcome). */
  role: Role | null;
}

export class BoardSession {
  readonly boardId: string;
  readonly cache: BrowserBoardCache;
  readonly engine: SyncEngine;
  readonly editor: Editor;
  renderer: Renderer | null = null;
  private readonly cleanups: (() => void)[] = [];
  private disposed = false;

  constructor({ boardId, userId, session, role }: BoardSessionOptions) {
    this.boardId = boardId;
    this.cache = new BrowserBoardCache(boardId, userId);
    this.engine = new SyncEngine({
      transport: new WebSocketTransport(boardSocketUrl(boardId), claimPreloadedSocket(boardId)),
      cache: this.cache,
      role,
      token: (reason) => helloToken(session, reason),
      scheduleFlush: nextFrame,
    });
    const measureCtx = document.createElement('canvas').getContext('2d')!;
    this.editor = new Editor({ boardId, engine: this.engine, measureTextHeight: (object, text) => measureTextHeight(measureCtx, object, text) });
  }

  /** Shows what this browser kept of the board, then connects. */
  async start(): Promise<void> {
    try {
      const cached = await this.cache.load();
      if (cached && !this.disposed) this.engine.restore(cached);
    } catch {
      // No cache: the server's welcome fills the board.
    }
    if (!this.disposed) this.engine.start();
  }

  /** Binds the page-wide handlers once the canvas host is in the page. */
  attach(canvasHost: HTMLElement): void {
    const { editor, engine, boardId } = this;
    const savedCamera = loadCamera(boardId);
    if (savedCamera) editor.setCamera(savedCamera);
    let placed = savedCamera !== null;
    let cameraTimer: ReturnType<typeof setTimeout> | null = null;
    this.cleanups.push(
      editor.onChange((changes) => {
        if (!changes.has('camera') || !placed) return;
        if (cameraTimer) clearTimeout(cameraTimer);
        cameraTimer = setTimeout(() => saveCamera(boardId, editor.camera), 250);
      }),
      () => {
        if (cameraTimer) clearTimeout(cameraTimer);
      },
    );

    // A board opened for the first time shows its content (or its origin in the middle). The
    // canvas has its size by now (it is bound before this runs), so the camera is placed at
    // once: the first frame drawn with the board in it is already the whole board.
    const placeCamera = () => {
      if (placed || this.disposed) return;
      placed = true;
      if (editor.doc.size > 0) editor.zoomToFit();
      else editor.setCamera({ x: -editor.viewport.width / 2, y: -editor.viewport.height / 2, zoom: 1 });
    };
    if (!placed) {
      if (editor.doc.size > 0) placeCamera();
      const off = engine.onStatus((status) => {
        if (status !== 'connected') return;
        off();
        placeCamera();
      });
      const timer = setTimeout(placeCamera, 3000);
      this.cleanups.push(off, () => clearTimeout(timer));
    }

    this.cleanups.push(bindKeyboard(editor), bindClipboard(editor, canvasHost));
    const persist = () => {
      if (this.engine.closed && this.engine.closed !== 'unauthorized') return;
      engine.saveConfirmedNow();
      saveCamera(boardId, editor.camera);
    };
    const onHidden = () => {
      if (document.visibilityState === 'hidden') persist();
    };
    window.addEventListener('pagehide', persist);
    document.addEventListener('visibilitychange', onHidden);
    this.cleanups.push(() => {
      window.removeEventListener('pagehide', persist);
      document.removeEventListener('visibilitychange', onHidden);
    });
    installDebugHandle(editor, () => this.renderer);
    this.cleanups.push(() => removeDebugHandle(editor));
  }

  /**
   * Closes the board. `keep: false` writes nothing more to this browser's cache and deletes
   * what it holds (the board is gone or no longer ours to see).
   */
  dispose({ keep = true }: { keep?: boolean } = {}): void {
    if (this.disposed) {
      if (!keep) void this.cache.clear();
      return;
    }
    this.disposed = true;
    while (this.cleanups.length > 0) this.cleanups.pop()!();
    const closedForGood = this.engine.closed === 'forbidden' || this.engine.closed === 'not_found';
    if (keep && !closedForGood) saveCamera(this.boardId, this.editor.camera);
    this.engine.stop({ save: keep && !closedForGood });
    if (!keep || closedForGood) void this.cache.clear();
  }
}
