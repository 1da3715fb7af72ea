import type { Editor } from '../editor/editor';
import type { Peer } from '../sync/engine';
import { Icon } from './icons';
import { Link } from './Link';
import { RoleBadge } from './RoleBadge';
import { SyncStatus } from './SyncStatus';
import { useEditorUpdate } from './use-editor';

export interface HeaderProps {
  editor: Editor;
  userName: string;
  /** The board's name, once the server said it. */
  boardName: string | null;
  dashboardHref: string;
  settingsHref: string;
  navigate: (href: string) => void;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  return parts.length === 1 ? parts[0]!.slice(0, 2).toUpperCase() : (parts[0]![0]! + parts[1]![0]!).toUpperCase();
}

function PeerAvatar({ peer, onClick }: { peer: Peer; onClick: () => void }) {
  const name = peer.name || 'Guest';
  return (
    <button
      type="button"
      class="avatar"
      data-testid="peer-avatar"
      data-client={peer.client}
      data-user={peer.user ?? undefined}
      data-role={peer.role ?? undefined}
      style={{ background: peer.colour }}
      title={`${name}${peer.role ? ` (${peer.role})` : ''} — click to go to their cursor`}
      onClick={onClick}
    >
      {initials(name)}
      <RoleBadge role={peer.role} compact testid="peer-role" />
    </button>
  );
}

export function Header({ editor, userName, boardName, dashboardHref, settingsHref, navigate }: HeaderProps) {
  useEditorUpdate(editor, ['peers', 'role']);
  const peers = [...editor.engine.peers.values()];
  const shown = peers.slice(0, 6);
  const role = editor.engine.role;
  const copyLink = () => {
    void navigator.clipboard?.writeText(location.href).then(
      () => editor.toast('Link copied: members of the board can open it'),
      () => editor.toast(location.href),
    );
  };
  return (
    <header class="header">
      <div class="brand">
        <Link href={dashboardHref} navigate={navigate} class="brand-link" data-testid="back-to-dashboard" title="All boards">
          <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
            <rect x="3" y="3" width="26" height="26" rx="7" fill="#4f46e5" />
            <path d="M10 21 L16 9 L22 21 Z" fill="none" stroke="#fff" stroke-width="2.5" stroke-linejoin="round" />
          </svg>
          <span class="brand-name">Boards</span>
        </Link>
        <span class="divider" />
        <span class="board-name" data-testid="board-name" title={boardName ?? editor.boardId}>
          {boardName ?? editor.boardId}
        </span>
        <RoleBadge role={role} testid="self-role" />
      </div>
      <div class="header-right">
        <div class="peers" data-testid="peers">
          {shown.map((peer) => (
            <PeerAvatar key={peer.client} peer={peer} onClick={() => peer.cursor && editor.centreOn(peer.cursor)} />
          ))}
          {peers.length > shown.length && <span class="avatar more">+{peers.length - shown.length}</span>}
        </div>
        <span class="avatar self" data-testid="self-avatar" data-role={role ?? undefined} title={`You: ${userName}${role ? ` (${role})` : ''}`}>
          {initials(userName)}
        </span>
        <SyncStatus editor={editor} />
        <Link href={settingsHref} navigate={navigate} class="icon-button header-settings" data-testid="board-settings-link" title="Board settings, members and sharing">
          <Icon name="settings" size={18} />
        </Link>
        <button type="button" class="share" onClick={copyLink} title="Copy a link to this board">
          <Icon name="share" size={16} />
          Share
        </button>
      </div>
    </header>
  );
}
