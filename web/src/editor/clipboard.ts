import { unionBoxes, worldBounds, centre, type Vec } from '../model/geometry';
import { compareOrder } from '../model/order';
import { isValidId, parseObject } from '../model/validate';
import type { BoardObject, PutOp } from '../model/types';
import { randomId } from './ids';

// The clipboard payload is JSON in the system clipboard's text, so copy and paste work
// between boards, tabs and browsers. Pasted objects get new ids and land on top.

const MARKER = 'collabcanvas/objects';

interface Payload {
  type: typeof MARKER;
  objects: BoardObject[];
}

export function serialiseClipboard(objects: readonly BoardObject[]): string {
  const sorted = [...objects].sort(compareOrder);
  const payload: Payload = { type: MARKER, objects: sorted.map((o) => ({ id: o.id, kind: o.kind, props: o.props })) };
  return JSON.stringify(payload);
}

/** The objects of a clipboard text, or null when it is not ours (or not valid). */
export function parseClipboard(text: string): BoardObject[] | null {
  if (!text.includes(MARKER)) return null;
  try {
    const raw = JSON.parse(text) as { type?: unknown; objects?: unknown };
    if (raw.type !== MARKER || !Array.isArray(raw.objects)) return null;
    return raw.objects.map(parseObject);
  } catch {
    return null;
  }
}

/**
 * Puts for pasting `objects` with their centre at `at` (or offset from where they were),
 * fresh ids, and the given z keys. Parent links inside the pasted set are kept.
 */
export function pasteOps(objects: readonly BoardObject[], zKeys: readonly string[], at: Vec | null, offset: number): PutOp[] {
  const bounds = unionBoxes(objects.map(worldBounds));
  if (!bounds) return [];
  const c = centre(bounds);
  const dx = at ? at.x - c.x : offset;
  const dy = at ? at.y - c.y : offset;
  const ids = new Map(objects.map((o) => [o.id, randomId()]));
  return objects.map((o, i) => {
    const props = { ...o.props, x: o.props.x + dx, y: o.props.y + dy, z: zKeys[i] ?? o.props.z };
    if (props.parent !== undefined) {
      const parent = ids.get(props.parent);
      if (parent && isValidId(parent)) props.parent = parent;
      else delete props.parent;
    }
    delete props.locked;
    return { op: 'put', id: ids.get(o.id) ?? randomId(), kind: o.kind, props };
  });
}
