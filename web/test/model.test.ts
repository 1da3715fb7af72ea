import { describe, expect, it } from 'vitest';
import { applyOp } from '../src/model/apply';
import { Doc } from '../src/model/doc';
import { hitTest, localBox, worldBounds } from '../src/model/geometry';
import { compareOrder, keyBetween } from '../src/model/order';
import { SceneIndex } from '../src/model/scene-index';
import type { BoardObject } from '../src/model/types';
import { parseObject, parseOp, ValidationError } from '../src/model/validate';

const rect = (id: string, props: Partial<BoardObject['props']> = {}): BoardObject => ({ id, kind: 'rect', props: { x: 0, y: 0, w: 10, h: 10, ...props } });

describe('applyOp', () => {
  it('put replaces the whole object, set merges, null removes, del removes', () => {
    let o = applyOp(undefined, { op: 'put', id: 'a', kind: 'rect', props: { x: 1, y: 2, fill: '#fff' } });
    o = applyOp(o, { op: 'set', id: 'a', props: { x: 5, fill: null } });
    expect(o?.props).toEqual({ x: 5, y: 2 });
    o = applyOp(o, { op: 'put', id: 'a', kind: 'ellipse', props: { x: 0, y: 0 } });
    expect(o).toEqual({ id: 'a', kind: 'ellipse', props: { x: 0, y: 0 } });
    expect(applyOp(o, { op: 'del', id: 'a' })).toBeUndefined();
  });

  it('drops a set on a missing object, and properties the kind does not allow', () => {
    expect(applyOp(undefined, { op: 'set', id: 'a', props: { x: 1 } })).toBeUndefined();
    const o = applyOp(rect('a'), { op: 'set', id: 'a', props: { points: [0, 0, 1, 1], fill: '#000' } });
    expect(o?.props.points).toBeUndefined();
    expect(o?.props.fill).toBe('#000');
  });

  it('never removes required properties', () => {
    const o = applyOp(rect('a'), { op: 'set', id: 'a', props: { x: null } });
    expect(o?.props.x).toBe(0);
  });

  it('keeps objects immutable', () => {
    const before = rect('a');
    const after = applyOp(before, { op: 'set', id: 'a', props: { x: 3 } });
    expect(before.props.x).toBe(0);
    expect(after).not.toBe(before);
  });
});

describe('validation of network input', () => {
  it('accepts what the server sends', () => {
    expect(parseObject({ id: 'r1', kind: 'rect', props: { x: 0, y: 0, w: 100, h: 50, z: 'a0', fill: '#ffcc00' } }).kind).toBe('rect');
    expect(parseOp({ op: 'set', id: 'r1', props: { fill: null, text: 'hi' } })).toEqual({ op: 'set', id: 'r1', props: { fill: null, text: 'hi' } });
    expect(parseObject({ id: 'l', kind: 'arrow', props: { x: 0, y: 0, points: [0, 0, 5, 5], endArrow: 'triangle' } }).kind).toBe('arrow');
  });

  it.each([
    [{ id: 'bad id!', kind: 'rect', props: { x: 0, y: 0 } }],
    [{ id: 'r', kind: 'hexagon', props: { x: 0, y: 0 } }],
    [{ id: 'r', kind: 'rect', props: { x: 0 } }],
    [{ id: 'r', kind: 'rect', props: { x: 0, y: 0, fill: 'red' } }],
    [{ id: 'r', kind: 'rect', props: { x: 0, y: 0, points: [0, 0, 1, 1] } }],
    [{ id: 'r', kind: 'rect', props: { x: 0, y: 0, opacity: 2 } }],
    [{ id: 'r', kind: 'line', props: { x: 0, y: 0, points: [0, 0, 1] } }],
    [{ id: 'r', kind: 'star', props: { x: 0, y: 0, spikes: 4.5 } }],
    [{ id: 'r', kind: 'image', props: { x: 0, y: 0, src: 'http://example.com/a.png' } }],
    [{ id: 'r', kind: 'rect', props: { x: 0, y: 0, bogus: 1 } }],
    [JSON.parse('{"id":"r","kind":"rect","props":{"x":0,"y":0,"constructor":1}}')],
    [JSON.parse('{"id":"r","kind":"rect","props":{"x":0,"y":0,"toString":"a"}}')],
  ])('rejects %j', (raw) => {
    expect(() => parseObject(raw)).toThrow(ValidationError);
  });
});

describe('stacking order', () => {
  it('orders by z bytewise, then id; no z first', () => {
    const objects = [rect('b', { z: 'a1' }), rect('a', { z: 'a1' }), rect('c', { z: 'Zz' }), rect('d')];
    expect(objects.sort(compareOrder).map((o) => o.id)).toEqual(['d', 'c', 'a', 'b']);
  });

  it('finds keys between neighbours, even equal ones', () => {
    expect(keyBetween('a0', 'a1') > 'a0').toBe(true);
    expect(keyBetween('a0', 'a1') < 'a1').toBe(true);
    expect(keyBetween('a1', 'a1') > 'a1').toBe(true);
    expect(keyBetween(null, null)).toBe('a0');
  });
});

describe('geometry', () => {
  it('bounds a rotated box', () => {
    const b = worldBounds(rect('a', { w: 100, h: 0, rotation: Math.PI / 2, strokeWidth: 0 }));
    expect(b.w).toBeCloseTo(2, 5);
    expect(b.h).toBeCloseTo(102, 5);
  });

  it('boxes a polyline from its points relative to x, y', () => {
    expect(localBox({ id: 'l', kind: 'line', props: { x: 10, y: 10, points: [0, 0, -5, 20] } })).toEqual({ x: 5, y: 10, w: 5, h: 20 });
  });

  it('hits filled shapes inside and empty ones at the edge first', () => {
    expect(hitTest(rect('a', { fill: '#000', w: 100, h: 100 }), { x: 50, y: 50 }, 1)).toBe('solid');
    expect(hitTest(rect('a', { w: 100, h: 100 }), { x: 50, y: 50 }, 1)).toBe('interior');
    expect(hitTest(rect('a', { w: 100, h: 100 }), { x: 1, y: 50 }, 1)).toBe('solid');
    expect(hitTest(rect('a', { w: 100, h: 100 }), { x: 150, y: 50 }, 1)).toBeNull();
    expect(hitTest({ id: 'e', kind: 'ellipse', props: { x: 0, y: 0, w: 100, h: 100, fill: '#000' } }, { x: 2, y: 2 }, 1)).toBeNull();
  });
});

// Every case runs before the tree is packed (queries scan the stacking order) and after.
describe.each([false, true])('SceneIndex, tree packed: %s', (packed) => {
  function setup(n: number) {
    const doc = new Doc(Array.from({ length: n }, (_, i) => rect(`o${i}`, { x: i * 20, z: keyBetween(null, null) })));
    const index = new SceneIndex(doc);
    if (packed) index.prepare();
    expect(index.prepared).toBe(packed);
    return { doc, index };
  }

  it('finds most of the board bottom to top, whatever the ids say', () => {
    const doc = new Doc(Array.from({ length: 40 }, (_, i) => rect(`o${i}`, { x: (i % 8) * 20, y: Math.floor(i / 8) * 20, z: `a${String(39 - i).padStart(2, '0')}` })));
    const index = new SceneIndex(doc);
    if (packed) index.prepare();
    const found = index.query({ x: -10, y: -10, w: 500, h: 500 }).map((o) => o.id);
    expect(found).toEqual(Array.from({ length: 40 }, (_, i) => `o${39 - i}`));
  });

  it('finds objects in a box, bottom to top', () => {
    const { index } = setup(100);
    expect(index.query({ x: 0, y: 0, w: 45, h: 5 }).map((o) => o.id)).toEqual(['o0', 'o1', 'o2']);
  });

  it('follows moves, deletions and creations, including after many changes', () => {
    const { doc, index } = setup(50);
    for (let round = 0; round < 3; round++) {
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) {
        const o = doc.get(`o${i}`)!;
        doc.put(o.id, { ...o, props: { ...o.props, y: o.props.y + 1000 } });
        ids.push(o.id);
      }
      index.update(ids);
    }
    expect(index.query({ x: 0, y: 0, w: 2000, h: 100 })).toHaveLength(0);
    expect(index.query({ x: 0, y: 2990, w: 2000, h: 30 })).toHaveLength(50);
    doc.put('o3', undefined);
    doc.put('new', rect('new', { x: 60, y: 3000, z: 'b0' }));
    index.update(['o3', 'new']);
    const found = index.query({ x: 55, y: 2990, w: 10, h: 30 }).map((o) => o.id);
    expect(found).toEqual(['new']);
    expect(index.top()?.id).toBe('new');
    expect(index.size).toBe(50);
  });

  it('reports the changed area only when it meets the watched box', () => {
    const { doc, index } = setup(10);
    const o = doc.get('o9')!;
    doc.put('o9', { ...o, props: { ...o.props, x: 5000 } });
    expect(index.update(['o9'], { x: 0, y: 0, w: 50, h: 50 })).toBeNull();
    doc.put('o0', { ...doc.get('o0')!, props: { ...doc.get('o0')!.props, x: 1 } });
    expect(index.update(['o0'], { x: 0, y: 0, w: 50, h: 50 })).not.toBeNull();
  });

  it('re-indexes objects marked stale when it is next read, not before', () => {
    const { doc, index } = setup(10);
    const o = doc.get('o2')!;
    doc.put('o2', { ...o, props: { ...o.props, y: 500 } });
    doc.put('o5', undefined);
    index.markStale(['o2', 'o5']);
    expect(index.query({ x: 0, y: 490, w: 1000, h: 20 }).map((x) => x.id)).toEqual(['o2']);
    expect(index.query({ x: 0, y: 0, w: 1000, h: 20 }).map((x) => x.id)).not.toContain('o2');
    expect(index.get('o5')).toBeUndefined();
    expect(index.size).toBe(9);
  });

  it('keeps the stacking order when z changes', () => {
    const { doc, index } = setup(3);
    const o = doc.get('o0')!;
    doc.put('o0', { ...o, props: { ...o.props, z: 'b5' } });
    index.update(['o0']);
    expect(index.ordered().map((x) => x.id)).toEqual(['o1', 'o2', 'o0']);
  });
});
