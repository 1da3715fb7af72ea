import type { BoardObject, Op, PropName, PropPatch } from '../model/types';

// Undo and redo of the local user's own changes only.
//
// A transaction records, per object property it changed, the value before (captured at the
// time of the change) and the value it left. Creations and deletions are recorded per object.
// The rule on undo: an inverse is applied only where the board still holds the value we left.
// - a property goes back to its old value only if it still holds our value; if a peer changed
//   it since, their edit stands and that property is skipped;
// - an object we created is deleted only if it is still exactly as we left it;
// - an object we deleted is put back only if nobody re-created its id meanwhile.
// What an undo did is recorded the same way, so redo follows the same rule.

export interface DocReader {
  get(id: string): BoardObject | undefined;
}

interface PropEntry {
  id: string;
  prop: PropName;
  before: unknown;
  after: unknown;
}

interface ObjectEntry {
  id: string;
  before: BoardObject | undefined;
  after: BoardObject | undefined;
}

export interface Transaction {
  props: PropEntry[];
  objects: ObjectEntry[];
}

/** A transaction being recorded: the first "before" of every property and object wins. */
class Recording {
  readonly propBefore = new Map<string, Map<PropName, unknown>>();
  readonly objectBefore = new Map<string, BoardObject | undefined>();
}

const MAX_DEPTH = 200;

export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return false;
}

function objectsEqual(a: BoardObject, b: BoardObject): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  const keysA = Object.keys(a.props) as PropName[];
  if (keysA.length !== Object.keys(b.props).length) return false;
  return keysA.every((key) => valuesEqual(a.props[key], b.props[key]));
}

export class History {
  private undoStack: Transaction[] = [];
  private redoStack: Transaction[] = [];
  private recording: Recording | null = null;
  private depth = 0;

  constructor(
    private readonly doc: DocReader,
    private readonly apply: (ops: Op[]) => void,
  ) {}

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Opens a transaction (nested calls join the outer one). */
  begin(): void {
    if (this.depth++ === 0) this.recording = new Recording();
  }

  /** Closes a transaction; it becomes one undo step if it changed anything. */
  end(): void {
    if (this.depth === 0) return;
    if (--this.depth > 0) return;
    const recording = this.recording;
    this.recording = null;
    if (!recording) return;
    const transaction = this.seal(recording);
    if (transaction.props.length === 0 && transaction.objects.length === 0) return;
    this.undoStack.push(transaction);
    if (this.undoStack.length > MAX_DEPTH) this.undoStack.shift();
    this.redoStack = [];
  }

  /** Applies local ops, recording them in the open transaction (or a one-op transaction). */
  commit(ops: Op[]): void {
    if (ops.length === 0) return;
    this.begin();
    const recording = this.recording;
    if (recording) for (const op of ops) this.note(recording, op);
    this.apply(ops);
    this.end();
  }

  undo(): boolean {
    return this.replay(this.undoStack, this.redoStack, 'undo');
  }

  redo(): boolean {
    return this.replay(this.redoStack, this.undoStack, 'redo');
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
  }

  private note(recording: Recording, op: Op): void {
    const current = this.doc.get(op.id);
    if (recording.objectBefore.has(op.id)) return;
    if (op.op === 'set') {
      if (!current) return;
      let before = recording.propBefore.get(op.id);
      if (!before) recording.propBefore.set(op.id, (before = new Map()));
      // for-in: no key array per op, which a drag of a thousand objects makes every frame.
      for (const prop in op.props) {
        if (!before.has(prop as PropName)) before.set(prop as PropName, current.props[prop as PropName]);
      }
      return;
    }
    // put or del: the whole object is recorded, as it was before this transaction.
    const propBefore = recording.propBefore.get(op.id);
    if (current && propBefore) {
      const props: Record<string, unknown> = { ...current.props };
      for (const [prop, value] of propBefore) {
        if (value === undefined) delete props[prop];
        else props[prop] = value;
      }
      recording.objectBefore.set(op.id, { id: current.id, kind: current.kind, props: props as unknown as BoardObject['props'] });
      recording.propBefore.delete(op.id);
    } else {
      recording.objectBefore.set(op.id, current);
    }
  }

  private seal(recording: Recording): Transaction {
    const transaction: Transaction = { props: [], objects: [] };
    for (const [id, before] of recording.objectBefore) {
      const after = this.doc.get(id);
      if (before === after) continue;
      transaction.objects.push({ id, before, after });
    }
    for (const [id, befores] of recording.propBefore) {
      const object = this.doc.get(id);
      for (const [prop, before] of befores) {
        const after = object?.props[prop];
        if (valuesEqual(before, after)) continue;
        transaction.props.push({ id, prop, before, after });
      }
    }
    return transaction;
  }

  /** Applies the inverse of the top transaction where the rule allows; records what it did. */
  private replay(from: Transaction[], to: Transaction[], direction: 'undo' | 'redo'): boolean {
    const transaction = from.pop();
    if (!transaction) return false;
    const ops: Op[] = [];
    const done: Transaction = { props: [], objects: [] };
    // Undo walks entries as recorded; objects before properties so a re-created object
    // exists when its properties are set.
    for (const entry of transaction.objects) {
      const [ours, target] = direction === 'undo' ? [entry.after, entry.before] : [entry.before, entry.after];
      const current = this.doc.get(entry.id);
      const stillOurs = ours === undefined ? current === undefined : current !== undefined && objectsEqual(current, ours);
      if (!stillOurs) continue;
      ops.push(target ? { op: 'put', id: entry.id, kind: target.kind, props: { ...target.props } } : { op: 'del', id: entry.id });
      done.objects.push(entry);
    }
    const patches = new Map<string, PropPatch>();
    for (const entry of transaction.props) {
      const [ours, target] = direction === 'undo' ? [entry.after, entry.before] : [entry.before, entry.after];
      const current = this.doc.get(entry.id);
      if (!current || !valuesEqual(current.props[entry.prop], ours)) continue;
      let patch = patches.get(entry.id);
      if (!patch) patches.set(entry.id, (patch = {}));
      (patch as Record<string, unknown>)[entry.prop] = target === undefined ? null : target;
      done.props.push(entry);
    }
    for (const [id, props] of patches) ops.push({ op: 'set', id, props });
    if (ops.length > 0) this.apply(ops);
    if (done.objects.length > 0 || done.props.length > 0) to.push(done);
    // An undo that found nothing of ours left (peers changed all of it) moves on to the next.
    if (ops.length === 0 && from.length > 0) return this.replay(from, to, direction);
    return ops.length > 0;
  }
}
