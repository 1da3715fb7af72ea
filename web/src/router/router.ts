import { matchRoute, type Route } from './routes';

// Navigation by path through the history API (or a test's stand-in): the current route,
// navigate, and listeners called on every change (including back and forward).

export interface HistoryLike {
  /** The current path and query ("/b/x?y=1"). */
  current(): { pathname: string; search: string };
  push(url: string): void;
  replace(url: string): void;
  /** Called when the user goes back or forward; returns an unsubscribe function. */
  listen(listener: () => void): () => void;
}

export class Router {
  route: Route;
  private readonly listeners = new Set<(route: Route) => void>();

  constructor(private readonly history: HistoryLike) {
    this.route = this.read();
    history.listen(() => this.update());
  }

  /** The current path with its query. */
  get here(): string {
    const { pathname, search } = this.history.current();
    return `${pathname}${search}`;
  }

  navigate(url: string, options: { replace?: boolean } = {}): void {
    if (url === this.here && !options.replace) return;
    if (options.replace) this.history.replace(url);
    else this.history.push(url);
    this.update();
  }

  onChange(listener: (route: Route) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private read(): Route {
    const { pathname, search } = this.history.current();
    return matchRoute(pathname, search);
  }

  private update(): void {
    this.route = this.read();
    for (const listener of [...this.listeners]) listener(this.route);
  }
}

/** A history kept in memory (tests). */
export class MemoryHistory implements HistoryLike {
  entries: string[];
  index = 0;
  private readonly listeners = new Set<() => void>();

  constructor(initial = '/') {
    this.entries = [initial];
  }

  current(): { pathname: string; search: string } {
    const url = this.entries[this.index] ?? '/';
    const q = url.indexOf('?');
    return q < 0 ? { pathname: url, search: '' } : { pathname: url.slice(0, q), search: url.slice(q) };
  }

  push(url: string): void {
    this.entries = [...this.entries.slice(0, this.index + 1), url];
    this.index = this.entries.length - 1;
  }

  replace(url: string): void {
    this.entries[this.index] = url;
  }

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  back(): void {
    if (this.index === 0) return;
    this.index--;
    for (const listener of this.listeners) listener();
  }
}
