import type { PendingBatch } from './cache';

// What a reload needs of the pending batches is their outcome, not every step: a drag sends
// a batch every frame, each setting the same properties as the next. A batch is left out
// when later batches overwrite everything it does:
// - a set, when later ops set every property it sets, or put or delete its object;
// - a put or a delete, when a later op puts or deletes the same object (a later set alone
//   cannot stand in for it: it does nothing to a missing object).
// Re-sending only the later batches then leaves the board as re-sending all of them would.
// This keeps what is saved after every change small however long a gesture (or an offline
// spell) lasts.

export function withoutSuperseded(batches: readonly PendingBatch[]): PendingBatch[] {
  /** Per object: replaced (put or deleted) later, or the properties set later. */
  const later = new Map<string, true | Set<string>>();
  const kept: PendingBatch[] = [];
  for (let i = batches.length - 1; i >= 0; i--) {
    const batch = batches[i]!;
    if (!batch.ops.every((op) => covered(later.get(op.id), op.op === 'set' ? Object.keys(op.props) : null))) kept.push(batch);
    for (const op of batch.ops) {
      const seen = later.get(op.id);
      if (seen === true) continue;
      if (op.op !== 'set') later.set(op.id, true);
      else if (seen) for (const prop of Object.keys(op.props)) seen.add(prop);
      else later.set(op.id, new Set(Object.keys(op.props)));
    }
  }
  return kept.reverse();
}

/** Whether later ops overwrite an op: `props` for a set, null for a put or a delete. */
function covered(later: true | Set<string> | undefined, props: string[] | null): boolean {
  if (later === true) return true;
  if (!later || !props) return false;
  return props.every((prop) => later.has(prop));
}
