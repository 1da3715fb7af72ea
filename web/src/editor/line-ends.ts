import type { Vec } from '../model/geometry';
import { worldPoints, type LineEnd } from '../model/line-handles';
import type { BoardObject, SetOp } from '../model/types';
import { round } from './transform';

// Moving one end of a line or arrow: pure functions from the object as it was when the drag
// began to the set op that puts that end at the pointer, the other points staying where they
// are on screen.

/** Shift turns a segment in 15° steps, as when drawing it (and as tldraw and Excalidraw do). */
export const ANGLE_STEP = Math.PI / 12;

/** `point` turned about `anchor` to the nearest multiple of `step`, at the same distance. */
export function constrainAngle(anchor: Vec, point: Vec, step: number): Vec {
  const dx = point.x - anchor.x;
  const dy = point.y - anchor.y;
  const length = Math.hypot(dx, dy);
  const angle = Math.round(Math.atan2(dy, dx) / step) * step;
  return { x: anchor.x + Math.cos(angle) * length, y: anchor.y + Math.sin(angle) * length };
}

/** The world point the other end's segment turns about: the neighbouring point. */
export function endAnchor(object: BoardObject, end: LineEnd): Vec | undefined {
  const points = worldPoints(object);
  return end === 'start' ? points[1] : points[points.length - 2];
}

/**
 * The set op that moves `end` of `object` to `target` (world). The result is stored as the
 * line tool stores a line: (x, y) is the start and the points are relative to it, starting at
 * (0, 0). A rotated line (turned with a group) gets its rotation folded into its points: the
 * rotation pivots on the points' box, which the move changes, so keeping it would move the
 * end that must stay put.
 */
export function moveEndOp(object: BoardObject, end: LineEnd, target: Vec): SetOp {
  const points = worldPoints(object);
  points[end === 'start' ? 0 : points.length - 1] = target;
  const first = points[0] ?? target;
  const x = round(first.x);
  const y = round(first.y);
  const relative: number[] = [];
  for (const p of points) relative.push(round(p.x - x), round(p.y - y));
  const props: SetOp['props'] = { x, y, points: relative };
  if (object.props.rotation) props.rotation = null;
  return { op: 'set', id: object.id, props };
}
