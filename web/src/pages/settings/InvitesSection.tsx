import { useState } from 'preact/hooks';
import type { Api } from '../../api';
import { absoluteUrl } from '../../app/browser';
import { ROLES, type Board, type Invite, type Role } from '../../api/types';
import { RoleBadge } from '../../ui/RoleBadge';
import { ROLE_LABELS, timeUntil } from '../format';
import { CopyField } from './CopyField';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Owners invite people by email; the invitation is a single-use link, shown to copy. */
export function InvitesSection({ api, board, invites, onChanged }: { api: Api; board: Board; invites: Invite[]; onChanged: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ email: string; url: string } | null>(null);

  const invite = async (event: Event) => {
    event.preventDefault();
    const address = email.trim();
    if (!EMAIL.test(address)) return setError('Enter an email address like bo@example.com.');
    setBusy(true);
    setError(null);
    const result = await api.invites.create(board.id, address, role);
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setCreated({ email: address, url: absoluteUrl(result.value.url) });
    setEmail('');
    onChanged();
  };
  const revoke = async (id: string) => {
    const result = await api.invites.revoke(board.id, id);
    if (!result.ok) setError(result.error.message);
    onChanged();
  };

  return (
    <section class="settings-section" data-testid="settings-invites">
      <h2>Invite people</h2>
      <form class="invite-form" onSubmit={(event) => void invite(event)} noValidate>
        <input type="email" placeholder="Email address" aria-label="Email address to invite" data-testid="invite-email" value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        <select aria-label="Role" data-testid="invite-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        <button type="submit" class="primary" disabled={busy} data-testid="invite-submit">
          Invite
        </button>
      </form>
      {error && (
        <p class="form-error" role="alert" data-testid="invite-error">
          {error}
        </p>
      )}
      {created && (
        <div class="created-link" data-testid="invite-created">
          <p>Send this link to {created.email} (it works once, for 7 days):</p>
          <CopyField value={created.url} testid="invite-link" />
        </div>
      )}
      {invites.length > 0 && (
        <>
          <h3>Pending invitations</h3>
          <ul class="plain-list">
            {invites.map((inv) => (
              <li key={inv.id} class="list-row" data-testid="invite-row" data-invite-id={inv.id}>
                <span class="grow">{inv.email}</span>
                <RoleBadge role={inv.role} />
                <span class="muted">expires {timeUntil(inv.expiresAt, Date.now())}</span>
                <button type="button" class="link-button danger-text" data-testid="invite-revoke" onClick={() => void revoke(inv.id)}>
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
