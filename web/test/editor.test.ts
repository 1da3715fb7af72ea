import { describe, expect, it } from 'vitest';
import { alignOps, distributeOps } from '../src/editor/arrange';
import { parseClipboard, serialiseClipboard } from '../src/editor/clipboard';
import { simplifyPoints } from '../src/editor/simplify';
import { snapToObjects } from '../src/editor/snapping';
import { frameOf, resizedBox, resizeOps, rotateOps } from '../src/editor/transform';
import type { BoardObject } from '../src/model/types';
import { editorOnBoard, pointer } from './editor-harness';

const rect = (id: string, x: number, y: number, extra: Partial<BoardObject['props']> = {}): BoardObject => ({ id, kind: 'rect', props: { x, y, w: 100, h: 50, ...extra } });

const setup = editorOnBoard;

describe('transforms', () => {
  it('resizes one object from a corner, keeping the opposite corner', () => {
    const o = rect('a', 0, 0);
    const frame = frameOf([o])!;
    const box = resizedBox(frame, 'se', { x: 200, y: 100 }, false, false);
    expect(box).toEqual({ x: 0, y: 0, w: 200, h: 100 });
    const nw = resizedBox(frame, 'nw', { x: -50, y: -50 }, false, false);
    expect(nw).toEqual({ x: -50, y: -50, w: 150, h: 100 });
  });

  it('keeps proportions with Shift', () => {
    const frame = frameOf([rect('a', 0, 0)])!;
    const box = resizedBox(frame, 'se', { x: 300, y: 60 }, true, false);
    expect(box.w / box.h).toBeCloseTo(2);
  });

  it('scales a multi-selection around the frame', () => {
    const objects = [rect('a', 0, 0), rect('b', 200, 0)];
    const frame = frameOf(objects)!;
    const ops = resizeOps(objects, frame, { x: 0, y: 0, w: 600, h: 100 });
    expect(ops.map((op) => [op.props.x, op.props.w])).toEqual([
      [0, 200],
      [400, 200],
    ]);
  });

  it('rotates around the selection centre', () => {
    const ops = rotateOps([rect('a', 0, 0)], { x: 50, y: 25 }, Math.PI / 2);
    expect(ops[0]!.props.rotation).toBeCloseTo(Math.PI / 2);
    expect(ops[0]!.props.x).toBeCloseTo(0);
  });
});

describe('arrange', () => {
  it('aligns left and distributes with equal gaps', () => {
    const objects = [rect('a', 0, 0, { strokeWidth: 0 }), rect('b', 50, 100, { strokeWidth: 0 }), rect('c', 500, 200, { strokeWidth: 0 })];
    expect(alignOps(objects, 'left').map((op) => op.props.x)).toEqual([0, 0, 0]);
    const moved = distributeOps([rect('a', 0, 0), rect('b', 120, 0), rect('c', 400, 0)], 'horizontal');
    expect(moved).toHaveLength(1);
    expect(moved[0]!.props.x).toBeCloseTo(200);
  });
});

describe('clipboard payload', () => {
  it('round-trips objects and ignores foreign text', () => {
    const text = serialiseClipboard([rect('a', 1, 2)]);
    expect(parseClipboard(text)?.[0]?.props.x).toBe(1);
    expect(parseClipboard('hello')).toBeNull();
    expect(parseClipboard('{"type":"collabcanvas/objects","objects":[{"id":"x","kind":"nope","props":{}}]}')).toBeNull();
  });
});

describe('alignment snapping', () => {
  it('snaps to the nearest edge or centre within the threshold, with a guide', () => {
    const result = snapToObjects({ x: 103, y: 500, w: 50, h: 50 }, [{ x: 100, y: 0, w: 80, h: 40 }], 5);
    expect(result.dx).toBe(-3);
    expect(result.dy).toBe(0);
    expect(result.guides).toEqual([{ x1: 100, y1: 0, x2: 100, y2: 550 }]);
    expect(snapToObjects({ x: 120, y: 500, w: 50, h: 50 }, [{ x: 100, y: 0, w: 80, h: 40 }], 3).guides).toEqual([]);
  });
});

describe('simplify', () => {
  it('drops points on a straight line and keeps corners', () => {
    expect(simplifyPoints([0, 0, 1, 0, 2, 0, 3, 0, 3, 3], 0.1)).toEqual([0, 0, 3, 0, 3, 3]);
  });
});

describe('Editor', () => {
  it('creates shapes with z on top, one undo step per gesture', () => {
    const { editor } = setup([rect('a', 0, 0, { z: 'a5' })]);
    editor.setTool('rect');
    editor.input.down(pointer(300, 300));
    editor.input.move(pointer(350, 330));
    editor.input.move(pointer(400, 360));
    editor.input.up(pointer(400, 360));
    const created = editor.getObjects()[1]!;
    expect(created.props).toMatchObject({ x: 300, y: 300, w: 100, h: 60 });
    expect(created.props.z! > 'a5').toBe(true);
    expect(editor.toolId).toBe('select');
    expect(editor.getSelection()).toEqual([created.id]);
    editor.undo();
    expect(editor.getObjects()).toHaveLength(1);
  });

  it('moves the selection by dragging and sends at most one batch per frame', () => {
    const { editor, transport, frame } = setup([rect('a', 0, 0, { fill: '#000' }), rect('b', 200, 0, { fill: '#000' })]);
    editor.select(['a', 'b']);
    transport.take();
    editor.input.down(pointer(10, 10));
    for (let i = 1; i <= 10; i++) editor.input.move(pointer(10 + i * 5, 10));
    frame();
    editor.input.up(pointer(60, 10));
    expect(editor.getObject('a')!.props.x).toBe(50);
    expect(editor.getObject('b')!.props.x).toBe(250);
    const batches = transport.take('ops');
    expect(batches).toHaveLength(1);
    expect(batches[0].ops).toHaveLength(2);
  });

  it('drags a large group as one layer: the UI hears of the move when it lands', async () => {
    const objects = Array.from({ length: 60 }, (_, i) => rect(`r${i}`, (i % 10) * 120, Math.floor(i / 10) * 80));
    const { editor, frame } = setup(objects);
    editor.select(objects.map((o) => o.id));
    // Change notifications arrive in a microtask: let the welcome's go by first.
    const drain = () => new Promise((done) => setTimeout(done, 0));
    await drain();
    const changes: string[] = [];
    editor.onChange((c) => changes.push(...c));
    editor.input.down(pointer(10, 10));
    editor.input.move(pointer(30, 10));
    editor.input.move(pointer(60, 40));
    frame();
    expect(editor.floating?.ids.size).toBe(60);
    const state = editor.overlayState();
    // The overlay keeps the selection as it was when the drag began, with the offset since.
    expect(state.floating).toEqual({ offset: { x: 50, y: 30 }, withSelection: true });
    expect(state.frame?.box).toMatchObject({ x: 0, y: 0 });
    expect(editor.getObject('r0')!.props).toMatchObject({ x: 50, y: 30 });
    await drain();
    expect(changes).toContain('overlay');
    expect(changes).not.toContain('doc');
    editor.input.up(pointer(60, 40));
    expect(editor.floating).toBeNull();
    // Landed: the index knows where the group is, and the overlay shows it there.
    expect(editor.index.query({ x: 40, y: 20, w: 20, h: 20 }).map((o) => o.id)).toEqual(['r0']);
    expect(editor.overlayState().frame?.box).toMatchObject({ x: 50, y: 30 });
    await drain();
    expect(changes).toContain('doc');
  });

  it('selects with a marquee and with shift-click', () => {
    const { editor } = setup([rect('a', 0, 0, { fill: '#000' }), rect('b', 200, 0, { fill: '#000' }), rect('c', 0, 300, { fill: '#000' })]);
    editor.input.down(pointer(-10, -10));
    editor.input.move(pointer(320, 60));
    editor.input.up(pointer(320, 60));
    expect(editor.getSelection().sort()).toEqual(['a', 'b']);
    editor.input.down(pointer(10, 310, { shift: true }));
    editor.input.up(pointer(10, 310, { shift: true }));
    expect(editor.getSelection().sort()).toEqual(['a', 'b', 'c']);
  });

  it('does not move or delete locked objects', () => {
    const { editor } = setup([rect('a', 0, 0, { locked: true })]);
    editor.select(['a']);
    editor.nudge(1, 0, true);
    editor.deleteSelection();
    expect(editor.getObject('a')!.props.x).toBe(0);
    editor.setLocked(false);
    editor.nudge(1, 0, true);
    expect(editor.getObject('a')!.props).toMatchObject({ x: 10 });
    expect(editor.getObject('a')!.props.locked).toBeUndefined();
  });

  it('brings forward and sends to back with new z keys', () => {
    const { editor } = setup([rect('a', 0, 0, { z: 'a0' }), rect('b', 0, 0, { z: 'a1' }), rect('c', 0, 0, { z: 'a2' })]);
    editor.select(['a']);
    editor.reorder('forward');
    expect(editor.getObjects().map((o) => o.id)).toEqual(['b', 'a', 'c']);
    editor.reorder('front');
    expect(editor.getObjects().map((o) => o.id)).toEqual(['b', 'c', 'a']);
    editor.select(['c']);
    editor.reorder('back');
    expect(editor.getObjects().map((o) => o.id)).toEqual(['c', 'b', 'a']);
  });

  it('copies and pastes at the cursor with new ids, and duplicates', () => {
    const { editor } = setup([rect('a', 0, 0)]);
    editor.select(['a']);
    const text = editor.copySelection()!;
    expect(editor.paste(text, { x: 500, y: 500 })).toBe(true);
    const pasted = editor.getObject(editor.getSelection()[0]!)!;
    expect(pasted.id).not.toBe('a');
    expect(pasted.props).toMatchObject({ x: 450, y: 475 });
    editor.duplicateSelection();
    expect(editor.getObjects()).toHaveLength(3);
  });

  it('pastes plain text as a text object', () => {
    const { editor } = setup();
    editor.paste('hello world', { x: 10, y: 10 });
    expect(editor.getObjects()[0]).toMatchObject({ kind: 'text', props: { text: 'hello world' } });
  });

  it('applies a style to every selected object that allows it', () => {
    const { editor } = setup([rect('a', 0, 0), { id: 't', kind: 'text', props: { x: 0, y: 0, w: 100, h: 20, text: 'x' } }]);
    editor.select(['a', 't']);
    editor.setStyle('stroke', '#ff0000');
    editor.setStyle('fill', '#00ff00');
    expect(editor.getObject('a')!.props).toMatchObject({ stroke: '#ff0000', fill: '#00ff00' });
    expect(editor.getObject('t')!.props.stroke).toBeUndefined();
    expect(editor.getObject('t')!.props.fill).toBeUndefined();
    editor.undo();
    expect(editor.getObject('a')!.props.fill).toBeUndefined();
  });

  it('edits text in place as one undo step and drops emptied text objects', () => {
    const { editor } = setup([{ id: 't', kind: 'text', props: { x: 0, y: 0, w: 100, h: 20, text: 'old' } }]);
    editor.startEditing('t');
    editor.updateEditingText('n');
    editor.updateEditingText('new');
    editor.stopEditing();
    expect(editor.getObject('t')!.props.text).toBe('new');
    editor.undo();
    expect(editor.getObject('t')!.props.text).toBe('old');
    editor.startEditing('t');
    editor.updateEditingText('  ');
    editor.stopEditing();
    expect(editor.getObject('t')).toBeUndefined();
  });

  it('zooms to fit and to 100%', () => {
    const { editor } = setup([rect('a', 0, 0), rect('b', 4000, 3000)]);
    editor.zoomToFit();
    expect(editor.camera.zoom).toBeLessThan(0.3);
    editor.zoomTo(1);
    expect(editor.camera.zoom).toBe(1);
  });

  it('puts frames at the bottom, and moves what sits in a frame with it', () => {
    const { editor } = setup([rect('a', 50, 50, { fill: '#000', z: 'a0' })]);
    editor.setTool('frame');
    editor.input.down(pointer(0, 0));
    editor.input.move(pointer(300, 300));
    editor.input.up(pointer(300, 300));
    const frame = editor.getObjects()[0]!;
    expect(frame.kind).toBe('frame');
    editor.reparent(['a']);
    expect(editor.getObject('a')!.props.parent).toBe(frame.id);
    editor.select([frame.id]);
    editor.input.down(pointer(80, 1));
    editor.input.move(pointer(180, 1));
    editor.input.up(pointer(180, 1));
    expect(editor.getObject('a')!.props.x).toBe(150);
    expect(editor.getObject(frame.id)!.props.x).toBe(100);
  });

  it('makes creating a text object and typing into it one undo step', () => {
    const { editor } = setup();
    editor.setTool('text');
    editor.input.down(pointer(100, 100));
    editor.input.up(pointer(100, 100));
    expect(editor.editingId).not.toBeNull();
    editor.updateEditingText('hello');
    editor.stopEditing();
    expect(editor.getObjects()[0]!.props.text).toBe('hello');
    editor.undo();
    expect(editor.getObjects()).toHaveLength(0);
    editor.redo();
    expect(editor.getObjects()[0]!.props.text).toBe('hello');
  });

  it('leaves nothing behind, not even an undo step, for a text object left empty', () => {
    const { editor } = setup();
    editor.setTool('text');
    editor.input.down(pointer(100, 100));
    editor.input.up(pointer(100, 100));
    editor.stopEditing();
    expect(editor.getObjects()).toHaveLength(0);
    expect(editor.history.canUndo).toBe(false);
  });
});
