import { allows, isPropName, PROP_NAMES } from './kinds';
import { KINDS, type BoardObject, type Kind, type Op, type PropName, type PropPatch, type Props } from './types';

// Checks what comes from the network before it reaches the model. The server validated it
// already; this guards the client against a broken or foreign peer and keeps types honest.

export class ValidationError extends Error {}

const ID_RULE = /^[A-Za-z0-9_-]{1,64}$/;
const COLOUR_RULE = /^(#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|transparent)$/;
const INDEX_RULE = /^[A-Za-z][0-9A-Za-z]*$/;
const KIND_SET = new Set<string>(KINDS);
const ENUMS: Partial<Record<PropName, readonly string[]>> = {
  textAlign: ['left', 'center', 'right'],
  verticalAlign: ['top', 'middle', 'bottom'],
  startArrow: ['none', 'arrow', 'triangle', 'dot'],
  endArrow: ['none', 'arrow', 'triangle', 'dot'],
};

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_RULE.test(value);
}

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && KIND_SET.has(value);
}

function fail(message: string): never {
  throw new ValidationError(message);
}

type Check = (value: unknown) => boolean;

const isNumberIn =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && v >= min && v <= max && Number.isFinite(v);
const isString: Check = (v) => typeof v === 'string';
const isBoolean: Check = (v) => typeof v === 'boolean';
const isColour: Check = (v) => typeof v === 'string' && COLOUR_RULE.test(v);
const isOneOf =
  (choices: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && choices.includes(v);
const isPoints: Check = (v) => {
  if (!Array.isArray(v) || v.length < 4 || v.length % 2 !== 0) return false;
  for (const n of v) if (typeof n !== 'number' || !Number.isFinite(n)) return false;
  return true;
};

// One check per property, built once: validating a 100,000-object welcome is a hot path.
const CHECKS: Record<PropName, Check> = {
  x: isNumberIn(-1e9, 1e9),
  y: isNumberIn(-1e9, 1e9),
  rotation: isNumberIn(-1e6, 1e6),
  opacity: isNumberIn(0, 1),
  z: (v) => typeof v === 'string' && INDEX_RULE.test(v),
  parent: isValidId,
  locked: isBoolean,
  w: isNumberIn(0, 1e7),
  h: isNumberIn(0, 1e7),
  fill: isColour,
  stroke: isColour,
  strokeWidth: isNumberIn(0, 1000),
  cornerRadius: isNumberIn(0, 1e6),
  spikes: (v) => isNumberIn(3, 100)(v) && Number.isInteger(v),
  innerRatio: isNumberIn(0.05, 1),
  text: isString,
  fontSize: isNumberIn(1, 10000),
  fontFamily: (v) => typeof v === 'string' && v.length > 0,
  textAlign: isOneOf(ENUMS.textAlign ?? []),
  verticalAlign: isOneOf(ENUMS.verticalAlign ?? []),
  points: isPoints,
  startArrow: isOneOf(ENUMS.startArrow ?? []),
  endArrow: isOneOf(ENUMS.endArrow ?? []),
  closed: isBoolean,
  src: (v) => typeof v === 'string' && v.startsWith('data:image/'),
  alt: isString,
  name: isString,
};

function checkValue(kind: Kind, name: PropName, value: unknown): void {
  if (!allows(kind, name)) fail(`property "${name}" is not allowed on ${kind}`);
  if (!CHECKS[name](value)) fail(`${name} has an invalid value`);
}

/**
 * Per kind, the check of every property it allows, in a prototype-free table: checking an
 * object's properties is one look-up each (a welcome can hold 100,000 objects).
 */
const KIND_CHECKS = Object.fromEntries(
  KINDS.map((kind) => {
    const table: Partial<Record<string, Check>> = Object.create(null);
    for (const name of PROP_NAMES) if (allows(kind, name)) table[name] = CHECKS[name];
    return [kind, table];
  }),
) as Record<Kind, Partial<Record<string, Check>>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseProps(kind: Kind, raw: unknown): Props {
  if (!isRecord(raw)) fail('props must be an object');
  const checks = KIND_CHECKS[kind];
  for (const name in raw) {
    const check = checks[name];
    if (check === undefined) {
      if (!isPropName(name)) fail(`unknown property "${name}"`);
      fail(`property "${name}" is not allowed on ${kind}`);
    }
    if (!check(raw[name])) fail(`${name} has an invalid value`);
  }
  if (typeof raw.x !== 'number' || typeof raw.y !== 'number') fail('x and y are required');
  if ((kind === 'line' || kind === 'arrow' || kind === 'path') && !Array.isArray(raw.points)) fail('points are required');
  return raw as unknown as Props;
}

/** A set is checked against names and value types only: its kind is the target's, known later. */
function parsePatch(raw: unknown): PropPatch {
  if (!isRecord(raw)) fail('props must be an object');
  for (const [name, value] of Object.entries(raw)) {
    if (!isPropName(name)) fail(`unknown property "${name}"`);
    if (value === null) continue;
    // Any kind that allows the property will do for the type check.
    const kind = KINDS.find((k) => allows(k, name));
    if (kind) checkValue(kind, name, value);
  }
  return raw as PropPatch;
}

export function parseObject(raw: unknown): BoardObject {
  if (!isRecord(raw)) fail('object must be an object');
  if (!isValidId(raw.id)) fail('object id is invalid');
  if (!isKind(raw.kind)) fail('unknown kind');
  parseProps(raw.kind, raw.props);
  // Checked as it is: no copy (a welcome can hold 100,000 objects).
  return raw as unknown as BoardObject;
}

export function parseOp(raw: unknown): Op {
  if (!isRecord(raw)) fail('op must be an object');
  if (!isValidId(raw.id)) fail('op id is invalid');
  switch (raw.op) {
    case 'put':
      if (!isKind(raw.kind)) fail('unknown kind');
      return { op: 'put', id: raw.id, kind: raw.kind, props: parseProps(raw.kind, raw.props) };
    case 'set':
      return { op: 'set', id: raw.id, props: parsePatch(raw.props) };
    case 'del':
      return { op: 'del', id: raw.id };
    default:
      fail('unknown op');
  }
}

export function parseOps(raw: unknown): Op[] {
  if (!Array.isArray(raw)) fail('ops must be an array');
  return raw.map(parseOp);
}
