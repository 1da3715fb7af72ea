import { describe, expect, it } from 'vitest';
import { Editor } from '../src/editor/editor';
import { ANGLE_STEP, constrainAngle, moveEndOp } from '../src/editor/line-ends';
import type { PointerInput } from '../src/editor/tools/tool';
import { applyOp } from '../src/model/apply';
import { endHandleAt, worldPoints } from '../src/model/line-handles';
import type { BoardObject } from '../src/model/types';
import { editorOnBoard, pointer } from './editor-harness';

const arrow = (props: Partial<BoardObject['props']> = {}): BoardObject => ({ id: 'a', kind: 'arrow', props: { x: 100, y: 50, points: [0, 0, 200, 100], endArrow: 'arrow', z: 'a0', ...props } });

function close(actual: { x: number; y: number } | undefined, expected: { x: number; y: number }) {
  expect(actual?.x).toBeCloseTo(expected.x, 1);
  expect(actual?.y).toBeCloseTo(expected.y, 1);
}

describe('line end geometry', () => {
  it('places the points in the world, rotation included', () => {
    expect(worldPoints(arrow())).toEqual([
      { x: 100, y: 50 },
      { x: 300, y: 150 },
    ]);
    // Half a turn about the centre of the points' box swaps the ends.
    const turned = worldPoints(arrow({ rotation: Math.PI }));
    close(turned[0], { x: 300, y: 150 });
    close(turned[1], { x: 100, y: 50 });
  });

  it('finds the end handle under the pointer, within a reach fixed on screen', () => {
    const a = arrow();
    expect(endHandleAt(a, { x: 104, y: 53 }, 1)).toBe('start');
    expect(endHandleAt(a, { x: 296, y: 150 }, 1)).toBe('end');
    expect(endHandleAt(a, { x: 200, y: 100 }, 1)).toBeNull();
    // At a quarter zoom, 20 world units are 5 screen pixels: still on the handle.
    expect(endHandleAt(a, { x: 120, y: 50 }, 1)).toBeNull();
    expect(endHandleAt(a, { x: 120, y: 50 }, 0.25)).toBe('start');
  });

  it('moves the end alone: the start and (x, y) stay', () => {
    const a = arrow();
    const op = moveEndOp(a, 'end', { x: 150, y: 250 });
    expect(op).toEqual({ op: 'set', id: 'a', props: { x: 100, y: 50, points: [0, 0, 50, 200] } });
    expect(worldPoints(applyOp(a, op)!)).toEqual([
      { x: 100, y: 50 },
      { x: 150, y: 250 },
    ]);
  });

  it('moves the start alone: (x, y) follows it and the end stays in the world', () => {
    const a = arrow();
    const op = moveEndOp(a, 'start', { x: 0, y: 0 });
    expect(op.props).toEqual({ x: 0, y: 0, points: [0, 0, 300, 150] });
    expect(worldPoints(applyOp(a, op)!)[1]).toEqual({ x: 300, y: 150 });
  });

  it('keeps the middle points of a polyline where they are', () => {
    const a = arrow({ points: [0, 0, 50, 80, 200, 100] });
    const moved = applyOp(a, moveEndOp(a, 'start', { x: 90, y: 40 }))!;
    expect(worldPoints(moved)).toEqual([
      { x: 90, y: 40 },
      { x: 150, y: 130 },
      { x: 300, y: 150 },
    ]);
  });

  it('folds a rotation into the points, so the other end does not move', () => {
    const a = arrow({ rotation: Math.PI / 2 });
    const [, end] = worldPoints(a);
    const op = moveEndOp(a, 'start', { x: 0, y: 0 });
    expect(op.props.rotation).toBeNull();
    const moved = applyOp(a, op)!;
    expect(moved.props.rotation).toBeUndefined();
    close(worldPoints(moved)[0], { x: 0, y: 0 });
    close(worldPoints(moved)[1], end!);
  });

  it('rounds to a hundredth, as every transform does', () => {
    const op = moveEndOp(arrow(), 'end', { x: 123.456789, y: 77.777 });
    expect(op.props.points).toEqual([0, 0, 23.46, 27.78]);
  });

  it('constrains an angle to 15° steps, keeping the length', () => {
    const anchor = { x: 10, y: 10 };
    const p = constrainAngle(anchor, { x: 110, y: 18 }, ANGLE_STEP);
    close(p, { x: 10 + Math.hypot(100, 8), y: 10 });
    const diagonal = constrainAngle(anchor, { x: 110, y: 120 }, ANGLE_STEP);
    // 47.7° rounds to 45°.
    expect(diagonal.x - anchor.x).toBeCloseTo(diagonal.y - anchor.y, 6);
    expect(Math.hypot(diagonal.x - anchor.x, diagonal.y - anchor.y)).toBeCloseTo(Math.hypot(100, 110), 6);
  });
});

describe('dragging a line end in the editor', () => {
  function setup() {
    const { editor, transport, frame } = editorOnBoard([arrow()]);
    editor.select(['a']);
    return { editor, transport, frame };
  }

  function dragEnd(editor: Editor, from: { x: number; y: number }, to: { x: number; y: number }, extra: Partial<PointerInput> = {}) {
    editor.input.down(pointer(from.x, from.y));
    editor.input.move(pointer((from.x + to.x) / 2, (from.y + to.y) / 2, extra));
    editor.input.move(pointer(to.x, to.y, extra));
    editor.input.up(pointer(to.x, to.y, extra));
  }

  it('shows end handles instead of the frame', () => {
    const { editor } = setup();
    const state = editor.overlayState();
    expect(state.frame).toBeNull();
    expect(state.line?.points).toEqual(worldPoints(arrow()));
  });

  it('moves the end as one undoable set of the points, sent to the server', () => {
    const { editor, transport, frame } = setup();
    // Grabbed 2 units off the end: the end moves by the pointer's travel, without a jump.
    dragEnd(editor, { x: 302, y: 150 }, { x: 402, y: 250 });
    expect(editor.getObject('a')!.props).toMatchObject({ x: 100, y: 50, points: [0, 0, 300, 200] });
    frame();
    const [batch] = transport.take('ops');
    expect(batch.ops).toEqual([{ op: 'set', id: 'a', props: { x: 100, y: 50, points: [0, 0, 300, 200] } }]);
    editor.undo();
    expect(editor.getObject('a')!.props).toMatchObject({ x: 100, y: 50, points: [0, 0, 200, 100] });
    expect(editor.history.canUndo).toBe(false);
  });

  it('snaps the end to the grid when the grid is on', () => {
    const { editor } = setup();
    editor.toggleGrid();
    dragEnd(editor, { x: 100, y: 50 }, { x: 33, y: -12 });
    expect(editor.getObject('a')!.props).toMatchObject({ x: 40, y: -20, points: [0, 0, 260, 170] });
  });

  it('turns the segment in 15° steps about the other end with Shift', () => {
    const { editor } = setup();
    // From the start, the end would point 36.3° below horizontal: Shift makes it 30°.
    dragEnd(editor, { x: 300, y: 150 }, { x: 400, y: 270 }, { shift: true });
    const [start, end] = worldPoints(editor.getObject('a')!);
    const angle = Math.atan2(end!.y - start!.y, end!.x - start!.x);
    expect(angle).toBeCloseTo(Math.PI / 6, 3);
    expect(start).toEqual({ x: 100, y: 50 });
  });

  it('leaves a locked line alone', () => {
    const { editor } = setup();
    editor.setLocked(true);
    dragEnd(editor, { x: 300, y: 150 }, { x: 400, y: 250 });
    // The press on the end is a press on the line: a locked object is not moved either.
    expect(editor.getObject('a')!.props.points).toEqual([0, 0, 200, 100]);
    expect(editor.overlayState().line).toBeNull();
  });
});
