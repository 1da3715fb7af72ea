import { centre, rotate, type Box, type Vec } from './geometry';

// The selection frame's handles: eight for resizing and one for rotating. Positions are in
// world coordinates; their size on screen is constant, so hit testing takes the zoom.

export type HandleId = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w' | 'rotate';

export interface SelectionFrame {
  box: Box;
  rotation: number;
}

export const HANDLE_SCREEN_SIZE = 9;
const ROTATE_OFFSET_SCREEN = 24;

const RELATIVE: Record<Exclude<HandleId, 'rotate'>, [number, number]> = {
  nw: [0, 0],
  n: [0.5, 0],
  ne: [1, 0],
  e: [1, 0.5],
  se: [1, 1],
  s: [0.5, 1],
  sw: [0, 1],
  w: [0, 0.5],
};

export const RESIZE_HANDLES = Object.keys(RELATIVE) as Exclude<HandleId, 'rotate'>[];

export function handlePosition(frame: SelectionFrame, handle: HandleId, zoom: number): Vec {
  const { box, rotation } = frame;
  const c = centre(box);
  if (handle === 'rotate') return rotate({ x: c.x, y: box.y - ROTATE_OFFSET_SCREEN / zoom }, c, rotation);
  const [rx, ry] = RELATIVE[handle];
  return rotate({ x: box.x + box.w * rx, y: box.y + box.h * ry }, c, rotation);
}

/** The handle under a world point, if any. Small frames show only the corner handles. */
export function handleAt(frame: SelectionFrame, point: Vec, zoom: number): HandleId | null {
  const reach = (HANDLE_SCREEN_SIZE / 2 + 4) / zoom;
  for (const handle of ['rotate', ...visibleResizeHandles(frame, zoom)] as const) {
    const p = handlePosition(frame, handle, zoom);
    if (Math.abs(p.x - point.x) <= reach && Math.abs(p.y - point.y) <= reach) return handle;
  }
  return null;
}

export function visibleResizeHandles(frame: SelectionFrame, zoom: number): Exclude<HandleId, 'rotate'>[] {
  const small = Math.min(frame.box.w, frame.box.h) * zoom < 40;
  return small ? ['nw', 'ne', 'se', 'sw'] : RESIZE_HANDLES;
}

export function cursorFor(handle: HandleId, rotation: number): string {
  if (handle === 'rotate') return 'grab';
  const angles: Record<Exclude<HandleId, 'rotate'>, number> = { e: 0, se: 45, s: 90, sw: 135, w: 180, nw: 225, n: 270, ne: 315 };
  const deg = (((angles[handle] + (rotation * 180) / Math.PI) % 180) + 180) % 180;
  const names = ['ew-resize', 'nwse-resize', 'ns-resize', 'nesw-resize'];
  return names[Math.round(deg / 45) % 4] ?? 'default';
}
