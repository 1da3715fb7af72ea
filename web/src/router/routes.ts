// The pages of the web client, by path, and where a visitor must be sent before seeing one.

export type Route =
  | { name: 'login'; next: string | null }
  | { name: 'dashboard' }
  | { name: 'board'; boardId: string }
  | { name: 'settings'; boardId: string }
  | { name: 'invite'; token: string }
  | { name: 'share'; token: string }
  | { name: 'unknown'; path: string };

const BOARD_ID = /^[A-Za-z0-9_-]{1,64}$/;
const TOKEN = /^[A-Za-z0-9_.~-]{1,512}$/;

/** One parameter of a query string ("?a=1&next=%2Fb%2Fx"). */
export function queryParam(search: string, name: string): string | null {
  for (const pair of search.replace(/^\?/, '').split('&')) {
    const eq = pair.indexOf('=');
    const key = decode((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    if (key === name) return decode((eq < 0 ? '' : pair.slice(eq + 1)).replace(/\+/g, ' '));
  }
  return null;
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function matchRoute(pathname: string, search = ''): Route {
  const parts = pathname.split('/').filter((part) => part !== '');
  const [first, second, third] = parts.map(decode);
  if (parts.length === 0) return { name: 'dashboard' };
  if (parts.length === 1 && first === 'login') return { name: 'login', next: safeNext(queryParam(search, 'next')) };
  if (first === 'b' && second && BOARD_ID.test(second)) {
    if (parts.length === 2) return { name: 'board', boardId: second };
    if (parts.length === 3 && third === 'settings') return { name: 'settings', boardId: second };
  }
  if (parts.length === 2 && second && TOKEN.test(second)) {
    if (first === 'invite') return { name: 'invite', token: second };
    if (first === 's') return { name: 'share', token: second };
  }
  return { name: 'unknown', path: pathname };
}

export const paths = {
  dashboard: '/',
  login: (next?: string | null) => (next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'),
  board: (boardId: string) => `/b/${encodeURIComponent(boardId)}`,
  settings: (boardId: string) => `/b/${encodeURIComponent(boardId)}/settings`,
  invite: (token: string) => `/invite/${encodeURIComponent(token)}`,
  share: (token: string) => `/s/${encodeURIComponent(token)}`,
};

/** A place to return to after logging in: a path on this site, never another origin. */
export function safeNext(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  if (/[\u0000-\u001f]/.test(value)) return null;
  if (value === '/login' || value.startsWith('/login?') || value.startsWith('/login/')) return null;
  return value;
}

/** Every page but the login page needs a login. */
export function needsLogin(route: Route): boolean {
  return route.name !== 'login';
}

export type Access = 'restoring' | 'signed-in' | 'signed-out';

/**
 * Where the visitor must go instead of `route` (null: show it). `here` is the current path
 * with its query, remembered as the place to come back to after logging in.
 */
export function redirectFor(route: Route, access: Access, here: string): string | null {
  if (access === 'restoring') return null;
  if (access === 'signed-out' && needsLogin(route)) return paths.login(here);
  if (access === 'signed-in' && route.name === 'login') return route.next ?? paths.dashboard;
  return null;
}
