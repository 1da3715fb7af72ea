import type { Op, PutOp } from '../model/types';

// What one ops message may hold: the server's batch limit is 10,000 ops and its frame limit
// 1 MiB; a batch stays well inside both.
const MAX_OPS_PER_BATCH = 5000;
const MAX_BATCH_BYTES = 900_000;

/** Splits ops into batches within the server's op count and frame size limits. */
export function splitOps(ops: readonly Op[]): Op[][] {
  const chunks: Op[][] = [];
  let chunk: Op[] = [];
  let bytes = 0;
  for (const op of ops) {
    const size = estimateBytes(op);
    if (chunk.length > 0 && (chunk.length >= MAX_OPS_PER_BATCH || bytes + size > MAX_BATCH_BYTES)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(op);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

function estimateBytes(op: Op): number {
  if (op.op === 'del') return 40;
  // Strings dominate (text, image data URLs); everything else is small.
  let bytes = 80;
  for (const value of Object.values(op.props as PutOp['props'])) {
    if (typeof value === 'string') bytes += value.length * 3 + 16;
    else if (Array.isArray(value)) bytes += value.length * 12;
    else bytes += 24;
  }
  return bytes;
}
