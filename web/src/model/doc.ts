import { applyOp } from './apply';
import type { BoardObject, Op } from './types';

/** A board's objects by id. Mutable container of immutable objects. */
export class Doc {
  private objects = new Map<string, BoardObject>();

  constructor(objects: Iterable<BoardObject> = []) {
    for (const object of objects) this.objects.set(object.id, object);
  }

  get size(): number {
    return this.objects.size;
  }

  get(id: string): BoardObject | undefined {
    return this.objects.get(id);
  }

  has(id: string): boolean {
    return this.objects.has(id);
  }

  values(): IterableIterator<BoardObject> {
    return this.objects.values();
  }

  /** Replaces (or, with undefined, removes) one object. */
  put(id: string, object: BoardObject | undefined): void {
    if (object) this.objects.set(id, object);
    else this.objects.delete(id);
  }

  clear(): void {
    this.objects.clear();
  }

  /** Holds what `other` holds (a board's worth at once is much faster than one by one). */
  copy(other: Doc): void {
    this.objects = new Map(other.objects);
  }

  /** Applies ops in order; adds every id they name to `touched`. */
  applyOps(ops: readonly Op[], touched?: Set<string>): void {
    for (const op of ops) {
      this.put(op.id, applyOp(this.objects.get(op.id), op));
      touched?.add(op.id);
    }
  }
}
