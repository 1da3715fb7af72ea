import type { Editor } from '../editor/editor';
import { useEditorUpdate } from './use-editor';

/** A quiet hint on an empty board, gone with the first object. */
export function EmptyHint({ editor }: { editor: Editor }) {
  useEditorUpdate(editor, ['doc', 'status', 'editing', 'role']);
  if (editor.doc.size > 0 || editor.editingId || editor.getConnectionStatus() === 'connecting') return null;
  if (!editor.canEdit) {
    return (
      <div class="empty-hint" data-testid="empty-hint">
        <p class="empty-title">This board is empty</p>
        <p>You can view this board. What others draw appears here as they draw it.</p>
      </div>
    );
  }
  return (
    <div class="empty-hint" data-testid="empty-hint">
      <p class="empty-title">This board is empty</p>
      <p>Pick a tool above (R, O, P, T, S…), double-click to write, or paste and drop images.</p>
      <p>Share the link and draw together.</p>
    </div>
  );
}
