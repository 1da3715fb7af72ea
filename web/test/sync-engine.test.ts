import { describe, expect, it } from 'vitest';
import { SyncEngine } from '../src/sync/engine';
import { FakeClock, FakeTransport, MemoryCache, rect } from './fakes';

function setup(options: { cache?: MemoryCache } = {}) {
  const transport = new FakeTransport();
  const clock = new FakeClock();
  let flushes: (() => void)[] = [];
  const engine = new SyncEngine({
    transport,
    clock,
    cache: options.cache,
    name: 'Ada',
    clientKey: 'k1',
    scheduleFlush: (flush) => flushes.push(flush),
  });
  const frame = () => {
    const pending = flushes;
    flushes = [];
    pending.forEach((f) => f());
  };
  return { transport, clock, engine, frame };
}

function join(t: FakeTransport, seq = 0, objects: unknown[] = []) {
  t.open();
  t.deliver({ type: 'welcome', client: 'me', seq, objects });
}

describe('SyncEngine', () => {
  it('says hello with since and name, and loads the welcome snapshot', () => {
    const { transport, engine } = setup();
    engine.start();
    expect(engine.status).toBe('connecting');
    transport.open();
    expect(transport.take('hello')).toEqual([{ type: 'hello', since: 0, name: 'Ada' }]);
    transport.deliver({ type: 'welcome', client: 'me', seq: 3, objects: [rect('r1')] });
    expect(engine.status).toBe('connected');
    expect(engine.seq).toBe(3);
    expect(engine.view.get('r1')?.props.w).toBe(10);
  });

  it('applies local edits at once and sends them as one batch per frame', () => {
    const { transport, engine, frame } = setup();
    engine.start();
    join(transport, 1, [rect('r1')]);
    engine.applyLocal([{ op: 'set', id: 'r1', props: { x: 1 } }]);
    engine.applyLocal([{ op: 'set', id: 'r1', props: { x: 2 } }]);
    engine.applyLocal([{ op: 'set', id: 'r1', props: { y: 5 } }]);
    expect(engine.view.get('r1')?.props.x).toBe(2);
    expect(engine.confirmed.get('r1')?.props.x).toBe(0);
    expect(transport.take('ops')).toEqual([]);
    frame();
    const sent = transport.take('ops');
    expect(sent).toHaveLength(1);
    expect(sent[0].ops).toEqual([{ op: 'set', id: 'r1', props: { x: 2, y: 5 } }]);
    expect(engine.pendingCount).toBe(1);
  });

  it('folds a put and later sets of the same object into one put', () => {
    const { transport, engine, frame } = setup();
    engine.start();
    join(transport);
    engine.applyLocal([{ op: 'put', id: 'n', kind: 'rect', props: { x: 0, y: 0, w: 1, h: 1, z: 'a0' } }]);
    engine.applyLocal([{ op: 'set', id: 'n', props: { w: 50, fill: null } }]);
    frame();
    expect(transport.take('ops')[0].ops).toEqual([{ op: 'put', id: 'n', kind: 'rect', props: { x: 0, y: 0, w: 50, h: 1, z: 'a0' } }]);
  });

  it('moves a batch into confirmed on ack', () => {
    const { transport, engine, frame } = setup();
    engine.start();
    join(transport, 1, [rect('r1')]);
    engine.applyLocal([{ op: 'set', id: 'r1', props: { fill: '#ff0000' } }]);
    frame();
    const [batch] = transport.take('ops');
    transport.deliver({ type: 'ack', batch: batch.batch, seq: 2 });
    expect(engine.pendingCount).toBe(0);
    expect(engine.seq).toBe(2);
    expect(engine.confirmed.get('r1')?.props.fill).toBe('#ff0000');
    expect(engine.view.get('r1')?.props.fill).toBe('#ff0000');
  });

  it('takes the z the server chose from the ack', () => {
    const { transport, engine, frame } = setup();
    engine.start();
    join(transport);
    engine.applyLocal([{ op: 'put', id: 'n', kind: 'rect', props: { x: 0, y: 0 } }]);
    frame();
    const [batch] = transport.take('ops');
    transport.deliver({ type: 'ack', batch: batch.batch, seq: 1, ops: [{ op: 'put', id: 'n', kind: 'rect', props: { x: 0, y: 0, z: 'a7' } }] });
    expect(engine.view.get('n')?.props.z).toBe('a7');
  });

  it('keeps a pending local value over a remote change of the same property, then converges', () => {
    const { transport, engine, frame } = setup();
    engine.start();
    join(transport, 1, [rect('r1')]);
    const changes: string[][] = [];
    engine.onChange((e) => changes.push([...e.ids]));
    engine.applyLocal([{ op: 'set', id: 'r1', props: { x: 100 } }]);
    frame();
    const [batch] = transport.take('ops');
    // A peer's batch ordered before ours changes x and y.
    transport.deliver({ type: 'ops', seq: 2, client: 'peer', ops: [{ op: 'set', id: 'r1', props: { x: 7, y: 9 } }] });
    expect(engine.view.get('r1')?.props.x).toBe(100); // no flicker back
    expect(engine.view.get('r1')?.props.y).toBe(9); // the peer's other change shows
    expect(engine.confirmed.get('r1')?.props.x).toBe(7);
    transport.deliver({ type: 'ack', batch: batch.batch, seq: 3 });
    expect(engine.confirmed.get('r1')?.props.x).toBe(100);
    expect(engine.view.get('r1')).toEqual(engine.confirmed.get('r1'));
  });

  it('shows a remote change ordered after ours once it arrives', () => {
    const { transport, engine, frame } = setup();
    engine.start();
    join(transport, 1, [rect('r1')]);
    engine.applyLocal([{ op: 'set', id: 'r1', props: { x: 100 } }]);
    frame();
    const [batch] = transport.take('ops');
    transport.deliver([
      { type: 'ack', batch: batch.batch, seq: 2 },
      { type: 'ops', seq: 3, client: 'peer', ops: [{ op: 'set', id: 'r1', props: { x: 5 } }] },
    ]);
    expect(engine.view.get('r1')?.props.x).toBe(5);
  });

  it('lets a remote delete win over a pending set, as the server will', () => {
    const { transport, engine, frame } = setup();
    engine.start();
    join(transport, 1, [rect('r1')]);
    engine.applyLocal([{ op: 'set', id: 'r1', props: { x: 100 } }]);
    frame();
    transport.deliver({ type: 'ops', seq: 2, client: 'peer', ops: [{ op: 'del', id: 'r1' }] });
    expect(engine.view.get('r1')).toBeUndefined();
  });

  it('rolls back a batch the server refused', () => {
    const { transport, engine, frame } = setup();
    engine.start();
    join(transport, 1, [rect('r1')]);
    const errors: string[] = [];
    engine.onError((e) => errors.push(e));
    engine.applyLocal([{ op: 'set', id: 'r1', props: { x: 100 } }]);
    frame();
    const [batch] = transport.take('ops');
    transport.deliver({ type: 'error', code: 'invalid_op', message: 'ops[0]: bad', batch: batch.batch });
    expect(engine.view.get('r1')?.props.x).toBe(0);
    expect(engine.pendingCount).toBe(0);
    expect(errors[0]).toContain('invalid_op');
  });

  it('keeps edits made offline and sends them, with their batch ids, after reconnecting', () => {
    const { transport, engine, frame, clock } = setup();
    engine.start();
    join(transport, 5, [rect('r1')]);
    transport.take();
    engine.applyLocal([{ op: 'set', id: 'r1', props: { x: 1 } }]);
    frame();
    const [first] = transport.take('ops');
    transport.drop(1006);
    expect(engine.status).toBe('offline');
    engine.applyLocal([{ op: 'set', id: 'r1', props: { y: 2 } }]);
    frame();
    expect(transport.take('ops')).toEqual([]);
    expect(engine.pendingCount).toBe(2);
    clock.advance(20_000);
    expect(transport.connects).toBe(2);
    transport.open();
    expect(transport.take('hello')).toEqual([{ type: 'hello', since: 5, name: 'Ada' }]);
    transport.deliver({ type: 'welcome', client: 'me2', seq: 5, ops: [] });
    const resent = transport.take('ops');
    expect(resent.map((m) => m.batch)).toEqual([first.batch, expect.any(String)]);
    expect(resent[1].batch).not.toBe(first.batch);
    transport.deliver({ type: 'ack', batch: resent[0].batch, seq: 6 });
    transport.deliver({ type: 'ack', batch: resent[1].batch, seq: 7 });
    expect(engine.pendingCount).toBe(0);
    expect(engine.confirmed.get('r1')?.props).toMatchObject({ x: 1, y: 2 });
  });

  it('applies a batch once when the catch-up already carried it and the re-send is acked again', () => {
    const { transport, engine, frame, clock } = setup();
    engine.start();
    join(transport, 1, [rect('r1')]);
    engine.applyLocal([{ op: 'set', id: 'r1', props: { x: 50 } }]);
    frame();
    const [batch] = transport.take('ops');
    transport.drop(1001);
    clock.advance(20_000);
    transport.open();
    // The server had applied our batch (seq 2) before the drop; then a peer moved it (seq 3).
    transport.deliver({
      type: 'welcome',
      client: 'me2',
      seq: 3,
      ops: [
        { type: 'ops', seq: 2, client: 'me', ops: [{ op: 'set', id: 'r1', props: { x: 50 } }] },
        { type: 'ops', seq: 3, client: 'peer', ops: [{ op: 'set', id: 'r1', props: { x: 60 } }] },
      ],
    });
    expect(transport.take('ops').map((m) => m.batch)).toEqual([batch.batch]);
    transport.deliver({ type: 'ack', batch: batch.batch, seq: 2 });
    expect(engine.seq).toBe(3);
    expect(engine.view.get('r1')?.props.x).toBe(60);
    expect(engine.pendingCount).toBe(0);
  });

  it('reconnects at once on close code 4001 and with backoff otherwise', () => {
    const { transport, engine, clock } = setup();
    engine.start();
    join(transport);
    transport.drop(4001);
    clock.advance(0);
    expect(transport.connects).toBe(2);
    transport.drop(1006);
    clock.advance(100);
    expect(transport.connects).toBe(2);
    clock.advance(1000);
    expect(transport.connects).toBe(3);
  });

  it('replaces its copy when the welcome brings a snapshot', () => {
    const { transport, engine, clock } = setup();
    engine.start();
    join(transport, 9, [rect('old')]);
    transport.drop(1006);
    clock.advance(20_000);
    transport.open();
    transport.deliver({ type: 'welcome', client: 'me', seq: 2, objects: [rect('new')] });
    expect(engine.view.has('old')).toBe(false);
    expect(engine.view.has('new')).toBe(true);
    expect(engine.seq).toBe(2);
  });

  it('persists pending batches and restores them after a reload', async () => {
    const cache = new MemoryCache();
    const first = setup({ cache });
    first.engine.start();
    join(first.transport, 4, [rect('r1')]);
    first.engine.applyLocal([{ op: 'set', id: 'r1', props: { fill: '#00ff00' } }]);
    first.frame();
    const [batch] = first.transport.take('ops');
    first.engine.saveConfirmedNow();
    first.engine.stop();

    const second = setup({ cache });
    const cached = await cache.load();
    expect(cached).toBeDefined();
    second.engine.restore(cached!);
    expect(second.engine.view.get('r1')?.props.fill).toBe('#00ff00');
    second.engine.start();
    second.transport.open();
    expect(second.transport.take('hello')[0].since).toBe(4);
    second.transport.deliver({ type: 'welcome', client: 'me3', seq: 4, ops: [] });
    expect(second.transport.take('ops').map((m) => m.batch)).toEqual([batch.batch]);
  });

  it('saves only the last of a drag\'s batches, which a reload restores and re-sends', async () => {
    const cache = new MemoryCache();
    const first = setup({ cache });
    first.engine.start();
    join(first.transport, 4, [rect('r1')]);
    for (let x = 1; x <= 3; x++) {
      first.engine.applyLocal([{ op: 'set', id: 'r1', props: { x, y: x } }]);
      first.frame();
    }
    const sent = first.transport.take('ops').map((m) => m.batch);
    expect(sent).toHaveLength(3);
    first.engine.stop();
    expect(cache.pending.map((b) => b.id)).toEqual([sent[2]]);

    const second = setup({ cache });
    second.engine.restore((await cache.load())!);
    expect(second.engine.view.get('r1')?.props).toMatchObject({ x: 3, y: 3 });
    second.engine.start();
    second.transport.open();
    second.transport.deliver({ type: 'welcome', client: 'me3', seq: 4, ops: [] });
    expect(second.transport.take('ops').map((m) => m.batch)).toEqual([sent[2]]);
  });

  it('ignores invalid messages from the network and keeps going', () => {
    const { transport, engine } = setup();
    engine.start();
    join(transport, 1, [rect('r1')]);
    transport.deliver({ type: 'ops', seq: 2, client: 'p', ops: [{ op: 'set', id: 'r1', props: { fill: 'not a colour' } }] });
    expect(engine.view.get('r1')?.props.fill).toBeUndefined();
    transport.deliver({ type: 'ops', seq: 2, client: 'p', ops: [{ op: 'set', id: 'r1', props: { fill: '#123' } }] });
    expect(engine.view.get('r1')?.props.fill).toBe('#123');
  });

  it('tracks peers from presence and leave, without itself', () => {
    const { transport, engine } = setup();
    engine.start();
    join(transport);
    transport.deliver({
      type: 'presence',
      peers: [
        { client: 'me', name: 'Ada', cursor: null, selection: [] },
        { client: 'p1', name: 'Bob', cursor: { x: 1, y: 2 }, selection: ['r1'] },
      ],
    });
    expect([...engine.peers.keys()]).toEqual(['p1']);
    expect(engine.peers.get('p1')?.colour).toMatch(/^#/);
    transport.deliver({ type: 'leave', client: 'p1' });
    expect(engine.peers.size).toBe(0);
  });

  it('throttles presence', () => {
    const { transport, engine, clock } = setup();
    engine.start();
    join(transport);
    clock.advance(60);
    transport.take();
    engine.setPresence({ x: 1, y: 1 }, []);
    engine.setPresence({ x: 2, y: 2 }, []);
    engine.setPresence({ x: 3, y: 3 }, ['a']);
    expect(transport.take('presence')).toHaveLength(1);
    clock.advance(60);
    expect(transport.take('presence')).toEqual([{ type: 'presence', cursor: { x: 3, y: 3 }, selection: ['a'] }]);
  });

  it('splits a large edit into batches within the server limits', () => {
    const { transport, engine, frame } = setup();
    engine.start();
    join(transport);
    const ops = Array.from({ length: 12_000 }, (_, i) => ({ op: 'put' as const, id: `o${i}`, kind: 'rect' as const, props: { x: i, y: 0, z: 'a0' } }));
    engine.applyLocal(ops);
    frame();
    const sent = transport.take('ops');
    expect(sent.length).toBeGreaterThan(2);
    expect(sent.every((m) => m.ops.length <= 10_000)).toBe(true);
    expect(sent.reduce((n, m) => n + m.ops.length, 0)).toBe(12_000);
  });

  it('keeps a batch refused for storage reasons and sends it again after reconnecting', () => {
    const { transport, engine, frame, clock } = setup();
    engine.start();
    join(transport, 1, [rect('r1')]);
    engine.applyLocal([{ op: 'set', id: 'r1', props: { x: 9 } }]);
    frame();
    const [batch] = transport.take('ops');
    transport.deliver({ type: 'error', code: 'storage_error', message: 'board unavailable', batch: batch.batch });
    expect(engine.view.get('r1')?.props.x).toBe(9);
    expect(engine.status).toBe('offline');
    clock.advance(20_000);
    transport.open();
    transport.deliver({ type: 'welcome', client: 'me2', seq: 1, ops: [] });
    expect(transport.take('ops').map((m) => m.batch)).toEqual([batch.batch]);
  });
});
