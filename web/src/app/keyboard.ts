import type { Editor } from '../editor/editor';
import type { ToolId } from '../editor/tools/tool';

// Keyboard shortcuts. Keys typed into a field (the text editor, the name box) are left alone.

const TOOL_KEYS: Record<string, ToolId> = {
  v: 'select',
  h: 'hand',
  r: 'rect',
  o: 'ellipse',
  t: 'text',
  s: 'sticky',
  p: 'pen',
  l: 'line',
  a: 'arrow',
  f: 'frame',
  e: 'eraser',
};

function typingInField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target instanceof HTMLElement && target.isContentEditable);
}

export function bindKeyboard(editor: Editor): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (typingInField(event.target) || editor.editingId) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    const handled = handle(editor, event, mod, key);
    if (handled) event.preventDefault();
  };
  const onKeyUp = (event: KeyboardEvent) => {
    if (event.code === 'Space' && editor.spaceHeld) {
      editor.spaceHeld = false;
      editor.emit('tool');
    }
  };
  const onBlur = () => {
    editor.spaceHeld = false;
  };
  window.addEventListener('keydown', onKeyDown);
  window.addEventListener('keyup', onKeyUp);
  window.addEventListener('blur', onBlur);
  return () => {
    window.removeEventListener('keydown', onKeyDown);
    window.removeEventListener('keyup', onKeyUp);
    window.removeEventListener('blur', onBlur);
  };
}

function handle(editor: Editor, event: KeyboardEvent, mod: boolean, key: string): boolean {
  if (event.code === 'Space') {
    if (!editor.spaceHeld) {
      editor.spaceHeld = true;
      editor.emit('tool');
    }
    return true;
  }
  if (mod) {
    if (key === 'z' && event.shiftKey) return editor.redo(), true;
    if (key === 'z') return editor.undo(), true;
    if (key === 'y') return editor.redo(), true;
    if (key === 'd') return editor.duplicateSelection(), true;
    if (key === 'a') return editor.selectAll(), true;
    if (event.code === 'BracketRight') return editor.reorder(event.shiftKey ? 'front' : 'forward'), true;
    if (event.code === 'BracketLeft') return editor.reorder(event.shiftKey ? 'back' : 'backward'), true;
    if (event.code === 'Quote') return editor.toggleGrid(), true;
    if (key === '=' || key === '+') return editor.zoomBy(1), true;
    if (key === '-') return editor.zoomBy(-1), true;
    if (key === '0') return editor.zoomTo(1), true;
    if (key === 'l' && event.shiftKey) {
      const locked = editor.selectedObjects().every((o) => o.props.locked);
      return editor.setLocked(!locked), true;
    }
    return false;
  }
  if (event.altKey) return false;
  if (event.shiftKey) {
    if (event.code === 'Digit1') return editor.zoomToFit(), true;
    if (event.code === 'Digit0') return editor.zoomTo(1), true;
    if (event.code === 'Digit2') return editor.zoomToSelection(), true;
  }
  switch (event.key) {
    case 'Escape':
      if (editor.toolId !== 'select') editor.setTool('select');
      else {
        editor.tools.select.cancel();
        editor.select([]);
      }
      return true;
    case 'Delete':
    case 'Backspace':
      editor.deleteSelection();
      return true;
    case 'ArrowLeft':
      return editor.nudge(-1, 0, event.shiftKey), true;
    case 'ArrowRight':
      return editor.nudge(1, 0, event.shiftKey), true;
    case 'ArrowUp':
      return editor.nudge(0, -1, event.shiftKey), true;
    case 'ArrowDown':
      return editor.nudge(0, 1, event.shiftKey), true;
    case 'Enter': {
      const [only] = editor.selectedObjects();
      if (editor.selection.size === 1 && only) {
        editor.startEditing(only.id);
        return true;
      }
      return false;
    }
    case '+':
    case '=':
      return editor.zoomBy(1), true;
    case '-':
    case '_':
      return editor.zoomBy(-1), true;
  }
  const tool = TOOL_KEYS[key];
  if (tool && !event.shiftKey) {
    editor.setTool(tool);
    return true;
  }
  return false;
}
