import { useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Result } from '../../api/http';
import type { Board } from '../../api/types';
import { Modal } from '../Dialog';

// Creating and renaming a board: the name (1–100 characters) and an optional description.

function checkName(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Give the board a name.';
  if ([...trimmed].length > 100) return 'Names are at most 100 characters.';
  return null;
}

// What both dialogs share: the submit that shows the server's refusal, and the form's foot.
function useBoardSubmit(validate: () => string | null, send: () => Promise<Result<Board>>, done: (board: Board) => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const invalid = validate();
    if (invalid) return setError(invalid);
    setBusy(true);
    const result = await send();
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    done(result.value);
  };
  return { error, busy, submit };
}

function FormFoot({ testid, error, busy, label, onClose }: { testid: string; error: string | null; busy: boolean; label: string; onClose: () => void }) {
  return (
    <>
      {error && (
        <p class="form-error" role="alert" data-testid={`${testid}-error`}>
          {error}
        </p>
      )}
      <div class="modal-actions">
        <button type="button" class="secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" class="primary" disabled={busy} data-testid={`${testid}-submit`}>
          {label}
        </button>
      </div>
    </>
  );
}

export function CreateBoardDialog({ api, onCreated, onClose }: { api: Api; onCreated: (board: Board) => void; onClose: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const { error, busy, submit } = useBoardSubmit(
    () => checkName(name) ?? ([...description].length > 1000 ? 'Descriptions are at most 1,000 characters.' : null),
    () => api.boards.create({ name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) }),
    onCreated,
  );
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
        <FormFoot testid="create-board" error={error} busy={busy} label="Create board" onClose={onClose} />
      </form>
    </Modal>
  );
}

export function RenameBoardDialog({ api, board, onRenamed, onClose }: { api: Api; board: Board; onRenamed: (board: Board) => void; onClose: () => void }) {
  const [name, setName] = useState(board.name);
  const { error, busy, submit } = useBoardSubmit(
    () => checkName(name),
    () => api.boards.update(board.id, { name: name.trim() }),
    onRenamed,
  );
  return (
    <Modal title="Rename board" testid="rename-board-dialog" onClose={onClose}>
      <form class="dialog-form" onSubmit={(event) => void submit(event)} noValidate>
        <label class="field">
          <span>Name</span>
          <input autoFocus data-testid="rename-board-name" maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        <FormFoot testid="rename-board" error={error} busy={busy} label="Rename" onClose={onClose} />
      </form>
    </Modal>
  );
}
