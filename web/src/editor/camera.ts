import type { Box, Vec } from '../model/geometry';

// The view onto the board: (x, y) is the world point at the viewport's top-left corner and
// zoom the number of screen pixels per world unit.

export interface Camera {
  x: number;
  y: number;
  zoom: number;
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 8;

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

export function screenToWorld(camera: Camera, point: Vec): Vec {
  return { x: camera.x + point.x / camera.zoom, y: camera.y + point.y / camera.zoom };
}

export function worldToScreen(camera: Camera, point: Vec): Vec {
  return { x: (point.x - camera.x) * camera.zoom, y: (point.y - camera.y) * camera.zoom };
}

/** The zoom changes while the world point under `screenPoint` stays under it. */
export function zoomAt(camera: Camera, screenPoint: Vec, zoom: number): Camera {
  const next = clampZoom(zoom);
  const world = screenToWorld(camera, screenPoint);
  return { x: world.x - screenPoint.x / next, y: world.y - screenPoint.y / next, zoom: next };
}

export function visibleWorld(camera: Camera, width: number, height: number): Box {
  return { x: camera.x, y: camera.y, w: width / camera.zoom, h: height / camera.zoom };
}

/** A camera that shows `box` with a margin, centred, no closer than `maxZoom`. */
export function fitBox(box: Box, width: number, height: number, maxZoom = 1): Camera {
  const margin = 64;
  const zoom = clampZoom(Math.min((width - margin * 2) / Math.max(box.w, 1), (height - margin * 2) / Math.max(box.h, 1), maxZoom));
  return { x: box.x + box.w / 2 - width / 2 / zoom, y: box.y + box.h / 2 - height / 2 / zoom, zoom };
}

/** Zoom steps for + and -: a pleasant geometric ladder. */
export function stepZoom(zoom: number, direction: 1 | -1): number {
  const steps = [0.02, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4, 6, 8];
  if (direction > 0) return steps.find((s) => s > zoom + 1e-6) ?? MAX_ZOOM;
  return [...steps].reverse().find((s) => s < zoom - 1e-6) ?? MIN_ZOOM;
}
