import { isClear } from './defaults';
import { isPolyline } from './kinds';
import type { BoardObject, Props } from './types';

// Geometry of objects in world coordinates. Boxed kinds occupy (x, y, w, h); line, arrow and
// path carry `points` relative to (x, y). Every object rotates by `rotation` radians around
// the centre of its local box.

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Vec {
  x: number;
  y: number;
}

export const DEFAULT_SIZE = 100;

/** The unrotated box of an object, in world coordinates. */
export function localBox(object: BoardObject): Box {
  const p = object.props;
  if (isPolyline(object.kind)) {
    const pts = p.points ?? [];
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i + 1 < pts.length; i += 2) {
      const px = pts[i] ?? 0;
      const py = pts[i + 1] ?? 0;
      if (px < minX) minX = px;
      if (px > maxX) maxX = px;
      if (py < minY) minY = py;
      if (py > maxY) maxY = py;
    }
    if (minX === Infinity) return { x: p.x, y: p.y, w: 0, h: 0 };
    return { x: p.x + minX, y: p.y + minY, w: maxX - minX, h: maxY - minY };
  }
  return { x: p.x, y: p.y, w: p.w ?? DEFAULT_SIZE, h: p.h ?? DEFAULT_SIZE };
}

export function centre(box: Box): Vec {
  return { x: box.x + box.w / 2, y: box.y + box.h / 2 };
}

export function rotate(point: Vec, around: Vec, angle: number): Vec {
  if (angle === 0) return point;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const dx = point.x - around.x;
  const dy = point.y - around.y;
  return { x: around.x + dx * cos - dy * sin, y: around.y + dx * sin + dy * cos };
}

export function corners(box: Box, angle: number): Vec[] {
  const c = centre(box);
  return [
    { x: box.x, y: box.y },
    { x: box.x + box.w, y: box.y },
    { x: box.x + box.w, y: box.y + box.h },
    { x: box.x, y: box.y + box.h },
  ].map((p) => rotate(p, c, angle));
}

export function boundsOf(points: readonly Vec[]): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  if (minX === Infinity) return { x: 0, y: 0, w: 0, h: 0 };
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

export function unionBoxes(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  return boundsOf(boxes.flatMap((b) => [{ x: b.x, y: b.y }, { x: b.x + b.w, y: b.y + b.h }]));
}

/** Axis-aligned bounds, rotation and stroke included: what culling and marquee use. */
export function worldBounds(object: BoardObject): Box {
  const box = localBox(object);
  const angle = object.props.rotation ?? 0;
  const b = angle === 0 ? box : boundsOf(corners(box, angle));
  const pad = strokePad(object.props, object.kind === 'arrow' || object.kind === 'line');
  return { x: b.x - pad, y: b.y - pad, w: b.w + pad * 2, h: b.h + pad * 2 };
}

function strokePad(p: Readonly<Props>, hasHeads: boolean): number {
  const width = p.strokeWidth ?? 2;
  return hasHeads ? width * 3 + 6 : width / 2 + 1;
}

export function boxesIntersect(a: Box, b: Box): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

export function boxContains(outer: Box, inner: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

export function distanceToSegment(p: Vec, a: Vec, b: Vec): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSq = dx * dx + dy * dy;
  let t = lengthSq === 0 ? 0 : ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSq;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** The point in the object's unrotated frame that lands on `world` once rotated. */
export function toLocal(object: BoardObject, world: Vec): Vec {
  const angle = object.props.rotation ?? 0;
  if (angle === 0) return world;
  return rotate(world, centre(localBox(object)), -angle);
}

export type HitKind = 'solid' | 'interior' | null;

function isTransparent(colour: string | undefined): boolean {
  return colour === undefined || isClear(colour);
}

/**
 * Whether a world point hits an object within `tolerance`. A hit on the outline or a filled
 * area is 'solid'; inside an unfilled shape it is 'interior', which loses to solid hits on
 * objects below, so a large empty frame does not hide what it surrounds.
 */
export function hitTest(object: BoardObject, world: Vec, tolerance: number): HitKind {
  const p = toLocal(object, world);
  const box = localBox(object);
  const props = object.props;
  if (isPolyline(object.kind)) {
    const pts = props.points ?? [];
    const reach = tolerance + (props.strokeWidth ?? 2) / 2;
    for (let i = 0; i + 3 < pts.length; i += 2) {
      const a = { x: props.x + (pts[i] ?? 0), y: props.y + (pts[i + 1] ?? 0) };
      const b = { x: props.x + (pts[i + 2] ?? 0), y: props.y + (pts[i + 3] ?? 0) };
      if (distanceToSegment(p, a, b) <= reach) return 'solid';
    }
    if (object.kind === 'path' && props.closed && pointInBox(p, box, 0)) return isTransparent(props.fill) ? 'interior' : 'solid';
    return null;
  }
  if (!pointInBox(p, box, tolerance)) return null;
  switch (object.kind) {
    case 'text':
    case 'sticky':
    case 'image':
      return 'solid';
    case 'ellipse': {
      const rx = box.w / 2 + tolerance;
      const ry = box.h / 2 + tolerance;
      const c = centre(box);
      const d = ((p.x - c.x) / rx) ** 2 + ((p.y - c.y) / ry) ** 2;
      if (d > 1) return null;
      break;
    }
    default:
      break;
  }
  if (!isTransparent(props.fill) || (props.text ?? '') !== '') return 'solid';
  const edge = tolerance + (props.strokeWidth ?? 2);
  const nearEdge = p.x - box.x <= edge || box.x + box.w - p.x <= edge || p.y - box.y <= edge || box.y + box.h - p.y <= edge;
  return nearEdge && object.kind !== 'ellipse' ? 'solid' : 'interior';
}

function pointInBox(p: Vec, box: Box, tolerance: number): boolean {
  return p.x >= box.x - tolerance && p.x <= box.x + box.w + tolerance && p.y >= box.y - tolerance && p.y <= box.y + box.h + tolerance;
}

/** Whether the object's outline crosses or lies inside a world box (for the eraser and marquee). */
export function intersectsBox(object: BoardObject, box: Box): boolean {
  return boxesIntersect(worldBounds(object), box);
}
