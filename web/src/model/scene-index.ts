import Flatbush from 'flatbush';
import type { Doc } from './doc';
import { worldBounds, type Box } from './geometry';
import { isPolyline } from './kinds';
import { compareOrder } from './order';
import type { BoardObject } from './types';

// A spatial index over the view's objects plus their stacking order, kept up to date from
// change events. Culling, hit testing and marquee selection ask it instead of walking every
// object, which is what keeps a 100,000-object board fast.
//
// The bulk of the objects sit in a static packed R-tree (Flatbush: 100,000 boxes index in a
// few tens of milliseconds). Changed objects do not touch it: their old entry is marked dead
// and the new one joins a short list of recent changes that queries scan linearly. A drag
// changes the same objects every frame, so the list stays small; when it or the count of
// dead entries grows past a limit, the static tree is rebuilt.
//
// After a rebuild (a board opening) the tree is not packed at once: until it is, queries scan
// the objects in stacking order, which for the first frame of a board shown whole is what a
// tree would return anyway. The renderer has the tree packed (`prepare`) once a frame is
// drawn, so opening a board never waits for it.
//
// Objects can also be marked stale instead of updated: a large dragged group is drawn as one
// moving layer and nothing asks the index about it until it lands, so its objects are
// re-indexed once, by the next read, rather than on every frame of the drag.

interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  object: BoardObject;
  rank: number;
  dead: boolean;
  /** The last query that found this entry (see `query`). */
  found: number;
}

const RECENT_LIMIT = 4096;
const DEAD_LIMIT_MIN = 4096;
/** A query finding more than this share of the objects walks the stacking order instead of sorting what it found. */
const WALK_SHARE = 1 / 8;

export class SceneIndex {
  private tree: Flatbush | null = null;
  /** False after a rebuild until the tree is packed (by `prepare` or a query that needs it). */
  private packed = false;
  private treeEntries: Entry[] = [];
  private entries = new Map<string, Entry>();
  private recent = new Map<string, Entry>();
  private deadCount = 0;
  private order: Entry[] = [];
  private orderValid = true;
  /** Ids changed in the doc but not yet brought up to date here (see `markStale`). */
  private stale = new Set<string>();
  private queries = 0;
  /** Bumped on every change: lets caches (minimap, renderer) know whether to redo work. */
  version = 0;

  constructor(private readonly doc: Doc) {
    this.rebuild();
  }

  get size(): number {
    this.settle();
    return this.entries.size;
  }

  /** Whether the work `prepare` does is done. */
  get prepared(): boolean {
    return this.packed;
  }

  /** Re-reads every object of the doc; the tree is packed later (see `prepare`). */
  rebuild(): void {
    this.stale.clear();
    const previous = this.entries;
    this.entries = new Map();
    for (const object of this.doc.values()) {
      const old = previous.get(object.id);
      this.entries.set(object.id, old && old.object === object ? old : makeEntry(object));
    }
    this.tree = null;
    this.treeEntries = [];
    this.recent.clear();
    this.deadCount = 0;
    this.packed = false;
    this.orderValid = false;
    this.version++;
  }

  /** Does the work a rebuild put off (packing the tree): call it when there is time. */
  prepare(): void {
    this.settle();
    if (!this.packed) this.repack();
  }

  /** Puts every live entry into a fresh static tree. */
  private repack(): void {
    const all = [...this.entries.values()];
    for (const entry of all) entry.dead = false;
    this.recent.clear();
    this.deadCount = 0;
    this.treeEntries = all;
    this.packed = true;
    if (all.length === 0) {
      this.tree = null;
      return;
    }
    const tree = new Flatbush(all.length);
    for (const e of all) tree.add(e.minX, e.minY, e.maxX, e.maxY);
    tree.finish();
    this.tree = tree;
  }

  /**
   * Brings the entries of `ids` in line with the doc. Returns the area (old and new bounds)
   * of the changes that meet `watch` (the visible area), or null when none does, so the
   * renderer redraws only what changed on screen.
   */
  update(ids: Iterable<string>, watch?: Box): Box | null {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    const note = (e: Entry) => {
      if (watch && !(e.minX <= watch.x + watch.w && e.maxX >= watch.x && e.minY <= watch.y + watch.h && e.maxY >= watch.y)) return;
      if (e.minX < minX) minX = e.minX;
      if (e.minY < minY) minY = e.minY;
      if (e.maxX > maxX) maxX = e.maxX;
      if (e.maxY > maxY) maxY = e.maxY;
    };
    for (const id of ids) {
      const object = this.doc.get(id);
      const old = this.entries.get(id);
      if (old && old.object === object) continue;
      if (old) {
        note(old);
        this.entries.delete(id);
        if (this.recent.get(id) === old) this.recent.delete(id);
        else if (this.packed) {
          old.dead = true;
          this.deadCount++;
        }
      }
      if (!object) {
        this.orderValid = false;
        continue;
      }
      const entry = makeEntry(object);
      note(entry);
      this.entries.set(id, entry);
      // Without a tree, everything is found by scanning: nothing to keep apart.
      if (this.packed) this.recent.set(id, entry);
      if (old && old.object.props.z === object.props.z) {
        entry.rank = old.rank;
        if (this.orderValid) this.order[old.rank] = entry;
      } else if (this.orderValid && !old && this.isAboveTop(object)) {
        // The common case of a new object on top: append instead of sorting everything.
        entry.rank = this.order.length;
        this.order.push(entry);
      } else {
        this.orderValid = false;
      }
    }
    if (this.packed && (this.recent.size > RECENT_LIMIT || this.deadCount > Math.max(DEAD_LIMIT_MIN, this.entries.size / 4))) this.repack();
    this.version++;
    return minX === Infinity ? null : { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
  }

  /** Notes that these objects changed, leaving the work of re-indexing them to the next read. */
  markStale(ids: Iterable<string>): void {
    for (const id of ids) this.stale.add(id);
    this.version++;
  }

  /** Brings stale entries up to date: every read starts here. */
  private settle(): void {
    if (this.stale.size === 0) return;
    const ids = this.stale;
    this.stale = new Set();
    this.update(ids);
  }

  private isAboveTop(object: BoardObject): boolean {
    const top = this.order[this.order.length - 1];
    return !top || compareOrder(top.object, object) < 0;
  }

  private ensureOrder(): void {
    this.settle();
    if (this.orderValid) return;
    // The server sends a board in stacking order, which the doc keeps: this sort mostly
    // confirms runs already in order.
    this.order = [...this.entries.values()].sort((a, b) => compareOrder(a.object, b.object));
    this.order.forEach((entry, rank) => (entry.rank = rank));
    this.orderValid = true;
  }

  /** Objects whose bounds meet the box, bottom to top. */
  query(box: Box): BoardObject[] {
    this.ensureOrder();
    const maxX = box.x + box.w;
    const maxY = box.y + box.h;
    const meets = (e: Entry) => e.minX <= maxX && e.maxX >= box.x && e.minY <= maxY && e.maxY >= box.y;
    if (!this.packed) return this.order.filter(meets).map((entry) => entry.object);
    const found: Entry[] = [];
    if (this.tree) {
      for (const i of this.tree.search(box.x, box.y, maxX, maxY)) {
        const entry = this.treeEntries[i];
        if (entry && !entry.dead) found.push(entry);
      }
    }
    for (const entry of this.recent.values()) if (meets(entry)) found.push(entry);
    if (found.length <= this.order.length * WALK_SHARE) {
      found.sort((a, b) => a.rank - b.rank);
      return found.map((entry) => entry.object);
    }
    // Most of the board: picking the found entries out of the stacking order is cheaper
    // than sorting them.
    const stamp = ++this.queries;
    for (const entry of found) entry.found = stamp;
    const result: BoardObject[] = [];
    for (const entry of this.order) if (entry.found === stamp) result.push(entry.object);
    return result;
  }

  get(id: string): BoardObject | undefined {
    this.settle();
    return this.entries.get(id)?.object;
  }

  /** Every object with its bounds, in no particular order (cheap: bounds are cached). */
  forEachBounds(fn: (object: BoardObject, minX: number, minY: number, maxX: number, maxY: number) => void): void {
    this.settle();
    for (const e of this.entries.values()) fn(e.object, e.minX, e.minY, e.maxX, e.maxY);
  }

  /** Every object, bottom to top. */
  ordered(): BoardObject[] {
    this.ensureOrder();
    return this.order.map((entry) => entry.object);
  }

  rankOf(id: string): number {
    this.ensureOrder();
    return this.entries.get(id)?.rank ?? -1;
  }

  top(): BoardObject | undefined {
    this.ensureOrder();
    return this.order[this.order.length - 1]?.object;
  }

  bottom(): BoardObject | undefined {
    this.ensureOrder();
    return this.order[0]?.object;
  }

  /** Bounds of everything, or null for an empty board. */
  extent(): Box | null {
    this.settle();
    if (this.entries.size === 0) return null;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const e of this.entries.values()) {
      if (e.minX < minX) minX = e.minX;
      if (e.minY < minY) minY = e.minY;
      if (e.maxX > maxX) maxX = e.maxX;
      if (e.maxY > maxY) maxY = e.maxY;
    }
    return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
  }
}

function makeEntry(object: BoardObject): Entry {
  const p = object.props;
  if (!p.rotation && !isPolyline(object.kind)) {
    // The common case, without the general path's allocations.
    const pad = (p.strokeWidth ?? 2) / 2 + 1;
    const w = p.w ?? 100;
    const h = p.h ?? 100;
    return { minX: p.x - pad, minY: p.y - pad, maxX: p.x + w + pad, maxY: p.y + h + pad, object, rank: -1, dead: false, found: 0 };
  }
  const b = worldBounds(object);
  return { minX: b.x, minY: b.y, maxX: b.x + b.w, maxY: b.y + b.h, object, rank: -1, dead: false, found: 0 };
}
