import type { Editor } from '../editor/editor';
import { Icon } from './icons';
import { useEditorUpdate } from './use-editor';

export function ViewControls({ editor, minimapOpen, onToggleMinimap }: { editor: Editor; minimapOpen: boolean; onToggleMinimap: () => void }) {
  useEditorUpdate(editor, ['camera', 'view', 'doc', 'role']);
  const zoom = Math.round(editor.camera.zoom * 100);
  return (
    <div class="view-controls">
      {editor.canEdit && (
        <div class="control-group">
          <button type="button" class="icon-button" data-testid="undo" title="Undo — Ctrl+Z" onClick={() => editor.undo()} disabled={!editor.history.canUndo}>
            <Icon name="undo" size={18} />
          </button>
          <button type="button" class="icon-button" data-testid="redo" title="Redo — Ctrl+Shift+Z" onClick={() => editor.redo()} disabled={!editor.history.canRedo}>
            <Icon name="redo" size={18} />
          </button>
        </div>
      )}
      <div class="control-group">
        <button type="button" class="icon-button" data-testid="zoom-out" title="Zoom out — −" onClick={() => editor.zoomBy(-1)}>
          <Icon name="minus" size={18} />
        </button>
        <button type="button" class="zoom-value" data-testid="zoom-level" title="Reset to 100% — Shift+0" onClick={() => editor.zoomTo(1)}>
          {zoom}%
        </button>
        <button type="button" class="icon-button" data-testid="zoom-in" title="Zoom in — +" onClick={() => editor.zoomBy(1)}>
          <Icon name="plus" size={18} />
        </button>
        <button type="button" class="icon-button" data-testid="zoom-fit" title="Zoom to fit — Shift+1" onClick={() => editor.zoomToFit()}>
          <Icon name="fit" size={18} />
        </button>
      </div>
      <div class="control-group">
        <button type="button" class={`icon-button${editor.grid ? ' active' : ''}`} data-testid="toggle-grid" aria-pressed={editor.grid} title="Grid — Ctrl+'" onClick={() => editor.toggleGrid()}>
          <Icon name="grid" size={18} />
        </button>
        <button type="button" class={`icon-button${editor.snapToGrid ? ' active' : ''}`} data-testid="toggle-snap" aria-pressed={editor.snapToGrid} disabled={!editor.grid} title="Snap to grid (when the grid is shown)" onClick={() => editor.setSnapToGrid(!editor.snapToGrid)}>
          <Icon name="magnet" size={18} />
        </button>
        <button type="button" class={`icon-button${minimapOpen ? ' active' : ''}`} data-testid="toggle-minimap" aria-pressed={minimapOpen} title="Minimap" onClick={onToggleMinimap}>
          <Icon name="map" size={18} />
        </button>
      </div>
    </div>
  );
}
