// Growing a typed array: a copy twice as long, the old contents first. The kernel's event queue and
// slots and the oracle's deadline rows grow this way.

export type GrowableArray = Uint8Array | Int32Array | Uint32Array | Float64Array;

export function doubled<A extends GrowableArray>(array: A): A {
  const next = new (array.constructor as new (length: number) => A)(array.length * 2);
  next.set(array);
  return next;
}
