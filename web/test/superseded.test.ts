import { describe, expect, it } from 'vitest';
import type { PendingBatch } from '../src/sync/cache';
import { withoutSuperseded } from '../src/sync/superseded';

const move = (id: string, n: number): PendingBatch => ({ id: `k-${n}`, ops: [{ op: 'set', id, props: { x: n, y: n } }] });

describe('pending batches kept for a reload', () => {
  it('keeps only the last of a drag that set the same properties every frame', () => {
    const batches = [move('a', 1), move('a', 2), move('a', 3)];
    expect(withoutSuperseded(batches).map((b) => b.id)).toEqual(['k-3']);
  });

  it('keeps a batch that sets something no later batch sets', () => {
    const styled: PendingBatch = { id: 'k-0', ops: [{ op: 'set', id: 'a', props: { x: 0, fill: '#fff' } }] };
    const other: PendingBatch = { id: 'k-9', ops: [{ op: 'set', id: 'b', props: { x: 9, y: 9 } }] };
    expect(withoutSuperseded([styled, move('a', 1), other]).map((b) => b.id)).toEqual(['k-0', 'k-1', 'k-9']);
  });

  it('never drops a creation for a later set, nor a deletion for a later set', () => {
    const put: PendingBatch = { id: 'k-0', ops: [{ op: 'put', id: 'a', kind: 'rect', props: { x: 0, y: 0 } }] };
    const del: PendingBatch = { id: 'k-5', ops: [{ op: 'del', id: 'a' }] };
    expect(withoutSuperseded([put, move('a', 1)]).map((b) => b.id)).toEqual(['k-0', 'k-1']);
    expect(withoutSuperseded([del, move('a', 6)]).map((b) => b.id)).toEqual(['k-5', 'k-6']);
  });

  it('drops whatever a later put or deletion of the same object replaces', () => {
    const put: PendingBatch = { id: 'k-0', ops: [{ op: 'put', id: 'a', kind: 'rect', props: { x: 0, y: 0 } }] };
    const del: PendingBatch = { id: 'k-5', ops: [{ op: 'del', id: 'a' }] };
    expect(withoutSuperseded([put, move('a', 1), del]).map((b) => b.id)).toEqual(['k-5']);
  });
});
