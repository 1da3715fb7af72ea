import type { Camera } from '../editor/camera';

// Small things remembered in localStorage: the user's name and, per board, where it was
// last viewed.

const NAME_KEY = 'collabcanvas:name';

export function loadName(): string | null {
  const fromUrl = new URLSearchParams(location.search).get('name');
  if (fromUrl) {
    saveName(fromUrl);
    return fromUrl.slice(0, 64);
  }
  try {
    return localStorage.getItem(NAME_KEY);
  } catch {
    return null;
  }
}

export function saveName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name.slice(0, 64));
  } catch {
    // Private mode: the name is asked again next time.
  }
}

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
