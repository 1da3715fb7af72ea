import { describe, expect, it } from 'vitest';
import { createApi } from '../src/api';
import { send, type HttpRequest, type Requester, type ResponseLike } from '../src/api/http';

// The route functions over a recording requester: paths, queries, bodies, answers.

function fake(answers: Record<string, { status: number; body?: unknown; raw?: string }>) {
  const seen: HttpRequest[] = [];
  const requester: Requester = async (request) => {
    seen.push(request);
    const answer = answers[`${request.method} ${request.path}`] ?? { status: 404, body: { error: { code: 'not_found', message: 'no such route' } } };
    return send(
      async (): Promise<ResponseLike> => ({ status: answer.status, headers: { get: () => null }, text: async () => answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body)) }),
      '',
      request,
      null,
    );
  };
  return { api: createApi(requester), seen };
}

describe('api', () => {
  it('builds the board list query', async () => {
    const { api, seen } = fake({ 'GET /api/boards': { status: 200, body: { boards: [], total: 0 } } });
    await api.boards.list({ q: 'team plan', sort: 'name', offset: 48, limit: 24, deleted: true });
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/api/boards', query: { q: 'team plan', sort: 'name', offset: 48, limit: 24, deleted: true } });
  });

  it('asks for a board without its objects, which come over the WebSocket', async () => {
    const board = { id: 'k2', name: 'Plan', description: '', role: 'editor', owner: { id: 'u_1', name: 'Ada' }, seq: 3, createdAt: 1, updatedAt: 2 };
    const { api, seen } = fake({ 'GET /api/boards/k2': { status: 200, body: board } });
    expect(await api.boards.get('k2')).toEqual({ ok: true, value: board });
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/api/boards/k2', query: { objects: 0 } });
  });

  it('unwraps answers and encodes path segments', async () => {
    const board = { id: 'k2', name: 'Plan', description: '', role: 'owner', owner: { id: 'u_1', name: 'Ada' }, seq: 3, createdAt: 1, updatedAt: 2 };
    const { api, seen } = fake({
      'PATCH /api/boards/k2': { status: 200, body: { board } },
      'PATCH /api/boards/k2/members/u_%2F1': { status: 409, body: { error: { code: 'conflict', message: 'a board needs an owner' } } },
      'DELETE /api/boards/k2': { status: 204 },
    });
    expect(await api.boards.update('k2', { name: 'Plan' })).toEqual({ ok: true, value: board });
    expect(seen[0]!.body).toEqual({ name: 'Plan' });
    expect(await api.members.setRole('k2', 'u_/1', 'viewer')).toEqual({ ok: false, error: { status: 409, code: 'conflict', message: 'a board needs an owner' } });
    expect(await api.boards.remove('k2')).toEqual({ ok: true, value: undefined });
  });

  it('accepts an invitation answered with the board id or the board object', async () => {
    const board = { id: 'k2', name: 'Plan' };
    const { api } = fake({
      'POST /api/invites/t1/accept': { status: 200, body: { board: 'k2', role: 'editor' } },
      'POST /api/links/t2/accept': { status: 200, body: { board, role: 'viewer' } },
      'POST /api/invites/t3/accept': { status: 410, body: { error: { code: 'gone', message: 'invitation used' } } },
    });
    expect(await api.invites.accept('t1')).toEqual({ ok: true, value: { boardId: 'k2', board: null, role: 'editor' } });
    expect(await api.links.accept('t2')).toEqual({ ok: true, value: { boardId: 'k2', board, role: 'viewer' } });
    expect(await api.invites.accept('t3')).toEqual({ ok: false, error: { status: 410, code: 'gone', message: 'invitation used' } });
  });

  it('turns an answer that is not JSON into an error value', async () => {
    const { api } = fake({ 'GET /api/boards': { status: 502, raw: '<html>Bad gateway</html>' } });
    expect(await api.boards.list()).toEqual({ ok: false, error: { status: 502, code: 'http_502', message: 'The server answered 502.' } });
  });
});
