import { useState } from 'preact/hooks';
import type { Api } from '../../api';
import { absoluteUrl } from '../../app/browser';
import type { Board, LinkRole, ShareLink } from '../../api/types';
import { RoleBadge } from '../../ui/RoleBadge';
import { relativeTime } from '../format';
import { CopyField } from './CopyField';

/** Owners make links anyone logged in can join with (as viewer or editor), and revoke them. */
export function LinksSection({ api, board, links, onChanged }: { api: Api; board: Board; links: ShareLink[]; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (role: LinkRole) => {
    setBusy(true);
    setError(null);
    const result = await api.links.create(board.id, role);
    setBusy(false);
    if (!result.ok) setError(result.error.message);
    onChanged();
  };
  const revoke = async (id: string) => {
    const result = await api.links.revoke(board.id, id);
    if (!result.ok) setError(result.error.message);
    onChanged();
  };

  return (
    <section class="settings-section" data-testid="settings-links">
      <h2>Share links</h2>
      <p class="page-note">Anyone with a share link who logs in joins the board with the link's role. Revoking a link removes everyone who joined through it.</p>
      <div class="row">
        <button type="button" class="secondary" disabled={busy} data-testid="link-create-viewer" onClick={() => void create('viewer')}>
          New viewer link
        </button>
        <button type="button" class="secondary" disabled={busy} data-testid="link-create-editor" onClick={() => void create('editor')}>
          New editor link
        </button>
      </div>
      {error && (
        <p class="form-error" role="alert" data-testid="link-error">
          {error}
        </p>
      )}
      <ul class="plain-list">
        {links.map((link) => (
          <li key={link.id} class="list-row link-row" data-testid="link-row" data-link-id={link.id} data-role={link.role}>
            <RoleBadge role={link.role} />
            <div class="grow">
              <CopyField value={absoluteUrl(link.url)} testid="link-url" />
            </div>
            <span class="muted">created {relativeTime(link.createdAt, Date.now())}</span>
            <button type="button" class="link-button danger-text" data-testid="link-revoke" onClick={() => void revoke(link.id)}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
