import { applyOp } from '../model/apply';
import { Doc } from '../model/doc';
import type { BoardObject, Op } from '../model/types';
import { ValidationError } from '../model/validate';
import { splitOps } from './batching';
import type { BoardCache, CachedBoard, PendingBatch } from './cache';
import { CacheWriter } from './cache-writer';
import { Listeners } from './listeners';
import { parseServerMessage, type ClientMessage, type PeerPresence, type Point, type RemoteBatch, type Role, type ServerMessage } from './messages';
import { colourFor } from './peer-colour';
import { realClock, type Clock, type Transport } from './transport';

// The sync engine keeps two states: `confirmed`, the board as of the last sequence number
// the server told us, and `view`, what the user sees: confirmed with our unacknowledged
// batches (and the ops not yet batched) re-applied on top. Remote ops go into confirmed and
// the view is re-derived for the objects they touch, so a peer's change to a property we
// changed a moment ago never flickers our value away; when our ack arrives, our batch moves
// into confirmed in the server's order, and every client converges on the same board.

export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

/** Why the engine stopped for good: the login is gone, access was removed, no such board. */
export type ClosedReason = 'unauthorized' | 'forbidden' | 'not_found';

/** `rejected`: the server refused the last token (close 4401); get a new one. */
export type TokenReason = 'connect' | 'rejected';

/**
 * The access token for a hello. null: there is no login any more (the engine stops); a
 * rejected promise: not now (the engine retries with backoff).
 */
export type TokenSource = (reason: TokenReason) => string | null | Promise<string | null>;

export interface Peer extends PeerPresence {
  colour: string;
}

export interface SyncEngineOptions {
  transport: Transport;
  clock?: Clock;
  cache?: BoardCache;
  name?: string;
  /**
   * The caller's role as known before the welcome; null when unknown (nothing can be edited
   * until it is). Without this option the engine assumes an editor.
   */
  role?: Role | null;
  /** Gives the access token sent in each hello; without it the hello carries none. */
  token?: TokenSource;
  /** Called when local ops are waiting to be batched; the browser passes requestAnimationFrame. */
  scheduleFlush?: (flush: () => void) => void;
  /** A random key that makes this engine's batch ids unique. */
  clientKey?: string;
}

export interface ChangeEvent {
  /** Ids whose object in the view may have changed (created, changed or deleted). */
  ids: ReadonlySet<string>;
  /** The whole view was replaced: listeners should rebuild rather than patch. */
  reset: boolean;
}

type Listener<T> = (value: T) => void;

const PRESENCE_INTERVAL_MS = 50;
const MAX_BACKOFF_MS = 10_000;
// A token refused this many times in a row (each after a refresh) means the login is gone.
const MAX_AUTH_REJECTIONS = 3;

function randomKey(): string {
  return Math.random().toString(36).slice(2, 10).padEnd(8, '0');
}

interface InFlightBatch extends PendingBatch {
  sent: boolean;
}

export class SyncEngine {
  readonly confirmed = new Doc();
  readonly view = new Doc();
  readonly peers = new Map<string, Peer>();
  seq = 0;
  status: ConnectionStatus = 'connecting';
  clientId: string | null = null;
  lastError: string | null = null;
  /** Our role on the board: from the welcome and `role` messages (or what was known before). */
  role: Role | null;
  /** Set when the engine stopped for good; it does not reconnect. */
  closed: ClosedReason | null = null;

  private readonly transport: Transport;
  private readonly clock: Clock;
  private readonly scheduleFlush: (flush: () => void) => void;
  private readonly clientKey: string;
  private name: string | undefined;
  private readonly tokenSource: TokenSource | undefined;

  private pending: InFlightBatch[] = [];
  private openOps: Op[] = [];
  private openIndex = new Map<string, number>();
  private flushScheduled = false;
  private batchCounter = 0;

  private joined = false;
  private started = false;
  private reconnectAttempts = 0;
  private reconnectTimer: unknown = null;
  /** Bumped by every connection attempt, so a late token answer for an old one is ignored. */
  private connectGeneration = 0;
  private authRejections = 0;
  private presence: { cursor: Point | null; selection: string[] } = { cursor: null, selection: [] };
  private presenceDirty = false;
  private presenceTimer: unknown = null;
  private readonly cacheWriter: CacheWriter;

  private readonly changeListeners = new Listeners<ChangeEvent>();
  private readonly statusListeners = new Listeners<ConnectionStatus>();
  private readonly peerListeners = new Listeners<ReadonlyMap<string, Peer>>();
  private readonly errorListeners = new Listeners<string>();
  private readonly pendingListeners = new Listeners<number>();
  private readonly roleListeners = new Listeners<Role | null>();
  private readonly closedListeners = new Listeners<ClosedReason>();
  private readonly discardListeners = new Listeners<number>();

  constructor(options: SyncEngineOptions) {
    this.transport = options.transport;
    this.clock = options.clock ?? realClock;
    this.name = options.name;
    this.role = options.role === undefined ? 'editor' : options.role;
    this.tokenSource = options.token;
    this.scheduleFlush = options.scheduleFlush ?? ((flush) => this.clock.setTimeout(flush, 0));
    this.clientKey = options.clientKey ?? randomKey();
    this.cacheWriter = new CacheWriter(options.cache, this.clock, {
      flush: () => this.flush(),
      pending: () => this.pending,
      seq: () => this.seq,
      confirmed: () => this.confirmed.values(),
    });
  }

  // ---- Subscriptions -------------------------------------------------------------------

  onChange(listener: Listener<ChangeEvent>): () => void {
    return this.changeListeners.add(listener);
  }

  onStatus(listener: Listener<ConnectionStatus>): () => void {
    return this.statusListeners.add(listener);
  }

  onPeers(listener: Listener<ReadonlyMap<string, Peer>>): () => void {
    return this.peerListeners.add(listener);
  }

  /** Called when the number of unacknowledged batches changes. */
  onPendingChange(listener: Listener<number>): () => void {
    return this.pendingListeners.add(listener);
  }

  onError(listener: Listener<string>): () => void {
    return this.errorListeners.add(listener);
  }

  /** Called when our role changes (welcome, `role` message, or refused ops). */
  onRole(listener: Listener<Role | null>): () => void {
    return this.roleListeners.add(listener);
  }

  /** Called once when the engine stops for good (close codes 4401 after retries, 4403, 4404). */
  onClosed(listener: Listener<ClosedReason>): () => void {
    return this.closedListeners.add(listener);
  }

  /** Called with the number of local ops dropped because we may not edit (any more). */
  onDiscard(listener: Listener<number>): () => void {
    return this.discardListeners.add(listener);
  }

  /** Whether local edits are allowed: editors and owners. */
  get canEdit(): boolean {
    return this.role === 'editor' || this.role === 'owner';
  }

  /**
   * The role as another source knows it (the HTTP API), used until the server's welcome
   * says; once joined, the WebSocket is the authority.
   */
  noteRole(role: Role): void {
    if (!this.joined) this.applyRole(role);
  }

  // ---- Life cycle ----------------------------------------------------------------------

  /** Loads what a previous page kept (before start): its confirmed state and pending batches. */
  restore(cached: CachedBoard): void {
    this.confirmed.clear();
    for (const object of cached.objects) this.confirmed.put(object.id, object);
    this.seq = cached.seq;
    this.pending = cached.pending.map((batch) => ({ ...batch, sent: false }));
    this.rebuildView();
  }

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.connect();
  }

  /** Disconnects; `save: false` writes nothing more to the cache (the page forgets the board). */
  stop({ save = true }: { save?: boolean } = {}): void {
    this.started = false;
    this.connectGeneration++;
    if (this.reconnectTimer !== null) this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.presenceTimer !== null) this.clock.clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
    this.transport.disconnect();
    this.joined = false;
    this.setStatus('offline');
    if (save) this.saveConfirmedNow();
    else this.cacheWriter.cancel();
  }

  setName(name: string): void {
    this.name = name;
  }

  /** Drops the connection and opens a new one at once (say, to announce a new name). */
  reconnect(): void {
    if (!this.started) return;
    this.transport.disconnect();
    this.onClose(4001);
  }

  /** Number of batches the server has not acknowledged, counting ops not yet batched as one. */
  get pendingCount(): number {
    return this.pending.length + (this.openOps.length > 0 ? 1 : 0);
  }

  pendingBatches(): readonly PendingBatch[] {
    return this.pending;
  }

  // ---- Local edits ---------------------------------------------------------------------

  /** Applies local ops to the view at once and queues them for the next batch. */
  applyLocal(ops: readonly Op[]): void {
    // A viewer's edits would be refused: they are never made, so never sent.
    if (ops.length === 0 || !this.canEdit) return;
    const touched = new Set<string>();
    for (const op of ops) {
      this.view.put(op.id, applyOp(this.view.get(op.id), op));
      touched.add(op.id);
      this.enqueue(op);
    }
    this.emitChange(touched, false);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.scheduleFlush(() => this.flush());
    }
  }

  /** Turns the queued local ops into batches and sends them (when connected). */
  flush(): void {
    this.flushScheduled = false;
    if (this.openOps.length === 0) return;
    if (!this.canEdit) {
      this.dropUnsent();
      return;
    }
    const ops = this.openOps;
    this.openOps = [];
    this.openIndex = new Map();
    for (const chunk of splitOps(ops)) {
      const batch: InFlightBatch = { id: `${this.clientKey}-${++this.batchCounter}`, ops: chunk, sent: false };
      this.pending.push(batch);
      if (this.joined) this.sendBatch(batch);
    }
    this.schedulePendingSave();
  }

  setPresence(cursor: Point | null, selection: readonly string[]): void {
    this.presence = { cursor, selection: [...selection] };
    this.presenceDirty = true;
    if (this.presenceTimer === null) this.sendPresence();
  }

  /** Merges an op into the open batch: consecutive sets of one object become one op. */
  private enqueue(op: Op): void {
    const lastIndex = this.openIndex.get(op.id);
    const last = lastIndex === undefined ? undefined : this.openOps[lastIndex];
    if (op.op === 'set' && last && lastIndex !== undefined) {
      if (last.op === 'set') {
        this.openOps[lastIndex] = { op: 'set', id: op.id, props: { ...last.props, ...op.props } };
        return;
      }
      if (last.op === 'put') {
        const merged = applyOp({ id: last.id, kind: last.kind, props: last.props }, op);
        if (merged) this.openOps[lastIndex] = { op: 'put', id: op.id, kind: merged.kind, props: { ...merged.props } };
        return;
      }
    }
    this.openIndex.set(op.id, this.openOps.length);
    this.openOps.push(op.op === 'set' ? { ...op, props: { ...op.props } } : { ...op });
  }

  // ---- Connection ----------------------------------------------------------------------

  private connect(): void {
    this.reconnectTimer = null;
    // After a drop the board stays "offline" until a reconnect is welcomed.
    if (this.status !== 'offline') this.setStatus('connecting');
    const generation = ++this.connectGeneration;
    if (!this.tokenSource) return this.openSocket(undefined);
    let token: string | null | Promise<string | null>;
    try {
      token = this.tokenSource(this.authRejections > 0 ? 'rejected' : 'connect');
    } catch {
      return this.onClose(1006);
    }
    if (token === null || typeof token === 'string') return this.openSocket(token);
    token.then(
      (value) => {
        if (generation === this.connectGeneration && this.started) this.openSocket(value);
      },
      () => {
        // No token now (the server is unreachable, say): the usual backoff.
        if (generation === this.connectGeneration && this.started) this.onClose(1006);
      },
    );
  }

  private openSocket(token: string | null | undefined): void {
    if (token === null) return this.finish('unauthorized');
    this.transport.connect({
      open: () => {
        const hello: ClientMessage = { type: 'hello', since: this.seq };
        if (token !== undefined) hello.token = token;
        if (this.name) hello.name = this.name.slice(0, 64);
        this.send(hello);
      },
      message: (text) => this.receiveFrame(text),
      close: (code) => this.onClose(code),
    });
  }

  /** Stops for good: the board is gone, access was removed, or the login cannot be renewed. */
  private finish(reason: ClosedReason): void {
    this.started = false;
    this.connectGeneration++;
    if (this.reconnectTimer !== null) this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.transport.disconnect();
    this.joined = false;
    this.setStatus('offline');
    if (reason === 'unauthorized') {
      // Logging in again brings the page back with whatever was not saved yet.
      this.saveConfirmedNow();
    } else {
      // Nothing of this board may be kept: do not write it again after the page clears it.
      this.cacheWriter.cancel();
    }
    if (this.closed) return;
    this.closed = reason;
    this.closedListeners.emit(reason);
  }

  private onClose(code: number): void {
    const wasJoined = this.joined;
    this.joined = false;
    this.clientId = null;
    for (const batch of this.pending) batch.sent = false;
    if (this.presenceTimer !== null) this.clock.clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
    if (this.peers.size > 0) {
      this.peers.clear();
      this.emitPeers();
    }
    this.setStatus('offline');
    if (!this.started) return;
    if (code === 4403) return this.finish('forbidden');
    if (code === 4404) return this.finish('not_found');
    // 4001: we fell behind; the server wants us back at once, resynced with `since`. A
    // connection that never got its welcome backs off instead, so a board whose welcome
    // cannot be delivered does not become a reconnect storm.
    let delay = code === 4001 && wasJoined ? 0 : this.backoffDelay();
    if (code === 4401) {
      // The token was refused: reconnect with a refreshed one (at once the first time).
      if (!this.tokenSource || ++this.authRejections > MAX_AUTH_REJECTIONS) return this.finish('unauthorized');
      if (this.authRejections === 1) delay = 0;
    }
    this.reconnectAttempts++;
    if (this.reconnectTimer !== null) this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = this.clock.setTimeout(() => this.connect(), delay);
  }

  private backoffDelay(): number {
    const base = Math.min(MAX_BACKOFF_MS, 300 * 2 ** this.reconnectAttempts);
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  private send(message: ClientMessage): void {
    this.transport.send(JSON.stringify(message));
  }

  private sendBatch(batch: InFlightBatch): void {
    if (!this.canEdit) return;
    batch.sent = true;
    this.send({ type: 'ops', batch: batch.id, ops: batch.ops });
  }

  private sendPresence(): void {
    this.presenceTimer = null;
    if (!this.presenceDirty || !this.joined) return;
    this.presenceDirty = false;
    this.send({ type: 'presence', cursor: this.presence.cursor, selection: this.presence.selection.slice(0, 10_000) });
    this.presenceTimer = this.clock.setTimeout(() => this.sendPresence(), PRESENCE_INTERVAL_MS);
  }

  // ---- Server messages -----------------------------------------------------------------

  /** Handles one text frame: a message or an array of messages. */
  receiveFrame(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.reportError('the server sent a frame that is not JSON');
      return;
    }
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      let message: ServerMessage;
      try {
        message = parseServerMessage(item);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        this.reportError(`ignored a message from the server: ${error.message}`);
        continue;
      }
      this.receive(message);
    }
  }

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        if ('objects' in message) this.onSnapshot(message.client, message.role, message.seq, message.objects);
        else this.onCatchUp(message.client, message.role, message.seq, message.ops);
        return;
      case 'role':
        this.applyRole(message.role);
        return;
      case 'ack':
        this.onAck(message.batch, message.seq, message.ops);
        return;
      case 'ops':
        this.onRemoteBatch(message);
        return;
      case 'presence':
        this.onPresence(message.peers);
        return;
      case 'leave':
        if (this.peers.delete(message.client)) this.emitPeers();
        return;
      case 'error':
        this.onServerError(message.code, message.message, message.batch);
        return;
      case 'pong':
        return;
    }
  }

  private onSnapshot(client: string, role: Role | null, seq: number, objects: BoardObject[]): void {
    // The server's snapshot replaces whatever we had (also when we had seen more than it has).
    this.confirmed.clear();
    for (const object of objects) this.confirmed.put(object.id, object);
    this.seq = seq;
    this.rebuildView();
    this.join(client, role);
  }

  private onCatchUp(client: string, role: Role | null, seq: number, batches: RemoteBatch[]): void {
    const touched = new Set<string>();
    for (const batch of batches) {
      if (batch.seq <= this.seq) continue;
      this.confirmed.applyOps(batch.ops, touched);
      this.seq = batch.seq;
    }
    this.seq = Math.max(this.seq, seq);
    this.rederive(touched);
    this.join(client, role);
  }

  private join(client: string, role: Role | null): void {
    // A server without roles sends none: it lets everyone edit.
    this.applyRole(role ?? this.role ?? 'editor');
    this.clientId = client;
    this.joined = true;
    this.reconnectAttempts = 0;
    this.authRejections = 0;
    this.setStatus('connected');
    this.scheduleConfirmedSave();
    // Re-sent batches keep their ids: the server applies each once, whatever we re-send.
    for (const batch of this.pending) this.sendBatch(batch);
    this.presenceDirty = true;
    this.sendPresence();
  }

  private onAck(batchId: string, seq: number, effectiveOps: Op[] | undefined): void {
    const index = this.pending.findIndex((batch) => batch.id === batchId);
    if (index < 0) return;
    const [batch] = this.pending.splice(index, 1);
    if (!batch) return;
    // An ack for a seq we already have means the batch reached us in a catch-up welcome.
    if (seq > this.seq) {
      const touched = new Set<string>();
      this.confirmed.applyOps(effectiveOps ?? batch.ops, touched);
      this.seq = seq;
      if (effectiveOps) this.rederive(touched);
    } else {
      // Our ops were re-applied on top of later batches until now; drop them from the view.
      this.rederive(new Set(batch.ops.map((op) => op.id)));
    }
    this.schedulePendingSave();
    this.scheduleConfirmedSave();
  }

  private onRemoteBatch(batch: RemoteBatch): void {
    if (batch.seq <= this.seq) return;
    const touched = new Set<string>();
    this.confirmed.applyOps(batch.ops, touched);
    this.seq = batch.seq;
    this.rederive(touched);
    this.scheduleConfirmedSave();
  }

  private onPresence(peers: PeerPresence[]): void {
    for (const peer of peers) {
      if (peer.client === this.clientId) continue;
      this.peers.set(peer.client, { ...peer, colour: colourFor(peer.client) });
    }
    this.emitPeers();
  }

  private onServerError(code: string, message: string, batchId: string | undefined): void {
    if (code === 'storage_error') {
      // The board is unavailable, not our batch wrong: keep everything and come back later.
      this.reportError(`${code}: ${message}`);
      this.transport.disconnect();
      this.onClose(4002);
      return;
    }
    if (batchId === undefined && (code === 'unauthorized' || code === 'not_found') && !this.joined) {
      // The hello was refused; the close (4401, 4404) follows, but need not be waited for.
      this.transport.disconnect();
      this.onClose(code === 'unauthorized' ? 4401 : 4404);
      return;
    }
    let dropped: InFlightBatch | undefined;
    if (batchId !== undefined) {
      const index = this.pending.findIndex((batch) => batch.id === batchId);
      dropped = this.pending[index];
      if (dropped) {
        // The batch was refused whole: take its ops back out of the view.
        this.pending.splice(index, 1);
        this.schedulePendingSave();
        this.rederive(new Set(dropped.ops.map((op) => op.id)));
      }
    }
    if (code === 'forbidden') {
      // Only a viewer's ops are refused so: we are one now, whatever we thought.
      this.applyRole('viewer');
      if (dropped) this.emitDiscard(dropped.ops.length);
      return;
    }
    this.reportError(`${code}: ${message}`);
  }

  private applyRole(role: Role): void {
    const changed = role !== this.role;
    this.role = role;
    // Known not to be an editor: what was not sent never will be.
    if (!this.canEdit) this.dropUnsent();
    if (changed) this.roleListeners.emit(role);
  }

  /**
   * Takes back every local op the server has not been sent (a viewer sends none). Batches
   * already sent stay until the server acknowledges or refuses them.
   */
  private dropUnsent(): void {
    const unsent = this.pending.filter((batch) => !batch.sent);
    if (unsent.length === 0 && this.openOps.length === 0) return;
    const ids = new Set<string>();
    let count = this.openOps.length;
    for (const op of this.openOps) ids.add(op.id);
    for (const batch of unsent) {
      count += batch.ops.length;
      for (const op of batch.ops) ids.add(op.id);
    }
    this.pending = this.pending.filter((batch) => batch.sent);
    this.openOps = [];
    this.openIndex = new Map();
    this.schedulePendingSave();
    this.rederive(ids);
    this.emitDiscard(count);
  }

  private emitDiscard(count: number): void {
    this.discardListeners.emit(count);
  }

  // ---- Deriving the view ---------------------------------------------------------------

  /** Recomputes the view objects of `ids` from confirmed plus pending and open ops. */
  private rederive(ids: Set<string>): void {
    if (ids.size === 0) return;
    const derived = new Map<string, BoardObject | undefined>();
    for (const id of ids) derived.set(id, this.confirmed.get(id));
    const replay = (op: Op) => {
      if (derived.has(op.id)) derived.set(op.id, applyOp(derived.get(op.id), op));
    };
    for (const batch of this.pending) batch.ops.forEach(replay);
    this.openOps.forEach(replay);
    const changed = new Set<string>();
    for (const [id, object] of derived) {
      if (this.view.get(id) === object) continue;
      this.view.put(id, object);
      changed.add(id);
    }
    this.emitChange(changed, false);
  }

  private rebuildView(): void {
    this.view.clear();
    for (const object of this.confirmed.values()) this.view.put(object.id, object);
    for (const batch of this.pending) this.view.applyOps(batch.ops);
    this.view.applyOps(this.openOps);
    this.emitChange(new Set(this.view.ids()), true);
  }

  // ---- Persistence and events ------------------------------------------------------------

  private scheduleConfirmedSave(): void {
    this.cacheWriter.confirmedChanged();
  }

  private schedulePendingSave(): void {
    this.pendingListeners.emit(this.pendingCount);
    this.cacheWriter.pendingChanged();
  }

  /** Writes everything to the cache now (the page is going away). */
  saveConfirmedNow(): void {
    this.cacheWriter.saveAll();
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.statusListeners.emit(status);
  }

  private emitChange(ids: Set<string>, reset: boolean): void {
    if (ids.size === 0 && !reset) return;
    const event = { ids, reset };
    this.changeListeners.emit(event);
  }

  private emitPeers(): void {
    this.peerListeners.emit(this.peers);
  }

  private reportError(message: string): void {
    this.lastError = message;
    this.errorListeners.emit(message);
  }
}
