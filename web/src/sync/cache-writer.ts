import type { BoardObject } from '../model/types';
import type { BoardCache, PendingBatch } from './cache';
import { withoutSuperseded } from './superseded';
import type { Clock } from './transport';

// The confirmed state is saved once edits pause (it can be large); pending batches are
// saved soon after every change (they are what a reload must not lose).
const CONFIRMED_SAVE_DELAY_MS = 2000;
// A page that closes normally saves at once (pagehide); this bounds what a crash can lose.
const PENDING_SAVE_DELAY_MS = 1000;

/** What the writer saves, read when a save happens. */
export interface CacheSource {
  /** Batches ops not yet batched, so that they are saved too. */
  flush(): void;
  pending(): readonly PendingBatch[];
  seq(): number;
  confirmed(): Iterable<BoardObject>;
}

/** When the engine's state goes to the board cache: the timers, apart from the sync logic. */
export class CacheWriter {
  private confirmedTimer: unknown = null;
  private pendingTimer: unknown = null;

  constructor(
    private readonly cache: BoardCache | undefined,
    private readonly clock: Clock,
    private readonly source: CacheSource,
  ) {}

  /** The confirmed state changed: saved once changes pause. */
  confirmedChanged(): void {
    if (!this.cache) return;
    if (this.confirmedTimer !== null) this.clock.clearTimeout(this.confirmedTimer);
    this.confirmedTimer = this.clock.setTimeout(() => this.saveAll(), CONFIRMED_SAVE_DELAY_MS);
  }

  /** The pending batches changed: saved soon, at most once per delay. */
  pendingChanged(): void {
    if (!this.cache || this.pendingTimer !== null) return;
    this.pendingTimer = this.clock.setTimeout(() => this.savePending(), PENDING_SAVE_DELAY_MS);
  }

  savePending(): void {
    if (this.pendingTimer !== null) this.clock.clearTimeout(this.pendingTimer);
    this.pendingTimer = null;
    this.cache?.savePending(withoutSuperseded(this.source.pending()));
  }

  /** Writes everything now (the page is going away, or edits paused). */
  saveAll(): void {
    if (this.confirmedTimer !== null) this.clock.clearTimeout(this.confirmedTimer);
    this.confirmedTimer = null;
    this.source.flush();
    this.savePending();
    this.cache?.saveConfirmed(this.source.seq(), this.source.confirmed());
  }

  /** Forgets scheduled saves (the engine stops without saving). */
  cancel(): void {
    for (const timer of [this.confirmedTimer, this.pendingTimer]) if (timer !== null) this.clock.clearTimeout(timer);
    this.confirmedTimer = null;
    this.pendingTimer = null;
  }
}
