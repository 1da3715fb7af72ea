import { applyOp } from '../model/apply';
import { Doc } from '../model/doc';
import type { BoardObject, Op } from '../model/types';
import { ValidationError } from '../model/validate';
import { splitOps } from './batching';
import type { BoardCache, CachedBoard, PendingBatch } from './cache';
import { CacheWriter } from './cache-writer';
import { Connection, type ClosedReason, type TokenSource } from './connection';
import { Listeners } from './listeners';
import { parseServerMessage, type ClientMessage, type PeerPresence, type Point, type RemoteBatch, type Role, type ServerMessage } from './messages';
import { colourFor } from './peer-colour';
import { PresenceSender } from './presence-sender';
import { realClock, type Clock, type Transport } from './transport';

export type { ClosedReason, TokenReason, TokenSource } from './connection';

// The sync engine keeps two states: `confirmed`, the board as of the last sequence number
// the server told us, and `view`, what the user sees: confirmed with our unacknowledged
// batches (and the ops not yet batched) re-applied on top. Remote ops go into confirmed and
// the view is re-derived for the objects they touch, so a peer's change to a property we
// changed a moment ago never flickers our value away; when our ack arrives, our batch moves
// into confirmed in the server's order, and every client converges on the same board. Making
// and remaking the connection is `Connection`'s part, throttling our presence
// `PresenceSender`'s; what is said and what it means is the engine's.

export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

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
  /** Ids whose object in the view may have changed (created, changed or deleted); empty on a reset. */
  ids: ReadonlySet<string>;
  /** The whole view was replaced: listeners should rebuild rather than patch. */
  reset: boolean;
}

type Listener<T> = (value: T) => void;

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

  private readonly connection: Connection;
  private readonly clock: Clock;
  private readonly scheduleFlush: (flush: () => void) => void;
  private readonly clientKey: string;
  private name: string | undefined;

  private pending: InFlightBatch[] = [];
  private openOps: Op[] = [];
  private openIndex = new Map<string, number>();
  private flushScheduled = false;
  private batchCounter = 0;

  private joined = false;
  private readonly presence: PresenceSender;
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
    this.clock = options.clock ?? realClock;
    this.connection = new Connection(options.transport, this.clock, options.token, {
      // After a drop the board stays "offline" until a reconnect is welcomed.
      connecting: () => {
        if (this.status !== 'offline') this.setStatus('connecting');
      },
      open: (token) => this.sayHello(token),
      message: (text) => this.receiveFrame(text),
      lost: () => this.onLost(),
      finished: (reason) => this.onFinished(reason),
    });
    this.presence = new PresenceSender(this.clock, (message) => this.send(message));
    this.name = options.name;
    this.role = options.role === undefined ? 'editor' : options.role;
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
    if (this.closed) return;
    this.connection.start();
  }

  /** Disconnects; `save: false` writes nothing more to the cache (the page forgets the board). */
  stop({ save = true }: { save?: boolean } = {}): void {
    this.connection.stop();
    this.presence.leave();
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
    if (this.connection.active) this.connection.drop(4001);
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

  /** The selection must not change after the call (the editor replaces its set, never mutates it). */
  setPresence(cursor: Point | null, selection: Iterable<string>): void {
    this.presence.set(cursor, selection);
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

  private sayHello(token: string | undefined): void {
    const hello: ClientMessage = { type: 'hello', since: this.seq };
    if (token !== undefined) hello.token = token;
    if (this.name) hello.name = this.name.slice(0, 64);
    this.send(hello);
  }

  /** Stopped for good: the board is gone, access was removed, or the login cannot be renewed. */
  private onFinished(reason: ClosedReason): void {
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

  /** The connection dropped: what was said on it no longer holds. */
  private onLost(): void {
    this.joined = false;
    this.clientId = null;
    for (const batch of this.pending) batch.sent = false;
    this.presence.leave();
    if (this.peers.size > 0) {
      this.peers.clear();
      this.emitPeers();
    }
    this.setStatus('offline');
  }

  private send(message: ClientMessage): void {
    this.connection.send(JSON.stringify(message));
  }

  private sendBatch(batch: InFlightBatch): void {
    if (!this.canEdit) return;
    batch.sent = true;
    this.send({ type: 'ops', batch: batch.id, ops: batch.ops });
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
    this.connection.welcomed();
    this.setStatus('connected');
    this.scheduleConfirmedSave();
    // Re-sent batches keep their ids: the server applies each once, whatever we re-send.
    for (const batch of this.pending) this.sendBatch(batch);
    this.presence.join();
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
      this.connection.drop(4002);
      return;
    }
    if (batchId === undefined && (code === 'unauthorized' || code === 'not_found') && !this.joined) {
      // The hello was refused; the close (4401, 4404) follows, but need not be waited for.
      this.connection.drop(code === 'unauthorized' ? 4401 : 4404);
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
    this.view.copy(this.confirmed);
    for (const batch of this.pending) this.view.applyOps(batch.ops);
    this.view.applyOps(this.openOps);
    this.emitChange(new Set(), true);
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
