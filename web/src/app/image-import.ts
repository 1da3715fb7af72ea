// Turns a dropped or pasted image file into a data URL that fits the server's string limit
// (64 KiB by default): the original when it fits, else re-encoded and scaled down until it
// does. Gives up with a message rather than sending something the server would refuse.

export const MAX_SRC_BYTES = 65_536;

export interface ImportedImage {
  src: string;
  width: number;
  height: number;
}

export class ImageTooLargeError extends Error {}

function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('This file is not an image the browser can read.'));
    image.src = src;
  });
}

export async function importImage(file: Blob, maxBytes = MAX_SRC_BYTES): Promise<ImportedImage> {
  const original = await readAsDataUrl(file);
  const image = await loadImage(original);
  const width = image.naturalWidth || 1;
  const height = image.naturalHeight || 1;
  if (original.length <= maxBytes && original.startsWith('data:image/')) return { src: original, width, height };

  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot re-encode images.');
  const sizes = [2048, 1600, 1280, 1024, 800, 640, 512, 400, 320, 256, 192, 128, 96, 64];
  const attempts: [string, number][] = [
    ['image/webp', 0.85],
    ['image/webp', 0.7],
    ['image/jpeg', 0.7],
    ['image/webp', 0.5],
    ['image/jpeg', 0.5],
  ];
  for (const size of sizes) {
    const scale = Math.min(1, size / Math.max(width, height));
    if (scale === 1 && size < Math.max(width, height)) continue;
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    for (const [type, quality] of attempts) {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      if (type === 'image/jpeg') {
        // JPEG has no transparency: give it a white page.
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
      }
      ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
      const src = canvas.toDataURL(type, quality);
      if (src.startsWith(`data:${type}`) && src.length <= maxBytes) return { src, width, height };
    }
  }
  throw new ImageTooLargeError(`This image cannot be made small enough for the board (limit ${Math.round(maxBytes / 1024)} KiB).`);
}
