// The oracle's view of the wire size model (system/wireSizes.ts): each wire type with its index for
// counting in arrays, and a lookup from the hash the kernel's trace names a type by.
import { hashString } from '../sim/traceKinds.js';
import type { Wire } from '../system/wire.js';
import { LINK_CLASSES, WIRE_SIZES, type WireSize } from '../system/wireSizes.js';

export { ENTRY_BYTES, LINK_CLASSES, WIRE_SIZES, type LinkClass } from '../system/wireSizes.js';

export interface WireType extends WireSize {
  readonly type: Wire['type'];
  /** Index in WIRE_TYPES, for counting in arrays. */
  readonly index: number;
  /** Index in LINK_CLASSES. */
  readonly linkIndex: number;
  /** The hash the kernel's trace names the type by. */
  readonly hash: number;
}

export const WIRE_TYPES: readonly WireType[] = (Object.keys(WIRE_SIZES) as Wire['type'][]).map((type, index) => ({
  type,
  index,
  linkIndex: LINK_CLASSES.indexOf(WIRE_SIZES[type].link),
  hash: hashString(type),
  ...WIRE_SIZES[type],
}));

/** Bits of a type's hash that tell the wire types apart (the fewest that do, found once). */
const SLOT_BITS = (() => {
  for (let bits = 5; bits <= 16; bits++) if (new Set(WIRE_TYPES.map((wire) => wire.hash & ((1 << bits) - 1))).size === WIRE_TYPES.length) return bits;
  throw new Error('wire type hashes collide in their low 16 bits');
})();
const SLOT_MASK = (1 << SLOT_BITS) - 1;
/** Slot -> the full hash of the wire type there, and its index in WIRE_TYPES (-1: none). */
const SLOT_HASH = new Float64Array(1 << SLOT_BITS).fill(-1);
const SLOT_INDEX = new Int8Array(1 << SLOT_BITS).fill(-1);
for (const wire of WIRE_TYPES) {
  SLOT_HASH[wire.hash & SLOT_MASK] = wire.hash;
  SLOT_INDEX[wire.hash & SLOT_MASK] = wire.index;
}

/**
 * The index in WIRE_TYPES of the type the kernel's trace names by `typeHash`, or -1 if it is not
 * one of the system's. A table lookup, not a Map: it runs on most of a run's events.
 */
export function wireIndexOf(typeHash: number): number {
  const slot = typeHash & SLOT_MASK;
  return SLOT_HASH[slot] === typeHash ? SLOT_INDEX[slot]! : -1;
}
