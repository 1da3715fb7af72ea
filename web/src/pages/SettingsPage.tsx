import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../api/http';
import type { Board, Invite, Member, ShareLink } from '../api/types';
import { paths } from '../router/routes';
import { Link } from '../ui/Link';
import { RoleBadge } from '../ui/RoleBadge';
import { AppBar } from './AppBar';
import { MessagePage } from './MessagePage';
import { ActivitySection } from './settings/ActivitySection';
import { DetailsSection } from './settings/DetailsSection';
import { InvitesSection } from './settings/InvitesSection';
import { LeaveOrDeleteSection } from './settings/LeaveOrDeleteSection';
import { LinksSection } from './settings/LinksSection';
import { MembersSection } from './settings/MembersSection';
import { useServices, useUser } from './services';

// A board's settings: details, members and roles, invitations, share links, the activity log,
// and leaving or deleting. What each person sees follows their role (the server checks too).

interface Lists {
  members: Member[];
  invites: Invite[];
  links: ShareLink[];
}

export function SettingsPage({ boardId }: { boardId: string }) {
  const { api, router } = useServices();
  const user = useUser();
  const [board, setBoard] = useState<Board | null>(null);
  const [lists, setLists] = useState<Lists | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // The board is fetched again only when our own role may have changed; members,
  // invitations, links and the log after every change.
  const [boardKey, setBoardKey] = useState(0);
  const [listKey, setListKey] = useState(0);
  const navigate = (href: string) => router.navigate(href);

  useEffect(() => {
    let alive = true;
    void api.boards.get(boardId).then((result) => {
      if (!alive) return;
      if (!result.ok) return setError(result.error);
      const info = result.value;
      setBoard(info);
      document.title = `Settings · ${info.name} · CollabCanvas`;
    });
    return () => {
      alive = false;
    };
  }, [api, boardId, boardKey]);

  const owner = board?.role === 'owner';
  useEffect(() => {
    if (!board) return;
    let alive = true;
    void Promise.all([api.members.list(boardId), owner ? api.invites.list(boardId) : null, owner ? api.links.list(boardId) : null]).then(([members, invites, links]) => {
      if (!alive) return;
      if (!members.ok) return setError(members.error);
      setError(null);
      setLists({ members: members.value, invites: invites?.ok ? invites.value : [], links: links?.ok ? links.value : [] });
    });
    return () => {
      alive = false;
    };
  }, [api, boardId, listKey, board !== null, owner]);

  const reloadLists = () => setListKey((k) => k + 1);
  const reload = () => {
    setBoardKey((k) => k + 1);
    reloadLists();
  };

  if (error && (error.status === 404 || error.status === 403)) {
    return (
      <MessagePage testid="board-not-found" title="This board does not exist or you do not have access">
        <p>It may have been deleted, or you were removed from it.</p>
      </MessagePage>
    );
  }
  return (
    <div class="page" data-testid="settings-page">
      <AppBar>
        <span class="divider" />
        <Link href={paths.board(boardId)} navigate={navigate} class="board-name" data-testid="settings-open-board">
          {board?.name ?? boardId}
        </Link>
      </AppBar>
      <main class="page-body narrow">
        <div class="settings-head">
          <h1>Board settings</h1>
          {board && <RoleBadge role={board.role} testid="settings-role" />}
          <Link href={paths.board(boardId)} navigate={navigate} class="button secondary" data-testid="settings-back">
            Open board
          </Link>
        </div>
        {error && (
          <p class="form-error" role="alert" data-testid="settings-error">
            {error.message}{' '}
            <button type="button" class="link-button" onClick={reload}>
              Try again
            </button>
          </p>
        )}
        {!board && !error && <p class="page-note">Loading…</p>}
        {board && user && (
          <>
            <DetailsSection
              api={api}
              board={board}
              onSaved={(saved) => {
                setBoard(saved);
                reloadLists();
              }}
            />
            {lists && (
              <MembersSection
                api={api}
                board={board}
                members={lists.members}
                meId={user.id}
                onChanged={(selfChanged) => (selfChanged ? reload() : reloadLists())}
              />
            )}
            {owner && lists && <InvitesSection api={api} board={board} invites={lists.invites} onChanged={reloadLists} />}
            {owner && lists && <LinksSection api={api} board={board} links={lists.links} onChanged={reloadLists} />}
            <ActivitySection api={api} boardId={boardId} reloadKey={listKey} />
            <LeaveOrDeleteSection api={api} board={board} meId={user.id} onDone={() => router.navigate(paths.dashboard, { replace: true })} />
          </>
        )}
      </main>
    </div>
  );
}
