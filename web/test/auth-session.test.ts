import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../src/api';
import type { FetchLike, RequestInitLike, ResponseLike } from '../src/api/http';
import { AuthSession } from '../src/auth/session';

// The auth session against a small fake of the server's auth routes: what it sends, when it
// refreshes, and how it recovers from a 401.

const MINUTE = 60_000;
const USER = { id: 'u_1', email: 'ada@example.com', name: 'Ada', createdAt: 1 };

interface Call {
  method: string;
  path: string;
  auth: string | undefined;
  credentials: string;
  body: unknown;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'network-error';

function response(reply: Exclude<Reply, 'network-error'>): ResponseLike {
  const headers = reply.headers ?? {};
  return {
    status: reply.status,
    headers: { get: (name) => headers[name.toLowerCase()] ?? null },
    text: async () => (reply.body === undefined ? '' : JSON.stringify(reply.body)),
  };
}

/** The server's auth routes and one protected route, in memory. */
class FakeServer {
  calls: Call[] = [];
  tokens = 0;
  /** Access tokens the protected route accepts. */
  valid = new Set<string>();
  refreshWorks = true;
  lifetimeMs = 15 * MINUTE;
  /** When set, refresh answers wait for it. */
  gate: Promise<void> | null = null;
  /** Overrides for the next answers of a path. */
  scripted = new Map<string, Reply[]>();

  calls_(path: string): Call[] {
    return this.calls.filter((c) => c.path === path);
  }

  grant(): { user: typeof USER; accessToken: string; expiresAt: number } {
    const accessToken = `t${++this.tokens}`;
    this.valid.add(accessToken);
    return { user: USER, accessToken, expiresAt: Date.now() + this.lifetimeMs };
  }

  fetch: FetchLike = async (url: string, init: RequestInitLike) => {
    const path = url.split('?')[0]!;
    const auth = init.headers.authorization;
    this.calls.push({ method: init.method, path, auth, credentials: init.credentials, body: init.body === undefined ? undefined : JSON.parse(init.body) });
    const next = this.scripted.get(path)?.shift();
    if (next === 'network-error') throw new TypeError('Failed to fetch');
    if (next) return response(next);
    switch (path) {
      case '/api/auth/refresh':
        if (this.gate) await this.gate;
        return response(this.refreshWorks ? { status: 200, body: this.grant() } : { status: 401, body: { error: { code: 'unauthorized', message: 'refresh token is missing' } } });
      case '/api/auth/login': {
        const { password } = JSON.parse(init.body!) as { password: string };
        if (password !== 'correct horse') return response({ status: 401, body: { error: { code: 'unauthorized', message: 'email or password is wrong' } } });
        return response({ status: 200, body: this.grant() });
      }
      case '/api/auth/logout':
        return response({ status: 204 });
      case '/api/auth/logout-all':
        return response({ status: auth && this.valid.has(auth.slice(7)) ? 204 : 401 });
      case '/api/boards':
        if (!auth || !this.valid.has(auth.slice(7))) return response({ status: 401, body: { error: { code: 'unauthorized', message: 'token expired' } } });
        return response({ status: 200, body: { boards: [], total: 0 } });
      default:
        return response({ status: 404, body: { error: { code: 'not_found', message: 'no such route' } } });
    }
  };
}

let server: FakeServer;
let session: AuthSession;

function newSession(options: Partial<ConstructorParameters<typeof AuthSession>[0]> = {}): AuthSession {
  session = new AuthSession({ fetch: server.fetch, ...options });
  return session;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-11-22T10:00:00Z'));
  server = new FakeServer();
});

afterEach(() => {
  session?.dispose();
  vi.useRealTimers();
});

describe('AuthSession: restoring the login on page load', () => {
  it('trades the refresh cookie for an access token, with the cookie sent (same-origin)', async () => {
    const s = newSession();
    expect(s.state).toBe('restoring');
    await s.restore();
    expect(s.state).toBe('signed-in');
    expect(s.user).toEqual(USER);
    const [call] = server.calls;
    expect(call).toMatchObject({ method: 'POST', path: '/api/auth/refresh', credentials: 'same-origin', auth: undefined });
    expect(await s.accessToken()).toEqual({ ok: true, value: 't1' });
  });

  it('is signed out when the server refuses the cookie', async () => {
    server.refreshWorks = false;
    const s = newSession();
    const changes: string[] = [];
    s.onChange(() => changes.push(s.state));
    await s.restore();
    expect(s.state).toBe('signed-out');
    expect(changes).toEqual(['signed-out']);
    expect(await s.accessToken()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('keeps trying while the server cannot be reached', async () => {
    server.scripted.set('/api/auth/refresh', ['network-error']);
    const s = newSession();
    await s.restore();
    expect(s.state).toBe('restoring');
    expect(s.unreachable).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.state).toBe('signed-in');
    expect(s.unreachable).toBe(false);
    expect(server.calls_('/api/auth/refresh')).toHaveLength(2);
  });
});

describe('AuthSession: refreshing', () => {
  it('refreshes a little before the token expires, and again for the next one', async () => {
    const s = newSession();
    await s.restore();
    expect(server.calls_('/api/auth/refresh')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(13 * MINUTE);
    expect(server.calls_('/api/auth/refresh')).toHaveLength(1);
    // 15 minutes of life, refreshed one minute before the end.
    await vi.advanceTimersByTimeAsync(MINUTE + 1);
    expect(server.calls_('/api/auth/refresh')).toHaveLength(2);
    expect(await s.accessToken()).toEqual({ ok: true, value: 't2' });
    await vi.advanceTimersByTimeAsync(14 * MINUTE + 1);
    expect(server.calls_('/api/auth/refresh')).toHaveLength(3);
  });

  it('shares one refresh among concurrent callers', async () => {
    const s = newSession();
    let open!: () => void;
    server.gate = new Promise((resolve) => (open = resolve));
    const results = [s.refresh(), s.refresh(), s.restore(), s.accessToken()];
    await vi.advanceTimersByTimeAsync(0);
    expect(server.calls_('/api/auth/refresh')).toHaveLength(1);
    open();
    await Promise.all(results);
    expect(server.calls_('/api/auth/refresh')).toHaveLength(1);
    expect(await s.accessToken()).toEqual({ ok: true, value: 't1' });
  });

  it('runs every refresh under the lock shared with other tabs', async () => {
    const order: string[] = [];
    const lock = async <T>(task: () => Promise<T>): Promise<T> => {
      order.push('lock');
      const value = await task();
      order.push('unlock');
      return value;
    };
    const s = newSession({ lock });
    await s.restore();
    expect(order).toEqual(['lock', 'unlock']);
  });

  it('a caller asking for a token during the timed refresh waits for that same refresh', async () => {
    const s = newSession();
    await s.restore();
    let open!: () => void;
    server.gate = new Promise((resolve) => (open = resolve));
    await vi.advanceTimersByTimeAsync(14 * MINUTE + 1);
    const token = s.accessToken();
    await vi.advanceTimersByTimeAsync(0);
    open();
    expect(await token).toEqual({ ok: true, value: 't2' });
    expect(server.calls_('/api/auth/refresh')).toHaveLength(2);
  });

  it('keeps using a token that is still valid while the server cannot be reached', async () => {
    const s = newSession();
    await s.restore();
    server.scripted.set('/api/auth/refresh', ['network-error', 'network-error']);
    await vi.advanceTimersByTimeAsync(14 * MINUTE + 1);
    expect(s.unreachable).toBe(true);
    expect(await s.accessToken()).toEqual({ ok: true, value: 't1' });
    expect(s.state).toBe('signed-in');
    // Once it is back, the retry brings a new token.
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.unreachable).toBe(false);
    expect(await s.accessToken()).toEqual({ ok: true, value: 't2' });
  });
});

describe('AuthSession: requests', () => {
  it('sends the access token, and after a 401 refreshes once and retries once', async () => {
    const s = newSession();
    const api = createApi(s.request);
    await s.restore();
    server.valid.delete('t1'); // the server no longer takes it (say, its clock is ahead)
    const result = await api.boards.list();
    expect(result).toEqual({ ok: true, value: { boards: [], total: 0 } });
    const boards = server.calls_('/api/boards');
    expect(boards.map((c) => c.auth)).toEqual(['Bearer t1', 'Bearer t2']);
    expect(server.calls_('/api/auth/refresh')).toHaveLength(2);
  });

  it('gives the 401 back as a value when the retry is refused too', async () => {
    const s = newSession();
    const api = createApi(s.request);
    await s.restore();
    server.scripted.set('/api/boards', [
      { status: 401, body: { error: { code: 'unauthorized', message: 'no' } } },
      { status: 401, body: { error: { code: 'unauthorized', message: 'still no' } } },
    ]);
    const result = await api.boards.list();
    expect(result).toEqual({ ok: false, error: { status: 401, code: 'unauthorized', message: 'still no' } });
    expect(server.calls_('/api/boards')).toHaveLength(2);
    expect(server.calls_('/api/auth/refresh')).toHaveLength(2);
  });

  it('refreshes once for many requests refused at the same time', async () => {
    const s = newSession();
    const api = createApi(s.request);
    await s.restore();
    server.valid.clear();
    const results = await Promise.all([api.boards.list(), api.boards.list(), api.boards.list()]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.calls_('/api/auth/refresh')).toHaveLength(2);
  });

  it('signs out when the refresh after a 401 is refused', async () => {
    const s = newSession();
    const api = createApi(s.request);
    await s.restore();
    server.valid.clear();
    server.refreshWorks = false;
    const result = await api.boards.list();
    expect(result).toMatchObject({ ok: false, error: { status: 401, code: 'unauthorized' } });
    expect(s.state).toBe('signed-out');
  });

  it('surfaces errors as values with the server code, message and Retry-After', async () => {
    const s = newSession();
    server.refreshWorks = false;
    await s.restore();
    expect(await s.login('ada@example.com', 'wrong')).toEqual({ ok: false, error: { status: 401, code: 'unauthorized', message: 'email or password is wrong' } });
    server.scripted.set('/api/auth/login', [{ status: 429, body: { error: { code: 'rate_limited', message: 'too many attempts' } }, headers: { 'retry-after': '120' } }]);
    expect(await s.login('ada@example.com', 'wrong')).toEqual({ ok: false, error: { status: 429, code: 'rate_limited', message: 'too many attempts', retryAfterSeconds: 120 } });
    server.scripted.set('/api/auth/login', ['network-error']);
    expect(await s.login('ada@example.com', 'x')).toMatchObject({ ok: false, error: { status: 0, code: 'network_error' } });
    expect(s.state).toBe('signed-out');
    expect(await s.login('ada@example.com', 'correct horse')).toEqual({ ok: true, value: USER });
    expect(s.state).toBe('signed-in');
    expect(server.calls_('/api/auth/login')[0]!.body).toEqual({ email: 'ada@example.com', password: 'wrong' });
  });

  it('never asks the server with no login: it answers unauthorized itself', async () => {
    server.refreshWorks = false;
    const s = newSession();
    await s.restore();
    const before = server.calls.length;
    expect(await createApi(s.request).boards.list()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(server.calls.length).toBe(before);
  });
});

describe('AuthSession: logging out', () => {
  it('logout ends the login at once, tells the server, and stops refreshing', async () => {
    const s = newSession();
    await s.restore();
    const done = s.logout();
    expect(s.state).toBe('signed-out');
    expect(s.user).toBeNull();
    await done;
    expect(server.calls.at(-1)).toMatchObject({ method: 'POST', path: '/api/auth/logout', credentials: 'same-origin' });
    const count = server.calls.length;
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(server.calls.length).toBe(count);
    expect(await s.accessToken()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('a refresh under way cannot sign back in after logout', async () => {
    const s = newSession();
    await s.restore();
    let open!: () => void;
    server.gate = new Promise((resolve) => (open = resolve));
    const refreshing = s.refresh();
    await vi.advanceTimersByTimeAsync(0);
    const loggingOut = s.logout();
    open();
    await refreshing;
    await loggingOut;
    expect(s.state).toBe('signed-out');
    // Logout waited for the refresh, so it carried the cookie the refresh left.
    expect(server.calls.map((c) => c.path).slice(-2)).toEqual(['/api/auth/refresh', '/api/auth/logout']);
  });

  it('logout everywhere revokes every session with the access token, then this one', async () => {
    const s = newSession();
    await s.restore();
    const result = await s.logoutAll();
    expect(result).toEqual({ ok: true, value: undefined });
    const paths = server.calls.map((c) => c.path);
    expect(paths.slice(-2)).toEqual(['/api/auth/logout-all', '/api/auth/logout']);
    expect(server.calls_('/api/auth/logout-all')[0]!.auth).toBe('Bearer t1');
    expect(s.state).toBe('signed-out');
  });
});
