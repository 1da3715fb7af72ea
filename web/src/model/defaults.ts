import type { Kind, Props } from './types';

// What an absent property means when drawing. The server stores only what was sent, so the
// defaults live here, in one place, for the renderer, the style panel and the tools.

export const FONT_STACKS = {
  sans: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  serif: 'Georgia, "Times New Roman", serif',
  mono: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
  hand: '"Comic Sans MS", "Segoe Print", "Bradley Hand", cursive',
} as const;

export const DEFAULT_FONT = FONT_STACKS.sans;
export const INK = '#1e1e1e';
export const STICKY_YELLOW = '#fff3a3';

const clearColours = new Map<string, boolean>();
/** Beyond this many colours seen, the memo starts over (a board rarely has more). */
const CLEAR_MEMO_LIMIT = 4096;

/**
 * Whether a colour draws nothing: 'transparent' or a zero alpha. Remembered per colour: a
 * zoomed-out board asks it of every object in view, every frame.
 */
export function isClear(colour: string): boolean {
  let clear = clearColours.get(colour);
  if (clear === undefined) {
    clear = colour === 'transparent' || /^#([0-9a-f]{3}0|[0-9a-f]{6}00)$/i.test(colour);
    if (clearColours.size >= CLEAR_MEMO_LIMIT) clearColours.clear();
    clearColours.set(colour, clear);
  }
  return clear;
}

export function fillOf(kind: Kind, props: Readonly<Props>): string {
  if (props.fill !== undefined) return props.fill;
  if (kind === 'sticky') return STICKY_YELLOW;
  if (kind === 'text') return INK;
  if (kind === 'frame') return '#ffffff';
  return 'transparent';
}

export function strokeOf(kind: Kind, props: Readonly<Props>): string {
  if (props.stroke !== undefined) return props.stroke;
  return kind === 'frame' ? '#c9ccd1' : INK;
}

export function strokeWidthOf(kind: Kind, props: Readonly<Props>): number {
  return props.strokeWidth ?? (kind === 'frame' ? 1 : 2);
}

/** The colour text is drawn in: `fill` for text objects, ink on everything else. */
export function textColourOf(kind: Kind, props: Readonly<Props>): string {
  return kind === 'text' ? fillOf(kind, props) : kind === 'sticky' ? INK : strokeOf(kind, props);
}

export function fontSizeOf(kind: Kind, props: Readonly<Props>): number {
  return props.fontSize ?? (kind === 'sticky' ? 20 : kind === 'text' ? 24 : 18);
}

export function textPaddingOf(kind: Kind): number {
  return kind === 'text' ? 0 : kind === 'sticky' ? 16 : 8;
}

export function verticalAlignOf(kind: Kind, props: Readonly<Props>): 'top' | 'middle' | 'bottom' {
  return props.verticalAlign ?? (kind === 'text' ? 'top' : kind === 'sticky' ? 'top' : 'middle');
}

export function textAlignOf(kind: Kind, props: Readonly<Props>): 'left' | 'center' | 'right' {
  return props.textAlign ?? (kind === 'text' || kind === 'sticky' ? 'left' : 'center');
}

export const LINE_HEIGHT = 1.25;
