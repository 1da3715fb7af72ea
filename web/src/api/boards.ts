import { getJson, getNothing, getText, segment, type Requester, type Result } from './http';
import type { Board, BoardList, BoardListQuery, BoardPatch, NewBoard } from './types';

// Board routes: the dashboard's list, one board, create, rename, delete, restore, thumbnail.

export function boardsApi(send: Requester) {
  const path = (id: string, rest = '') => `/api/boards/${segment(id)}${rest}`;
  return {
    list: (query: BoardListQuery = {}): Promise<Result<BoardList>> =>
      getJson(send, {
        method: 'GET',
        path: '/api/boards',
        query: { sort: query.sort, order: query.order, q: query.q, offset: query.offset, limit: query.limit, deleted: query.deleted },
      }),
    create: async (board: NewBoard): Promise<Result<Board>> => unwrapBoard(await getJson<{ board: Board }>(send, { method: 'POST', path: '/api/boards', body: board })),
    /**
     * The board's details and the caller's role, without its objects: those come over the
     * WebSocket, and on a large board they are megabytes the server would build for nothing.
     */
    get: (id: string): Promise<Result<Board>> => getJson(send, { method: 'GET', path: path(id), query: { objects: 0 } }),
    update: async (id: string, patch: BoardPatch): Promise<Result<Board>> => unwrapBoard(await getJson<{ board: Board }>(send, { method: 'PATCH', path: path(id), body: patch })),
    remove: (id: string): Promise<Result<void>> => getNothing(send, { method: 'DELETE', path: path(id) }),
    restore: async (id: string): Promise<Result<Board>> => unwrapBoard(await getJson<{ board: Board }>(send, { method: 'POST', path: path(id, '/restore') })),
    /** An SVG picture of the content (its ETag is the board's seq). */
    thumbnail: (id: string): Promise<Result<string>> => getText(send, { method: 'GET', path: path(id, '/thumbnail') }),
  };
}

function unwrapBoard(result: Result<{ board: Board }>): Result<Board> {
  return result.ok ? { ok: true, value: result.value.board } : result;
}
