import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Editor } from '../src/editor/editor';
import type { PointerInput } from '../src/editor/tools/tool';
import type { BoardObject } from '../src/model/types';
import { SyncEngine, type SyncEngineOptions } from '../src/sync/engine';
import type { Role } from '../src/sync/messages';
import { FakeClock, FakeTransport, MemoryCache } from './fakes';

// Roles in the editor: a viewer sees the board live but can produce no op, by any gesture;
// a role message switches at once, and ops the server refuses leave the screen.

const box = (id: string, x = 0, y = 0): BoardObject => ({ id, kind: 'rect', props: { x, y, w: 100, h: 50, z: `a${id}` } });

function pointer(x: number, y: number, extra: Partial<PointerInput> = {}): PointerInput {
  return { screen: { x, y }, world: { x, y }, button: 0, shift: false, alt: false, mod: false, clicks: 1, pointerType: 'mouse', ...extra };
}

function setup(options: Partial<SyncEngineOptions> = {}) {
  const transport = new FakeTransport();
  const clock = new FakeClock();
  let flushes: (() => void)[] = [];
  const engine = new SyncEngine({ transport, clock, clientKey: 'k', role: null, scheduleFlush: (f) => flushes.push(f), ...options });
  const editor = new Editor({ boardId: 'b', engine });
  editor.setViewport(1000, 800);
  const frame = () => {
    const f = flushes;
    flushes = [];
    f.forEach((fn) => fn());
  };
  const welcome = (role: Role, objects: BoardObject[] = [box('r1')], seq = 1) => {
    engine.start();
    transport.open();
    transport.deliver({ type: 'welcome', client: 'me', role, seq, objects });
  };
  return { transport, clock, engine, editor, frame, welcome };
}

/** Every gesture and shortcut that edits, tried at once. */
function tryEverything(editor: Editor): void {
  editor.select(['r1']);
  for (const tool of ['rect', 'pen', 'text', 'sticky', 'eraser', 'arrow'] as const) editor.setTool(tool);
  editor.setTool('select');
  // Drag r1 by its middle.
  editor.input.down(pointer(50, 25));
  editor.input.move(pointer(150, 125));
  editor.input.move(pointer(250, 225));
  editor.input.up(pointer(250, 225));
  // Double-click on empty board (would start a text object).
  editor.input.down(pointer(600, 600));
  editor.input.up(pointer(600, 600));
  editor.input.down(pointer(600, 600, { clicks: 2 }));
  editor.input.up(pointer(600, 600));
  editor.select(['r1']);
  editor.nudge(1, 0, true);
  editor.setStyle('fill', '#ff0000');
  editor.setLocked(true);
  editor.reorder('front');
  editor.duplicateSelection();
  expect(editor.paste('plain text')).toBe(false);
  editor.insertImage('data:image/png;base64,AAAA', 10, 10, { x: 0, y: 0 });
  editor.startEditing('r1');
  editor.updateEditingText('typed');
  editor.cutSelection();
  editor.deleteSelection();
  editor.undo();
  editor.redo();
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('a viewer', () => {
  it('sees the board but can produce no op by any gesture or shortcut', () => {
    const { editor, engine, transport, frame, welcome } = setup();
    welcome('viewer');
    expect(editor.canEdit).toBe(false);
    tryEverything(editor);
    frame();
    expect(transport.take('ops')).toEqual([]);
    expect(engine.pendingCount).toBe(0);
    expect(editor.getObjects()).toEqual([box('r1')]);
    expect(editor.toolId).toBe('select');
    expect(editor.editingId).toBeNull();
    expect(editor.history.canUndo).toBe(false);
    // Looking around still works: selection, the hand tool, the camera.
    editor.select([]);
    editor.input.down(pointer(50, 25));
    editor.input.up(pointer(50, 25));
    expect(editor.getSelection()).toEqual(['r1']);
    editor.setTool('hand');
    expect(editor.toolId).toBe('hand');
    editor.zoomBy(1);
    expect(editor.camera.zoom).toBeGreaterThan(1);
    expect(editor.overlayState().showHandles).toBe(false);
  });

  it('still sees every peer edit live', () => {
    const { editor, transport, welcome } = setup();
    welcome('viewer');
    transport.deliver({ type: 'ops', seq: 2, client: 'peer', ops: [{ op: 'set', id: 'r1', props: { x: 40 } }] });
    transport.deliver({ type: 'presence', peers: [{ client: 'peer', user: 'u_2', name: 'Bo', role: 'editor', cursor: { x: 1, y: 2 }, selection: ['r1'] }] });
    expect(editor.getObject('r1')?.props.x).toBe(40);
    expect(editor.engine.peers.get('peer')).toMatchObject({ user: 'u_2', name: 'Bo', role: 'editor' });
    expect(editor.overlayState().peers[0]).toMatchObject({ name: 'Bo', role: 'editor' });
  });

  it('can edit nothing before the role is known, and can once an editor', () => {
    const { editor, engine, transport, frame, welcome } = setup();
    expect(engine.role).toBeNull();
    editor.commit([{ op: 'put', id: 'n', kind: 'rect', props: { x: 0, y: 0, w: 1, h: 1, z: 'a0' } }]);
    expect(editor.getObject('n')).toBeUndefined();
    welcome('editor');
    editor.commit([{ op: 'set', id: 'r1', props: { x: 7 } }]);
    frame();
    expect(transport.take('ops')).toHaveLength(1);
  });

  it('offline edits kept from a page where we were an editor are never sent once we are a viewer', () => {
    const cache = new MemoryCache();
    cache.saveConfirmed(1, [box('r1')]);
    cache.savePending([{ id: 'old-1', ops: [{ op: 'set', id: 'r1', props: { x: 99 } }] }]);
    const { engine, editor, transport, welcome } = setup({ cache, role: 'editor' });
    const discarded: number[] = [];
    engine.onDiscard((n) => discarded.push(n));
    return cache.load().then((cached) => {
      engine.restore(cached!);
      expect(editor.getObject('r1')?.props.x).toBe(99);
      engine.start();
      welcome('viewer', [box('r1')], 1);
      expect(transport.take('ops')).toEqual([]);
      expect(editor.getObject('r1')?.props.x).toBe(0);
      expect(engine.pendingCount).toBe(0);
      expect(discarded).toEqual([1]);
    });
  });

  it('drops restored offline edits when the API says viewer before the welcome', async () => {
    const cache = new MemoryCache();
    cache.saveConfirmed(1, [box('r1')]);
    cache.savePending([{ id: 'old-1', ops: [{ op: 'set', id: 'r1', props: { x: 99 } }] }]);
    const { engine, editor, transport, clock, welcome } = setup({ cache });
    engine.restore((await cache.load())!);
    expect(editor.getObject('r1')?.props.x).toBe(99);
    engine.noteRole('viewer');
    expect(editor.getObject('r1')?.props.x).toBe(0);
    welcome('viewer', [box('r1')], 1);
    expect(transport.take('ops')).toEqual([]);
    expect(engine.pendingCount).toBe(0);
    clock.advance(2000);
    expect(cache.pending).toEqual([]);
  });
});

describe('a role change while the board is open', () => {
  it('demotes at once: the tools go, nothing more is sent, refused ops leave the screen', () => {
    const { editor, engine, transport, frame, welcome } = setup();
    engine.start();
    welcome('editor', [box('r1'), box('r2', 200)]);
    editor.setTool('rect');
    // One batch sent and unacknowledged, one edit not yet batched.
    editor.commit([{ op: 'set', id: 'r1', props: { x: 10 } }]);
    frame();
    const [sent] = transport.take('ops');
    editor.commit([{ op: 'set', id: 'r2', props: { x: 300 } }]);
    expect(editor.getObject('r2')?.props.x).toBe(300);

    transport.deliver({ type: 'role', role: 'viewer' });
    expect(engine.role).toBe('viewer');
    expect(editor.canEdit).toBe(false);
    expect(editor.toolId).toBe('select');
    // The edit not yet sent is dropped at once and never sent.
    expect(editor.getObject('r2')?.props.x).toBe(200);
    frame();
    expect(transport.take('ops')).toEqual([]);
    // The one in flight waits for the server's verdict: refused.
    expect(editor.getObject('r1')?.props.x).toBe(10);
    transport.deliver({ type: 'error', code: 'forbidden', message: 'viewers cannot edit', batch: sent.batch });
    expect(editor.getObject('r1')?.props.x).toBe(0);
    expect(engine.pendingCount).toBe(0);

    vi.advanceTimersByTime(400);
    const texts = editor.toasts.map((t) => t.text);
    expect(texts.some((t) => /role changed to viewer/.test(t))).toBe(true);
    expect(texts.some((t) => /2 changes you made could not be saved/.test(t))).toBe(true);
    // No "server refused" error toast for each refused batch.
    expect(texts.some((t) => /refused/.test(t))).toBe(false);
  });

  it('keeps an op the server accepted before the demotion', () => {
    const { editor, transport, frame, welcome } = setup();
    welcome('editor');
    editor.commit([{ op: 'set', id: 'r1', props: { x: 10 } }]);
    frame();
    const [sent] = transport.take('ops');
    transport.deliver([
      { type: 'ack', batch: sent.batch, seq: 2 },
      { type: 'role', role: 'viewer' },
    ]);
    expect(editor.getObject('r1')?.props.x).toBe(10);
    expect(editor.canEdit).toBe(false);
  });

  it('stops text editing and a drag under way', () => {
    const { editor, transport, frame, welcome } = setup();
    welcome('editor', [{ id: 's1', kind: 'sticky', props: { x: 0, y: 0, w: 200, h: 200, z: 'a0', text: '' } }]);
    editor.startEditing('s1');
    editor.updateEditingText('hel');
    transport.deliver({ type: 'role', role: 'viewer' });
    expect(editor.editingId).toBeNull();
    expect(editor.getObject('s1')?.props.text).toBe('');
    editor.updateEditingText('hello');
    frame();
    expect(transport.take('ops')).toEqual([]);
  });

  it('promotes at once: a viewer made editor can edit', () => {
    const { editor, transport, frame, welcome } = setup();
    welcome('viewer');
    transport.deliver({ type: 'role', role: 'editor' });
    expect(editor.canEdit).toBe(true);
    editor.setTool('rect');
    expect(editor.toolId).toBe('rect');
    editor.commit([{ op: 'set', id: 'r1', props: { x: 5 } }]);
    frame();
    expect(transport.take('ops')).toHaveLength(1);
    vi.advanceTimersByTime(10);
    expect(editor.toasts.map((t) => t.text)).toContain('You can edit this board now.');
  });
});

describe('access and the connection', () => {
  it('says hello with a token from the token source', async () => {
    const tokens: string[] = [];
    const { engine, transport } = setup({
      token: (reason) => {
        tokens.push(reason);
        return Promise.resolve('tok-1');
      },
    });
    engine.start();
    await vi.advanceTimersByTimeAsync(0);
    transport.open();
    expect(transport.take('hello')).toEqual([{ type: 'hello', token: 'tok-1', since: 0 }]);
    expect(tokens).toEqual(['connect']);
  });

  it('4401: refreshes the token and reconnects; without a login it stops', async () => {
    const reasons: string[] = [];
    let answer: string | null = 'tok-1';
    const { engine, transport, clock } = setup({
      token: (reason) => {
        reasons.push(reason);
        return answer;
      },
    });
    const closed: string[] = [];
    engine.onClosed((reason) => closed.push(reason));
    engine.start();
    transport.open();
    transport.deliver({ type: 'error', code: 'unauthorized', message: 'token expired' });
    clock.advance(0);
    expect(reasons).toEqual(['connect', 'rejected']);
    expect(transport.connects).toBe(2);
    answer = null;
    transport.drop(4401);
    clock.advance(20_000);
    expect(engine.closed).toBe('unauthorized');
    expect(closed).toEqual(['unauthorized']);
    clock.advance(60_000);
    expect(transport.connects).toBe(2);
  });

  it('4403: access removed, no reconnect', () => {
    const { engine, transport, clock, welcome } = setup();
    engine.start();
    welcome('editor');
    transport.drop(4403);
    clock.advance(60_000);
    expect(engine.closed).toBe('forbidden');
    expect(transport.connects).toBe(1);
  });

  it('4404 or not_found at hello: the board is gone, no reconnect', () => {
    const a = setup();
    a.engine.start();
    a.transport.drop(4404);
    a.clock.advance(60_000);
    expect(a.engine.closed).toBe('not_found');
    expect(a.transport.connects).toBe(1);

    const b = setup();
    b.engine.start();
    b.transport.open();
    b.transport.deliver({ type: 'error', code: 'not_found', message: 'no such board' });
    b.clock.advance(60_000);
    expect(b.engine.closed).toBe('not_found');
    expect(b.transport.connects).toBe(1);
    expect(b.engine.lastError).toBeNull();
  });

  it('a token that cannot be had now (server unreachable) is retried with backoff', async () => {
    let fail = true;
    const { engine, transport, clock } = setup({ token: () => (fail ? Promise.reject(new Error('offline')) : Promise.resolve('tok')) });
    engine.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.connects).toBe(0);
    expect(engine.status).toBe('offline');
    fail = false;
    clock.advance(1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.connects).toBe(1);
  });
});
