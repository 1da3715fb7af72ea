import type { BoardObject } from '../model/types';

// The objects the HTTP API answers with (docs/API.md).

export type Role = 'viewer' | 'editor' | 'owner';
export type LinkRole = 'viewer' | 'editor';

export const ROLES: readonly Role[] = ['viewer', 'editor', 'owner'];

export function isRole(value: unknown): value is Role {
  return value === 'viewer' || value === 'editor' || value === 'owner';
}

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: number;
}

/** A user as other people see them. */
export interface UserRef {
  id: string;
  name: string;
}

/** What register, login and refresh answer. */
export interface AuthGrant {
  user: User;
  accessToken: string;
  /** When the access token expires (epoch ms). */
  expiresAt: number;
}

export interface Board {
  id: string;
  name: string;
  description: string;
  /** The caller's role. */
  role: Role;
  owner: UserRef;
  seq: number;
  createdAt: number;
  updatedAt: number;
  /** Set on boards in the trash. */
  deletedAt?: number;
}

export interface BoardWithObjects extends Board {
  objects: BoardObject[];
}

export interface BoardList {
  boards: Board[];
  total: number;
}

export interface BoardListQuery {
  sort?: 'updated' | 'name';
  order?: 'asc' | 'desc';
  /** Case-insensitive part of the name. */
  q?: string;
  offset?: number;
  /** 1 to 200. */
  limit?: number;
  /** The boards the caller deleted (the trash). */
  deleted?: boolean;
}

export interface NewBoard {
  name: string;
  description?: string;
  id?: string;
}

export interface BoardPatch {
  name?: string;
  description?: string;
}

export interface Member {
  user: UserRef;
  email: string;
  role: Role;
  via: 'invite' | 'link' | null;
  addedAt: number;
}

export interface Invite {
  id: string;
  email: string;
  role: Role;
  expiresAt: number;
}

export interface CreatedInvite {
  invite: Invite;
  token: string;
  /** `/invite/<token>`, relative to the server's origin. */
  url: string;
}

export interface ShareLink {
  id: string;
  role: LinkRole;
  createdAt: number;
  /** `/s/<token>`, relative to the server's origin. */
  url: string;
}

/** What accepting an invitation or a share link answers (normalised, see sharing.ts). */
export interface Joined {
  boardId: string;
  /** The board, when the server sent the whole object rather than its id. */
  board: Board | null;
  role: Role;
}

export type ActivityType =
  | 'created'
  | 'renamed'
  | 'described'
  | 'member_invited'
  | 'member_joined'
  | 'role_changed'
  | 'member_removed'
  | 'link_created'
  | 'link_revoked'
  | 'deleted'
  | 'restored';

export interface ActivityEvent {
  id: number;
  at: number;
  actor: UserRef;
  /** One of ActivityType; a newer server may send others. */
  type: ActivityType | (string & {});
  detail: Record<string, unknown>;
}

export interface ActivityQuery {
  /** Events older than this event id. */
  before?: number;
  /** 1 to 200. */
  limit?: number;
}
