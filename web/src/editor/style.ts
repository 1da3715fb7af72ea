import { allows } from '../model/kinds';
import { FONT_STACKS, INK, STICKY_YELLOW } from '../model/defaults';
import type { BoardObject, Kind, PropName, Props, SetOp } from '../model/types';

// The style the next object is drawn with, and applying a style change to a selection.
// Text colour is the `fill` of text objects, so it is kept apart from shapes' fill.

export interface StyleDefaults {
  fill: string;
  stroke: string;
  strokeWidth: number;
  opacity: number;
  cornerRadius: number;
  fontSize: number;
  fontFamily: string;
  textAlign: 'left' | 'center' | 'right';
  textColour: string;
  stickyFill: string;
}

export const INITIAL_STYLE: StyleDefaults = {
  fill: 'transparent',
  stroke: INK,
  strokeWidth: 2,
  opacity: 1,
  cornerRadius: 0,
  fontSize: 24,
  fontFamily: FONT_STACKS.sans,
  textAlign: 'left',
  textColour: INK,
  stickyFill: STICKY_YELLOW,
};

export type StyleProp = 'fill' | 'stroke' | 'strokeWidth' | 'opacity' | 'cornerRadius' | 'fontSize' | 'fontFamily' | 'textAlign' | 'textColour' | 'startArrow' | 'endArrow';

/** Which property of which kinds a style control writes. */
export function targetProp(kind: Kind, style: StyleProp): PropName | null {
  if (style === 'textColour') return kind === 'text' ? 'fill' : null;
  if (style === 'fill') return kind === 'text' ? null : allows(kind, 'fill') ? 'fill' : null;
  return allows(kind, style) ? style : null;
}

export function styleOps(objects: readonly BoardObject[], style: StyleProp, value: unknown): SetOp[] {
  const ops: SetOp[] = [];
  for (const object of objects) {
    if (object.props.locked) continue;
    const prop = targetProp(object.kind, style);
    if (!prop) continue;
    ops.push({ op: 'set', id: object.id, props: { [prop]: value } as SetOp['props'] });
  }
  return ops;
}

/** The properties a new object of `kind` starts with, from the current style. */
export function initialStyleProps(kind: Kind, style: StyleDefaults): Partial<Props> {
  switch (kind) {
    case 'text':
      return { fill: style.textColour, fontSize: style.fontSize, fontFamily: style.fontFamily, textAlign: style.textAlign };
    case 'sticky':
      return { fill: style.stickyFill, fontSize: 20, fontFamily: style.fontFamily };
    case 'image':
      return style.opacity < 1 ? { opacity: style.opacity } : {};
    case 'frame':
      return { name: 'Frame' };
    case 'line':
    case 'arrow':
    case 'path':
      return { stroke: style.stroke, strokeWidth: style.strokeWidth, ...(style.opacity < 1 ? { opacity: style.opacity } : {}) };
    default: {
      const props: Partial<Props> = { fill: style.fill, stroke: style.stroke, strokeWidth: style.strokeWidth };
      if (kind === 'rect' && style.cornerRadius > 0) props.cornerRadius = style.cornerRadius;
      if (style.opacity < 1) props.opacity = style.opacity;
      return props;
    }
  }
}
