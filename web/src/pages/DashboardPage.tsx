import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Board } from '../api/types';
import { paths } from '../router/routes';
import { AppBar } from './AppBar';
import { BoardCard } from './dashboard/BoardCard';
import { CreateBoardDialog, RenameBoardDialog } from './dashboard/BoardDialogs';
import { ThumbnailCache } from './dashboard/thumbnail-cache';
import { PAGE_SIZE, useBoardList, type BoardQuery } from './dashboard/use-board-list';
import { ConfirmDialog } from './Dialog';
import { useServices, useUser } from './services';

// The boards the user can open: one page of cards at a time (however many boards there
// are), searched by name, sorted by last change or name, and the trash.

const SEARCH_DEBOUNCE_MS = 250;

// Thumbnails outlive a visit to a board and back; a different user starts afresh.
let thumbnails: { userId: string; cache: ThumbnailCache } | null = null;

function thumbnailCacheFor(api: Api, userId: string): ThumbnailCache {
  if (thumbnails?.userId !== userId) {
    thumbnails?.cache.clear();
    const cache = new ThumbnailCache({
      load: (boardId) => api.boards.thumbnail(boardId),
      createUrl: (svg) => URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })),
      revokeUrl: (url) => URL.revokeObjectURL(url),
    });
    thumbnails = { userId, cache };
  }
  return thumbnails.cache;
}

type Dialog = { type: 'create' } | { type: 'rename'; board: Board } | { type: 'delete'; board: Board } | null;

export function DashboardPage() {
  const { api, router } = useServices();
  const user = useUser();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState<BoardQuery>({ q: '', sort: 'updated', trash: false, page: 0 });
  const [reloadKey, setReloadKey] = useState(0);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const list = useBoardList(api, query, reloadKey);
  const cache = useMemo(() => thumbnailCacheFor(api, user?.id ?? ''), [api, user?.id]);
  const navigate = (href: string) => router.navigate(href);
  const reload = () => setReloadKey((k) => k + 1);

  useEffect(() => {
    document.title = 'Your boards · CollabCanvas';
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => setQuery((q) => (q.q === search.trim() ? q : { ...q, q: search.trim(), page: 0 })), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search]);
  // The last page emptied (its last board deleted): step back.
  useEffect(() => {
    if (!list.loading && list.boards.length === 0 && query.page > 0 && list.total > 0) setQuery((q) => ({ ...q, page: Math.max(0, Math.ceil(list.total / PAGE_SIZE) - 1) }));
  }, [list]);

  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const first = list.total === 0 ? 0 : query.page * PAGE_SIZE + 1;
  const last = Math.min(list.total, (query.page + 1) * PAGE_SIZE);

  const restore = async (board: Board) => {
    const result = await api.boards.restore(board.id);
    setNotice(result.ok ? `“${board.name}” is back.` : result.error.message);
    reload();
  };

  return (
    <div class="page" data-testid="dashboard">
      <AppBar />
      <main class="page-body">
        <div class="dashboard-head">
          <h1>{query.trash ? 'Trash' : 'Your boards'}</h1>
          <button type="button" class="primary" data-testid="create-board" onClick={() => setDialog({ type: 'create' })}>
            New board
          </button>
        </div>
        <div class="dashboard-controls">
          <div class="tabs" role="tablist">
            <button type="button" role="tab" class={!query.trash ? 'active' : ''} aria-selected={!query.trash} data-testid="view-boards" onClick={() => setQuery({ ...query, trash: false, page: 0 })}>
              Boards
            </button>
            <button type="button" role="tab" class={query.trash ? 'active' : ''} aria-selected={query.trash} data-testid="view-trash" onClick={() => setQuery({ ...query, trash: true, page: 0 })}>
              Trash
            </button>
          </div>
          <input class="search" type="search" placeholder="Search by name" aria-label="Search boards by name" data-testid="board-search" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
          <label class="sort">
            <span>Sort by</span>
            <select data-testid="board-sort" value={query.sort} onChange={(e) => setQuery({ ...query, sort: (e.target as HTMLSelectElement).value as BoardQuery['sort'], page: 0 })}>
              <option value="updated">Last change</option>
              <option value="name">Name</option>
            </select>
          </label>
        </div>
        {query.trash && <p class="page-note">Deleted boards can be restored for 30 days, then they are erased.</p>}
        {notice && (
          <p class="notice" data-testid="dashboard-notice" role="status">
            {notice}
          </p>
        )}
        {list.error && (
          <p class="form-error" role="alert" data-testid="dashboard-error">
            {list.error.message}{' '}
            <button type="button" class="link-button" onClick={reload}>
              Try again
            </button>
          </p>
        )}
        <section class={`board-grid${list.loading ? ' loading' : ''}`} data-testid="board-grid" aria-busy={list.loading}>
          {list.boards.map((board) => (
            <BoardCard
              key={board.id}
              board={board}
              now={now}
              thumbnails={cache}
              navigate={navigate}
              onRename={(b) => setDialog({ type: 'rename', board: b })}
              onDelete={(b) => setDialog({ type: 'delete', board: b })}
              onRestore={(b) => void restore(b)}
            />
          ))}
        </section>
        {!list.loading && !list.error && list.boards.length === 0 && (
          <p class="empty-list" data-testid="boards-empty">
            {query.q ? `No board matches “${query.q}”.` : query.trash ? 'The trash is empty.' : 'No boards yet. Create one, or open an invitation someone sent you.'}
          </p>
        )}
        {list.total > PAGE_SIZE && (
          <nav class="pager" aria-label="Pages">
            <button type="button" class="secondary" data-testid="page-prev" disabled={query.page === 0} onClick={() => setQuery({ ...query, page: query.page - 1 })}>
              Previous
            </button>
            <span data-testid="page-info">
              {first.toLocaleString()}–{last.toLocaleString()} of {list.total.toLocaleString()} · page {query.page + 1} of {pages.toLocaleString()}
            </span>
            <button type="button" class="secondary" data-testid="page-next" disabled={query.page + 1 >= pages} onClick={() => setQuery({ ...query, page: query.page + 1 })}>
              Next
            </button>
          </nav>
        )}
      </main>
      {dialog?.type === 'create' && <CreateBoardDialog api={api} onClose={() => setDialog(null)} onCreated={(board) => router.navigate(paths.board(board.id))} />}
      {dialog?.type === 'rename' && (
        <RenameBoardDialog
          api={api}
          board={dialog.board}
          onClose={() => setDialog(null)}
          onRenamed={() => {
            setDialog(null);
            reload();
          }}
        />
      )}
      {dialog?.type === 'delete' && (
        <ConfirmDialog
          title="Delete board?"
          message={`“${dialog.board.name}” goes to the trash and closes for everyone who has it open. You can restore it from the trash for 30 days.`}
          confirmLabel="Delete"
          danger
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            const result = await api.boards.remove(dialog.board.id);
            if (!result.ok) return result.error.message;
            setNotice(`“${dialog.board.name}” was moved to the trash.`);
            reload();
            return null;
          }}
        />
      )}
    </div>
  );
}
