import type { Vec } from '../model/geometry';
import type { Editor } from '../editor/editor';
import { importImage } from './image-import';

/** Imports image files and places them on the board, reporting failures as toasts. */
export async function insertImageFiles(editor: Editor, files: readonly File[], at: Vec | null): Promise<void> {
  let offset = 0;
  for (const file of files) {
    if (!file.type.startsWith('image/')) continue;
    try {
      const image = await importImage(file);
      const point = at ? { x: at.x + offset, y: at.y + offset } : null;
      editor.insertImage(image.src, image.width, image.height, point);
      offset += 24;
    } catch (error) {
      editor.toast(error instanceof Error ? error.message : 'The image could not be added.', 'error');
    }
  }
}

export function pickImageFiles(): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*';
    input.multiple = true;
    input.onchange = () => resolve([...(input.files ?? [])]);
    input.click();
  });
}
