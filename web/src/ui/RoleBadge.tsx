export type RoleName = 'viewer' | 'editor' | 'owner';

const LABELS: Record<RoleName, string> = { viewer: 'Viewer', editor: 'Editor', owner: 'Owner' };

/** A small pill naming a role on a board. */
export function RoleBadge({ role, testid, compact = false }: { role: RoleName | null | undefined; testid?: string; compact?: boolean }) {
  if (!role) return null;
  return (
    <span class={`role-badge role-${role}${compact ? ' compact' : ''}`} data-testid={testid} data-role={role} title={LABELS[role]}>
      {compact ? LABELS[role][0] : LABELS[role]}
    </span>
  );
}
