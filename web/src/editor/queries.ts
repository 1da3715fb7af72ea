import { hitTest, worldBounds, type Box, type Vec } from '../model/geometry';
import type { SceneIndex } from '../model/scene-index';
import type { BoardObject } from '../model/types';

/**
 * The topmost object under a world point. Outlines and filled areas win over the inside of
 * unfilled shapes, so a large empty frame or rectangle does not hide what lies within it.
 */
export function objectAt(index: SceneIndex, world: Vec, tolerance: number): BoardObject | undefined {
  const near = index.query({ x: world.x - tolerance, y: world.y - tolerance, w: tolerance * 2, h: tolerance * 2 });
  let interior: BoardObject | undefined;
  for (let i = near.length - 1; i >= 0; i--) {
    const object = near[i]!;
    const hit = hitTest(object, world, tolerance);
    if (hit === 'solid') return object;
    if (hit === 'interior' && !interior) interior = object;
  }
  return interior;
}

/** Objects whose bounds lie entirely inside a world box. */
export function objectsInside(index: SceneIndex, box: Box): BoardObject[] {
  return index.query(box).filter((o) => {
    const b = worldBounds(o);
    return b.x >= box.x && b.y >= box.y && b.x + b.w <= box.x + box.w && b.y + b.h <= box.y + box.h;
  });
}
