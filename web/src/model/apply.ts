import { allows } from './kinds';
import type { BoardObject, Op, PropName, Props } from './types';

// Applying one op to one object, the way the server does: put replaces, set merges (a null
// removes), del removes; a set on a missing object is dropped. A set of a property the kind
// does not allow is dropped too: the server would have refused the batch, and the client
// must never hold a state the server cannot.

export function applyOp(current: BoardObject | undefined, op: Op): BoardObject | undefined {
  switch (op.op) {
    case 'put':
      return { id: op.id, kind: op.kind, props: op.props };
    case 'del':
      return undefined;
    case 'set': {
      if (!current) return undefined;
      const props: Record<string, unknown> = { ...current.props };
      for (const name of Object.keys(op.props) as PropName[]) {
        const value = op.props[name];
        if (value === null || value === undefined) {
          if (name !== 'x' && name !== 'y' && name !== 'points') delete props[name];
        } else if (allows(current.kind, name)) {
          props[name] = value;
        }
      }
      return { id: current.id, kind: current.kind, props: props as unknown as Props };
    }
  }
}
