import type { Editor } from './editor';
import type { ToolId } from './tools/tool';

// How the editor follows the user's role on the board. A demotion to viewer stops every
// editing gesture at once (a viewer keeps looking, with the select and hand tools), and a
// change while the board is open is told in a toast; so are changes the server refused
// because we can only view, gathered into one message.

/** The tools that change nothing: all a viewer has. */
export const VIEWING_TOOLS: ReadonlySet<ToolId> = new Set<ToolId>(['select', 'hand']);
/** How long refusals are gathered into one message. */
const DISCARD_TOAST_DELAY_MS = 300;

export function followRole(editor: Editor): void {
  const engine = editor.engine;
  // Whether we could edit when the role was last known (null: not known yet).
  let wasEditor: boolean | null = engine.role === null ? null : engine.canEdit;
  let discarded = 0;
  let discardTimer: ReturnType<typeof setTimeout> | null = null;

  engine.onRole(() => {
    const canEdit = engine.canEdit;
    if (!canEdit) {
      editor.tools[editor.toolId].cancel();
      if (editor.editingId) {
        editor.editingId = null;
        editor.history.end();
        editor.emit('editing');
      }
      if (!VIEWING_TOOLS.has(editor.toolId)) editor.setTool('select');
      editor.hoverId = null;
    }
    // Toasts only for changes while the board is open, not for learning the role at first.
    if (wasEditor !== null && wasEditor !== canEdit) {
      editor.toast(canEdit ? 'You can edit this board now.' : 'Your role changed to viewer: you can look, but no longer edit.', canEdit ? 'info' : 'error');
    }
    if (engine.role !== null) wasEditor = canEdit;
    editor.emit('role');
    editor.emit('tool');
    editor.emit('overlay');
  });

  engine.onDiscard((count) => {
    discarded += count;
    if (discardTimer !== null) return;
    discardTimer = setTimeout(() => {
      discardTimer = null;
      const n = discarded;
      discarded = 0;
      if (n > 0) editor.toast(`${n === 1 ? 'A change' : `${n} changes`} you made could not be saved: you can only view this board.`, 'error');
    }, DISCARD_TOAST_DELAY_MS);
  });
}
