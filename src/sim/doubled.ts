// Growing a typed array: a longer copy, the old contents first. The oracle's columns and deadline
// rows double; the kernel's event queue and slots grow by half (see grownByHalf).

export type GrowableArray = Uint8Array | Int32Array | Uint32Array | Float64Array;

/** A copy `length` long (not shorter than `array`), the old contents first. */
export function grownTo<A extends GrowableArray>(array: A, length: number): A {
  const next = new (array.constructor as new (length: number) => A)(length);
  next.set(array);
  return next;
}

export function doubled<A extends GrowableArray>(array: A): A {
  return grownTo(array, array.length * 2);
}

/**
 * A capacity half as large again. The kernel's queue peaks when every device starts at once (at
 * 100,000 users, 583k pending events), and doubling then left it at 1,048,576 slots of 68 bytes.
 */
export function grownByHalf(capacity: number): number {
  return capacity + Math.ceil(capacity / 2);
}
