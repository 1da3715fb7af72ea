const ID_RULE = /^[A-Za-z0-9_-]{1,64}$/;

/** The board named by the URL (/b/<boardId>), or null when there is none. */
export function boardIdFromPath(pathname: string): string | null {
  const match = /^\/b\/([^/]+)\/?$/.exec(pathname);
  const id = match?.[1] ? decodeURIComponent(match[1]) : null;
  return id && ID_RULE.test(id) ? id : null;
}

export function randomBoardId(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}
