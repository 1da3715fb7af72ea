import { useState } from 'preact/hooks';
import type { Api } from '../../api';
import { ROLES, type Board, type Member, type Role } from '../../api/types';
import { RoleBadge } from '../../ui/RoleBadge';
import { ConfirmDialog } from '../Dialog';
import { ROLE_LABELS } from '../format';

export interface MembersSectionProps {
  api: Api;
  board: Board;
  members: Member[];
  meId: string;
  /** Reload members, invitations and the activity log (and the board, when our own role moved). */
  onChanged: (selfChanged: boolean) => void;
}

/** Who is on the board; owners change roles and remove people. */
export function MembersSection({ api, board, members, meId, onChanged }: MembersSectionProps) {
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const isOwner = board.role === 'owner';

  const changeRole = async (member: Member, role: Role) => {
    if (role === member.role) return;
    setError(null);
    const result = await api.members.setRole(board.id, member.user.id, role);
    if (!result.ok) setError(result.error.message);
    onChanged(member.user.id === meId);
  };

  return (
    <section class="settings-section" data-testid="settings-members">
      <h2>Members</h2>
      {error && (
        <p class="form-error" role="alert" data-testid="members-error">
          {error}
        </p>
      )}
      <ul class="member-list">
        {members.map((member) => {
          const me = member.user.id === meId;
          return (
            <li key={member.user.id} class="member-row" data-testid="member-row" data-user-id={member.user.id} data-email={member.email} data-role={member.role}>
              <div class="member-who">
                <strong>
                  {member.user.name}
                  {me && <span class="you"> (you)</span>}
                </strong>
                <span class="member-email">{member.email}</span>
                {member.via && <span class="member-via">{member.via === 'link' ? 'joined through a share link' : 'joined by invitation'}</span>}
              </div>
              <RoleBadge role={member.role} testid="member-role-badge" />
              {isOwner && (
                <select class="role-select" aria-label={`Role of ${member.user.name}`} data-testid="member-role-select" value={member.role} onChange={(e) => void changeRole(member, (e.target as HTMLSelectElement).value as Role)}>
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {ROLE_LABELS[role]}
                    </option>
                  ))}
                </select>
              )}
              {isOwner && !me && (
                <button type="button" class="link-button danger-text" data-testid="member-remove" onClick={() => setRemoving(member)}>
                  Remove
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.user.name}?`}
          message={`${removing.user.name} loses access to “${board.name}” at once; if they have it open, it closes.`}
          confirmLabel="Remove"
          danger
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            const result = await api.members.remove(board.id, removing.user.id);
            if (!result.ok) return result.error.message;
            onChanged(false);
            return null;
          }}
        />
      )}
    </section>
  );
}
