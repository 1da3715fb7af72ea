import { getJson, getNothing, segment, type Requester, type Result } from './http';
import type { Board, CreatedInvite, Invite, Joined, LinkRole, Member, Role, ShareLink } from './types';

// Who may open a board: members and their roles, invitations by email, share links.

/** `board` in an acceptance is the board's id, or (in the wording of docs/API.md) the board. */
interface RawJoined {
  board: string | Board;
  role: Role;
}

function joined(result: Result<RawJoined>): Result<Joined> {
  if (!result.ok) return result;
  const { board, role } = result.value;
  const boardId = typeof board === 'string' ? board : board?.id;
  if (typeof boardId !== 'string') return { ok: false, error: { status: 200, code: 'invalid_response', message: 'The server did not say which board was joined.' } };
  return { ok: true, value: { boardId, board: typeof board === 'string' ? null : board, role } };
}

export function membersApi(send: Requester) {
  const path = (boardId: string, userId?: string) => `/api/boards/${segment(boardId)}/members${userId === undefined ? '' : `/${segment(userId)}`}`;
  return {
    list: async (boardId: string): Promise<Result<Member[]>> => {
      const result = await getJson<{ members: Member[] }>(send, { method: 'GET', path: path(boardId) });
      return result.ok ? { ok: true, value: result.value.members } : result;
    },
    setRole: async (boardId: string, userId: string, role: Role): Promise<Result<Member>> => {
      const result = await getJson<{ member: Member }>(send, { method: 'PATCH', path: path(boardId, userId), body: { role } });
      return result.ok ? { ok: true, value: result.value.member } : result;
    },
    /** Removes a member (owners), or leaves the board (the member themselves). */
    remove: (boardId: string, userId: string): Promise<Result<void>> => getNothing(send, { method: 'DELETE', path: path(boardId, userId) }),
  };
}

export function invitesApi(send: Requester) {
  const path = (boardId: string, inviteId?: string) => `/api/boards/${segment(boardId)}/invites${inviteId === undefined ? '' : `/${segment(inviteId)}`}`;
  return {
    create: (boardId: string, email: string, role: Role): Promise<Result<CreatedInvite>> => getJson(send, { method: 'POST', path: path(boardId), body: { email, role } }),
    /** The pending invitations. */
    list: async (boardId: string): Promise<Result<Invite[]>> => {
      const result = await getJson<{ invites: Invite[] }>(send, { method: 'GET', path: path(boardId) });
      return result.ok ? { ok: true, value: result.value.invites } : result;
    },
    revoke: (boardId: string, inviteId: string): Promise<Result<void>> => getNothing(send, { method: 'DELETE', path: path(boardId, inviteId) }),
    accept: async (token: string): Promise<Result<Joined>> => joined(await getJson<RawJoined>(send, { method: 'POST', path: `/api/invites/${segment(token)}/accept` })),
  };
}

export function linksApi(send: Requester) {
  const path = (boardId: string, linkId?: string) => `/api/boards/${segment(boardId)}/links${linkId === undefined ? '' : `/${segment(linkId)}`}`;
  return {
    create: async (boardId: string, role: LinkRole): Promise<Result<ShareLink>> => {
      const result = await getJson<{ link: ShareLink }>(send, { method: 'POST', path: path(boardId), body: { role } });
      return result.ok ? { ok: true, value: result.value.link } : result;
    },
    list: async (boardId: string): Promise<Result<ShareLink[]>> => {
      const result = await getJson<{ links: ShareLink[] }>(send, { method: 'GET', path: path(boardId) });
      return result.ok ? { ok: true, value: result.value.links } : result;
    },
    /** Everyone who joined through the link loses access. */
    revoke: (boardId: string, linkId: string): Promise<Result<void>> => getNothing(send, { method: 'DELETE', path: path(boardId, linkId) }),
    accept: async (token: string): Promise<Result<Joined>> => joined(await getJson<RawJoined>(send, { method: 'POST', path: `/api/links/${segment(token)}/accept` })),
  };
}
