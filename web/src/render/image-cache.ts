// Decoded images by data URL. Decoding is asynchronous: the first draw finds nothing and
// asks for a redraw once the image is ready.

const images = new Map<string, HTMLImageElement>();
let onReady: () => void = () => {};

export function setImageReadyListener(listener: () => void): void {
  onReady = listener;
}

export function imageFor(src: string): HTMLImageElement | null {
  let image = images.get(src);
  if (!image) {
    image = new Image();
    image.onload = () => onReady();
    image.src = src;
    images.set(src, image);
  }
  return image.complete && image.naturalWidth > 0 ? image : null;
}
