import type { Box, Vec } from '../model/geometry';
import { corners, localBox, unionBoxes, worldBounds } from '../model/geometry';
import { handlePosition, visibleResizeHandles, HANDLE_SCREEN_SIZE, type SelectionFrame } from '../model/handles';
import { END_HANDLE_SCREEN_RADIUS } from '../model/line-handles';
import type { SceneIndex } from '../model/scene-index';
import type { BoardObject } from '../model/types';
import { drawObjects } from './draw-scene';
import { setImageReadyListener } from './image-cache';

// Two stacked canvases. The scene layer holds the document and is redrawn only when the
// document changes inside the viewport or the camera moves; the overlay layer holds what
// changes with every pointer move (selection, handles, marquee, peers' cursors) and is cheap
// to redraw. Drawing happens once per animation frame at most, and only when something is
// dirty (or at once through `renderNow`, which the canvas view calls for a board that
// arrives whole).

export interface ViewCamera {
  x: number;
  y: number;
  zoom: number;
}

export interface PeerOverlay {
  colour: string;
  name: string;
  /** Their role on the board, shown as a badge next to the name. */
  role: string | null;
  cursor: Vec | null;
  objects: readonly BoardObject[];
}

export interface OverlayState {
  selected: readonly BoardObject[];
  frame: SelectionFrame | null;
  /** The one selected line or arrow (world points): it has end handles instead of a frame. */
  line: { points: readonly Vec[]; strokeWidth: number } | null;
  /**
   * While a floating group is dragged: how far it has moved since the drag began (world
   * units), and whether `selected`, `frame` and `line` are the selection as it was then,
   * moving with the group (which they do unless some of it stays behind, locked).
   */
  floating: { offset: Vec; withSelection: boolean } | null;
  showHandles: boolean;
  hover: BoardObject | null;
  marquee: Box | null;
  guides: readonly { x1: number; y1: number; x2: number; y2: number }[];
  peers: readonly PeerOverlay[];
  eraser: readonly Vec[];
}

export interface RenderStats {
  sceneMs: number;
  overlayMs: number;
  drawn: number;
  frames: number;
}

const ACCENT = '#4f46e5';
const GRID_SIZE = 20;

export class Renderer {
  readonly scene: HTMLCanvasElement;
  readonly overlay: HTMLCanvasElement;
  private readonly sceneCtx: CanvasRenderingContext2D;
  private readonly overlayCtx: CanvasRenderingContext2D;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private camera: ViewCamera = { x: 0, y: 0, zoom: 1 };
  private sceneDirty = true;
  private overlayDirty = true;
  /** World areas changed by edits since the last frame (used when the scene is otherwise valid). */
  private dirtyRegions: Box[] = [];
  /** The camera (as whole device-pixel offsets) the scene canvas currently shows. */
  private shown: { tx: number; ty: number; zoom: number } | null = null;
  private frameRequested = false;
  private preparing = false;
  /** The overlay canvas holds nothing (cleared and nothing drawn since). */
  private overlayClear = false;
  private destroyed = false;
  grid = false;
  editingId: string | null = null;
  /**
   * Objects being dragged: left out of the scene layer and drawn from one bitmap on the
   * overlay, so moving a thousand objects costs one image draw per frame. `origin` is the
   * bitmap's world position at no offset.
   */
  private floating: { ids: ReadonlySet<string>; bitmap: HTMLCanvasElement | null; origin: Vec; zoom: number } | null = null;
  readonly stats: RenderStats = { sceneMs: 0, overlayMs: 0, drawn: 0, frames: 0 };

  constructor(
    container: HTMLElement,
    private readonly index: SceneIndex,
    private readonly overlayState: () => OverlayState,
  ) {
    this.scene = makeCanvas('scene-canvas');
    this.overlay = makeCanvas('overlay-canvas');
    container.append(this.scene, this.overlay);
    this.sceneCtx = this.scene.getContext('2d', { alpha: false }) as CanvasRenderingContext2D;
    this.overlayCtx = this.overlay.getContext('2d') as CanvasRenderingContext2D;
    setImageReadyListener(() => this.invalidateScene());
  }

  destroy(): void {
    this.destroyed = true;
    this.scene.remove();
    this.overlay.remove();
  }

  resize(width: number, height: number, dpr: number): void {
    this.width = width;
    this.height = height;
    this.dpr = dpr;
    for (const canvas of [this.scene, this.overlay]) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    this.overlayClear = false;
    this.invalidateScene();
  }

  setCamera(camera: ViewCamera): void {
    this.camera = camera;
    // A pan keeps the drawn scene valid: the next frame shifts it and draws the new edges.
    this.overlayDirty = true;
    this.requestFrame();
  }

  /** The world area on screen, with a margin so strokes at the edge are not cut. */
  visibleWorld(): Box {
    const { x, y, zoom } = this.camera;
    const margin = 8 / zoom;
    return { x: x - margin, y: y - margin, w: this.width / zoom + margin * 2, h: this.height / zoom + margin * 2 };
  }

  invalidateScene(): void {
    this.sceneDirty = true;
    this.overlayDirty = true;
    this.requestFrame();
  }

  setFloating(ids: ReadonlySet<string> | null): void {
    if (!ids || ids.size === 0) {
      if (this.floating) {
        this.floating = null;
        this.invalidateScene();
      }
      return;
    }
    this.floating = { ids, bitmap: null, origin: { x: 0, y: 0 }, zoom: 0 };
    this.invalidateScene();
  }

  /** Redraws only a world area of the scene (an edit), unless it covers most of the view. */
  invalidateRegion(box: Box): void {
    this.dirtyRegions.push(box);
    this.overlayDirty = true;
    this.requestFrame();
  }

  invalidateOverlay(): void {
    this.overlayDirty = true;
    this.requestFrame();
  }

  private requestFrame(): void {
    if (this.frameRequested || this.destroyed) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.renderNow();
    });
  }

  /** Draws whatever is dirty, now. */
  renderNow(): void {
    if (this.destroyed) return;
    const { tx, ty } = this.offsets();
    const moved = !this.shown || this.shown.tx !== tx || this.shown.ty !== ty || this.shown.zoom !== this.camera.zoom;
    if (this.sceneDirty || moved || this.dirtyRegions.length > 0) {
      const start = performance.now();
      this.updateScene();
      this.stats.sceneMs = performance.now() - start;
      this.sceneDirty = false;
      this.dirtyRegions = [];
    }
    if (this.overlayDirty) {
      const start = performance.now();
      this.drawOverlay();
      this.stats.overlayMs = performance.now() - start;
      this.overlayDirty = false;
    }
    this.stats.frames++;
    this.prepareIndexWhenIdle();
  }

  /**
   * A board that just opened has its index packed once this frame is on screen: from the next
   * frame on, when the browser is idle (an idle moment can come before the frame is out).
   */
  private prepareIndexWhenIdle(): void {
    if (this.preparing || this.index.prepared) return;
    this.preparing = true;
    requestAnimationFrame(() =>
      whenIdle(() => {
        this.preparing = false;
        if (!this.destroyed) this.index.prepare();
      }),
    );
  }

  /** The camera as a transform whose translation is whole device pixels, so pans can blit. */
  private offsets(): { s: number; tx: number; ty: number } {
    const { x, y, zoom } = this.camera;
    const s = zoom * this.dpr;
    return { s, tx: Math.round(-x * s), ty: Math.round(-y * s) };
  }

  private worldTransform(ctx: CanvasRenderingContext2D): void {
    const { s, tx, ty } = this.offsets();
    ctx.setTransform(s, 0, 0, s, tx, ty);
  }

  /** Brings the scene canvas up to date with the least drawing that does it. */
  private updateScene(): void {
    const { tx, ty } = this.offsets();
    const zoom = this.camera.zoom;
    const w = this.scene.width;
    const h = this.scene.height;
    const shown = this.shown;
    this.shown = { tx, ty, zoom };
    this.stats.drawn = 0;
    if (this.sceneDirty || !shown || shown.zoom !== zoom) {
      this.drawRect(0, 0, w, h);
      return;
    }
    const dx = tx - shown.tx;
    const dy = ty - shown.ty;
    if (Math.abs(dx) >= w || Math.abs(dy) >= h) {
      this.drawRect(0, 0, w, h);
      return;
    }
    if (dx !== 0 || dy !== 0) {
      // A pan: move what is drawn and draw only the strips that came into view.
      const ctx = this.sceneCtx;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalCompositeOperation = 'copy';
      ctx.drawImage(this.scene, dx, dy);
      ctx.globalCompositeOperation = 'source-over';
      if (dx > 0) this.drawRect(0, 0, dx, h);
      if (dx < 0) this.drawRect(w + dx, 0, -dx, h);
      if (dy > 0) this.drawRect(0, 0, w, dy);
      if (dy < 0) this.drawRect(0, h + dy, w, -dy);
    }
    if (this.dirtyRegions.length === 0) return;
    // Edits: redraw the screen area they touched, or everything when that is most of it.
    const { s } = this.offsets();
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const r of this.dirtyRegions) {
      minX = Math.min(minX, r.x * s + tx);
      minY = Math.min(minY, r.y * s + ty);
      maxX = Math.max(maxX, (r.x + r.w) * s + tx);
      maxY = Math.max(maxY, (r.y + r.h) * s + ty);
    }
    const left = Math.max(0, Math.floor(minX) - 2);
    const top = Math.max(0, Math.floor(minY) - 2);
    const right = Math.min(w, Math.ceil(maxX) + 2);
    const bottom = Math.min(h, Math.ceil(maxY) + 2);
    if (right <= left || bottom <= top) return;
    if ((right - left) * (bottom - top) > w * h * 0.6) this.drawRect(0, 0, w, h);
    else this.drawRect(left, top, right - left, bottom - top);
  }

  /** Redraws one rectangle of the scene (device pixels): background, grid, then objects. */
  private drawRect(left: number, top: number, width: number, height: number): void {
    const ctx = this.sceneCtx;
    const whole = left === 0 && top === 0 && width === this.scene.width && height === this.scene.height;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (!whole) {
      ctx.beginPath();
      ctx.rect(left, top, width, height);
      ctx.clip();
    }
    ctx.fillStyle = '#f8f9fb';
    ctx.fillRect(left, top, width, height);
    if (this.grid) this.drawGrid(ctx, left, top, width, height);
    this.worldTransform(ctx);
    const { s, tx, ty } = this.offsets();
    const margin = 4 / s;
    const box = { x: (left - tx) / s - margin, y: (top - ty) / s - margin, w: width / s + margin * 2, h: height / s + margin * 2 };
    let objects = this.index.query(box);
    const floating = this.floating;
    if (floating) objects = objects.filter((o) => !floating.ids.has(o.id));
    drawObjects(ctx, objects, this.camera.zoom, this.editingId);
    ctx.restore();
    this.stats.drawn += objects.length;
  }

  private drawGrid(ctx: CanvasRenderingContext2D, left: number, top: number, width: number, height: number): void {
    const zoom = this.camera.zoom;
    let step = GRID_SIZE;
    while (step * zoom < 12) step *= 5;
    const { tx, ty } = this.offsets();
    const spacing = step * zoom * this.dpr;
    const dot = Math.max(1, this.dpr * 1.2);
    ctx.fillStyle = '#d5d9e0';
    const startX = tx + Math.ceil((left - tx) / spacing) * spacing;
    const startY = ty + Math.ceil((top - ty) / spacing) * spacing;
    for (let px = startX; px < left + width; px += spacing) {
      for (let py = startY; py < top + height; py += spacing) {
        ctx.fillRect(Math.round(px - dot / 2), Math.round(py - dot / 2), dot, dot);
      }
    }
  }

  private drawOverlay(): void {
    const ctx = this.overlayCtx;
    const state = this.overlayState();
    // Nothing to draw on an overlay that is already clear (say, a pan with nothing selected):
    // leaving the canvas untouched spares the browser uploading a blank layer every frame.
    const empty = isEmptyOverlay(state) && !this.floating;
    if (empty && this.overlayClear) return;
    this.overlayClear = empty;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.overlay.width, this.overlay.height);
    if (empty) return;
    const zoom = this.camera.zoom;
    // A selection moving with the floating group has its outlines in the group's bitmap.
    const moving = this.floating && state.floating?.withSelection ? state.floating.offset : null;
    if (state.floating) this.drawFloating(ctx, state.floating.offset, moving ? state.selected : []);
    this.worldTransform(ctx);
    const px = 1 / zoom;

    // Outlines go into one path per colour: a thousand selected objects are one stroke.
    for (const peer of state.peers) {
      ctx.strokeStyle = peer.colour;
      ctx.lineWidth = 2 * px;
      strokeOutlines(ctx, peer.objects.slice(0, 2000), 3 * px);
    }
    if (state.hover && !state.selected.includes(state.hover)) {
      ctx.strokeStyle = ACCENT;
      ctx.globalAlpha = 0.5;
      ctx.lineWidth = 1.5 * px;
      strokeOutlines(ctx, [state.hover], 2 * px);
      ctx.globalAlpha = 1;
    }
    ctx.save();
    if (moving) ctx.translate(moving.x, moving.y);
    ctx.strokeStyle = ACCENT;
    ctx.lineWidth = 1 * px;
    if (state.line) this.drawLineEnds(ctx, state.line.points, state.line.strokeWidth, state.showHandles);
    else if (!moving && (state.selected.length > 1 || !state.frame)) strokeOutlines(ctx, state.selected.slice(0, 5000), 0);
    if (state.frame) this.drawFrame(ctx, state.frame, state.showHandles, state.selected);
    ctx.restore();
    if (state.marquee) {
      const m = state.marquee;
      ctx.fillStyle = 'rgba(79, 70, 229, 0.08)';
      ctx.fillRect(m.x, m.y, m.w, m.h);
      ctx.strokeStyle = ACCENT;
      ctx.lineWidth = px;
      ctx.strokeRect(m.x, m.y, m.w, m.h);
    }
    ctx.strokeStyle = '#e5484d';
    ctx.lineWidth = px;
    for (const g of state.guides) {
      ctx.beginPath();
      ctx.moveTo(g.x1, g.y1);
      ctx.lineTo(g.x2, g.y2);
      ctx.stroke();
    }
    if (state.eraser.length > 1) {
      ctx.strokeStyle = 'rgba(120, 120, 130, 0.45)';
      ctx.lineWidth = 8 * px;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.beginPath();
      state.eraser.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
      ctx.stroke();
    }
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    for (const peer of state.peers) if (peer.cursor) this.drawCursor(ctx, peer);
  }

  /**
   * Draws the floating group's bitmap, `offset` from where its drag began. The bitmap is
   * made once (again after a zoom), with the outlines of `selected` (as they were when the
   * drag began) on top.
   */
  private drawFloating(ctx: CanvasRenderingContext2D, offset: Vec, selected: readonly BoardObject[]): void {
    const floating = this.floating;
    if (!floating) return;
    const { s, tx, ty } = this.offsets();
    if (!floating.bitmap || floating.zoom !== this.camera.zoom) {
      // Render the moving objects once, as they are now: the part of them within half a
      // screen of the visible area (what a drag can bring into view before it ends).
      const view = this.visibleWorld();
      const around = { x: view.x - view.w / 2, y: view.y - view.h / 2, w: view.w * 2, h: view.h * 2 };
      const objects = this.index.query(around).filter((o) => floating.ids.has(o.id));
      const extent = unionBoxes(objects.map(worldBounds)) ?? around;
      const x0 = Math.max(extent.x, around.x);
      const y0 = Math.max(extent.y, around.y);
      const x1 = Math.min(extent.x + extent.w, around.x + around.w);
      const y1 = Math.min(extent.y + extent.h, around.y + around.h);
      const area = { x: x0, y: y0, w: Math.max(1 / s, x1 - x0), h: Math.max(1 / s, y1 - y0) };
      const bitmap = floating.bitmap ?? document.createElement('canvas');
      bitmap.width = Math.max(1, Math.ceil(area.w * s));
      bitmap.height = Math.max(1, Math.ceil(area.h * s));
      const bctx = bitmap.getContext('2d')!;
      bctx.setTransform(s, 0, 0, s, -area.x * s, -area.y * s);
      drawObjects(bctx, objects, this.camera.zoom, this.editingId);
      if (selected.length > 1) {
        bctx.translate(offset.x, offset.y);
        bctx.strokeStyle = ACCENT;
        bctx.lineWidth = 1 / this.camera.zoom;
        strokeOutlines(bctx, selected.slice(0, 5000), 0);
      }
      floating.bitmap = bitmap;
      floating.zoom = this.camera.zoom;
      floating.origin = { x: area.x - offset.x, y: area.y - offset.y };
    }
    const bitmap = floating.bitmap;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    const x = Math.round((floating.origin.x + offset.x) * s + tx);
    const y = Math.round((floating.origin.y + offset.y) * s + ty);
    // Copy only the part that lands on screen.
    const sx = Math.max(0, -x);
    const sy = Math.max(0, -y);
    const sw = Math.min(bitmap.width - sx, this.overlay.width - Math.max(0, x));
    const sh = Math.min(bitmap.height - sy, this.overlay.height - Math.max(0, y));
    if (sw > 0 && sh > 0) ctx.drawImage(bitmap, sx, sy, sw, sh, x + sx, y + sy, sw, sh);
  }

  private drawFrame(ctx: CanvasRenderingContext2D, frame: SelectionFrame, handles: boolean, selected: readonly BoardObject[]): void {
    const zoom = this.camera.zoom;
    const px = 1 / zoom;
    ctx.strokeStyle = ACCENT;
    ctx.lineWidth = 1.5 * px;
    ctx.beginPath();
    corners(frame.box, frame.rotation).forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
    ctx.closePath();
    ctx.stroke();
    if (selected.some((o) => o.props.locked)) {
      const c = corners(frame.box, frame.rotation)[1];
      if (c) {
        ctx.fillStyle = ACCENT;
        ctx.font = `${11 * px}px system-ui, sans-serif`;
        ctx.textAlign = 'right';
        ctx.textBaseline = 'bottom';
        ctx.fillText('locked', c.x, c.y - 4 * px);
      }
      return;
    }
    if (!handles) return;
    const size = HANDLE_SCREEN_SIZE * px;
    const top = handlePosition(frame, 'n', zoom);
    const r = handlePosition(frame, 'rotate', zoom);
    ctx.beginPath();
    ctx.moveTo(top.x, top.y);
    ctx.lineTo(r.x, r.y);
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(r.x, r.y, size / 1.6, 0, Math.PI * 2);
    ctx.fillStyle = '#ffffff';
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = '#ffffff';
    for (const handle of visibleResizeHandles(frame, zoom)) {
      const p = handlePosition(frame, handle, zoom);
      ctx.save();
      ctx.translate(p.x, p.y);
      ctx.rotate(frame.rotation);
      ctx.fillRect(-size / 2, -size / 2, size, size);
      ctx.strokeRect(-size / 2, -size / 2, size, size);
      ctx.restore();
    }
  }

  /**
   * A selected line: a translucent halo along it (the line keeps its own colour on top of the
   * scene) and, for editors, a round handle on each end.
   */
  private drawLineEnds(ctx: CanvasRenderingContext2D, points: readonly Vec[], strokeWidth: number, handles: boolean): void {
    const px = 1 / this.camera.zoom;
    ctx.save();
    ctx.strokeStyle = 'rgba(79, 70, 229, 0.28)';
    ctx.lineWidth = strokeWidth + 6 * px;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    ctx.beginPath();
    points.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
    ctx.stroke();
    ctx.restore();
    const first = points[0];
    const last = points[points.length - 1];
    if (!handles || !first || !last) return;
    ctx.strokeStyle = ACCENT;
    ctx.lineWidth = 1.5 * px;
    ctx.fillStyle = '#ffffff';
    for (const p of [first, last]) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, END_HANDLE_SCREEN_RADIUS * px, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
    }
  }

  private drawCursor(ctx: CanvasRenderingContext2D, peer: PeerOverlay): void {
    if (!peer.cursor) return;
    const { x, y, zoom } = this.camera;
    const sx = (peer.cursor.x - x) * zoom;
    const sy = (peer.cursor.y - y) * zoom;
    if (sx < -50 || sy < -50 || sx > this.width + 50 || sy > this.height + 50) return;
    ctx.save();
    ctx.translate(sx, sy);
    ctx.fillStyle = peer.colour;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(0, 0);
    ctx.lineTo(0, 17);
    ctx.lineTo(4.5, 13);
    ctx.lineTo(8, 20);
    ctx.lineTo(10.5, 19);
    ctx.lineTo(7, 12);
    ctx.lineTo(12.5, 12);
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
    const label = peer.name || 'Guest';
    ctx.font = '600 12px system-ui, -apple-system, "Segoe UI", sans-serif';
    const width = ctx.measureText(label).width + 12;
    ctx.beginPath();
    ctx.roundRect(12, 20, width, 20, 6);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.fillText(label, 18, 30.5);
    if (peer.role) {
      // The role badge: a white pill in the peer's colour right after the name.
      ctx.font = '600 10px system-ui, -apple-system, "Segoe UI", sans-serif';
      const badge = peer.role;
      const badgeWidth = ctx.measureText(badge).width + 10;
      ctx.beginPath();
      ctx.roundRect(12 + width + 3, 22, badgeWidth, 16, 5);
      ctx.fillStyle = '#ffffff';
      ctx.fill();
      ctx.strokeStyle = peer.colour;
      ctx.lineWidth = 1;
      ctx.stroke();
      ctx.fillStyle = peer.colour;
      ctx.fillText(badge, 12 + width + 8, 30.5);
    }
    ctx.restore();
  }
}

function strokeOutlines(ctx: CanvasRenderingContext2D, objects: readonly BoardObject[], pad: number): void {
  if (objects.length === 0) return;
  ctx.beginPath();
  for (const object of objects) {
    const box = localBox(object);
    const rotation = object.props.rotation ?? 0;
    if (rotation === 0) {
      ctx.rect(box.x - pad, box.y - pad, box.w + pad * 2, box.h + pad * 2);
      continue;
    }
    const padded = { x: box.x - pad, y: box.y - pad, w: box.w + pad * 2, h: box.h + pad * 2 };
    corners(padded, rotation).forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
    ctx.closePath();
  }
  ctx.stroke();
}

function isEmptyOverlay(state: OverlayState): boolean {
  return (
    state.selected.length === 0 &&
    !state.frame &&
    !state.hover &&
    !state.marquee &&
    state.guides.length === 0 &&
    state.eraser.length <= 1 &&
    state.peers.every((peer) => peer.objects.length === 0 && !peer.cursor)
  );
}

function whenIdle(run: () => void): void {
  if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 50);
}

function makeCanvas(testId: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.dataset.testid = testId;
  canvas.className = testId;
  return canvas;
}
