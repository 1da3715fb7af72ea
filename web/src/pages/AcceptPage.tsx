import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from '../api/http';
import { paths } from '../router/routes';
import { MessagePage } from './MessagePage';
import { useServices } from './services';

// /invite/<token> and /s/<token>: once logged in, join the board, then open it.

export function AcceptPage({ kind, token }: { kind: 'invite' | 'share'; token: string }) {
  const { api, router } = useServices();
  const [error, setError] = useState<ApiError | null>(null);
  // Invitations work once: never send the same one twice.
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    document.title = 'Joining a board · CollabCanvas';
    void (kind === 'invite' ? api.invites.accept(token) : api.links.accept(token)).then((result) => {
      if (result.ok) router.navigate(paths.board(result.value.boardId), { replace: true });
      else setError(result.error);
    });
  }, []);

  if (!error) {
    return (
      <div class="message-page" data-testid="accepting">
        <div class="message-card">
          <h1>Joining the board…</h1>
        </div>
      </div>
    );
  }
  const what = kind === 'invite' ? 'invitation' : 'share link';
  let title = `This ${what} cannot be used`;
  let text = error.message;
  if (error.code === 'gone' || error.status === 410) {
    title = `This ${what} was already used or has expired`;
    text = 'Ask the board’s owner for a new one.';
  } else if (error.code === 'not_found' || error.status === 404) {
    title = `This ${what} is not valid`;
    text = kind === 'invite' ? 'It may have been revoked. Ask the board’s owner for a new invitation.' : 'It may have been revoked. Ask the board’s owner for a new link.';
  }
  return (
    <MessagePage testid="accept-error" title={title}>
      <p>{text}</p>
    </MessagePage>
  );
}
