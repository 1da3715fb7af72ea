import { fillOf, isClear, strokeOf } from '../model/defaults';
import { worldBounds } from '../model/geometry';
import type { BoardObject } from '../model/types';
import { drawObject } from './draw-shape';

// Draws objects bottom to top. Objects only a few pixels big on screen are drawn as plain
// boxes, batched per colour into one path, so a zoomed-out board of thousands of objects
// costs a handful of fill calls; any detailed object in between flushes the batch first, so
// stacking order stays right.

const TINY_PX = 8;

function tinyColour(object: BoardObject): string {
  if (object.kind === 'image') return '#b8bcc4';
  if (object.kind === 'text') return '#c4c8cf';
  const fill = fillOf(object.kind, object.props);
  if (!isClear(fill)) return fill;
  return strokeOf(object.kind, object.props);
}

export function drawObjects(ctx: CanvasRenderingContext2D, objects: readonly BoardObject[], zoom: number, editingId: string | null): void {
  const batches = new Map<string, number[]>();
  let pending = 0;
  const flush = () => {
    if (pending === 0) return;
    for (const [colour, rects] of batches) {
      ctx.fillStyle = colour;
      ctx.beginPath();
      for (let i = 0; i < rects.length; i += 4) ctx.rect(rects[i]!, rects[i + 1]!, rects[i + 2]!, rects[i + 3]!);
      ctx.fill();
    }
    batches.clear();
    pending = 0;
  };
  const minWorld = 1 / zoom;
  const options = { scale: zoom, hideText: false };
  for (const object of objects) {
    const p = object.props;
    const size = p.w !== undefined && p.h !== undefined && !p.rotation ? Math.max(p.w, p.h) : -1;
    if (size >= 0 && size * zoom < TINY_PX && object.kind !== 'frame') {
      if ((p.opacity ?? 1) <= 0) continue;
      const colour = tinyColour(object);
      let rects = batches.get(colour);
      if (!rects) batches.set(colour, (rects = []));
      rects.push(p.x, p.y, Math.max(p.w ?? 0, minWorld), Math.max(p.h ?? 0, minWorld));
      pending++;
      continue;
    }
    if (size < 0) {
      // Lines, paths and rotated shapes: measure their bounds to see how big they are.
      const b = worldBounds(object);
      if (Math.max(b.w, b.h) * zoom < TINY_PX / 2) {
        const colour = tinyColour(object);
        let rects = batches.get(colour);
        if (!rects) batches.set(colour, (rects = []));
        rects.push(b.x, b.y, Math.max(b.w, minWorld), Math.max(b.h, minWorld));
        pending++;
        continue;
      }
    }
    flush();
    options.hideText = object.id === editingId;
    drawObject(ctx, object, options);
  }
  flush();
}
