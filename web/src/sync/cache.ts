import type { BoardObject, Op } from '../model/types';

// What the engine keeps across page reloads: the last confirmed state (with its sequence
// number, so a reload resyncs with `since`) and the batches the server has not acknowledged.

export interface PendingBatch {
  id: string;
  ops: Op[];
}

export interface CachedBoard {
  seq: number;
  objects: BoardObject[];
  pending: PendingBatch[];
}

export interface BoardCache {
  load(): Promise<CachedBoard | undefined>;
  /**
   * Called soon after every change of the pending list, with the batches a reload needs (those
   * later ones overwrite left out); should be cheap and durable at once.
   */
  savePending(pending: readonly PendingBatch[]): void;
  /** Called, debounced, when the confirmed state changed. */
  saveConfirmed(seq: number, objects: Iterable<BoardObject>): void;
}
