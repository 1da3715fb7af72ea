import { useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Board } from '../../api/types';

/** The board's name and description; editors and owners may change them. */
export function DetailsSection({ api, board, onSaved }: { api: Api; board: Board; onSaved: (board: Board) => void }) {
  const [name, setName] = useState(board.name);
  const [description, setDescription] = useState(board.description);
  const [status, setStatus] = useState<{ error: string } | 'saved' | 'saving' | null>(null);
  const canEdit = board.role === 'editor' || board.role === 'owner';
  const changed = name.trim() !== board.name || description.trim() !== board.description;

  const save = async (event: Event) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || [...trimmed].length > 100) return setStatus({ error: 'The name must be 1 to 100 characters.' });
    if ([...description].length > 1000) return setStatus({ error: 'The description is at most 1,000 characters.' });
    setStatus('saving');
    const patch: { name?: string; description?: string } = {};
    if (trimmed !== board.name) patch.name = trimmed;
    if (description.trim() !== board.description) patch.description = description.trim();
    const result = await api.boards.update(board.id, patch);
    if (!result.ok) return setStatus({ error: result.error.message });
    setStatus('saved');
    onSaved(result.value);
  };

  return (
    <section class="settings-section" data-testid="settings-details">
      <h2>Board</h2>
      <form class="dialog-form" onSubmit={(event) => void save(event)} noValidate>
        <label class="field">
          <span>Name</span>
          <input data-testid="settings-name" maxLength={100} value={name} disabled={!canEdit} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span>Description</span>
          <textarea data-testid="settings-description" maxLength={1000} rows={3} value={description} disabled={!canEdit} onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)} />
        </label>
        {typeof status === 'object' && status && (
          <p class="form-error" role="alert" data-testid="settings-details-error">
            {status.error}
          </p>
        )}
        {canEdit ? (
          <div class="row">
            <button type="submit" class="primary" data-testid="settings-save" disabled={!changed || status === 'saving'}>
              Save
            </button>
            {status === 'saved' && !changed && (
              <span class="saved" data-testid="settings-saved" role="status">
                Saved
              </span>
            )}
          </div>
        ) : (
          <p class="page-note">Viewers cannot change the name or description.</p>
        )}
      </form>
    </section>
  );
}
