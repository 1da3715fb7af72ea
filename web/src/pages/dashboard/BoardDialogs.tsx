import { useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Board } from '../../api/types';
import { Modal } from '../Dialog';

// Creating and renaming a board: the name (1–100 characters) and an optional description.

function checkName(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Give the board a name.';
  if ([...trimmed].length > 100) return 'Names are at most 100 characters.';
  return null;
}

export function CreateBoardDialog({ api, onCreated, onClose }: { api: Api; onCreated: (board: Board) => void; onClose: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const invalid = checkName(name) ?? ([...description].length > 1000 ? 'Descriptions are at most 1,000 characters.' : null);
    if (invalid) return setError(invalid);
    setBusy(true);
    const result = await api.boards.create({ name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    onCreated(result.value);
  };
  return (
    <Modal title="New board" testid="create-board-dialog" onClose={onClose}>
      <form class="dialog-form" onSubmit={(event) => void submit(event)} noValidate>
        <label class="field">
          <span>Name</span>
          <input autoFocus data-testid="create-board-name" maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span>Description (optional)</span>
          <textarea data-testid="create-board-description" maxLength={1000} rows={3} value={description} onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)} />
        </label>
        {error && (
          <p class="form-error" role="alert" data-testid="create-board-error">
            {error}
          </p>
        )}
        <div class="modal-actions">
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy} data-testid="create-board-submit">
            Create board
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function RenameBoardDialog({ api, board, onRenamed, onClose }: { api: Api; board: Board; onRenamed: (board: Board) => void; onClose: () => void }) {
  const [name, setName] = useState(board.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const invalid = checkName(name);
    if (invalid) return setError(invalid);
    setBusy(true);
    const result = await api.boards.update(board.id, { name: name.trim() });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    onRenamed(result.value);
  };
  return (
    <Modal title="Rename board" testid="rename-board-dialog" onClose={onClose}>
      <form class="dialog-form" onSubmit={(event) => void submit(event)} noValidate>
        <label class="field">
          <span>Name</span>
          <input autoFocus data-testid="rename-board-name" maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        {error && (
          <p class="form-error" role="alert" data-testid="rename-board-error">
            {error}
          </p>
        )}
        <div class="modal-actions">
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy} data-testid="rename-board-submit">
            Rename
          </button>
        </div>
      </form>
    </Modal>
  );
}
