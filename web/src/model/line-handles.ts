import { centre, localBox, rotate, type Vec } from './geometry';
import type { BoardObject } from './types';

// A selected line or arrow shows a handle on each of its two ends instead of the selection
// frame's eight: dragging one moves that end alone. Positions are in world coordinates; the
// handles' size on screen is constant, so hit testing takes the zoom.

export type LineEnd = 'start' | 'end';

export const END_HANDLE_SCREEN_RADIUS = 5;
/** How far outside the drawn circle a press still takes the handle, in screen pixels. */
const END_HANDLE_SLOP = 4;

/** Whether the object is edited by its ends rather than by a box. */
export function hasEndHandles(object: BoardObject): boolean {
  return object.kind === 'line' || object.kind === 'arrow';
}

/** The object's points in world coordinates, its rotation applied. */
export function worldPoints(object: BoardObject): Vec[] {
  const { x, y, points = [], rotation = 0 } = object.props;
  const pivot = rotation === 0 ? null : centre(localBox(object));
  const result: Vec[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const p = { x: x + (points[i] ?? 0), y: y + (points[i + 1] ?? 0) };
    result.push(pivot ? rotate(p, pivot, rotation) : p);
  }
  return result;
}

/** The end whose handle is under a world point, if any; the end wins where both overlap. */
export function endHandleAt(object: BoardObject, point: Vec, zoom: number): LineEnd | null {
  const points = worldPoints(object);
  const reach = (END_HANDLE_SCREEN_RADIUS + END_HANDLE_SLOP) / zoom;
  const near = (p: Vec | undefined) => p !== undefined && Math.hypot(p.x - point.x, p.y - point.y) <= reach;
  // A line drawn back onto its start can only be pulled apart from the end it was drawn to.
  if (near(points[points.length - 1])) return 'end';
  if (near(points[0])) return 'start';
  return null;
}
