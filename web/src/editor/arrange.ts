import { worldBounds, type Box } from '../model/geometry';
import type { BoardObject, SetOp } from '../model/types';

// Align and distribute a selection by the objects' visible bounds.

export type Alignment = 'left' | 'hcenter' | 'right' | 'top' | 'vcenter' | 'bottom';

function tightBounds(object: BoardObject): Box {
  // worldBounds pads for strokes; alignment reads better on the shapes' geometry.
  const b = worldBounds(object);
  const pad = (object.props.strokeWidth ?? 2) / 2 + 1;
  return object.kind === 'line' || object.kind === 'arrow' ? b : { x: b.x + pad, y: b.y + pad, w: b.w - pad * 2, h: b.h - pad * 2 };
}

export function alignOps(objects: readonly BoardObject[], alignment: Alignment): SetOp[] {
  if (objects.length < 2) return [];
  const boxes = objects.map(tightBounds);
  const left = Math.min(...boxes.map((b) => b.x));
  const right = Math.max(...boxes.map((b) => b.x + b.w));
  const top = Math.min(...boxes.map((b) => b.y));
  const bottom = Math.max(...boxes.map((b) => b.y + b.h));
  return objects.map((o, i) => {
    const b = boxes[i] as Box;
    let dx = 0;
    let dy = 0;
    if (alignment === 'left') dx = left - b.x;
    if (alignment === 'right') dx = right - (b.x + b.w);
    if (alignment === 'hcenter') dx = (left + right) / 2 - (b.x + b.w / 2);
    if (alignment === 'top') dy = top - b.y;
    if (alignment === 'bottom') dy = bottom - (b.y + b.h);
    if (alignment === 'vcenter') dy = (top + bottom) / 2 - (b.y + b.h / 2);
    return { op: 'set', id: o.id, props: { x: o.props.x + dx, y: o.props.y + dy } };
  });
}

/** Equal gaps between neighbours along an axis; the outermost objects stay. */
export function distributeOps(objects: readonly BoardObject[], axis: 'horizontal' | 'vertical'): SetOp[] {
  if (objects.length < 3) return [];
  const items = objects.map((o) => ({ o, b: tightBounds(o) }));
  const start = (b: Box) => (axis === 'horizontal' ? b.x : b.y);
  const size = (b: Box) => (axis === 'horizontal' ? b.w : b.h);
  items.sort((a, b) => start(a.b) - start(b.b));
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const span = start(last.b) + size(last.b) - start(first.b);
  const occupied = items.reduce((sum, item) => sum + size(item.b), 0);
  const gap = (span - occupied) / (items.length - 1);
  let cursor = start(first.b);
  const ops: SetOp[] = [];
  for (const { o, b } of items) {
    const delta = cursor - start(b);
    cursor += size(b) + gap;
    if (Math.abs(delta) < 1e-9) continue;
    ops.push({ op: 'set', id: o.id, props: axis === 'horizontal' ? { x: o.props.x + delta } : { y: o.props.y + delta } });
  }
  return ops;
}
