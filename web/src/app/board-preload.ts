import { matchRoute } from '../router/routes';
import { boardDatabase } from './board-cache';
import { boardSocketUrl } from './websocket-transport';

// A page opened at a board's address starts what the board needs while the login is being
// restored: the WebSocket handshake and opening the cache database. The hello still waits
// for the access token and the cached state, but no longer for the connection as well.

/** An early socket nobody claims in this time (the visitor is sent to log in, say) is closed. */
const UNCLAIMED_MS = 10_000;

let early: { boardId: string; socket: WebSocket } | null = null;

export function preloadBoard(pathname: string): void {
  const route = matchRoute(pathname);
  if (route.name !== 'board') return;
  const socket = new WebSocket(boardSocketUrl(route.boardId));
  early = { boardId: route.boardId, socket };
  setTimeout(() => {
    if (early?.socket !== socket) return;
    early = null;
    socket.close();
  }, UNCLAIMED_MS);
  boardDatabase().catch(() => undefined);
}

/** The socket opened early for this board, to its first claimant (null when there is none). */
export function claimPreloadedSocket(boardId: string): WebSocket | null {
  if (early?.boardId !== boardId) return null;
  const { socket } = early;
  early = null;
  return socket;
}
