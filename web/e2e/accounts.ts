import { request, type APIRequestContext, type Browser, type BrowserContext } from 'playwright-core';
import type { Board, BoardWithObjects, Role } from '../src/api/types';

// Users and boards made through the HTTP API, so that tests start where they mean to: a
// registered user with a board, shared with whom the test needs. Each Account calls the API
// from its own request context with its own login session; a browser context gets another
// login (its refresh cookie), so the page and the test never rotate each other's cookie.

const PASSWORD = 'correct horse battery staple';
let counter = 0;

export function uniqueEmail(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}-${Date.now().toString(36)}-${++counter}@example.com`;
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export class Account {
  private constructor(
    readonly origin: string,
    private readonly http: APIRequestContext,
    readonly id: string,
    readonly email: string,
    readonly name: string,
    readonly password: string,
    private token: string,
  ) {}

  /** Registers a new user (a fresh email) through the API. */
  static async register(origin: string, name: string, email = uniqueEmail(name)): Promise<Account> {
    const http = await request.newContext({ baseURL: origin });
    const response = await http.post('/api/auth/register', { data: { email, password: PASSWORD, name } });
    if (response.status() !== 201) throw new Error(`register ${email}: ${response.status()} ${await response.text()}`);
    const body = (await response.json()) as { user: { id: string }; accessToken: string };
    return new Account(origin, http, body.user.id, email, name, PASSWORD, body.accessToken);
  }

  /** An account registered elsewhere (say, through the UI), for its API. */
  static async login(origin: string, email: string, password = PASSWORD): Promise<Account> {
    const http = await request.newContext({ baseURL: origin });
    const response = await http.post('/api/auth/login', { data: { email, password } });
    if (response.status() !== 200) throw new Error(`login ${email}: ${response.status()} ${await response.text()}`);
    const body = (await response.json()) as { user: { id: string; name: string }; accessToken: string };
    return new Account(origin, http, body.user.id, email, body.user.name, password, body.accessToken);
  }

  /** Calls the API with this user's access token (logging in again once if it expired). */
  async call<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, data?: unknown): Promise<ApiAnswer<T>> {
    const send = () => this.http.fetch(path, { method, data, headers: { authorization: `Bearer ${this.token}` } });
    let response = await send();
    if (response.status() === 401) {
      const login = await this.http.post('/api/auth/login', { data: { email: this.email, password: this.password } });
      if (login.ok()) this.token = ((await login.json()) as { accessToken: string }).accessToken;
      response = await send();
    }
    const text = await response.text();
    return { status: response.status(), body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** A new board owned by this user. */
  async createBoard(name: string, id?: string): Promise<Board> {
    const answer = await this.call<{ board: Board }>('POST', '/api/boards', id ? { name, id } : { name });
    if (answer.status !== 201) throw new Error(`create board ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.board;
  }

  async board(id: string): Promise<ApiAnswer<BoardWithObjects>> {
    return this.call<BoardWithObjects>('GET', `/api/boards/${id}`);
  }

  /** Invites `other` by email and has them accept: they are now a member with `role`. */
  async share(boardId: string, other: Account, role: Role): Promise<void> {
    const invite = await this.call<{ token: string }>('POST', `/api/boards/${boardId}/invites`, { email: other.email, role });
    if (invite.status !== 201) throw new Error(`invite ${other.email}: ${invite.status} ${JSON.stringify(invite.body)}`);
    const accepted = await other.call('POST', `/api/invites/${invite.body.token}/accept`);
    if (accepted.status !== 200) throw new Error(`accept invite: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  }

  /** A browser context logged in as this user: it holds its own refresh cookie. */
  async browserContext(browser: Browser): Promise<BrowserContext> {
    const context = await newContext(browser);
    const response = await context.request.post(`${this.origin}/api/auth/login`, { data: { email: this.email, password: this.password } });
    if (response.status() !== 200) throw new Error(`browser login ${this.email}: ${response.status()} ${await response.text()}`);
    return context;
  }

  async dispose(): Promise<void> {
    await this.http.dispose();
  }
}

/** A browser context (its own cookies and storage: another person), logged in as nobody. */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  context.setDefaultTimeout(15_000);
  return context;
}
