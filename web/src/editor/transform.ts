import { centre, corners, boundsOf, localBox, rotate, type Box, type Vec } from '../model/geometry';
import type { HandleId, SelectionFrame } from '../model/handles';
import { isPolyline } from '../model/kinds';
import type { BoardObject, SetOp } from '../model/types';

// Moving, resizing and rotating objects: pure functions from the objects as they were when
// the gesture began to the set ops that put them where the pointer is now. Working from the
// start state (not the previous frame) keeps gestures free of accumulated rounding.

const MIN_SIZE = 1;

export function frameOf(objects: readonly BoardObject[]): SelectionFrame | null {
  const [only] = objects;
  if (!only) return null;
  if (objects.length === 1) return { box: localBox(only), rotation: only.props.rotation ?? 0 };
  const points = objects.flatMap((o) => corners(localBox(o), o.props.rotation ?? 0));
  return { box: boundsOf(points), rotation: 0 };
}

/** Positions and sizes to a hundredth of a unit: finer is invisible and costs bytes on the wire. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function moveOps(objects: readonly BoardObject[], dx: number, dy: number): SetOp[] {
  return objects.map((o) => ({ op: 'set', id: o.id, props: { x: round(o.props.x + dx), y: round(o.props.y + dy) } }));
}

/** The frame's box after dragging `handle` to `pointer` (world), in the frame's own axes. */
export function resizedBox(frame: SelectionFrame, handle: Exclude<HandleId, 'rotate'>, pointer: Vec, keepRatio: boolean, fromCentre: boolean): Box {
  const c = centre(frame.box);
  const local = rotate(pointer, c, -frame.rotation);
  let { x: left, y: top } = frame.box;
  let right = left + frame.box.w;
  let bottom = top + frame.box.h;
  const movesLeft = handle.includes('w');
  const movesRight = handle.includes('e');
  const movesTop = handle.startsWith('n');
  const movesBottom = handle.startsWith('s');
  if (movesLeft) left = local.x;
  if (movesRight) right = local.x;
  if (movesTop) top = local.y;
  if (movesBottom) bottom = local.y;
  if (fromCentre) {
    if (movesLeft) right = 2 * c.x - left;
    if (movesRight) left = 2 * c.x - right;
    if (movesTop) bottom = 2 * c.y - top;
    if (movesBottom) top = 2 * c.y - bottom;
  }
  let w = Math.max(MIN_SIZE, Math.abs(right - left));
  let h = Math.max(MIN_SIZE, Math.abs(bottom - top));
  if (keepRatio && frame.box.w > 0 && frame.box.h > 0) {
    const ratio = frame.box.w / frame.box.h;
    const sideOnly = !(movesLeft || movesRight) || !(movesTop || movesBottom);
    if (sideOnly) {
      if (movesLeft || movesRight) h = w / ratio;
      else w = h * ratio;
    } else if (w / h > ratio) h = w / ratio;
    else w = h * ratio;
  }
  // Anchor: the side or corner opposite the handle stays where it was; dragging past it
  // flips the box to the other side of the anchor.
  const f = frame.box;
  let x = c.x - w / 2;
  let y = c.y - h / 2;
  if (!fromCentre && movesLeft) x = left > f.x + f.w ? f.x + f.w : f.x + f.w - w;
  if (!fromCentre && movesRight) x = right < f.x ? f.x - w : f.x;
  if (!fromCentre && movesTop) y = top > f.y + f.h ? f.y + f.h : f.y + f.h - h;
  if (!fromCentre && movesBottom) y = bottom < f.y ? f.y - h : f.y;
  return { x, y, w, h };
}

/** Ops that fit `objects` (as they were in `frame`) into `box`, drawn in the frame's axes. */
export function resizeOps(objects: readonly BoardObject[], frame: SelectionFrame, box: Box): SetOp[] {
  const sx = frame.box.w > 0 ? box.w / frame.box.w : 1;
  const sy = frame.box.h > 0 ? box.h / frame.box.h : 1;
  if (objects.length === 1 && objects[0]) {
    // One object resizes in its own rotated frame: place the new box's centre so the
    // anchored side stays put in world coordinates.
    const object = objects[0];
    const oldCentre = centre(frame.box);
    const newCentre = rotate(centre(box), oldCentre, frame.rotation);
    const unrotated = { x: newCentre.x - box.w / 2, y: newCentre.y - box.h / 2, w: box.w, h: box.h };
    return [fitInto(object, localBox(object), unrotated, sx, sy)];
  }
  return objects.map((object) => {
    const b = localBox(object);
    const c = centre(b);
    const nc = { x: box.x + (c.x - frame.box.x) * sx, y: box.y + (c.y - frame.box.y) * sy };
    const rotated = (object.props.rotation ?? 0) !== 0;
    // A rotated member keeps its shape and only moves, unless scaling is uniform.
    const uniform = Math.abs(sx - sy) < 1e-6;
    const ow = rotated && !uniform ? b.w : b.w * sx;
    const oh = rotated && !uniform ? b.h : b.h * sy;
    const target = { x: nc.x - ow / 2, y: nc.y - oh / 2, w: ow, h: oh };
    return fitInto(object, b, target, rotated && !uniform ? 1 : sx, rotated && !uniform ? 1 : sy);
  });
}

function fitInto(object: BoardObject, from: Box, to: Box, sx: number, sy: number): SetOp {
  if (isPolyline(object.kind)) {
    const pts = object.props.points ?? [];
    const points = pts.map((v, i) => round(i % 2 === 0 ? v * sx : v * sy));
    // (x, y) is the points' origin; keep it where the scaled box puts it.
    const x = to.x + (object.props.x - from.x) * sx;
    const y = to.y + (object.props.y - from.y) * sy;
    return { op: 'set', id: object.id, props: { x: round(x), y: round(y), points } };
  }
  return { op: 'set', id: object.id, props: { x: round(to.x), y: round(to.y), w: round(Math.max(MIN_SIZE, to.w)), h: round(Math.max(MIN_SIZE, to.h)) } };
}

/** Rotates every object around `pivot` by `delta` radians. */
export function rotateOps(objects: readonly BoardObject[], pivot: Vec, delta: number): SetOp[] {
  return objects.map((object) => {
    const b = localBox(object);
    const c = centre(b);
    const nc = rotate(c, pivot, delta);
    const rotation = normaliseAngle((object.props.rotation ?? 0) + delta);
    return { op: 'set', id: object.id, props: { x: round(object.props.x + nc.x - c.x), y: round(object.props.y + nc.y - c.y), rotation: Math.round(rotation * 1e5) / 1e5 } };
  });
}

export function normaliseAngle(angle: number): number {
  const full = Math.PI * 2;
  let a = angle % full;
  if (a > Math.PI) a -= full;
  if (a <= -Math.PI) a += full;
  return Math.abs(a) < 1e-9 ? 0 : a;
}

export function snap(value: number, step: number): number {
  return Math.round(value / step) * step;
}
