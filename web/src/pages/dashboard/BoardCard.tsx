import type { Board } from '../../api/types';
import { paths } from '../../router/routes';
import { Link } from '../../ui/Link';
import { RoleBadge } from '../../ui/RoleBadge';
import { relativeTime } from '../format';
import type { ThumbnailCache } from './thumbnail-cache';
import { useThumbnail } from './use-thumbnail';

export interface BoardCardProps {
  board: Board;
  now: number;
  thumbnails: ThumbnailCache;
  navigate: (href: string) => void;
  onRename: (board: Board) => void;
  onDelete: (board: Board) => void;
  onRestore: (board: Board) => void;
}

export function BoardCard({ board, now, thumbnails, navigate, onRename, onDelete, onRestore }: BoardCardProps) {
  const deleted = board.deletedAt !== undefined;
  const thumbnail = useThumbnail(thumbnails, board.id, board.seq, !deleted);
  const canRename = !deleted && (board.role === 'editor' || board.role === 'owner');
  const isOwner = board.role === 'owner';
  const picture = thumbnail.url ? (
    <img class="card-thumbnail" src={thumbnail.url} alt="" data-testid="board-thumbnail" draggable={false} />
  ) : (
    <div class={`card-thumbnail placeholder${thumbnail.failed || deleted ? ' empty' : ''}`} data-testid="board-thumbnail-placeholder" />
  );
  return (
    <article class={`board-card${deleted ? ' deleted' : ''}`} data-testid="board-card" data-board-id={board.id}>
      {deleted ? (
        <div class="card-open">{picture}</div>
      ) : (
        <Link href={paths.board(board.id)} navigate={navigate} class="card-open" data-testid="board-card-open" title={`Open ${board.name}`}>
          {picture}
        </Link>
      )}
      <div class="card-body">
        <div class="card-title-row">
          {deleted ? (
            <span class="card-name" data-testid="board-card-name">
              {board.name}
            </span>
          ) : (
            <Link href={paths.board(board.id)} navigate={navigate} class="card-name" data-testid="board-card-name">
              {board.name}
            </Link>
          )}
          <RoleBadge role={board.role} testid="board-card-role" />
        </div>
        <div class="card-meta" data-testid="board-card-updated">
          {deleted ? `Deleted ${relativeTime(board.deletedAt!, now)}` : `Edited ${relativeTime(board.updatedAt, now)}`}
          {board.owner && !isOwner && <span> · {board.owner.name}</span>}
        </div>
        <div class="card-actions">
          {deleted && isOwner && (
            <button type="button" class="link-button" data-testid="board-restore" onClick={() => onRestore(board)}>
              Restore
            </button>
          )}
          {canRename && (
            <button type="button" class="link-button" data-testid="board-rename" onClick={() => onRename(board)}>
              Rename
            </button>
          )}
          {!deleted && (
            <Link href={paths.settings(board.id)} navigate={navigate} class="link-button" data-testid="board-card-settings">
              Settings
            </Link>
          )}
          {!deleted && isOwner && (
            <button type="button" class="link-button danger-text" data-testid="board-delete" onClick={() => onDelete(board)}>
              Delete
            </button>
          )}
        </div>
      </div>
    </article>
  );
}
