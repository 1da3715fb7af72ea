// An Editor over a SyncEngine on a fake transport that has already received its welcome:
// what editor-level tests start from. `frame()` runs the engine's queued per-frame flushes.
import { Editor } from '../src/editor/editor';
import type { PointerInput } from '../src/editor/tools/tool';
import type { BoardObject } from '../src/model/types';
import { SyncEngine } from '../src/sync/engine';
import { FakeClock, FakeTransport } from './fakes';

export function editorOnBoard(objects: BoardObject[] = []) {
  const transport = new FakeTransport();
  let flushes: (() => void)[] = [];
  const engine = new SyncEngine({ transport, clock: new FakeClock(), clientKey: 'k', scheduleFlush: (f) => flushes.push(f) });
  const editor = new Editor({ boardId: 'b', engine });
  editor.setViewport(1000, 800);
  engine.start();
  transport.open();
  transport.deliver({ type: 'welcome', client: 'me', seq: 1, objects });
  const frame = () => {
    const f = flushes;
    flushes = [];
    f.forEach((fn) => fn());
  };
  return { editor, engine, transport, frame };
}

// A left-button mouse event at (x, y), with the camera at identity (screen = world).
export function pointer(x: number, y: number, extra: Partial<PointerInput> = {}): PointerInput {
  return { screen: { x, y }, world: { x, y }, button: 0, shift: false, alt: false, mod: false, clicks: 1, pointerType: 'mouse', ...extra };
}
