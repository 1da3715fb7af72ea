// The document model shared by the sync engine, the editor and the renderer. It mirrors the
// server's model: objects with an id, a kind and properties, changed only by ops.

export const KINDS = [
  'rect',
  'ellipse',
  'triangle',
  'star',
  'line',
  'arrow',
  'path',
  'text',
  'sticky',
  'image',
  'frame',
] as const;

export type Kind = (typeof KINDS)[number];

export type TextAlign = 'left' | 'center' | 'right';
export type VerticalAlign = 'top' | 'middle' | 'bottom';
export type ArrowHead = 'none' | 'arrow' | 'triangle' | 'dot';

/** Every property the server knows. Which ones a kind allows is in kinds.ts. */
export interface Props {
  x: number;
  y: number;
  rotation?: number;
  opacity?: number;
  z?: string;
  parent?: string;
  locked?: boolean;
  w?: number;
  h?: number;
  fill?: string;
  stroke?: string;
  strokeWidth?: number;
  cornerRadius?: number;
  spikes?: number;
  innerRatio?: number;
  text?: string;
  fontSize?: number;
  fontFamily?: string;
  textAlign?: TextAlign;
  verticalAlign?: VerticalAlign;
  points?: number[];
  startArrow?: ArrowHead;
  endArrow?: ArrowHead;
  closed?: boolean;
  src?: string;
  alt?: string;
  name?: string;
}

export type PropName = keyof Props;
export type PropValue = Props[PropName];

/** A partial change: a null value removes an optional property. */
export type PropPatch = { [K in PropName]?: Props[K] | null };

/** Objects are immutable: every change makes a new object, so views can compare by identity. */
export interface BoardObject {
  readonly id: string;
  readonly kind: Kind;
  readonly props: Readonly<Props>;
}

export interface PutOp {
  op: 'put';
  id: string;
  kind: Kind;
  props: Props;
}

export interface SetOp {
  op: 'set';
  id: string;
  props: PropPatch;
}

export interface DelOp {
  op: 'del';
  id: string;
}

export type Op = PutOp | SetOp | DelOp;
