import type { Editor } from '../editor/editor';
import { useEditorUpdate } from './use-editor';

export function Toasts({ editor }: { editor: Editor }) {
  useEditorUpdate(editor, ['toast']);
  return (
    <div class="toasts" aria-live="polite">
      {editor.toasts.map((toast) => (
        <div key={toast.id} class={`toast ${toast.tone}`} data-testid="toast">
          {toast.text}
        </div>
      ))}
    </div>
  );
}
