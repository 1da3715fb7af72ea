import type { BoardCache, CachedBoard, PendingBatch } from '../src/sync/cache';
import type { Clock, Transport, TransportHandlers } from '../src/sync/transport';
import type { BoardObject } from '../src/model/types';

/** An in-memory transport: the test plays the server. */
export class FakeTransport implements Transport {
  handlers: TransportHandlers | null = null;
  sent: any[] = [];
  connects = 0;

  connect(handlers: TransportHandlers): void {
    this.handlers = handlers;
    this.connects++;
  }
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  disconnect(): void {
    this.handlers = null;
  }

  open(): void {
    this.handlers?.open();
  }
  deliver(message: unknown): void {
    this.handlers?.message(JSON.stringify(message));
  }
  drop(code = 1006): void {
    const handlers = this.handlers;
    this.handlers = null;
    handlers?.close(code, '');
  }
  take(type?: string): any[] {
    const taken = type ? this.sent.filter((m) => m.type === type) : this.sent;
    this.sent = type ? this.sent.filter((m) => m.type !== type) : [];
    return taken;
  }
}

/** A clock the test advances by hand. */
export class FakeClock implements Clock {
  time = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = end;
  }
}

export class MemoryCache implements BoardCache {
  pending: PendingBatch[] = [];
  confirmed: { seq: number; objects: BoardObject[] } | null = null;
  async load(): Promise<CachedBoard | undefined> {
    if (!this.confirmed && this.pending.length === 0) return undefined;
    return { seq: this.confirmed?.seq ?? 0, objects: this.confirmed?.objects ?? [], pending: this.pending };
  }
  savePending(pending: readonly PendingBatch[]): void {
    this.pending = pending.map((b) => ({ id: b.id, ops: b.ops }));
  }
  saveConfirmed(seq: number, objects: Iterable<BoardObject>): void {
    this.confirmed = { seq, objects: [...objects] };
  }
}

export function rect(id: string, props: Record<string, unknown> = {}) {
  return { id, kind: 'rect' as const, props: { x: 0, y: 0, w: 10, h: 10, z: 'a0', ...props } };
}
