import { describe, expect, it } from 'vitest';
import { History } from '../src/editor/history';
import { SyncEngine } from '../src/sync/engine';
import { FakeClock, FakeTransport, rect } from './fakes';

function setup() {
  const transport = new FakeTransport();
  const engine = new SyncEngine({ transport, clock: new FakeClock(), clientKey: 'k', scheduleFlush: () => {} });
  engine.start();
  transport.open();
  transport.deliver({ type: 'welcome', client: 'me', seq: 1, objects: [rect('r1', { fill: '#0000ff' }), rect('r2')] });
  const history = new History(engine.view, (ops) => engine.applyLocal(ops));
  let seq = 1;
  // Our batches reach the server first, then the peer's: the peer's edit comes after ours.
  const remote = (ops: unknown[]) => {
    engine.flush();
    for (const m of transport.take('ops')) transport.deliver({ type: 'ack', batch: m.batch, seq: ++seq });
    transport.deliver({ type: 'ops', seq: ++seq, client: 'peer', ops });
  };
  return { engine, history, remote };
}

describe('History', () => {
  it('undoes and redoes a property change', () => {
    const { engine, history } = setup();
    history.commit([{ op: 'set', id: 'r1', props: { fill: '#ff0000' } }]);
    expect(history.undo()).toBe(true);
    expect(engine.view.get('r1')?.props.fill).toBe('#0000ff');
    expect(history.redo()).toBe(true);
    expect(engine.view.get('r1')?.props.fill).toBe('#ff0000');
  });

  it('records a drag as one step, restoring the value from before it began', () => {
    const { engine, history } = setup();
    history.begin();
    for (let x = 1; x <= 10; x++) history.commit([{ op: 'set', id: 'r1', props: { x } }]);
    history.end();
    history.undo();
    expect(engine.view.get('r1')?.props.x).toBe(0);
    expect(history.canUndo).toBe(false);
  });

  it('never reverts a peer edit of another property', () => {
    const { engine, history, remote } = setup();
    history.commit([{ op: 'set', id: 'r1', props: { fill: '#ff0000' } }]);
    remote([{ op: 'set', id: 'r1', props: { x: 42 } }]);
    history.undo();
    expect(engine.view.get('r1')?.props).toMatchObject({ fill: '#0000ff', x: 42 });
  });

  it('skips a property a peer changed after us, and undoes the rest', () => {
    const { engine, history, remote } = setup();
    history.commit([{ op: 'set', id: 'r1', props: { fill: '#ff0000', x: 5 } }]);
    remote([{ op: 'set', id: 'r1', props: { fill: '#00ff00' } }]);
    history.undo();
    expect(engine.view.get('r1')?.props).toMatchObject({ fill: '#00ff00', x: 0 });
    history.redo();
    expect(engine.view.get('r1')?.props).toMatchObject({ fill: '#00ff00', x: 5 });
  });

  it('removes an optional property on undo when it was absent before', () => {
    const { engine, history } = setup();
    history.commit([{ op: 'set', id: 'r2', props: { stroke: '#111111' } }]);
    history.undo();
    expect('stroke' in engine.view.get('r2')!.props).toBe(false);
  });

  it('undoes a creation and redoes it', () => {
    const { engine, history } = setup();
    history.commit([{ op: 'put', id: 'n1', kind: 'ellipse', props: { x: 1, y: 2, w: 3, h: 4, z: 'a5' } }]);
    history.undo();
    expect(engine.view.has('n1')).toBe(false);
    history.redo();
    expect(engine.view.get('n1')?.props).toEqual({ x: 1, y: 2, w: 3, h: 4, z: 'a5' });
  });

  it('does not delete on undo an object we created that a peer has since changed', () => {
    const { engine, history, remote } = setup();
    history.commit([{ op: 'put', id: 'n1', kind: 'rect', props: { x: 1, y: 2, z: 'a5' } }]);
    remote([{ op: 'put', id: 'n1', kind: 'rect', props: { x: 1, y: 2, z: 'a5' } }]);
    remote([{ op: 'set', id: 'n1', props: { fill: '#abcdef' } }]);
    history.undo();
    expect(engine.view.get('n1')?.props.fill).toBe('#abcdef');
  });

  it('restores a deleted object with the properties from before the transaction', () => {
    const { engine, history } = setup();
    history.begin();
    history.commit([{ op: 'set', id: 'r1', props: { x: 99 } }]);
    history.commit([{ op: 'del', id: 'r1' }]);
    history.end();
    expect(engine.view.has('r1')).toBe(false);
    history.undo();
    expect(engine.view.get('r1')?.props).toMatchObject({ x: 0, fill: '#0000ff' });
  });

  it('does not resurrect an object a peer deleted when undoing our change to it', () => {
    const { engine, history, remote } = setup();
    history.commit([{ op: 'set', id: 'r1', props: { x: 5 } }]);
    remote([{ op: 'del', id: 'r1' }]);
    history.undo();
    expect(engine.view.has('r1')).toBe(false);
  });

  it('clears redo on a new change', () => {
    const { history } = setup();
    history.commit([{ op: 'set', id: 'r1', props: { x: 5 } }]);
    history.undo();
    history.commit([{ op: 'set', id: 'r1', props: { y: 5 } }]);
    expect(history.canRedo).toBe(false);
  });
});
