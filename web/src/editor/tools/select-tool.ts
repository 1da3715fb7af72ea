import { centre, localBox, type Box, type Vec } from '../../model/geometry';
import { cursorFor, handleAt, type HandleId, type SelectionFrame } from '../../model/handles';
import { isTextBearing } from '../../model/kinds';
import { endHandleAt, hasEndHandles, worldPoints, type LineEnd } from '../../model/line-handles';
import type { BoardObject } from '../../model/types';
import type { Editor } from '../editor';
import { ANGLE_STEP, constrainAngle, endAnchor, moveEndOp } from '../line-ends';
import { snapToObjects } from '../snapping';
import { frameOf, moveOps, resizedBox, resizeOps, rotateOps, snap } from '../transform';
import type { PointerInput, Tool } from './tool';

// Click, shift-click and marquee selection; moving, resizing from eight handles and rotating
// the selection; moving either end of a single selected line or arrow. Every gesture is one
// undo step and works from the objects as they were at its start.

type HandleHit = { type: 'frame'; handle: HandleId; frame: SelectionFrame } | { type: 'end'; end: LineEnd; object: BoardObject };

type Gesture =
  | { type: 'idle' }
  | { type: 'press'; start: PointerInput; hit: BoardObject | undefined; toggledOff: boolean }
  | { type: 'move'; start: PointerInput; objects: BoardObject[]; frame: SelectionFrame; others: Box[] }
  | { type: 'resize'; handle: Exclude<HandleId, 'rotate'>; objects: BoardObject[]; frame: SelectionFrame }
  | { type: 'rotate'; start: PointerInput; objects: BoardObject[]; frame: SelectionFrame }
  | { type: 'end'; start: PointerInput; end: LineEnd; object: BoardObject; from: Vec; anchor: Vec | undefined }
  | { type: 'marquee'; start: PointerInput; base: string[] };

const DRAG_THRESHOLD = 3;
const FLOATING_MIN = 50;
const SNAP_PX = 6;
const SNAP_CANDIDATES = 2000;
const ROTATE_SNAP = Math.PI / 12;

export class SelectTool implements Tool {
  readonly id = 'select' as const;
  private gesture: Gesture = { type: 'idle' };

  constructor(private readonly editor: Editor) {}

  cursor(input: PointerInput | null): string {
    const g = this.gesture;
    if (g.type === 'resize') return cursorFor(g.handle, g.frame.rotation);
    if (g.type === 'rotate' || g.type === 'end') return 'grabbing';
    if (g.type === 'move') return 'move';
    if (!input) return 'default';
    const hit = this.handleUnder(input.world);
    if (hit?.type === 'end') return 'grab';
    if (hit) return cursorFor(hit.handle, hit.frame.rotation);
    return 'default';
  }

  /** The handle under a world point: a line's ends when one line is selected, else the frame's. */
  private handleUnder(world: Vec): HandleHit | null {
    const editor = this.editor;
    const selected = editor.selectedObjects();
    if (!editor.canEdit || selected.length === 0 || selected.some((o) => o.props.locked)) return null;
    const [only] = selected;
    if (only && selected.length === 1 && hasEndHandles(only)) {
      const end = endHandleAt(only, world, editor.camera.zoom);
      return end ? { type: 'end', end, object: only } : null;
    }
    const frame = frameOf(selected);
    if (!frame) return null;
    const handle = handleAt(frame, world, editor.camera.zoom);
    return handle ? { type: 'frame', handle, frame } : null;
  }

  down(input: PointerInput): void {
    const editor = this.editor;
    if (input.clicks >= 2) {
      this.doubleClick(input);
      return;
    }
    const handle = this.handleUnder(input.world);
    if (handle?.type === 'end') {
      const points = worldPoints(handle.object);
      const from = (handle.end === 'start' ? points[0] : points[points.length - 1]) ?? input.world;
      editor.history.begin();
      this.gesture = { type: 'end', start: input, end: handle.end, object: handle.object, from, anchor: endAnchor(handle.object, handle.end) };
      return;
    }
    if (handle) {
      const objects = editor.editableSelection();
      editor.history.begin();
      this.gesture =
        handle.handle === 'rotate'
          ? { type: 'rotate', start: input, objects, frame: handle.frame }
          : { type: 'resize', handle: handle.handle, objects, frame: handle.frame };
      return;
    }
    const hit = editor.hitAt(input.world);
    if (hit) {
      let toggledOff = false;
      if (input.shift) {
        const next = new Set(editor.selection);
        if (next.has(hit.id)) {
          next.delete(hit.id);
          toggledOff = true;
        } else next.add(hit.id);
        editor.select(next);
      } else if (!editor.selection.has(hit.id)) {
        editor.select([hit.id]);
      }
      this.gesture = { type: 'press', start: input, hit, toggledOff };
      return;
    }
    const frame = frameOf(editor.selectedObjects());
    if (frame && editor.selection.size > 1 && !input.shift && insideFrame(frame, input.world)) {
      this.gesture = { type: 'press', start: input, hit: undefined, toggledOff: false };
      return;
    }
    const base = input.shift ? [...editor.selection] : [];
    if (!input.shift) editor.select([]);
    this.gesture = { type: 'marquee', start: input, base };
  }

  private doubleClick(input: PointerInput): void {
    const editor = this.editor;
    const hit = editor.hitAt(input.world);
    if (hit && isTextBearing(hit.kind)) {
      editor.startEditing(hit.id);
      return;
    }
    if (hit?.kind === 'frame') return;
    if (!hit && editor.canEdit) {
      // Double-click on empty board: write there.
      const point = editor.snapPoint(input.world);
      const op = editor.newObjectOp('text', { x: point.x, y: point.y, w: 280, text: '' });
      op.props.h = editor.measureTextHeight({ id: op.id, kind: 'text', props: op.props }, '');
      editor.history.begin();
      editor.commit([op]);
      editor.startEditing(op.id);
      editor.history.end();
    }
  }

  move(input: PointerInput): void {
    const editor = this.editor;
    const g = this.gesture;
    switch (g.type) {
      case 'idle': {
        const hit = editor.hitAt(input.world);
        const id = hit?.id ?? null;
        if (id !== editor.hoverId) {
          editor.hoverId = id;
          editor.emit('overlay');
        }
        return;
      }
      case 'press': {
        // A viewer selects, but moves nothing.
        if (distance(g.start.screen, input.screen) < DRAG_THRESHOLD || g.toggledOff || !editor.canEdit) return;
        // Moving a frame moves what sits in it.
        const selected = editor.editableSelection();
        const frames = new Set(selected.filter((o) => o.kind === 'frame').map((o) => o.id));
        const objects = [...selected, ...editor.childrenOf(frames).filter((o) => !o.props.locked && !editor.selection.has(o.id))];
        const frame = frameOf(objects);
        if (!frame) return;
        editor.history.begin();
        editor.hoverId = null;
        // Large groups move as one layer on screen; small ones stay in their stacking order.
        if (objects.length >= FLOATING_MIN) editor.setFloating(new Set(objects.map((o) => o.id)));
        // What the group can line up with: other objects in view (a bounded number).
        const moving = new Set(objects.map((o) => o.id));
        const others = editor
          .visibleObjects()
          .filter((o) => !moving.has(o.id))
          .slice(-SNAP_CANDIDATES)
          .map((o) => localBox(o));
        this.gesture = { type: 'move', start: g.start, objects, frame, others };
        this.move(input);
        return;
      }
      case 'move': {
        let dx = input.world.x - g.start.world.x;
        let dy = input.world.y - g.start.world.y;
        if (input.shift) {
          if (Math.abs(dx) > Math.abs(dy)) dy = 0;
          else dx = 0;
        }
        if (editor.snapping) {
          const snapped = editor.snapPoint({ x: g.frame.box.x + dx, y: g.frame.box.y + dy });
          dx = snapped.x - g.frame.box.x;
          dy = snapped.y - g.frame.box.y;
        } else if (!input.alt && g.frame.rotation === 0) {
          // Alt moves freely; otherwise the group lines up with its neighbours.
          const box = { ...g.frame.box, x: g.frame.box.x + dx, y: g.frame.box.y + dy };
          const snap = snapToObjects(box, g.others, SNAP_PX / editor.camera.zoom);
          dx += snap.dx;
          dy += snap.dy;
          editor.guides = snap.guides;
          editor.emit('overlay');
        }
        editor.moveFloating({ x: dx, y: dy });
        editor.commit(moveOps(g.objects, dx, dy));
        return;
      }
      case 'resize': {
        const pointer = editor.snapPoint(input.world);
        // Images keep their proportions unless Shift says otherwise; everything else the reverse.
        const imagesOnly = g.objects.every((o) => o.kind === 'image');
        const keepRatio = imagesOnly ? !input.shift : input.shift;
        const box = resizedBox(g.frame, g.handle, pointer, keepRatio, input.alt);
        editor.commit(editor.withTextHeights(resizeOps(g.objects, g.frame, box)));
        return;
      }
      case 'rotate': {
        const c = centre(g.frame.box);
        const startAngle = Math.atan2(g.start.world.y - c.y, g.start.world.x - c.x);
        const angle = Math.atan2(input.world.y - c.y, input.world.x - c.x);
        let delta = angle - startAngle;
        if (input.shift) delta = snap(g.frame.rotation + delta, ROTATE_SNAP) - g.frame.rotation;
        editor.commit(rotateOps(g.objects, c, delta));
        return;
      }
      case 'end': {
        // The end follows the pointer from where it was grabbed, so taking it slightly off
        // centre does not make it jump.
        const moved = { x: g.from.x + input.world.x - g.start.world.x, y: g.from.y + input.world.y - g.start.world.y };
        const snapped = editor.snapPoint(moved);
        const target = input.shift && g.anchor ? constrainAngle(g.anchor, snapped, ANGLE_STEP) : snapped;
        editor.commit([moveEndOp(g.object, g.end, target)]);
        return;
      }
      case 'marquee': {
        const a = g.start.world;
        const b = input.world;
        const box = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
        editor.marquee = box;
        const inside = editor.objectsInside(box).map((o) => o.id);
        editor.select(new Set([...g.base, ...inside]));
        editor.emit('overlay');
        return;
      }
    }
  }

  up(input: PointerInput): void {
    const editor = this.editor;
    const g = this.gesture;
    this.gesture = { type: 'idle' };
    switch (g.type) {
      case 'press':
        // A plain click on a member of a multi-selection narrows the selection to it.
        if (g.hit && !input.shift && editor.selection.size > 1) editor.select([g.hit.id]);
        if (!g.hit && !input.shift) editor.select([]);
        return;
      case 'move':
      case 'resize':
      case 'rotate':
      case 'end':
        editor.guides = [];
        // Objects moved in or out of frames change parent, in the same undo step.
        if (g.type === 'move') editor.reparent(g.objects.map((o) => o.id));
        editor.history.end();
        editor.setFloating(null);
        editor.emit('selection');
        return;
      case 'marquee':
        editor.marquee = null;
        editor.emit('overlay');
        return;
      case 'idle':
        return;
    }
  }

  cancel(): void {
    const g = this.gesture;
    if (g.type === 'move' || g.type === 'resize' || g.type === 'rotate' || g.type === 'end') this.editor.history.end();
    this.editor.setFloating(null);
    if (g.type === 'marquee') this.editor.marquee = null;
    this.editor.guides = [];
    this.gesture = { type: 'idle' };
    this.editor.emit('overlay');
  }
}

function distance(a: Vec, b: Vec): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function insideFrame(frame: SelectionFrame, p: Vec): boolean {
  const b = frame.box;
  return p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h;
}
