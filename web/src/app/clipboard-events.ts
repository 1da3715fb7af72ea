import type { Editor } from '../editor/editor';
import { insertImageFiles } from './image-insert';

// Copy, cut and paste through the system clipboard (so they work between boards and tabs),
// and dropping image files. When the browser does not deliver a paste event for Ctrl+V (no
// clipboard access), the editor's own last copy is pasted instead.

function typingInField(): boolean {
  const el = document.activeElement;
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || (el instanceof HTMLElement && el.isContentEditable);
}

export function bindClipboard(editor: Editor, canvasHost: HTMLElement): () => void {
  let memory = '';
  let pasteSeenAt = 0;
  let cutSeenAt = 0;

  const onCopy = (event: ClipboardEvent, cut: boolean) => {
    if (typingInField() || editor.selection.size === 0) return;
    const text = cut ? editor.cutSelection() : editor.copySelection();
    if (!text) return;
    memory = text;
    event.clipboardData?.setData('text/plain', text);
    event.preventDefault();
  };

  const onPaste = (event: ClipboardEvent) => {
    if (typingInField()) return;
    pasteSeenAt = performance.now();
    const data = event.clipboardData;
    if (!data) return;
    event.preventDefault();
    const files = [...data.files].filter((f) => f.type.startsWith('image/'));
    if (files.length > 0) {
      void insertImageFiles(editor, files, editor.cursorWorld);
      return;
    }
    const text = data.getData('text/plain');
    if (text) editor.paste(text);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const mod = event.ctrlKey || event.metaKey;
    if (!mod || typingInField()) return;
    const key = event.key.toLowerCase();
    if (key === 'c' || key === 'x') {
      // Remember the payload also here: some contexts deliver no copy event.
      const objects = editor.selectedObjects();
      if (objects.length > 0) memory = editor.copySelection() ?? memory;
      if (memory) void navigator.clipboard?.writeText(memory).catch(() => undefined);
      if (key === 'x' && objects.length > 0) {
        const pressedAt = performance.now();
        setTimeout(() => {
          if (cutSeenAt < pressedAt) editor.deleteSelection();
        }, 80);
      }
    }
    if (key === 'v') {
      const pressedAt = performance.now();
      setTimeout(() => {
        if (pasteSeenAt >= pressedAt) return;
        void (async () => {
          let text = '';
          try {
            text = (await navigator.clipboard?.readText()) ?? '';
          } catch {
            text = '';
          }
          if (pasteSeenAt >= pressedAt) return;
          const payload = text || memory;
          if (payload) editor.paste(payload);
        })();
      }, 80);
    }
  };

  const copy = (e: ClipboardEvent) => onCopy(e, false);
  const cut = (e: ClipboardEvent) => {
    cutSeenAt = performance.now();
    onCopy(e, true);
  };
  const dragOver = (e: DragEvent) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  };
  const drop = (e: DragEvent) => {
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length === 0) return;
    e.preventDefault();
    const rect = canvasHost.getBoundingClientRect();
    const { x, y, zoom } = editor.camera;
    const at = { x: x + (e.clientX - rect.left) / zoom, y: y + (e.clientY - rect.top) / zoom };
    void insertImageFiles(editor, files, at);
  };

  document.addEventListener('copy', copy);
  document.addEventListener('cut', cut);
  document.addEventListener('paste', onPaste);
  window.addEventListener('keydown', onKeyDown, true);
  canvasHost.addEventListener('dragover', dragOver);
  canvasHost.addEventListener('drop', drop);
  return () => {
    document.removeEventListener('copy', copy);
    document.removeEventListener('cut', cut);
    document.removeEventListener('paste', onPaste);
    window.removeEventListener('keydown', onKeyDown, true);
    canvasHost.removeEventListener('dragover', dragOver);
    canvasHost.removeEventListener('drop', drop);
  };
}
