import type { FetchLike } from '../api/http';
import type { RefreshLock } from '../auth/session';
import type { HistoryLike } from '../router/router';

// The browser behind the DOM-free modules: fetch, the history API, a lock shared by tabs.

export const browserFetch: FetchLike = (url, init) => fetch(url, init);

export function browserHistory(): HistoryLike {
  return {
    current: () => ({ pathname: location.pathname, search: location.search }),
    push: (url) => history.pushState(null, '', url),
    replace: (url) => history.replaceState(null, '', url),
    listen: (listener) => {
      window.addEventListener('popstate', listener);
      return () => window.removeEventListener('popstate', listener);
    },
  };
}

/** One refresh at a time across this browser's tabs (Web Locks), or none where unsupported. */
export const refreshLock: RefreshLock = (task) => {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return task();
  return locks.request('collabcanvas-auth-refresh', () => task()) as ReturnType<typeof task>;
};

/** Copies text to the clipboard; false when the browser refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** An absolute URL for a path the server gave (invitations, share links). */
export function absoluteUrl(path: string): string {
  return new URL(path, location.origin).href;
}
