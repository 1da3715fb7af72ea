import { applyOp } from '../model/apply';
import { Doc } from '../model/doc';
import type { BoardObject, Op, PutOp } from '../model/types';
import { ValidationError } from '../model/validate';
import type { BoardCache, CachedBoard, PendingBatch } from './cache';
import { parseServerMessage, type ClientMessage, type PeerPresence, type Point, type RemoteBatch, type Role, type ServerMessage } from './messages';
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

const MAX_OPS_PER_BATCH = 5000;
// Keeps a batch well inside the server's 1 MiB frame limit.
const MAX_BATCH_BYTES = 900_000;
const PRESENCE_INTERVAL_MS = 50;
// The confirmed state is saved once edits pause (it can be large); pending batches are
// saved soon after every change (they are what a reload must not lose).
const CONFIRMED_SAVE_DELAY_MS = 2000;
// A page that closes normally saves at once (pagehide); this bounds what a crash can lose.
const PENDING_SAVE_DELAY_MS = 1000;
const MAX_BACKOFF_MS = 10_000;
// A token refused this many times in a row (each after a refresh) means the login is gone.
const MAX_AUTH_REJECTIONS = 3;
const PEER_COLOURS = ['#e5484d', '#0091ff', '#30a46c', '#f76b15', '#8e4ec6', '#d6409f', '#12a594', '#ad7f58', '#3e63dd', '#e54666'];

function randomKey(): string {
  return Math.random().toString(36).slice(2, 10).padEnd(8, '0');
}

function colourFor(client: string): string {
  let hash = 0;
  for (let i = 0; i < client.length; i++) hash = (hash * 31 + client.charCodeAt(i)) | 0;
  return PEER_COLOURS[Math.abs(hash) % PEER_COLOURS.length] ?? '#e5484d';
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
  private readonly cache: BoardCache | undefined;
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
  private confirmedSaveTimer: unknown = null;
  private pendingSaveTimer: unknown = null;

  private readonly changeListeners = new Set<Listener<ChangeEvent>>();
  private readonly statusListeners = new Set<Listener<ConnectionStatus>>();
  private readonly peerListeners = new Set<Listener<ReadonlyMap<string, Peer>>>();
  private readonly errorListeners = new Set<Listener<string>>();
  private readonly pendingListeners = new Set<Listener<number>>();
  private readonly roleListeners = new Set<Listener<Role | null>>();
  private readonly closedListeners = new Set<Listener<ClosedReason>>();
  private readonly discardListeners = new Set<Listener<number>>();

  constructor(options: SyncEngineOptions) {
    this.transport = options.transport;
    this.clock = options.clock ?? realClock;
    this.cache = options.cache;
    this.name = options.name;
    this.role = options.role === undefined ? 'editor' : options.role;
    this.tokenSource = options.token;
    this.scheduleFlush = options.scheduleFlush ?? ((flush) => this.clock.setTimeout(flush, 0));
    this.clientKey = options.clientKey ?? randomKey();
  }

  // ---- Subscriptions -------------------------------------------------------------------

  onChange(listener: Listener<ChangeEvent>): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onStatus(listener: Listener<ConnectionStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onPeers(listener: Listener<ReadonlyMap<string, Peer>>): () => void {
    this.peerListeners.add(listener);
    return () => this.peerListeners.delete(listener);
  }

  /** Called when the number of unacknowledged batches changes. */
  onPendingChange(listener: Listener<number>): () => void {
    this.pendingListeners.add(listener);
    return () => this.pendingListeners.delete(listener);
  }

  onError(listener: Listener<string>): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Called when our role changes (welcome, `role` message, or refused ops). */
  onRole(listener: Listener<Role | null>): () => void {
    this.roleListeners.add(listener);
    return () => this.roleListeners.delete(listener);
  }

  /** Called once when the engine stops for good (close codes 4401 after retries, 4403, 4404). */
  onClosed(listener: Listener<ClosedReason>): () => void {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  /** Called with the number of local ops dropped because we may not edit (any more). */
  onDiscard(listener: Listener<number>): () => void {
    this.discardListeners.add(listener);
    return () => this.discardListeners.delete(listener);
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
    else this.cancelSaves();
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
      this.cancelSaves();
    }
    if (this.closed) return;
    this.closed = reason;
    for (const listener of [...this.closedListeners]) listener(reason);
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
    if (changed) for (const listener of [...this.roleListeners]) listener(role);
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
    for (const listener of [...this.discardListeners]) listener(count);
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
    if (!this.cache) return;
    if (this.confirmedSaveTimer !== null) this.clock.clearTimeout(this.confirmedSaveTimer);
    this.confirmedSaveTimer = this.clock.setTimeout(() => this.saveConfirmedNow(), CONFIRMED_SAVE_DELAY_MS);
  }

  private schedulePendingSave(): void {
    for (const listener of this.pendingListeners) listener(this.pendingCount);
    if (!this.cache || this.pendingSaveTimer !== null) return;
    this.pendingSaveTimer = this.clock.setTimeout(() => this.savePendingNow(), PENDING_SAVE_DELAY_MS);
  }

  private savePendingNow(): void {
    if (this.pendingSaveTimer !== null) this.clock.clearTimeout(this.pendingSaveTimer);
    this.pendingSaveTimer = null;
    this.cache?.savePending(this.pending);
  }

  /** Writes everything to the cache now (the page is going away). */
  saveConfirmedNow(): void {
    if (this.confirmedSaveTimer !== null) this.clock.clearTimeout(this.confirmedSaveTimer);
    this.confirmedSaveTimer = null;
    this.flush();
    this.savePendingNow();
    this.cache?.saveConfirmed(this.seq, this.confirmed.values());
  }

  private cancelSaves(): void {
    for (const timer of [this.confirmedSaveTimer, this.pendingSaveTimer]) if (timer !== null) this.clock.clearTimeout(timer);
    this.confirmedSaveTimer = null;
    this.pendingSaveTimer = null;
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }

  private emitChange(ids: Set<string>, reset: boolean): void {
    if (ids.size === 0 && !reset) return;
    const event = { ids, reset };
    for (const listener of this.changeListeners) listener(event);
  }

  private emitPeers(): void {
    for (const listener of this.peerListeners) listener(this.peers);
  }

  private reportError(message: string): void {
    this.lastError = message;
    for (const listener of this.errorListeners) listener(message);
  }
}

/** Splits ops into batches within the server's op count and frame size limits. */
function splitOps(ops: Op[]): Op[][] {
  const chunks: Op[][] = [];
  let chunk: Op[] = [];
  let bytes = 0;
  for (const op of ops) {
    const size = estimateBytes(op);
    if (chunk.length > 0 && (chunk.length >= MAX_OPS_PER_BATCH || bytes + size > MAX_BATCH_BYTES)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(op);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

function estimateBytes(op: Op): number {
  if (op.op === 'del') return 40;
  // Strings dominate (text, image data URLs); everything else is small.
  let bytes = 80;
  for (const value of Object.values(op.props as PutOp['props'])) {
    if (typeof value === 'string') bytes += value.length * 3 + 16;
    else if (Array.isArray(value)) bytes += value.length * 12;
    else bytes += 24;
  }
  return bytes;
}
