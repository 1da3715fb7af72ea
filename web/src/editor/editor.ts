import type { Doc } from '../model/doc';
import { centre, localBox, unionBoxes, worldBounds, type Box, type Vec } from '../model/geometry';
import { keyBetween } from '../model/order';
import { SceneIndex } from '../model/scene-index';
import type { BoardObject, Kind, Op, Props, PutOp, SetOp } from '../model/types';
import type { OverlayState } from '../render/renderer';
import type { ConnectionStatus, SyncEngine } from '../sync/engine';
import { alignOps, distributeOps, type Alignment } from './arrange';
import { fitBox, screenToWorld, stepZoom, visibleWorld, zoomAt, type Camera } from './camera';
import { parseClipboard, pasteOps, serialiseClipboard } from './clipboard';
import { childrenOf, reparentOps } from './frames';
import { History } from './history';
import { randomId } from './ids';
import { reorderOps, topKeys, type OrderMove } from './ordering';
import { buildOverlayState, floatingGroup, type FloatingGroup } from './overlay-state';
import { PointerRouter } from './pointer-router';
import { objectAt, objectsInside } from './queries';
import { followRole, VIEWING_TOOLS } from './role-follow';
import { INITIAL_STYLE, initialStyleProps, styleOps, type StyleDefaults, type StyleProp } from './style';
import { ToastList, type Toast } from './toasts';
import { createTools } from './tools/registry';
import type { Tool, ToolId } from './tools/tool';
import { frameOf, moveOps, snap } from './transform';

// The editor: the selection, the camera, the current tool, undo history and every command
// the UI and keyboard offer. It edits the board only through `commit`, which records undo
// information and hands the ops to the sync engine. Pointer input (pointer-router.ts),
// following the user's role (role-follow.ts) and toasts (toasts.ts) have modules of their own.

export type EditorChange = 'floating' | 'camera' | 'selection' | 'tool' | 'overlay' | 'style' | 'doc' | 'editing' | 'view' | 'peers' | 'status' | 'toast' | 'role';

export interface EditorOptions {
  boardId: string;
  engine: SyncEngine;
  /** Height a text-bearing object needs for `text` at its width (the renderer measures). */
  measureTextHeight?: (object: BoardObject, text: string) => number;
}

export const GRID_SIZE = 20;
const NUDGE = 1;
const NUDGE_LARGE = 10;

export class Editor {
  readonly boardId: string;
  readonly engine: SyncEngine;
  readonly doc: Doc;
  readonly index: SceneIndex;
  readonly history: History;
  readonly tools: Record<ToolId, Tool>;
  readonly measureTextHeight: (object: BoardObject, text: string) => number;

  camera: Camera = { x: 0, y: 0, zoom: 1 };
  viewport = { width: 1, height: 1 };
  selection: ReadonlySet<string> = new Set();
  toolId: ToolId = 'select';
  /** Keep the drawing tool after creating a shape (double-click a tool, or the lock button). */
  toolLocked = false;
  style: StyleDefaults = { ...INITIAL_STYLE };
  grid = false;
  snapToGrid = true;
  editingId: string | null = null;
  cursorWorld: Vec | null = null;
  spaceHeld = false;
  /** Pointer and wheel input on the canvas. */
  readonly input = new PointerRouter(this);

  // Transient interaction state the overlay shows.
  hoverId: string | null = null;
  marquee: Box | null = null;
  guides: OverlayState['guides'] = [];
  eraserTrail: Vec[] = [];
  /** Objects being dragged as a group, which the renderer draws as one moving layer. */
  floating: FloatingGroup | null = null;

  private listeners = new Set<(changes: ReadonlySet<EditorChange>) => void>();
  private sceneListeners = new Set<(changed: Box | 'all' | null) => void>();
  private queued = new Set<EditorChange>();
  private notifyScheduled = false;
  private readonly toastList = new ToastList(() => this.emit('toast'));
  private pasteCount = 0;

  constructor(options: EditorOptions) {
    this.boardId = options.boardId;
    this.engine = options.engine;
    this.doc = options.engine.view;
    this.index = new SceneIndex(this.doc);
    this.history = new History(this.doc, (ops) => this.engine.applyLocal(ops));
    this.measureTextHeight = options.measureTextHeight ?? ((object) => localBox(object).h);
    this.tools = createTools(this);
    this.engine.onChange(({ ids, reset }) => {
      // A floating group changes every frame of its drag, off the scene layer: its objects
      // are re-indexed when something next reads the index, and the UI hears of the move
      // when the group lands (setFloating(null)).
      const floatingOnly = !reset && this.floating !== null && containsAll(this.floating.ids, ids);
      let changed: Box | 'all' | null = 'all';
      if (reset) this.index.rebuild();
      else if (floatingOnly) {
        this.index.markStale(ids);
        changed = null;
      } else changed = this.index.update(ids, this.visibleWorld());
      for (const listener of this.sceneListeners) listener(changed);
      this.pruneSelection(reset ? this.selection : ids);
      if (!floatingOnly) this.emit('doc');
    });
    this.engine.onStatus(() => this.emit('status'));
    this.engine.onPendingChange(() => this.emit('status'));
    this.engine.onPeers(() => this.emit('peers'));
    this.engine.onError((message) => this.toast(humaniseError(message), 'error'));
    followRole(this);
  }

  // ---- Role ------------------------------------------------------------------------------

  /** Whether this user may change the board (editors and owners; not viewers). */
  get canEdit(): boolean {
    return this.engine.canEdit;
  }

  // ---- Change notification ---------------------------------------------------------------

  onChange(listener: (changes: ReadonlySet<EditorChange>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Called synchronously after every document change with the world area it changed on
   * screen: null when nothing visible changed, 'all' after a reset.
   */
  onSceneChange(listener: (changed: Box | 'all' | null) => void): () => void {
    this.sceneListeners.add(listener);
    return () => this.sceneListeners.delete(listener);
  }

  emit(change: EditorChange): void {
    this.queued.add(change);
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      const changes = this.queued;
      this.queued = new Set();
      for (const listener of this.listeners) listener(changes);
    });
  }

  toast(text: string, tone: Toast['tone'] = 'info'): void {
    this.toastList.show(text, tone);
  }

  get toasts(): readonly Toast[] {
    return this.toastList.items;
  }

  // ---- Reading (also the test handle's surface) ------------------------------------------

  getObjects(): BoardObject[] {
    return this.index.ordered();
  }

  getObject(id: string): BoardObject | undefined {
    return this.doc.get(id);
  }

  getSelection(): string[] {
    return [...this.selection];
  }

  getCamera(): Camera {
    return { ...this.camera };
  }

  getConnectionStatus(): ConnectionStatus {
    return this.engine.status;
  }

  getPendingCount(): number {
    return this.engine.pendingCount;
  }

  selectedObjects(): BoardObject[] {
    const objects: BoardObject[] = [];
    for (const id of this.selection) {
      const object = this.doc.get(id);
      if (object) objects.push(object);
    }
    return objects;
  }

  /** Selected objects that may be changed (not locked). */
  editableSelection(): BoardObject[] {
    return this.selectedObjects().filter((o) => !o.props.locked);
  }

  // ---- Editing ---------------------------------------------------------------------------

  /** Applies local ops, recording them for undo. */
  commit(ops: Op[]): void {
    if (!this.canEdit) return;
    this.history.commit(ops);
  }

  /** Runs `fn` as one undo step. */
  transact(fn: () => void): void {
    this.history.begin();
    try {
      fn();
    } finally {
      this.history.end();
    }
  }

  undo(): void {
    if (!this.canEdit) return;
    this.stopEditing();
    if (!this.history.undo()) this.toast('Nothing to undo');
    this.pruneSelection(this.selection);
  }

  redo(): void {
    if (!this.canEdit) return;
    this.stopEditing();
    if (!this.history.redo()) this.toast('Nothing to redo');
  }

  /**
   * A put for a new object of `kind`, styled with the current style, on top of the board.
   * Frames go to the bottom instead: they hold other objects and must not cover them.
   */
  newObjectOp(kind: Kind, props: Partial<Props> & { x: number; y: number }): PutOp {
    const [z] = kind === 'frame' ? [keyBetween(null, this.index.bottom()?.props.z)] : topKeys(this.index, 1);
    const all = { ...initialStyleProps(kind, this.style), ...props, z } as Props;
    return { op: 'put', id: randomId(), kind, props: all };
  }

  /** Objects that sit in any of these frames. */
  childrenOf(frameIds: ReadonlySet<string>): BoardObject[] {
    return childrenOf(this.index, frameIds);
  }

  /** Puts each object in the frame under its centre (or none), so frames carry their content. */
  reparent(ids: Iterable<string>): void {
    this.commit(reparentOps(this.index, ids));
  }

  setStyle(style: StyleProp, value: string | number): void {
    if (style in this.style) (this.style as unknown as Record<string, unknown>)[style] = value;
    if (style === 'fill' && this.selectedObjects().every((o) => o.kind === 'sticky') && this.selection.size > 0) {
      this.style.stickyFill = value as string;
    }
    const ops = styleOps(this.selectedObjects(), style, value);
    if (ops.length > 0) this.commit(this.withTextHeights(ops));
    this.emit('style');
  }

  /** Sets arbitrary properties on the editable selection (for controls like frame names). */
  setSelectionProps(props: SetOp['props']): void {
    const ops: SetOp[] = this.editableSelection().map((o) => ({ op: 'set', id: o.id, props }));
    this.commit(ops);
  }

  /** Text objects grow with their content: a font change must update their height. */
  withTextHeights(ops: SetOp[]): SetOp[] {
    return ops.map((op) => {
      const object = this.doc.get(op.id);
      if (!object || object.kind !== 'text') return op;
      const next = { ...object, props: { ...object.props, ...op.props } as Props };
      return { ...op, props: { ...op.props, h: this.measureTextHeight(next, next.props.text ?? '') } };
    });
  }

  deleteSelection(): void {
    if (!this.canEdit) return;
    const ops: Op[] = this.editableSelection().map((o) => ({ op: 'del', id: o.id }));
    if (ops.length === 0) return;
    this.commit(ops);
    this.select([]);
  }

  duplicateSelection(): void {
    if (!this.canEdit) return;
    const objects = this.selectedObjects();
    if (objects.length === 0) return;
    const ops = pasteOps(objects, topKeys(this.index, objects.length), null, 16);
    this.commit(ops);
    this.select(ops.map((o) => o.id));
  }

  copySelection(): string | null {
    const objects = this.selectedObjects();
    if (objects.length === 0) return null;
    this.pasteCount = 0;
    return serialiseClipboard(objects);
  }

  cutSelection(): string | null {
    const text = this.copySelection();
    if (text) this.deleteSelection();
    return text;
  }

  /** Pastes a clipboard text: our JSON payload, or plain text as a text object. */
  paste(text: string, at: Vec | null = this.cursorWorld): boolean {
    if (!this.canEdit) return false;
    const objects = parseClipboard(text);
    if (objects && objects.length > 0) {
      // At the cursor; without one, each paste lands a little further from the original.
      const offset = 16 * ++this.pasteCount;
      const ops = pasteOps(objects, topKeys(this.index, objects.length), at, offset);
      this.commit(ops);
      this.select(ops.map((o) => o.id));
      return true;
    }
    const plain = text.trim();
    if (plain === '') return false;
    const point = at ?? this.viewportCentre();
    const op = this.newObjectOp('text', { x: point.x, y: point.y, w: 320, text: plain.slice(0, 20_000) });
    op.props.h = this.measureTextHeight({ id: op.id, kind: 'text', props: op.props }, op.props.text ?? '');
    this.commit([op]);
    this.select([op.id]);
    return true;
  }

  insertImage(src: string, width: number, height: number, at: Vec | null = this.cursorWorld): void {
    if (!this.canEdit) return;
    const point = at ?? this.viewportCentre();
    // Large images arrive at a size that fits comfortably in the view.
    const limit = Math.min(this.viewport.width, this.viewport.height) * 0.6 / this.camera.zoom;
    const scale = Math.min(1, limit / Math.max(width, height, 1));
    const w = width * scale;
    const h = height * scale;
    const op = this.newObjectOp('image', { x: point.x - w / 2, y: point.y - h / 2, w, h, src });
    this.commit([op]);
    this.select([op.id]);
    this.setTool('select');
  }

  reorder(move: OrderMove): void {
    this.commit(reorderOps(this.index, this.editableSelection(), move));
  }

  align(alignment: Alignment): void {
    this.commit(alignOps(this.editableSelection(), alignment));
  }

  distribute(axis: 'horizontal' | 'vertical'): void {
    this.commit(distributeOps(this.editableSelection(), axis));
  }

  setLocked(locked: boolean): void {
    const ops: SetOp[] = this.selectedObjects().map((o) => ({ op: 'set', id: o.id, props: { locked: locked ? true : null } }));
    this.commit(ops);
    this.emit('selection');
  }

  nudge(dx: number, dy: number, large: boolean): void {
    const step = large ? NUDGE_LARGE : NUDGE;
    this.commit(moveOps(this.editableSelection(), dx * step, dy * step));
  }

  // ---- Selection -------------------------------------------------------------------------

  select(ids: Iterable<string>): void {
    const next = new Set(ids);
    if (next.size === this.selection.size && [...next].every((id) => this.selection.has(id))) return;
    this.selection = next;
    this.emit('selection');
    this.emit('overlay');
    this.engine.setPresence(this.cursorWorld, next);
  }

  selectAll(): void {
    this.select(this.index.ordered().map((o) => o.id));
  }

  /** Drops deleted objects from the selection; only `changed` can have gone. */
  private pruneSelection(changed: Iterable<string>): void {
    let gone = false;
    for (const id of changed) {
      if (this.selection.has(id) && !this.doc.has(id)) {
        gone = true;
        break;
      }
    }
    if (gone) this.select([...this.selection].filter((id) => this.doc.has(id)));
    if (this.editingId && !this.doc.has(this.editingId)) this.stopEditing();
    this.emit('overlay');
  }

  /** The topmost object under a world point: outlines and filled areas first. */
  hitAt(world: Vec): BoardObject | undefined {
    return objectAt(this.index, world, 4 / this.camera.zoom);
  }

  /** Objects in view, bottom to top. */
  visibleObjects(): BoardObject[] {
    return this.index.query(this.visibleWorld());
  }

  /** Objects whose bounds lie inside a world box (marquee selection). */
  objectsInside(box: Box): BoardObject[] {
    return objectsInside(this.index, box);
  }

  // ---- Tools -----------------------------------------------------------------------------

  setTool(id: ToolId, locked = false): void {
    if (!this.canEdit && !VIEWING_TOOLS.has(id)) return;
    if (this.toolId !== id) this.tools[this.toolId].cancel();
    this.toolId = id;
    this.toolLocked = locked;
    this.stopEditing();
    if (id !== 'select') this.hoverId = null;
    this.emit('tool');
    this.emit('overlay');
  }

  /** After drawing a shape: back to select, unless the tool is locked. */
  doneCreating(id: string): void {
    this.reparent([id]);
    if (!this.toolLocked) this.setTool('select');
    this.select([id]);
  }

  /** Opens in-place text editing; it is one undo step (joined to an open one, say a creation). */
  startEditing(id: string): void {
    const object = this.doc.get(id);
    if (!object || object.props.locked || !this.canEdit) return;
    this.stopEditing();
    this.history.begin();
    this.editingId = id;
    this.select([id]);
    this.emit('editing');
  }

  /** Writes the text being edited; text objects grow to fit it. */
  updateEditingText(text: string): void {
    const object = this.editingId ? this.doc.get(this.editingId) : undefined;
    if (!object) return;
    const props: SetOp['props'] = { text };
    if (object.kind === 'text') props.h = this.measureTextHeight(object, text);
    if (object.kind === 'sticky') {
      const needed = this.measureTextHeight(object, text);
      if (needed > (object.props.h ?? 0)) props.h = needed;
    }
    this.commit([{ op: 'set', id: object.id, props }]);
  }

  stopEditing(): void {
    if (!this.editingId) return;
    const object = this.doc.get(this.editingId);
    this.editingId = null;
    // An emptied text object has nothing left to show: it goes.
    if (object && object.kind === 'text' && (object.props.text ?? '').trim() === '') {
      this.commit([{ op: 'del', id: object.id }]);
      this.select([]);
    }
    this.history.end();
    this.emit('editing');
    this.emit('overlay');
  }

  /** Starts (with the ids that move together) or ends (null) a drag drawn as one layer. */
  setFloating(ids: ReadonlySet<string> | null): void {
    const landed = this.floating !== null && ids === null;
    this.floating = ids ? floatingGroup(this, ids) : null;
    this.emit('floating');
    if (landed) this.emit('doc');
  }

  /** How far the floating group has moved since its drag began: the layer follows. */
  moveFloating(offset: Vec): void {
    if (!this.floating) return;
    this.floating = { ...this.floating, offset };
    this.emit('overlay');
  }

  // ---- Camera ----------------------------------------------------------------------------

  setCamera(camera: Camera): void {
    this.camera = camera;
    this.emit('camera');
    this.emit('overlay');
  }

  setViewport(width: number, height: number): void {
    this.viewport = { width, height };
    this.emit('camera');
  }

  viewportCentre(): Vec {
    return screenToWorld(this.camera, { x: this.viewport.width / 2, y: this.viewport.height / 2 });
  }

  visibleWorld(): Box {
    return visibleWorld(this.camera, this.viewport.width, this.viewport.height);
  }

  zoomBy(direction: 1 | -1, around?: Vec): void {
    const point = around ?? { x: this.viewport.width / 2, y: this.viewport.height / 2 };
    this.setCamera(zoomAt(this.camera, point, stepZoom(this.camera.zoom, direction)));
  }

  zoomTo(zoom: number): void {
    this.setCamera(zoomAt(this.camera, { x: this.viewport.width / 2, y: this.viewport.height / 2 }, zoom));
  }

  zoomToFit(): void {
    const extent = this.index.extent();
    if (!extent) return this.setCamera({ x: -this.viewport.width / 2, y: -this.viewport.height / 2, zoom: 1 });
    this.setCamera(fitBox(extent, this.viewport.width, this.viewport.height, 1));
  }

  zoomToSelection(): void {
    const box = unionBoxes(this.selectedObjects().map(worldBounds));
    if (!box) return this.zoomToFit();
    this.setCamera(fitBox(box, this.viewport.width, this.viewport.height, 2));
  }

  centreOn(world: Vec): void {
    const { zoom } = this.camera;
    this.setCamera({ x: world.x - this.viewport.width / 2 / zoom, y: world.y - this.viewport.height / 2 / zoom, zoom });
  }

  toggleGrid(): void {
    this.grid = !this.grid;
    this.emit('view');
  }

  setSnapToGrid(on: boolean): void {
    this.snapToGrid = on;
    this.emit('view');
  }

  /** Snaps a world point to the grid when the grid is shown and snapping is on. */
  snapPoint(point: Vec): Vec {
    if (!this.grid || !this.snapToGrid) return point;
    return { x: snap(point.x, GRID_SIZE), y: snap(point.y, GRID_SIZE) };
  }

  get snapping(): boolean {
    return this.grid && this.snapToGrid;
  }

  // ---- What the overlay draws ------------------------------------------------------------

  overlayState(): OverlayState {
    return buildOverlayState(this);
  }

  selectionCentre(): Vec | null {
    const frame = frameOf(this.selectedObjects());
    return frame ? centre(frame.box) : null;
  }
}

function containsAll(set: ReadonlySet<string>, ids: Iterable<string>): boolean {
  for (const id of ids) if (!set.has(id)) return false;
  return true;
}

function humaniseError(message: string): string {
  if (message.startsWith('too_large')) return `That is too large for the board: ${message.replace(/^too_large:\s*/, '')}`;
  if (message.startsWith('limit_exceeded')) return 'The board is full: it has reached its object limit.';
  return `The server refused a change (${message}).`;
}
