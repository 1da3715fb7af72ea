import { describe, expect, it } from 'vitest';
import { MemoryHistory, Router } from '../src/router/router';
import { matchRoute, paths, queryParam, redirectFor, safeNext, type Route } from '../src/router/routes';

describe('matchRoute', () => {
  it('names every page by its path', () => {
    expect(matchRoute('/')).toEqual({ name: 'dashboard' });
    expect(matchRoute('/login')).toEqual({ name: 'login', next: null });
    expect(matchRoute('/login', '?next=%2Fb%2Fk2m9')).toEqual({ name: 'login', next: '/b/k2m9' });
    expect(matchRoute('/b/k2m9x4qjz7ab')).toEqual({ name: 'board', boardId: 'k2m9x4qjz7ab' });
    expect(matchRoute('/b/k2m9x4qjz7ab/')).toEqual({ name: 'board', boardId: 'k2m9x4qjz7ab' });
    expect(matchRoute('/b/team_plan-2/settings')).toEqual({ name: 'settings', boardId: 'team_plan-2' });
    expect(matchRoute('/invite/abc.DEF-123_x')).toEqual({ name: 'invite', token: 'abc.DEF-123_x' });
    expect(matchRoute('/s/Zz9')).toEqual({ name: 'share', token: 'Zz9' });
  });

  it('refuses what breaks the id rules', () => {
    expect(matchRoute('/b/has space').name).toBe('unknown');
    expect(matchRoute('/b/%E2%9C%93').name).toBe('unknown');
    expect(matchRoute(`/b/${'x'.repeat(65)}`).name).toBe('unknown');
    expect(matchRoute('/b/ok/other').name).toBe('unknown');
    expect(matchRoute('/b/%zz').name).toBe('unknown');
    expect(matchRoute('/invite').name).toBe('unknown');
    expect(matchRoute('/nowhere')).toEqual({ name: 'unknown', path: '/nowhere' });
  });

  it('builds the paths it matches', () => {
    expect(matchRoute(paths.board('a-b'))).toEqual({ name: 'board', boardId: 'a-b' });
    expect(matchRoute(paths.settings('a-b'))).toEqual({ name: 'settings', boardId: 'a-b' });
    const login = paths.login('/invite/t0k?x=1');
    const [path, search] = login.split('?');
    expect(matchRoute(path!, `?${search}`)).toEqual({ name: 'login', next: '/invite/t0k?x=1' });
    expect(paths.login('/')).toBe('/login');
    expect(paths.login(null)).toBe('/login');
  });

  it('reads query parameters', () => {
    expect(queryParam('?a=1&next=%2Fb%2Fx', 'next')).toBe('/b/x');
    expect(queryParam('next=a+b', 'next')).toBe('a b');
    expect(queryParam('?a=1', 'next')).toBeNull();
  });
});

describe('safeNext', () => {
  it('only ever returns to a path of this site', () => {
    expect(safeNext('/b/x/settings')).toBe('/b/x/settings');
    expect(safeNext('/invite/t?q=1')).toBe('/invite/t?q=1');
    for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', 'b/x', '', null, undefined, '/login', '/login?next=/b/x', '/x\u0000y']) {
      expect(safeNext(bad)).toBeNull();
    }
  });
});

describe('redirectFor', () => {
  const board: Route = { name: 'board', boardId: 'k2' };
  it('sends visitors who are not logged in to the login page, remembering where they were going', () => {
    expect(redirectFor(board, 'signed-out', '/b/k2')).toBe('/login?next=%2Fb%2Fk2');
    expect(redirectFor({ name: 'invite', token: 't' }, 'signed-out', '/invite/t')).toBe('/login?next=%2Finvite%2Ft');
    expect(redirectFor({ name: 'dashboard' }, 'signed-out', '/')).toBe('/login');
    expect(redirectFor({ name: 'login', next: null }, 'signed-out', '/login')).toBeNull();
  });

  it('sends a user who just logged in back where they were going', () => {
    expect(redirectFor({ name: 'login', next: '/b/k2' }, 'signed-in', '/login?next=%2Fb%2Fk2')).toBe('/b/k2');
    expect(redirectFor({ name: 'login', next: null }, 'signed-in', '/login')).toBe('/');
    expect(redirectFor(board, 'signed-in', '/b/k2')).toBeNull();
  });

  it('waits while the login is being restored', () => {
    expect(redirectFor(board, 'restoring', '/b/k2')).toBeNull();
    expect(redirectFor({ name: 'login', next: null }, 'restoring', '/login')).toBeNull();
  });
});

describe('Router', () => {
  it('navigates through the history and tells its listeners', () => {
    const history = new MemoryHistory('/');
    const router = new Router(history);
    const seen: string[] = [];
    router.onChange((route) => seen.push(route.name));
    expect(router.route).toEqual({ name: 'dashboard' });
    router.navigate('/b/k2');
    expect(router.route).toEqual({ name: 'board', boardId: 'k2' });
    expect(history.entries).toEqual(['/', '/b/k2']);
    router.navigate('/b/k2/settings');
    router.navigate('/login?next=%2Fb%2Fk2', { replace: true });
    expect(history.entries).toEqual(['/', '/b/k2', '/login?next=%2Fb%2Fk2']);
    expect(router.here).toBe('/login?next=%2Fb%2Fk2');
    expect(seen).toEqual(['board', 'settings', 'login']);
  });

  it('follows back and forward', () => {
    const history = new MemoryHistory('/');
    const router = new Router(history);
    router.navigate('/b/k2');
    const seen: Route[] = [];
    router.onChange((route) => seen.push(route));
    history.back();
    expect(router.route).toEqual({ name: 'dashboard' });
    expect(seen).toEqual([{ name: 'dashboard' }]);
  });

  it('does not stack the same page twice', () => {
    const history = new MemoryHistory('/b/k2');
    const router = new Router(history);
    router.navigate('/b/k2');
    expect(history.entries).toEqual(['/b/k2']);
  });
});
