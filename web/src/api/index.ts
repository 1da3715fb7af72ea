import { activityApi } from './activity';
import { authApi } from './auth';
import { boardsApi } from './boards';
import { getJson, type Requester, type Result } from './http';
import { invitesApi, linksApi, membersApi } from './sharing';

// Every route of docs/API.md as a typed function returning a Result. The requester decides
// how a request travels: the auth session's adds the access token and retries once after a
// refresh when the server answers 401.

export function createApi(send: Requester) {
  return {
    auth: authApi(send),
    boards: boardsApi(send),
    members: membersApi(send),
    invites: invitesApi(send),
    links: linksApi(send),
    activity: activityApi(send),
    health: (): Promise<Result<{ status: string }>> => getJson(send, { method: 'GET', path: '/healthz', auth: false }),
    ready: (): Promise<Result<{ status: string }>> => getJson(send, { method: 'GET', path: '/readyz', auth: false }),
  };
}

export type Api = ReturnType<typeof createApi>;

export type { ApiError, Result } from './http';
export * from './types';
