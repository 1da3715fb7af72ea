import type { Camera } from '../editor/camera';

// Small things remembered in localStorage: per board, where it was last viewed.

function cameraKey(boardId: string): string {
  return `collabcanvas:camera:${boardId}`;
}

export function loadCamera(boardId: string): Camera | null {
  try {
    const raw = JSON.parse(localStorage.getItem(cameraKey(boardId)) ?? 'null') as Camera | null;
    if (raw && [raw.x, raw.y, raw.zoom].every((n) => typeof n === 'number' && Number.isFinite(n)) && raw.zoom > 0) return raw;
  } catch {
    // Fall through to the default view.
  }
  return null;
}

export function saveCamera(boardId: string, camera: Camera): void {
  try {
    localStorage.setItem(cameraKey(boardId), JSON.stringify(camera));
  } catch {
    // Not remembering the view is harmless.
  }
}
