import { authApi } from '../api/auth';
import { fail, NETWORK_ERROR_CODE, ok, send, type ApiError, type FetchLike, type Requester, type Result } from '../api/http';
import type { AuthGrant, User } from '../api/types';

// The login of this page. The access token lives in this object only (never in storage);
// the refresh token is an HttpOnly cookie the page cannot read. On load `restore` trades the
// cookie for an access token; the token is refreshed a little before it expires; a request
// answered 401 refreshes once and is retried once; concurrent refreshes share one request.
//
// Every refresh rotates the cookie, and a cookie presented twice revokes the whole login, so
// two tabs must never refresh at the same moment: refreshes run under `lock` (the browser
// passes a Web Lock shared by its tabs), which makes the second tab send the rotated cookie.

export type SessionState = 'restoring' | 'signed-in' | 'signed-out';

export interface SessionClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/** Runs `task` while no other refresh runs (in any tab). */
export type RefreshLock = <T>(task: () => Promise<T>) => Promise<T>;

export interface AuthSessionOptions {
  fetch: FetchLike;
  /** Prefix of every URL (empty: same origin). */
  baseUrl?: string;
  clock?: SessionClock;
  lock?: RefreshLock;
  /** How long before expiry the token is refreshed (default 60 s, at most half its life). */
  refreshLeadMs?: number;
}

// Timers and the time exist in every JavaScript host but in no ECMAScript library; this
// module is type-checked without the DOM.
declare function setTimeout(fn: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;

const globalClock: SessionClock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle),
  now: () => Date.now(),
};

const DEFAULT_LEAD_MS = 60_000;
/** The documented access token lifetime, used when the clocks disagree too much to trust expiresAt. */
const NOMINAL_LIFETIME_MS = 15 * 60_000;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

export const SIGNED_OUT: ApiError = { status: 401, code: 'unauthorized', message: 'You are not logged in.' };

export class AuthSession {
  state: SessionState = 'restoring';
  user: User | null = null;
  /** True while the server cannot be reached (restoring or refreshing keeps retrying). */
  unreachable = false;

  private token: string | null = null;
  /** When the token expires, on this page's clock. */
  private expiresAt = 0;
  private refreshing: Promise<Result<User>> | null = null;
  private timer: unknown = null;
  private retries = 0;
  /** Bumped by every sign-out, so that a refresh that was under way cannot sign back in. */
  private generation = 0;
  private readonly listeners = new Set<() => void>();

  private readonly fetch: FetchLike;
  private readonly base: string;
  private readonly clock: SessionClock;
  private readonly lock: RefreshLock;
  private readonly lead: number;
  private readonly auth: ReturnType<typeof authApi>;

  constructor(options: AuthSessionOptions) {
    this.fetch = options.fetch;
    this.base = options.baseUrl ?? '';
    this.clock = options.clock ?? globalClock;
    this.lock = options.lock ?? ((task) => task());
    this.lead = options.refreshLeadMs ?? DEFAULT_LEAD_MS;
    this.auth = authApi(this.request);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Restores the login from the refresh cookie (on page load); retries while unreachable. */
  async restore(): Promise<void> {
    await this.refresh();
  }

  async login(email: string, password: string): Promise<Result<User>> {
    return this.grant(await this.auth.login(email, password));
  }

  async register(email: string, password: string, name: string): Promise<Result<User>> {
    return this.grant(await this.auth.register(email, password, name));
  }

  /** A new access token from the refresh cookie; one request at a time, shared by callers. */
  refresh(): Promise<Result<User>> {
    if (!this.refreshing) {
      this.refreshing = this.runRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  /**
   * A valid access token: the current one, or a refreshed one when it expires soon. Fails
   * with `unauthorized` when the login is gone, `network_error` when the server cannot be
   * reached and the current token has expired.
   */
  async accessToken(): Promise<Result<string>> {
    if (this.refreshing) await this.refreshing;
    if (this.state === 'signed-out') return fail(SIGNED_OUT);
    const now = this.clock.now();
    if (this.token && now < this.expiresAt - this.leadFor(this.expiresAt - now)) return ok(this.token);
    const refreshed = await this.refresh();
    if (refreshed.ok && this.token) return ok(this.token);
    // Unreachable, but the old token is still good for a while: use it.
    if (this.token && this.clock.now() < this.expiresAt) return ok(this.token);
    return refreshed.ok ? fail(SIGNED_OUT) : refreshed;
  }

  /** Sends a request with the access token; on 401 it refreshes once and retries once. */
  readonly request: Requester = async (request) => {
    if (request.auth === false) return send(this.fetch, this.base, request, null);
    const token = await this.accessToken();
    if (!token.ok) return token;
    const first = await send(this.fetch, this.base, request, token.value);
    if (first.ok || first.error.status !== 401) return first;
    // Someone else may have refreshed meanwhile; otherwise refresh now.
    if (this.token === token.value) {
      const refreshed = await this.refresh();
      if (!refreshed.ok) return refreshed.error.status === 401 ? first : refreshed;
    }
    if (!this.token) return first;
    return send(this.fetch, this.base, request, this.token);
  };

  /** Ends this login (and clears the refresh cookie). */
  async logout(): Promise<void> {
    const pending = this.refreshing;
    this.signOut();
    // A refresh under way would rotate the cookie: log out with the one it leaves.
    if (pending) await pending;
    await this.lock(() => this.auth.logout());
  }

  /** Ends every login of the user, on every device, then this one. */
  async logoutAll(): Promise<Result<void>> {
    const result = await this.auth.logoutAll();
    if (result.ok) await this.logout();
    return result;
  }

  /** Tries again at once after the server was unreachable. */
  retryNow(): void {
    if (!this.unreachable) return;
    this.clearTimer();
    void this.refresh();
  }

  /** Stops timers (tests, page teardown). */
  dispose(): void {
    this.clearTimer();
    this.listeners.clear();
  }

  // ---- Internals ------------------------------------------------------------------------

  private async runRefresh(): Promise<Result<User>> {
    const generation = this.generation;
    const result = await this.lock(() => this.auth.refresh());
    if (generation !== this.generation) return fail(SIGNED_OUT);
    if (result.ok) return this.grant(result);
    if (result.error.code === NETWORK_ERROR_CODE) {
      // Keep what we have and try again later; a token that is still valid keeps working.
      this.unreachable = true;
      this.schedule(this.retryDelay());
      this.notify();
    } else if (result.error.status === 401) {
      this.signOut();
    } else {
      // A server error: not proof that the login is gone. Try again later.
      this.schedule(this.retryDelay());
      if (this.state === 'restoring') this.unreachable = true;
      this.notify();
    }
    return result;
  }

  private grant(result: Result<AuthGrant>): Result<User> {
    if (!result.ok) return result;
    const { user, accessToken, expiresAt } = result.value;
    const now = this.clock.now();
    let remaining = expiresAt - now;
    // A clock far off the server's makes expiresAt meaningless here: assume the nominal life.
    if (!(remaining > 10_000 && remaining < 24 * 3600_000)) remaining = NOMINAL_LIFETIME_MS;
    this.token = accessToken;
    this.expiresAt = now + remaining;
    this.user = user;
    this.state = 'signed-in';
    this.unreachable = false;
    this.retries = 0;
    this.schedule(remaining - this.leadFor(remaining));
    this.notify();
    return ok(user);
  }

  private leadFor(lifetime: number): number {
    return Math.min(this.lead, Math.max(0, lifetime / 2));
  }

  private retryDelay(): number {
    return Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** this.retries++);
  }

  private schedule(delay: number): void {
    this.clearTimer();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, Math.max(0, delay));
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private signOut(): void {
    this.generation++;
    this.clearTimer();
    const changed = this.state !== 'signed-out' || this.token !== null;
    this.token = null;
    this.expiresAt = 0;
    this.user = null;
    this.unreachable = false;
    this.state = 'signed-out';
    if (changed) this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
