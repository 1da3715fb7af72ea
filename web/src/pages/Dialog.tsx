import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

// Modal dialogs: a frame, and a confirmation whose action may fail with the server's message.

export function Modal({ title, testid, onClose, children }: { title: string; testid: string; onClose: () => void; children: ComponentChildren }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div
      class="modal-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div class="modal" role="dialog" aria-modal="true" aria-label={title} data-testid={testid}>
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}

export interface ConfirmProps {
  title: string;
  message: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  /** Resolves with an error message to show, or null when done. */
  onConfirm: () => Promise<string | null>;
  onClose: () => void;
}

export function ConfirmDialog({ title, message, confirmLabel, danger = false, onConfirm, onClose }: ConfirmProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    const failure = await onConfirm();
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  };
  return (
    <Modal title={title} testid="confirm-dialog" onClose={onClose}>
      <p>{message}</p>
      {error && (
        <p class="form-error" role="alert" data-testid="confirm-error">
          {error}
        </p>
      )}
      <div class="modal-actions">
        <button type="button" class="secondary" data-testid="confirm-cancel" onClick={onClose}>
          Cancel
        </button>
        <button type="button" class={danger ? 'danger' : 'primary'} data-testid="confirm-ok" disabled={busy} onClick={() => void confirm()}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
