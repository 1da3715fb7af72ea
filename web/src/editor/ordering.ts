import { keyBetween, keysBetween } from '../model/order';
import type { SceneIndex } from '../model/scene-index';
import type { BoardObject, SetOp } from '../model/types';

// Bring forward / send backward / to front / to back, as new fractional "z" keys for the
// moved objects only. Their relative order is kept.

export type OrderMove = 'forward' | 'backward' | 'front' | 'back';

export function reorderOps(index: SceneIndex, selected: readonly BoardObject[], move: OrderMove): SetOp[] {
  if (selected.length === 0) return [];
  const ids = new Set(selected.map((o) => o.id));
  const all = index.ordered();
  const moving = all.filter((o) => ids.has(o.id));
  const rest = all.filter((o) => !ids.has(o.id));
  let below: BoardObject | undefined;
  let above: BoardObject | undefined;
  switch (move) {
    case 'front':
      below = rest[rest.length - 1];
      break;
    case 'back':
      above = rest[0];
      break;
    case 'forward': {
      // Just above the first other object that sits above the topmost selected one.
      const topRank = Math.max(...moving.map((o) => index.rankOf(o.id)));
      const next = rest.findIndex((o) => index.rankOf(o.id) > topRank);
      if (next < 0) return [];
      below = rest[next];
      above = rest[next + 1];
      break;
    }
    case 'backward': {
      const bottomRank = Math.min(...moving.map((o) => index.rankOf(o.id)));
      let previous = -1;
      rest.forEach((o, i) => {
        if (index.rankOf(o.id) < bottomRank) previous = i;
      });
      if (previous < 0) return [];
      above = rest[previous];
      below = rest[previous - 1];
      break;
    }
  }
  const keys = keysBetween(below?.props.z, above?.props.z, moving.length);
  return moving.map((o, i) => ({ op: 'set', id: o.id, props: { z: keys[i] ?? keyBetween(below?.props.z, above?.props.z) } }));
}

/** Keys for `count` new objects on top of everything. */
export function topKeys(index: SceneIndex, count: number): string[] {
  return keysBetween(index.top()?.props.z, null, count);
}
