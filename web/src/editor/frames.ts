import { centre, localBox } from '../model/geometry';
import type { SceneIndex } from '../model/scene-index';
import type { BoardObject, SetOp } from '../model/types';

// Frames hold objects through the objects' `parent` property: an object belongs to the
// topmost frame that contains its centre. Moving a frame moves what sits in it.

export function childrenOf(index: SceneIndex, frameIds: ReadonlySet<string>): BoardObject[] {
  if (frameIds.size === 0) return [];
  return index.ordered().filter((o) => o.props.parent !== undefined && frameIds.has(o.props.parent) && !frameIds.has(o.id));
}

/** Sets of `parent` for the objects whose containing frame is not the one they name. */
export function reparentOps(index: SceneIndex, ids: Iterable<string>): SetOp[] {
  const ops: SetOp[] = [];
  for (const id of ids) {
    const object = index.get(id);
    if (!object || object.kind === 'frame' || object.props.locked) continue;
    const c = centre(localBox(object));
    const frames = index.query({ x: c.x, y: c.y, w: 0, h: 0 }).filter((o) => o.kind === 'frame' && o.id !== id);
    const frame = frames.reverse().find((f) => {
      const b = localBox(f);
      return c.x >= b.x && c.x <= b.x + b.w && c.y >= b.y && c.y <= b.y + b.h;
    });
    const parent = frame?.id;
    if (parent !== object.props.parent) ops.push({ op: 'set', id, props: { parent: parent ?? null } });
  }
  return ops;
}
