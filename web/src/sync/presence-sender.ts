import type { ClientMessage, Point } from './messages';
import type { Clock } from './transport';

// Our cursor and selection as peers see them: sent when they change, at most once per
// interval while joined, and again after every join (peers forget us when we drop).

const PRESENCE_INTERVAL_MS = 50;
/** Peers need no more of a selection than this to show it. */
const MAX_SELECTION = 10_000;

export class PresenceSender {
  private cursor: Point | null = null;
  private selection: Iterable<string> = [];
  private dirty = false;
  private timer: unknown = null;
  private joined = false;

  constructor(
    private readonly clock: Clock,
    private readonly send: (message: ClientMessage) => void,
  ) {}

  /** The selection must not change after the call (the editor replaces its set, never mutates it). */
  set(cursor: Point | null, selection: Iterable<string>): void {
    this.cursor = cursor;
    this.selection = selection;
    this.dirty = true;
    if (this.timer === null) this.flush();
  }

  /** The server welcomed us: peers learn where we are. */
  join(): void {
    this.joined = true;
    this.dirty = true;
    this.flush();
  }

  /** Disconnected: nothing is sent until the next join. */
  leave(): void {
    this.joined = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    this.timer = null;
    if (!this.dirty || !this.joined) return;
    this.dirty = false;
    this.send({ type: 'presence', cursor: this.cursor, selection: [...this.selection].slice(0, MAX_SELECTION) });
    this.timer = this.clock.setTimeout(() => this.flush(), PRESENCE_INTERVAL_MS);
  }
}
