import type { ActivityEvent, Role } from '../api/types';

// Words for people: relative times, roles, and the activity log's sentences.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date. */
export function relativeTime(at: number, now: number): string {
  const ago = now - at;
  if (ago < 45_000) return 'just now';
  if (ago < HOUR) return `${Math.max(1, Math.round(ago / MINUTE))} min ago`;
  if (ago < DAY) return `${Math.round(ago / HOUR)} h ago`;
  if (ago < 2 * DAY) return 'yesterday';
  if (ago < 30 * DAY) return `${Math.floor(ago / DAY)} days ago`;
  const date = new Date(at);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return `${date.getDate()} ${MONTHS[date.getMonth()]}${sameYear ? '' : ` ${date.getFullYear()}`}`;
}

/** "in 6 days", "in 3 h", "in 20 min", "soon": when something (an invitation) expires. */
export function timeUntil(at: number, now: number): string {
  const left = at - now;
  if (left < MINUTE) return 'soon';
  if (left < HOUR) return `in ${Math.round(left / MINUTE)} min`;
  if (left < DAY) return `in ${Math.round(left / HOUR)} h`;
  const days = Math.round(left / DAY);
  return days === 1 ? 'tomorrow' : `in ${days} days`;
}

export const ROLE_LABELS: Record<Role, string> = { viewer: 'Viewer', editor: 'Editor', owner: 'Owner' };

function nameOf(value: unknown, fallback = 'someone'): string {
  if (typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string') {
    return (value as { name: string }).name || fallback;
  }
  return fallback;
}

function possessive(name: string): string {
  return `${name}'s`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function role(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : 'member';
}

/** What happened, as a sentence: "Ada changed Bo's role from editor to viewer". */
export function describeActivity(event: ActivityEvent): string {
  const actor = event.actor.name || 'Someone';
  const d = event.detail ?? {};
  switch (event.type) {
    case 'created':
      return `${actor} created the board`;
    case 'renamed':
      return text(d.from) ? `${actor} renamed the board from “${text(d.from)}” to “${text(d.to)}”` : `${actor} renamed the board to “${text(d.to)}”`;
    case 'described':
      return `${actor} changed the description`;
    case 'member_invited':
      return `${actor} invited ${text(d.email) || 'someone'} as ${role(d.role)}`;
    case 'member_joined':
      return `${actor} joined as ${role(d.role)}${d.via === 'link' ? ' through a share link' : d.via === 'invite' ? ' by invitation' : ''}`;
    case 'role_changed':
      return `${actor} changed ${possessive(nameOf(d.user))} role from ${role(d.from)} to ${role(d.to)}`;
    case 'member_removed': {
      const user = d.user as { id?: unknown } | undefined;
      if (user && user.id === event.actor.id) return `${actor} left the board`;
      return `${actor} removed ${nameOf(d.user)}`;
    }
    case 'link_created':
      return `${actor} created ${d.role === 'editor' ? 'an editor' : 'a viewer'} share link`;
    case 'link_revoked':
      return `${actor} revoked ${d.role === 'editor' ? 'an editor' : 'a viewer'} share link`;
    case 'deleted':
      return `${actor} deleted the board`;
    case 'restored':
      return `${actor} restored the board`;
    default:
      return `${actor}: ${event.type.replace(/_/g, ' ')}`;
  }
}

/** The log's line: "Ada changed Bo's role from editor to viewer · 5 min ago". */
export function activityLine(event: ActivityEvent, now: number): string {
  return `${describeActivity(event)} · ${relativeTime(event.at, now)}`;
}

/** Initials for an avatar: "Ada Lovelace" → "AL", "bo" → "BO". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  return parts.length === 1 ? parts[0]!.slice(0, 2).toUpperCase() : (parts[0]![0]! + parts[1]![0]!).toUpperCase();
}
