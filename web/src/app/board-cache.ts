import type { BoardObject } from '../model/types';
import { parseObject, parseOps } from '../model/validate';
import type { BoardCache, CachedBoard, PendingBatch } from '../sync/cache';

// Keeps a board across page reloads: pending batches in localStorage (small, written
// synchronously, so an edit made just before closing the tab survives), the last confirmed
// state in IndexedDB (large, written in the background in chunks during idle time, so a
// 100,000-object board never blocks a frame; a small record naming the complete set of
// chunks is written last, so a reload never sees half a save).

const DB_NAME = 'collabcanvas';
const STORE = 'boards';

let shared: Promise<IDBDatabase> | null = null;

/** The page's connection to the cache database: opened once, as early as a board page starts. */
export function boardDatabase(): Promise<IDBDatabase> {
  if (!shared) {
    const opening = openDb();
    shared = opening;
    // A failed open is tried again by the next caller.
    opening.catch(() => {
      if (shared === opening) shared = null;
    });
  }
  return shared;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

interface StoredMeta {
  seq: number;
  generation: number;
  chunks: number;
}

const CHUNK = 5000;
const ADOPT_AFTER_MS = 15_000;

interface StoredPending {
  updated: number;
  batches: { id: string; ops: unknown }[];
}

const PENDING_PREFIX = 'collabcanvas:pending:';

function pendingPrefix(key: string): string {
  return `${PENDING_PREFIX}${key}:`;
}

function tabId(): string {
  const key = 'collabcanvas:tab';
  try {
    let id = sessionStorage.getItem(key);
    if (!id) {
      id = Math.random().toString(36).slice(2, 10);
      sessionStorage.setItem(key, id);
    }
    return id;
  } catch {
    return 'tab';
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function idle(): Promise<void> {
  return new Promise((resolve) => {
    if ('requestIdleCallback' in window && document.visibilityState === 'visible') requestIdleCallback(() => resolve(), { timeout: 2000 });
    else setTimeout(resolve, 0);
  });
}

export class BrowserBoardCache implements BoardCache {
  private readonly pendingKey: string;
  private savedSeq = -1;
  private saveToken = 0;

  /** The board's key: per user, so nobody sees what another login of this browser kept. */
  private readonly key: string;

  constructor(boardId: string, userId: string) {
    this.key = `${userId}/${boardId}`;
    // One key per tab (sessionStorage survives a reload, not a new tab), so two tabs on one
    // board do not overwrite each other's unsent edits.
    this.pendingKey = `${pendingPrefix(this.key)}${tabId()}`;
  }

  /** Forgets everything kept for this board (its access was removed, or it is gone). */
  async clear(): Promise<void> {
    // Abandons a save under way.
    this.saveToken++;
    this.savedSeq = -1;
    try {
      const prefix = pendingPrefix(this.key);
      for (const key of Object.keys(localStorage)) if (key.startsWith(prefix)) localStorage.removeItem(key);
    } catch {
      // No storage: nothing kept.
    }
    try {
      const store = (await this.database()).transaction(STORE, 'readwrite').objectStore(STORE);
      store.delete(this.key);
      store.delete(IDBKeyRange.bound(`${this.key}#`, `${this.key}#\uffff`));
    } catch {
      // Nothing to delete.
    }
  }

  private database(): Promise<IDBDatabase> {
    return boardDatabase();
  }

  async load(): Promise<CachedBoard | undefined> {
    const pending = this.loadPending();
    let objects: BoardObject[] = [];
    let seq = 0;
    try {
      const store = (await this.database()).transaction(STORE, 'readonly').objectStore(STORE);
      const meta = (await request(store.get(this.key))) as StoredMeta | undefined;
      if (meta && typeof meta.chunks === 'number') {
        const chunks = await Promise.all(Array.from({ length: meta.chunks }, (_, i) => request(store.get(this.chunkKey(meta.generation, i)))));
        objects = chunks.flatMap((chunk) => (Array.isArray(chunk) ? chunk : [])).map(parseObject);
        seq = meta.seq;
        this.savedSeq = seq;
      }
    } catch {
      // A damaged or missing copy is worth nothing: start from the server's snapshot.
      objects = [];
      seq = 0;
    }
    if (seq === 0 && pending.length === 0) return undefined;
    return { seq, objects, pending };
  }

  private chunkKey(generation: number, index: number): string {
    return `${this.key}#${generation}#${index}`;
  }

  /**
   * This tab's pending batches, plus those of tabs that have not written for a while (most
   * likely closed): re-sending another tab's batch is safe, the server applies each batch id
   * once.
   */
  private loadPending(): PendingBatch[] {
    const batches: PendingBatch[] = [];
    const seen = new Set<string>();
    try {
      const prefix = pendingPrefix(this.key);
      const keys = Object.keys(localStorage).filter((key) => key.startsWith(prefix));
      for (const key of keys) {
        const stored = JSON.parse(localStorage.getItem(key) ?? 'null') as StoredPending | null;
        if (!stored || !Array.isArray(stored.batches)) continue;
        const own = key === this.pendingKey;
        if (!own && Date.now() - stored.updated < ADOPT_AFTER_MS) continue;
        for (const batch of stored.batches) {
          const id = String(batch.id);
          if (seen.has(id)) continue;
          seen.add(id);
          batches.push({ id, ops: parseOps(batch.ops) });
        }
        if (!own) localStorage.removeItem(key);
      }
    } catch {
      // Unreadable: nothing to re-send.
    }
    return batches;
  }

  savePending(pending: readonly PendingBatch[]): void {
    try {
      if (pending.length === 0) localStorage.removeItem(this.pendingKey);
      else {
        const stored: StoredPending = { updated: Date.now(), batches: pending.map((b) => ({ id: b.id, ops: b.ops })) };
        localStorage.setItem(this.pendingKey, JSON.stringify(stored));
      }
    } catch {
      // Over the storage quota (large images): the edits still go to the server when online.
    }
  }

  saveConfirmed(seq: number, objects: Iterable<BoardObject>): void {
    if (seq === this.savedSeq) return;
    const token = ++this.saveToken;
    const all = [...objects];
    void this.writeChunks(token, seq, all).catch(() => undefined);
  }

  private async writeChunks(token: number, seq: number, objects: BoardObject[]): Promise<void> {
    const db = await this.database();
    const generation = Date.now();
    const chunks = Math.ceil(objects.length / CHUNK);
    for (let i = 0; i < chunks; i++) {
      await idle();
      if (token !== this.saveToken) {
        // A newer save took over: drop what this one wrote.
        db.transaction(STORE, 'readwrite').objectStore(STORE).delete(IDBKeyRange.bound(`${this.key}#${generation}#`, `${this.key}#${generation}#\uffff`));
        return;
      }
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(objects.slice(i * CHUNK, (i + 1) * CHUNK), this.chunkKey(generation, i));
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
    }
    if (token !== this.saveToken) return;
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    const previous = (await request(store.get(this.key))) as StoredMeta | undefined;
    store.put({ seq, generation, chunks } satisfies StoredMeta, this.key);
    if (previous && previous.generation !== generation) {
      store.delete(IDBKeyRange.bound(`${this.key}#${previous.generation}#`, `${this.key}#${previous.generation}#\uffff`));
    }
    this.savedSeq = seq;
  }
}

/** Forgets every board kept by this browser (on logout). */
export async function clearAllBoardCaches(): Promise<void> {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PENDING_PREFIX)) localStorage.removeItem(key);
  } catch {
    // No storage: nothing kept.
  }
  try {
    const db = await openDb();
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).clear();
    await new Promise((resolve) => {
      tx.oncomplete = resolve;
      tx.onerror = resolve;
    });
    db.close();
  } catch {
    // Nothing to clear.
  }
}
