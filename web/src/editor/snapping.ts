import type { Box } from '../model/geometry';

// Alignment snapping while moving: the moving group's left, centre and right (top, middle,
// bottom) snap to those of other objects when within a few pixels, and a guide line shows
// what it lined up with.

export interface Guide {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface SnapResult {
  dx: number;
  dy: number;
  guides: Guide[];
}

function stops(start: number, size: number): number[] {
  return [start, start + size / 2, start + size];
}

function bestOffset(moving: number[], targets: number[][], threshold: number): { offset: number; at: number; index: number } | null {
  let best: { offset: number; at: number; index: number } | null = null;
  targets.forEach((candidates, index) => {
    for (const target of candidates) {
      for (const value of moving) {
        const offset = target - value;
        if (Math.abs(offset) <= threshold && (!best || Math.abs(offset) < Math.abs(best.offset))) best = { offset, at: target, index };
      }
    }
  });
  return best;
}

/** Snaps `box` (already moved) to `others`; `threshold` is in world units. */
export function snapToObjects(box: Box, others: readonly Box[], threshold: number): SnapResult {
  const xs = bestOffset(stops(box.x, box.w), others.map((o) => stops(o.x, o.w)), threshold);
  const ys = bestOffset(stops(box.y, box.h), others.map((o) => stops(o.y, o.h)), threshold);
  const dx = xs?.offset ?? 0;
  const dy = ys?.offset ?? 0;
  const guides: Guide[] = [];
  const moved = { x: box.x + dx, y: box.y + dy, w: box.w, h: box.h };
  if (xs) {
    const other = others[xs.index]!;
    guides.push({ x1: xs.at, y1: Math.min(moved.y, other.y), x2: xs.at, y2: Math.max(moved.y + moved.h, other.y + other.h) });
  }
  if (ys) {
    const other = others[ys.index]!;
    guides.push({ x1: Math.min(moved.x, other.x), y1: ys.at, x2: Math.max(moved.x + moved.w, other.x + other.w), y2: ys.at });
  }
  return { dx, dy, guides };
}
