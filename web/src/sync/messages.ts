import { isValidId, parseObject, parseOps, ValidationError } from '../model/validate';
import type { BoardObject, Op } from '../model/types';

// The wire protocol's messages, as discriminated unions on `type`, and the parser that turns
// a server frame into checked messages.

/** A member's role on a board (docs/API.md); viewers may not send ops. */
export type Role = 'viewer' | 'editor' | 'owner';

export function parseRole(value: unknown): Role | null {
  return value === 'viewer' || value === 'editor' || value === 'owner' ? value : null;
}

export interface Point {
  x: number;
  y: number;
}

export type ClientMessage =
  | { type: 'hello'; token?: string; since: number; name?: string }
  | { type: 'ops'; batch: string; ops: Op[] }
  | { type: 'presence'; cursor: Point | null; selection: string[] }
  | { type: 'ping' };

export interface RemoteBatch {
  type: 'ops';
  seq: number;
  client: string;
  ops: Op[];
}

export interface PeerPresence {
  client: string;
  /** The account id. */
  user: string | null;
  name: string;
  role: Role | null;
  cursor: Point | null;
  selection: string[];
}

export type ServerMessage =
  | { type: 'welcome'; client: string; role: Role | null; seq: number; objects: BoardObject[] }
  | { type: 'welcome'; client: string; role: Role | null; seq: number; ops: RemoteBatch[] }
  | { type: 'ack'; batch: string; seq: number; ops?: Op[] }
  | RemoteBatch
  | { type: 'presence'; peers: PeerPresence[] }
  | { type: 'role'; role: Role }
  | { type: 'leave'; client: string }
  | { type: 'error'; code: string; message: string; batch?: string }
  | { type: 'pong' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function seqOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ValidationError('seq must be a non-negative integer');
  return value;
}

function stringOf(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new ValidationError(`${what} must be a string`);
  return value;
}

function parsePoint(value: unknown): Point | null {
  if (value === null || value === undefined) return null;
  if (!isRecord(value) || typeof value.x !== 'number' || typeof value.y !== 'number') throw new ValidationError('bad cursor');
  return { x: value.x, y: value.y };
}

function parseRemoteBatch(raw: Record<string, unknown>): RemoteBatch {
  return { type: 'ops', seq: seqOf(raw.seq), client: stringOf(raw.client, 'client'), ops: parseOps(raw.ops) };
}

function parsePeer(raw: unknown): PeerPresence {
  if (!isRecord(raw)) throw new ValidationError('peer must be an object');
  const selection = Array.isArray(raw.selection) ? raw.selection.filter(isValidId) : [];
  return {
    client: stringOf(raw.client, 'client'),
    user: typeof raw.user === 'string' ? raw.user : null,
    name: typeof raw.name === 'string' ? raw.name : '',
    role: parseRole(raw.role),
    cursor: parsePoint(raw.cursor),
    selection,
  };
}

export function parseServerMessage(raw: unknown): ServerMessage {
  if (!isRecord(raw)) throw new ValidationError('message must be an object');
  switch (raw.type) {
    case 'welcome': {
      const client = stringOf(raw.client, 'client');
      const seq = seqOf(raw.seq);
      const role = parseRole(raw.role);
      if (Array.isArray(raw.objects)) return { type: 'welcome', client, role, seq, objects: raw.objects.map(parseObject) };
      if (!Array.isArray(raw.ops)) throw new ValidationError('welcome needs objects or ops');
      const ops = raw.ops.map((b) => {
        if (!isRecord(b)) throw new ValidationError('welcome batch must be an object');
        return parseRemoteBatch(b);
      });
      return { type: 'welcome', client, role, seq, ops };
    }
    case 'ack': {
      const ack = { type: 'ack' as const, batch: stringOf(raw.batch, 'batch'), seq: seqOf(raw.seq) };
      return raw.ops === undefined ? ack : { ...ack, ops: parseOps(raw.ops) };
    }
    case 'ops':
      return parseRemoteBatch(raw);
    case 'presence':
      if (!Array.isArray(raw.peers)) throw new ValidationError('peers must be an array');
      return { type: 'presence', peers: raw.peers.map(parsePeer) };
    case 'role': {
      const role = parseRole(raw.role);
      if (!role) throw new ValidationError('role must be viewer, editor or owner');
      return { type: 'role', role };
    }
    case 'leave':
      return { type: 'leave', client: stringOf(raw.client, 'client') };
    case 'error': {
      const error = { type: 'error' as const, code: stringOf(raw.code, 'code'), message: stringOf(raw.message, 'message') };
      return typeof raw.batch === 'string' ? { ...error, batch: raw.batch } : error;
    }
    case 'pong':
      return { type: 'pong' };
    default:
      throw new ValidationError(`unknown message type ${String(raw.type)}`);
  }
}

/** A server frame is one message or an array of them. */
export function parseServerFrame(text: string): ServerMessage[] {
  const raw: unknown = JSON.parse(text);
  return Array.isArray(raw) ? raw.map(parseServerMessage) : [parseServerMessage(raw)];
}
