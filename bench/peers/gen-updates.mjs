// Pre-generates the Yjs updates that cc_loadgen replays against the Yjs servers.
//
//   node gen-updates.mjs --out FILE --clients N --steps S   chains of object moves
//   node gen-updates.mjs --out FILE --objects N             one update holding N objects
//
// Chains: client c (Yjs clientID 1000 + c) owns the object "o<c>", a Y.Map in the top-level
// Y.Map "objects". Step 0 creates it (x, y, w, h); step s >= 1 sets its x and y in one
// transaction. Every step is a real state change and depends on the previous one, so the
// generator sends a client's steps in order. x is a placeholder double (s + 0.1, never a
// float32, so Yjs always encodes it as a float64) that the generator overwrites with its
// send time; the servers re-encode it the same way, and receivers read it back.
//
// File (little-endian): u32 clients, u32 steps; per client: u32 clientID, then per step:
// u32 length, u32 offset of x's 8 bytes in the update (0xffffffff: none), the update.
// With --objects the file is the bare update.
import { writeFileSync } from 'node:fs';
import * as Y from 'yjs';
import { parseArgs } from './args.mjs';

const args = parseArgs(process.argv.slice(2), { out: '', clients: '0', steps: '0', objects: '0' });
if (!args.out) throw new Error('--out is required');
const FIRST_CLIENT_ID = 1000;
const NO_OFFSET = 0xffffffff;

// Where the big-endian float64 `value` sits in `update`.
function offsetOf(update, value) {
  const needle = Buffer.alloc(8);
  needle.writeDoubleBE(value);
  const at = Buffer.from(update.buffer, update.byteOffset, update.byteLength).indexOf(needle);
  if (at < 0) throw new Error(`placeholder ${value} not found`);
  return at;
}

if (Number(args.objects) > 0) {
  // One document with N objects, as a single update: the board the join scenario loads.
  const doc = new Y.Doc();
  doc.clientID = 999_999;
  const objects = doc.getMap('objects');
  doc.transact(() => {
    for (let i = 0; i < Number(args.objects); i++) {
      const m = new Y.Map();
      m.set('x', (i % 100) * 20);
      m.set('y', Math.floor(i / 100) * 20);
      m.set('w', 10);
      m.set('h', 10);
      objects.set(`p${i}`, m);
    }
  });
  writeFileSync(args.out, Y.encodeStateAsUpdate(doc));
} else {
  const clients = Number(args.clients);
  const steps = Number(args.steps);
  if (!(clients > 0 && steps > 0)) throw new Error('--clients and --steps must be positive');
  const parts = [];
  const header = Buffer.alloc(8);
  header.writeUInt32LE(clients, 0);
  header.writeUInt32LE(steps, 4);
  parts.push(header);
  for (let c = 0; c < clients; c++) {
    const doc = new Y.Doc();
    doc.clientID = FIRST_CLIENT_ID + c;
    const id = Buffer.alloc(4);
    id.writeUInt32LE(doc.clientID);
    parts.push(id);
    let last = null;
    doc.on('update', (u) => {
      last = u;
    });
    const objects = doc.getMap('objects');
    const obj = new Y.Map();
    doc.transact(() => {
      obj.set('x', 0);
      obj.set('y', c);
      obj.set('w', 10);
      obj.set('h', 10);
      objects.set(`o${c}`, obj);
    });
    for (let s = 0; s < steps; s++) {
      let offset = NO_OFFSET;
      if (s > 0) {
        const x = s + 0.1;
        doc.transact(() => {
          obj.set('x', x);
          obj.set('y', s % 1000);
        });
        offset = offsetOf(last, x);
      } else {
        last = Y.encodeStateAsUpdate(doc);
      }
      const head = Buffer.alloc(8);
      head.writeUInt32LE(last.length, 0);
      head.writeUInt32LE(offset, 4);
      parts.push(head, Buffer.from(last.buffer, last.byteOffset, last.byteLength));
    }
  }
  writeFileSync(args.out, Buffer.concat(parts));
}
