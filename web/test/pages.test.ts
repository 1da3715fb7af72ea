import { describe, expect, it } from 'vitest';
import type { Result } from '../src/api/http';
import type { ActivityEvent } from '../src/api/types';
import { fieldErrorsFromServer, validateLogin, validateRegister } from '../src/pages/auth-form';
import { ThumbnailCache } from '../src/pages/dashboard/thumbnail-cache';
import { activityLine, describeActivity, relativeTime, timeUntil } from '../src/pages/format';

const MIN = 60_000;
const NOW = Date.UTC(2025, 10, 22, 12, 0, 0);
const ada = { id: 'u_a', name: 'Ada' };
const bo = { id: 'u_b', name: 'Bo' };

function event(type: string, detail: Record<string, unknown> = {}, actor = ada): ActivityEvent {
  return { id: 1, at: NOW - 5 * MIN, actor, type, detail };
}

describe('activity sentences', () => {
  it('reads like people talk', () => {
    expect(activityLine(event('role_changed', { user: bo, from: 'editor', to: 'viewer' }), NOW)).toBe("Ada changed Bo's role from editor to viewer · 5 min ago");
    expect(describeActivity(event('created'))).toBe('Ada created the board');
    expect(describeActivity(event('renamed', { from: 'Plan', to: 'Team plan' }))).toBe('Ada renamed the board from “Plan” to “Team plan”');
    expect(describeActivity(event('described'))).toBe('Ada changed the description');
    expect(describeActivity(event('member_invited', { email: 'bo@example.com', role: 'editor' }))).toBe('Ada invited bo@example.com as editor');
    expect(describeActivity(event('member_joined', { role: 'viewer', via: 'link' }, bo))).toBe('Bo joined as viewer through a share link');
    expect(describeActivity(event('member_joined', { role: 'editor', via: 'invite' }, bo))).toBe('Bo joined as editor by invitation');
    expect(describeActivity(event('member_removed', { user: bo }))).toBe('Ada removed Bo');
    expect(describeActivity(event('member_removed', { user: bo }, bo))).toBe('Bo left the board');
    expect(describeActivity(event('link_created', { role: 'editor' }))).toBe('Ada created an editor share link');
    expect(describeActivity(event('link_revoked', { role: 'viewer' }))).toBe('Ada revoked a viewer share link');
    expect(describeActivity(event('deleted'))).toBe('Ada deleted the board');
    expect(describeActivity(event('restored'))).toBe('Ada restored the board');
    expect(describeActivity(event('something_new'))).toBe('Ada: something new');
  });
});

describe('relative times', () => {
  it('says how long ago', () => {
    expect(relativeTime(NOW - 10_000, NOW)).toBe('just now');
    expect(relativeTime(NOW + 60_000, NOW)).toBe('just now');
    expect(relativeTime(NOW - 5 * MIN, NOW)).toBe('5 min ago');
    expect(relativeTime(NOW - 3 * 60 * MIN, NOW)).toBe('3 h ago');
    expect(relativeTime(NOW - 30 * 60 * MIN, NOW)).toBe('yesterday');
    expect(relativeTime(NOW - 4 * 24 * 60 * MIN, NOW)).toBe('4 days ago');
    expect(relativeTime(Date.UTC(2025, 2, 12, 12), NOW)).toBe('12 Mar');
    expect(relativeTime(Date.UTC(2023, 2, 12, 12), NOW)).toBe('12 Mar 2023');
    expect(timeUntil(NOW + 7 * 24 * 60 * MIN, NOW)).toBe('in 7 days');
    expect(timeUntil(NOW + 20 * MIN, NOW)).toBe('in 20 min');
  });
});

describe('login and register forms', () => {
  it('checks fields with the server bounds', () => {
    expect(validateLogin({ email: '', password: '', name: '' })).toEqual({ email: 'Enter your email address.', password: 'Enter your password.' });
    expect(validateRegister({ email: 'ada@example.com', password: 'long enough', name: 'Ada' })).toEqual({});
    const bad = validateRegister({ email: 'ada', password: 'short', name: ' ' });
    expect(Object.keys(bad).sort()).toEqual(['email', 'name', 'password']);
    expect(validateRegister({ email: 'a@b.co', password: 'x'.repeat(257), name: 'n'.repeat(65) })).toMatchObject({ password: expect.any(String), name: expect.any(String) });
    // Eight bytes in four characters.
    expect(validateRegister({ email: 'a@b.co', password: 'éééé', name: 'A' })).toEqual({});
  });

  it('puts the server refusal next to its field, with its message', () => {
    expect(fieldErrorsFromServer({ status: 409, code: 'conflict', message: 'that email is taken' })).toEqual({ email: 'that email is taken' });
    expect(fieldErrorsFromServer({ status: 400, code: 'invalid_message', message: 'password must be 8 to 256 bytes' })).toEqual({ password: 'password must be 8 to 256 bytes' });
    expect(fieldErrorsFromServer({ status: 401, code: 'unauthorized', message: 'email or password is wrong' })).toEqual({ form: 'email or password is wrong' });
    expect(fieldErrorsFromServer({ status: 429, code: 'rate_limited', message: 'too many failed logins', retryAfterSeconds: 600 })).toEqual({ form: 'too many failed logins Try again in 10 min.' });
  });
});

describe('ThumbnailCache', () => {
  function setup() {
    const loads: string[] = [];
    const live = new Set<string>();
    let n = 0;
    let fail = false;
    const resolvers: (() => void)[] = [];
    let hold = false;
    const cache = new ThumbnailCache(
      {
        load: (id) => {
          loads.push(id);
          const answer: Result<string> = fail ? { ok: false, error: { status: 404, code: 'not_found', message: 'x' } } : { ok: true, value: `<svg id="${id}"/>` };
          return hold ? new Promise((resolve) => resolvers.push(() => resolve(answer))) : Promise.resolve(answer);
        },
        createUrl: () => {
          const url = `blob:${++n}`;
          live.add(url);
          return url;
        },
        revokeUrl: (url) => live.delete(url),
      },
      3,
    );
    return { cache, loads, live, setFail: (v: boolean) => (fail = v), setHold: (v: boolean) => (hold = v), resolvers };
  }

  it('fetches once per board and seq, revokes URLs when no card shows them', async () => {
    const { cache, loads, live } = setup();
    const a = await cache.acquire('a', 1);
    const again = await cache.acquire('a', 1);
    expect(a).toBe(again);
    expect(loads).toEqual(['a']);
    cache.release('a', 1);
    expect(live.size).toBe(1);
    cache.release('a', 1);
    expect(live.size).toBe(0);
    // Back on screen: a new URL from the cached picture, no new request.
    const b = await cache.acquire('a', 1);
    expect(b).not.toBe(a);
    expect(loads).toEqual(['a']);
    cache.release('a', 1);
    // A newer seq is a new picture.
    await cache.acquire('a', 2);
    expect(loads).toEqual(['a', 'a']);
    expect(cache.size).toBe(1);
  });

  it('creates no URL for a card that went away while loading, and retries failures', async () => {
    const { cache, live, loads, setFail, setHold, resolvers } = setup();
    setHold(true);
    const pending = cache.acquire('a', 1);
    cache.release('a', 1);
    resolvers.forEach((r) => r());
    expect(await pending).toBeNull();
    expect(live.size).toBe(0);
    setHold(false);
    setFail(true);
    expect(await cache.acquire('b', 1)).toBeNull();
    cache.release('b', 1);
    setFail(false);
    expect(await cache.acquire('b', 1)).not.toBeNull();
    expect(loads).toEqual(['a', 'b', 'b']);
  });

  it('keeps a bounded number of pictures', async () => {
    const { cache } = setup();
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      await cache.acquire(id, 1);
      cache.release(id, 1);
    }
    expect(cache.size).toBe(3);
    expect(cache.liveUrls).toBe(0);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
