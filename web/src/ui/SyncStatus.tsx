import type { Editor } from '../editor/editor';
import { useEditorUpdate } from './use-editor';

/**
 * The connection status and what waits for the server. A component of its own: the pending
 * count changes twice a frame while dragging (a batch sent, then acknowledged), and only
 * this needs drawing again then, not the whole header.
 */
export function SyncStatus({ editor }: { editor: Editor }) {
  useEditorUpdate(editor, ['status']);
  const status = editor.getConnectionStatus();
  const pending = editor.getPendingCount();
  return (
    <>
      <span class={`status status-${status}`} data-testid="connection-status" data-status={status} data-pending={pending} title={pending > 0 ? `${pending} change(s) not yet saved` : 'All changes saved'}>
        <span class="status-dot" />
        {status}
      </span>
      {pending > 0 && (
        <span class="pending" data-testid="pending-indicator" title="Changes waiting for the server">
          {status === 'connected' ? 'saving…' : `${pending} unsaved`}
        </span>
      )}
    </>
  );
}
