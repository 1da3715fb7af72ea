import { getJson, getNothing, type Requester, type Result } from './http';
import type { AuthGrant, User } from './types';

// Authentication routes. The refresh token travels only as the HttpOnly cookie the server
// sets (path /api/auth); these functions never see it.

export function authApi(send: Requester) {
  return {
    register: (email: string, password: string, name: string): Promise<Result<AuthGrant>> =>
      getJson(send, { method: 'POST', path: '/api/auth/register', body: { email, password, name }, auth: false }),
    login: (email: string, password: string): Promise<Result<AuthGrant>> =>
      getJson(send, { method: 'POST', path: '/api/auth/login', body: { email, password }, auth: false }),
    /** Trades the refresh cookie for a new access token (and a rotated cookie). */
    refresh: (): Promise<Result<AuthGrant>> => getJson(send, { method: 'POST', path: '/api/auth/refresh', auth: false }),
    /** Ends this login session and clears the cookie. */
    logout: (): Promise<Result<void>> => getNothing(send, { method: 'POST', path: '/api/auth/logout', auth: false }),
    /** Ends every login session of the user. */
    logoutAll: (): Promise<Result<void>> => getNothing(send, { method: 'POST', path: '/api/auth/logout-all' }),
    me: (): Promise<Result<{ user: User }>> => getJson(send, { method: 'GET', path: '/api/me' }),
  };
}
