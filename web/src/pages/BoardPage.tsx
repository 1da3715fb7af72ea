import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { BoardSession } from '../app/board-session';
import { insertImageFiles, pickImageFiles } from '../app/image-insert';
import type { ClosedReason } from '../sync/engine';
import { paths } from '../router/routes';
import { App } from '../ui/App';
import { Link } from '../ui/Link';
import { MessagePage } from './MessagePage';
import { useServices, useUser } from './services';

// The editor on one board. The board's name and the caller's role come from the HTTP API,
// the content over the WebSocket. A board that does not exist (or is not ours to see) and
// access that was removed are pages of their own, never an empty canvas.

type Gone = ClosedReason;

export function BoardPage({ boardId }: { boardId: string }) {
  const services = useServices();
  const { api, router, session } = services;
  const user = useUser();
  const [board] = useState(() => new BoardSession({ boardId, userId: user?.id ?? '', session, role: null }));
  const [boardName, setBoardName] = useState<string | null>(null);
  const [gone, setGone] = useState<Gone | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const navigate = (href: string) => router.navigate(href);

  // A layout effect: connecting starts as the page mounts, not after its first paint.
  useLayoutEffect(() => {
    let alive = true;
    document.title = `${boardId} · CollabCanvas`;
    const offClosed = board.engine.onClosed((reason) => {
      if (!alive) return;
      setGone(reason);
      board.dispose({ keep: reason === 'unauthorized' });
    });
    void board.start();
    void api.boards.get(boardId).then((result) => {
      if (!alive) return;
      if (result.ok) {
        setBoardName(result.value.name);
        document.title = `${result.value.name} · CollabCanvas`;
        board.engine.noteRole(result.value.role);
      } else if (result.error.code === 'not_found' || result.error.status === 404) {
        setGone('not_found');
        board.dispose({ keep: false });
      }
      // Anything else (offline, say): the WebSocket decides.
    });
    return () => {
      alive = false;
      offClosed();
      board.dispose();
    };
  }, [board]);

  // The canvas exists once App has rendered: bind the keys, clipboard and page handlers.
  useEffect(() => {
    const host = hostRef.current?.querySelector<HTMLElement>('.canvas-host');
    if (host && !gone) board.attach(host);
  }, [board]);

  if (gone === 'not_found') {
    return (
      <MessagePage testid="board-not-found" title="This board does not exist or you do not have access">
        <p>The link may be mistyped, the board may have been deleted, or nobody has shared it with you. If you think you should have access, ask the board's owner for an invitation.</p>
      </MessagePage>
    );
  }
  if (gone === 'forbidden') {
    return (
      <MessagePage testid="access-removed" title="Your access to this board was removed">
        <p>An owner of the board removed you, or the share link you joined with was revoked. Changes you had not saved yet were discarded.</p>
      </MessagePage>
    );
  }
  if (gone === 'unauthorized') {
    return (
      <MessagePage
        testid="session-expired"
        title="Your login has ended"
        action={
          <Link href={paths.login(paths.board(boardId))} navigate={navigate} class="button secondary" data-testid="login-again">
            Log in again
          </Link>
        }
      >
        <p>You were logged out (perhaps on another device). Log in again to keep working on this board.</p>
      </MessagePage>
    );
  }
  return (
    <div class="board-page" ref={hostRef}>
      <App
        editor={board.editor}
        userName={user?.name ?? ''}
        boardName={boardName}
        dashboardHref={paths.dashboard}
        settingsHref={paths.settings(boardId)}
        navigate={navigate}
        onPickImage={() => void pickImageFiles().then((files) => insertImageFiles(board.editor, files, null))}
        onRenderer={(renderer) => (board.renderer = renderer)}
      />
    </div>
  );
}
