import { useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Board } from '../../api/types';
import { ConfirmDialog } from '../Dialog';

/** Members leave the board; owners delete it (to the trash). */
export function LeaveOrDeleteSection({ api, board, meId, onDone }: { api: Api; board: Board; meId: string; onDone: (message: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const isOwner = board.role === 'owner';
  return (
    <section class="settings-section danger-zone" data-testid="settings-danger">
      <h2>{isOwner ? 'Delete board' : 'Leave board'}</h2>
      <p class="page-note">
        {isOwner ? 'The board goes to the trash, closes for everyone, and can be restored for 30 days.' : 'You lose access to this board until someone invites you again.'}
      </p>
      <button type="button" class="danger" data-testid={isOwner ? 'delete-board' : 'leave-board'} onClick={() => setConfirming(true)}>
        {isOwner ? 'Delete board' : 'Leave board'}
      </button>
      {confirming && (
        <ConfirmDialog
          title={isOwner ? 'Delete this board?' : 'Leave this board?'}
          message={isOwner ? `“${board.name}” goes to the trash and closes for everyone who has it open.` : `You will no longer see “${board.name}”.`}
          confirmLabel={isOwner ? 'Delete' : 'Leave'}
          danger
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const result = isOwner ? await api.boards.remove(board.id) : await api.members.remove(board.id, meId);
            if (!result.ok) return result.error.message;
            onDone(isOwner ? 'deleted' : 'left');
            return null;
          }}
        />
      )}
    </section>
  );
}
