import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import type { BoardObject } from './types';

// Stacking order: objects are drawn by (z, id), compared bytewise; objects without z first.
// Keys and ids are ASCII, where JavaScript's code-unit comparison is the bytewise one.

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareOrder(a: BoardObject, b: BoardObject): number {
  const za = a.props.z;
  const zb = b.props.z;
  if (za !== zb) {
    if (za === undefined) return -1;
    if (zb === undefined) return 1;
    return compareStrings(za, zb);
  }
  return compareStrings(a.id, b.id);
}

export function keyBetween(below: string | null | undefined, above: string | null | undefined): string {
  // Equal neighbours (two objects sharing a z) have no key strictly between them.
  if (below && above && below >= above) return generateKeyBetween(below, null);
  return generateKeyBetween(below ?? null, above ?? null);
}

export function keysBetween(below: string | null | undefined, above: string | null | undefined, count: number): string[] {
  if (below && above && below >= above) return generateNKeysBetween(below, null, count);
  return generateNKeysBetween(below ?? null, above ?? null, count);
}
