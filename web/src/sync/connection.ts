import type { Clock, Transport } from './transport';

// The sync engine's connection to its board, apart from what is said on it. Every attempt
// asks for an access token for its hello; a connection that drops is made again with
// backoff (at once when the server asks, 4001); a refused token (4401) is refreshed and
// tried again, a few times at most; removed access (4403), a missing board (4404) and a
// login that cannot be renewed stop it for good.

/** Why the connection stopped for good: the login is gone, access was removed, no such board. */
export type ClosedReason = 'unauthorized' | 'forbidden' | 'not_found';

/** `rejected`: the server refused the last token (close 4401); get a new one. */
export type TokenReason = 'connect' | 'rejected';

/**
 * The access token for a hello. null: there is no login any more (the connection stops); a
 * rejected promise: not now (it retries with backoff).
 */
export type TokenSource = (reason: TokenReason) => string | null | Promise<string | null>;

export interface ConnectionHandlers {
  /** An attempt to connect starts. */
  connecting(): void;
  /** The connection is open: time for hello, with this token (undefined without a token source). */
  open(token: string | undefined): void;
  message(text: string): void;
  /** The connection is gone; another one follows unless `finished` does. */
  lost(): void;
  finished(reason: ClosedReason): void;
}

const MAX_BACKOFF_MS = 10_000;
// A token refused this many times in a row (each after a refresh) means the login is gone.
const MAX_AUTH_REJECTIONS = 3;

export class Connection {
  private started = false;
  /** Whether the current connection was welcomed (see `welcomed`). */
  private joined = false;
  private attempts = 0;
  private timer: unknown = null;
  /** Bumped by every attempt, so a late token answer for an old one is ignored. */
  private generation = 0;
  private authRejections = 0;

  constructor(
    private readonly transport: Transport,
    private readonly clock: Clock,
    private readonly token: TokenSource | undefined,
    private readonly handlers: ConnectionHandlers,
  ) {}

  /** Started and not stopped (nor finished). */
  get active(): boolean {
    return this.started;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.connect();
  }

  /** Disconnects and stays disconnected, without telling `lost`. */
  stop(): void {
    this.started = false;
    this.generation++;
    this.cancelRetry();
    this.transport.disconnect();
    this.joined = false;
  }

  send(text: string): void {
    this.transport.send(text);
  }

  /** The server welcomed this connection: a drop from now on is not a failed attempt. */
  welcomed(): void {
    this.joined = true;
    this.attempts = 0;
    this.authRejections = 0;
  }

  /** Drops the connection as the server would have closed it with `code`. */
  drop(code: number): void {
    this.transport.disconnect();
    this.closed(code);
  }

  private connect(): void {
    this.timer = null;
    this.handlers.connecting();
    const generation = ++this.generation;
    if (!this.token) return this.open(undefined);
    let token: string | null | Promise<string | null>;
    try {
      token = this.token(this.authRejections > 0 ? 'rejected' : 'connect');
    } catch {
      return this.closed(1006);
    }
    if (token === null || typeof token === 'string') return this.open(token);
    token.then(
      (value) => {
        if (generation === this.generation && this.started) this.open(value);
      },
      () => {
        // No token now (the server is unreachable, say): the usual backoff.
        if (generation === this.generation && this.started) this.closed(1006);
      },
    );
  }

  private open(token: string | null | undefined): void {
    if (token === null) return this.finish('unauthorized');
    this.transport.connect({
      open: () => this.handlers.open(token),
      message: (text) => this.handlers.message(text),
      close: (code) => this.closed(code),
    });
  }

  private closed(code: number): void {
    const wasJoined = this.joined;
    this.joined = false;
    this.handlers.lost();
    if (!this.started) return;
    if (code === 4403) return this.finish('forbidden');
    if (code === 4404) return this.finish('not_found');
    // 4001: we fell behind; the server wants us back at once, resynced with `since`. A
    // connection that never got its welcome backs off instead, so a board whose welcome
    // cannot be delivered does not become a reconnect storm.
    let delay = code === 4001 && wasJoined ? 0 : this.backoffDelay();
    if (code === 4401) {
      // The token was refused: reconnect with a refreshed one (at once the first time).
      if (!this.token || ++this.authRejections > MAX_AUTH_REJECTIONS) return this.finish('unauthorized');
      if (this.authRejections === 1) delay = 0;
    }
    this.attempts++;
    this.cancelRetry();
    this.timer = this.clock.setTimeout(() => this.connect(), delay);
  }

  /** Stops for good. */
  private finish(reason: ClosedReason): void {
    this.stop();
    this.handlers.finished(reason);
  }

  private backoffDelay(): number {
    const base = Math.min(MAX_BACKOFF_MS, 300 * 2 ** this.attempts);
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  private cancelRetry(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
