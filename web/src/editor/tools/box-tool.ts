import type { Vec } from '../../model/geometry';
import type { Kind } from '../../model/types';
import type { Editor } from '../editor';
import type { PointerInput, Tool, ToolId } from './tool';
import { round } from '../transform';

// Draws kinds that live in a box: drag from corner to corner (Shift for a square or circle,
// Alt from the centre), or click for a default size. Text and sticky notes open for typing.

type BoxKind = Extract<Kind, 'rect' | 'ellipse' | 'triangle' | 'star' | 'text' | 'sticky' | 'frame'>;

const DEFAULT_SIZES: Record<BoxKind, [number, number]> = {
  rect: [160, 100],
  ellipse: [120, 120],
  triangle: [120, 110],
  star: [120, 120],
  text: [280, 0],
  sticky: [200, 200],
  frame: [480, 320],
};

const DRAG_THRESHOLD = 4;

export class BoxTool implements Tool {
  private start: PointerInput | null = null;
  private createdId: string | null = null;

  constructor(
    private readonly editor: Editor,
    readonly id: ToolId,
    private readonly kind: BoxKind,
  ) {}

  cursor(): string {
    return this.kind === 'text' ? 'text' : 'crosshair';
  }

  down(input: PointerInput): void {
    const snapped = this.editor.snapPoint(input.world);
    this.start = { ...input, world: { x: round(snapped.x), y: round(snapped.y) } };
    this.createdId = null;
    this.editor.select([]);
  }

  move(input: PointerInput): void {
    const start = this.start;
    if (!start) return;
    const editor = this.editor;
    if (!this.createdId) {
      if (Math.hypot(input.screen.x - start.screen.x, input.screen.y - start.screen.y) < DRAG_THRESHOLD) return;
      editor.history.begin();
      const op = editor.newObjectOp(this.kind, { x: start.world.x, y: start.world.y, w: 1, h: 1, ...this.contentProps() });
      editor.commit([op]);
      this.createdId = op.id;
    }
    const box = this.dragBox(start.world, editor.snapPoint(input.world), input.shift, input.alt);
    const object = editor.getObject(this.createdId);
    if (!object) return;
    const props = { ...box, ...(this.kind === 'text' ? { h: Math.max(box.h, editor.measureTextHeight({ ...object, props: { ...object.props, w: box.w } }, object.props.text ?? '')) } : {}) };
    editor.commit([{ op: 'set', id: this.createdId, props }]);
  }

  private dragBox(a: Vec, b: Vec, square: boolean, fromCentre: boolean) {
    let w = Math.abs(b.x - a.x);
    let h = Math.abs(b.y - a.y);
    if (square) w = h = Math.max(w, h);
    if (fromCentre) return { x: round(a.x - w), y: round(a.y - h), w: round(Math.max(1, w * 2)), h: round(Math.max(1, h * 2)) };
    const x = b.x < a.x ? a.x - w : a.x;
    const y = b.y < a.y ? a.y - h : a.y;
    return { x: round(x), y: round(y), w: round(Math.max(1, w)), h: round(Math.max(1, h)) };
  }

  private contentProps() {
    return this.kind === 'text' || this.kind === 'sticky' ? { text: '' } : {};
  }

  up(): void {
    const editor = this.editor;
    const start = this.start;
    this.start = null;
    if (!start) return;
    let id = this.createdId;
    if (!id) {
      // A click: a default-sized object centred where the click was (text starts there).
      const [w, h] = DEFAULT_SIZES[this.kind];
      const at = start.world;
      const origin = this.kind === 'text' ? { x: at.x, y: at.y - 14 } : { x: at.x - w / 2, y: at.y - h / 2 };
      const op = editor.newObjectOp(this.kind, { ...origin, w, h: Math.max(h, 1), ...this.contentProps() });
      if (this.kind === 'text') op.props.h = editor.measureTextHeight({ id: op.id, kind: 'text', props: op.props }, '');
      editor.history.begin();
      editor.commit([op]);
      id = op.id;
    }
    this.createdId = null;
    editor.doneCreating(id);
    // Typing into a new text or note joins its creation: one undo step for both.
    if (this.kind === 'text' || this.kind === 'sticky') editor.startEditing(id);
    editor.history.end();
  }

  cancel(): void {
    if (this.createdId) this.editor.history.end();
    this.start = null;
    this.createdId = null;
  }
}
