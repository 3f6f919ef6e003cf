// The oracle's view of the wire size model (system/wireSizes.ts): each wire type with its size, as
// a list to walk when the cost recorder turns the kernel's message counts into bytes.
import type { Wire } from '../system/wire.js';
import { WIRE_SIZES, type WireSize } from '../system/wireSizes.js';

export { ENTRY_BYTES, LINK_CLASSES, WIRE_SIZES, type LinkClass } from '../system/wireSizes.js';

export interface WireType extends WireSize {
  readonly type: Wire['type'];
}

export const WIRE_TYPES: readonly WireType[] = (Object.keys(WIRE_SIZES) as Wire['type'][]).map((type) => ({ type, ...WIRE_SIZES[type] }));
