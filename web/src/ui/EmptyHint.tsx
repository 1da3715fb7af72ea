import type { Editor } from '../editor/editor';
import { useEditorUpdate } from './use-editor';

/** A quiet hint on an empty board, gone with the first object. */
export function EmptyHint({ editor }: { editor: Editor }) {
  useEditorUpdate(editor, ['doc', 'status', 'editing']);
  if (editor.doc.size > 0 || editor.editingId || editor.getConnectionStatus() === 'connecting') return null;
  return (
    <div class="empty-hint" data-testid="empty-hint">
      <p class="empty-title">This board is empty</p>
      <p>Pick a tool above (R, O, P, T, S…), double-click to write, or paste and drop images.</p>
      <p>Share the link and draw together.</p>
    </div>
  );
}
