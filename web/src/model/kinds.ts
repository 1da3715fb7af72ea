import type { Kind, PropName } from './types';

// Which properties each kind allows, as the server's property table says. Sending a property
// a kind does not allow gets the whole batch refused, so the editor filters through this.

const ALL: readonly Kind[] = ['rect', 'ellipse', 'triangle', 'star', 'line', 'arrow', 'path', 'text', 'sticky', 'image', 'frame'];
const POLYLINE: readonly Kind[] = ['line', 'arrow', 'path'];
const BOXED = ALL.filter((k) => !POLYLINE.includes(k));
const FILLED: readonly Kind[] = ['rect', 'ellipse', 'triangle', 'star', 'frame', 'sticky', 'path', 'text'];
const STROKED = ALL.filter((k) => k !== 'text' && k !== 'sticky' && k !== 'image');
const TEXT_BEARING: readonly Kind[] = ['text', 'sticky', 'rect', 'ellipse', 'triangle', 'star'];

const ALLOWED: Record<PropName, readonly Kind[]> = {
  x: ALL,
  y: ALL,
  rotation: ALL,
  opacity: ALL,
  z: ALL,
  parent: ALL,
  locked: ALL,
  w: BOXED,
  h: BOXED,
  fill: FILLED,
  stroke: STROKED,
  strokeWidth: STROKED,
  cornerRadius: ['rect'],
  spikes: ['star'],
  innerRatio: ['star'],
  text: TEXT_BEARING,
  fontSize: TEXT_BEARING,
  fontFamily: TEXT_BEARING,
  textAlign: TEXT_BEARING,
  verticalAlign: TEXT_BEARING,
  points: POLYLINE,
  startArrow: ['line', 'arrow'],
  endArrow: ['line', 'arrow'],
  closed: ['path'],
  src: ['image'],
  alt: ['image'],
  name: ['frame'],
};

export const PROP_NAMES = Object.keys(ALLOWED) as PropName[];

const allowedSets = new Map<PropName, ReadonlySet<Kind>>(
  PROP_NAMES.map((name) => [name, new Set(ALLOWED[name])]),
);

export function isPropName(name: string): name is PropName {
  return allowedSets.has(name as PropName);
}

export function allows(kind: Kind, prop: PropName): boolean {
  return allowedSets.get(prop)?.has(kind) ?? false;
}

export function isPolyline(kind: Kind): boolean {
  return kind === 'line' || kind === 'arrow' || kind === 'path';
}

export function isTextBearing(kind: Kind): boolean {
  return TEXT_BEARING.includes(kind);
}
