import type { Result } from '../../api/http';

// Board thumbnails for the dashboard. The thumbnail route needs the Authorization header, so
// an <img> cannot load it by URL: the SVG is fetched and shown through an object URL. The
// SVG text is cached per board and `seq` (a board that changed gets a new picture); object
// URLs exist only while a card shows them and are revoked when the last one goes away.

export interface ThumbnailSource {
  load(boardId: string): Promise<Result<string>>;
  createUrl(svg: string): string;
  revokeUrl(url: string): void;
}

interface Entry {
  boardId: string;
  svg: string | null;
  loading: Promise<string | null> | null;
  url: string | null;
  users: number;
  used: number;
}

const MAX_ENTRIES = 300;

export class ThumbnailCache {
  private readonly entries = new Map<string, Entry>();
  private clock = 0;

  constructor(
    private readonly source: ThumbnailSource,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /**
   * An object URL of the board's picture at `seq`, or null when there is none. Every call is
   * paired with one `release`, whatever it answered.
   */
  async acquire(boardId: string, seq: number): Promise<string | null> {
    const key = keyOf(boardId, seq);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { boardId, svg: null, loading: null, url: null, users: 0, used: 0 };
      this.entries.set(key, entry);
    }
    entry.users++;
    entry.used = ++this.clock;
    this.dropOlder(boardId, key);
    if (entry.svg === null) {
      entry.loading ??= this.source.load(boardId).then((result) => (result.ok ? result.value : null));
      const svg = await entry.loading;
      entry.loading = null;
      // Failures are not cached: the next card showing it tries again.
      if (svg === null) return null;
      entry.svg = svg;
    }
    // Released while loading: nothing shows it any more.
    if (entry.users === 0 || this.entries.get(key) !== entry) return null;
    entry.url ??= this.source.createUrl(entry.svg);
    return entry.url;
  }

  release(boardId: string, seq: number): void {
    const entry = this.entries.get(keyOf(boardId, seq));
    if (!entry || entry.users === 0) return;
    entry.users--;
    if (entry.users === 0 && entry.url) {
      this.source.revokeUrl(entry.url);
      entry.url = null;
    }
    this.evict();
  }

  /** Number of object URLs alive (tests). */
  get liveUrls(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.url) n++;
    return n;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Revokes everything (the dashboard goes away). */
  clear(): void {
    for (const entry of this.entries.values()) if (entry.url) this.source.revokeUrl(entry.url);
    this.entries.clear();
  }

  /** Pictures of an older seq of the board are worth nothing once a newer one is wanted. */
  private dropOlder(boardId: string, keep: string): void {
    for (const [key, entry] of this.entries) {
      if (key !== keep && entry.boardId === boardId && entry.users === 0) this.entries.delete(key);
    }
  }

  private evict(): void {
    if (this.entries.size <= this.maxEntries) return;
    const unused = [...this.entries].filter(([, e]) => e.users === 0 && !e.loading).sort((a, b) => a[1].used - b[1].used);
    for (const [key] of unused) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

function keyOf(boardId: string, seq: number): string {
  return `${boardId}@${seq}`;
}
