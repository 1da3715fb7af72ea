import type { Vec } from '../../model/geometry';

export type ToolId =
  | 'select'
  | 'hand'
  | 'rect'
  | 'ellipse'
  | 'triangle'
  | 'star'
  | 'line'
  | 'arrow'
  | 'pen'
  | 'text'
  | 'sticky'
  | 'frame'
  | 'eraser';

/** A pointer event as the editor sees it, already in both coordinate systems. */
export interface PointerInput {
  screen: Vec;
  world: Vec;
  button: number;
  shift: boolean;
  alt: boolean;
  mod: boolean;
  /** 2 for the second press of a double click. */
  clicks: number;
  pointerType: string;
}

export interface Tool {
  readonly id: ToolId;
  cursor(input: PointerInput | null): string;
  down(input: PointerInput): void;
  move(input: PointerInput): void;
  up(input: PointerInput): void;
  /** Abandons what the tool was doing (Escape, tool switch, lost pointer). */
  cancel(): void;
}
