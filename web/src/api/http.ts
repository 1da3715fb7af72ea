// The HTTP layer under the API functions: a request description, the fetch it goes through
// (injected, so everything here runs without a browser), and errors as values that carry the
// server's code and message.

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ApiError {
  /** The HTTP status; 0 when the server could not be reached. */
  status: number;
  /** The server's machine code (`unauthorized`, `not_found`, ...), or `network_error`. */
  code: string;
  /** The server's message, meant for people. */
  message: string;
  /** From `Retry-After` on 429 answers. */
  retryAfterSeconds?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: ApiError): Result<T> {
  return { ok: false, error };
}

/** The part of the Fetch API's Response the client reads. */
export interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface RequestInitLike {
  method: Method;
  headers: Record<string, string>;
  body?: string;
  credentials: 'same-origin';
}

/** The browser's fetch, or a test's fake. */
export type FetchLike = (url: string, init: RequestInitLike) => Promise<ResponseLike>;

export interface HttpRequest {
  method: Method;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Send the access token (default true). */
  auth?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: string;
}

/** Sends a request; answers of 400 and above come back as errors. */
export type Requester = (request: HttpRequest) => Promise<Result<HttpResponse>>;

export const NETWORK_ERROR_CODE = 'network_error';

export function networkError(): ApiError {
  return { status: 0, code: NETWORK_ERROR_CODE, message: 'The server could not be reached. Check your connection and try again.' };
}

export function buildUrl(base: string, path: string, query?: HttpRequest['query']): string {
  const params: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === false || value === '') continue;
    params.push(`${encodeURIComponent(key)}=${encodeURIComponent(value === true ? '1' : String(value))}`);
  }
  return `${base}${path}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

/** An error value from a failed answer, with the server's `{"error":{code,message}}` when present. */
export function errorFromResponse(response: HttpResponse): ApiError {
  let code = `http_${response.status}`;
  let message = `The server answered ${response.status}.`;
  try {
    const parsed = JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === 'string') code = parsed.error.code;
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
  } catch {
    // Not JSON (a proxy's error page): keep the generic code.
  }
  const error: ApiError = { status: response.status, code, message };
  const retryAfter = Number(response.headers.get('retry-after'));
  if (response.status === 429 && Number.isFinite(retryAfter) && retryAfter > 0) error.retryAfterSeconds = retryAfter;
  return error;
}

/** Sends one request through `fetch`, adding `token` as the bearer when given. */
export async function send(fetch: FetchLike, base: string, request: HttpRequest, token: string | null): Promise<Result<HttpResponse>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const init: RequestInitLike = { method: request.method, headers, credentials: 'same-origin' };
  if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(request.body);
  }
  let response: HttpResponse;
  try {
    const raw = await fetch(buildUrl(base, request.path, request.query), init);
    response = { status: raw.status, headers: raw.headers, body: await raw.text() };
  } catch {
    return fail(networkError());
  }
  return response.status >= 400 ? fail(errorFromResponse(response)) : ok(response);
}

/** Sends a request and parses the JSON answer as T. */
export async function getJson<T>(requester: Requester, request: HttpRequest): Promise<Result<T>> {
  const result = await requester(request);
  if (!result.ok) return result;
  try {
    return ok(JSON.parse(result.value.body) as T);
  } catch {
    return fail({ status: result.value.status, code: 'invalid_response', message: 'The server sent an answer that is not JSON.' });
  }
}

/** Sends a request whose answer has no body worth reading (204). */
export async function getNothing(requester: Requester, request: HttpRequest): Promise<Result<void>> {
  const result = await requester(request);
  return result.ok ? ok(undefined) : result;
}

/** Sends a request and gives the answer's body as text (an SVG thumbnail). */
export async function getText(requester: Requester, request: HttpRequest): Promise<Result<string>> {
  const result = await requester(request);
  return result.ok ? ok(result.value.body) : result;
}

export function segment(value: string): string {
  return encodeURIComponent(value);
}
