// Baagøe's Alea generator, seeded as seedrandom's `alea` seeds it, so every stream draws exactly
// the numbers it drew when seqsim used that package. Its state is four numbers kept in the
// caller's Float64Array: the package's closures cost about 700 bytes per stream, and a number held
// in an object's field is boxed (24 bytes each), while a world of 100,000 devices has 360,000 streams.

/** Words of generator state at `offset`: s0, s1, s2 and the carry c. */
export const ALEA_WORDS = 4;

/** 2^-32 */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** Seeds the generator at `state[offset..offset+3]` from `seed`. */
export function aleaSeed(state: Float64Array, offset: number, seed: string): void {
  const mash = new Mash();
  let s0 = mash.hash(' ');
  let s1 = mash.hash(' ');
  let s2 = mash.hash(' ');
  s0 -= mash.hash(seed);
  if (s0 < 0) s0 += 1;
  s1 -= mash.hash(seed);
  if (s1 < 0) s1 += 1;
  s2 -= mash.hash(seed);
  if (s2 < 0) s2 += 1;
  state[offset] = s0;
  state[offset + 1] = s1;
  state[offset + 2] = s2;
  state[offset + 3] = 1;
}

/** The next draw of the generator at `offset`: uniform in [0, 1), 32 bits of it. */
export function aleaNext(state: Float64Array, offset: number): number {
  const t = 2091639 * state[offset]! + state[offset + 3]! * TWO_POW_MINUS_32;
  state[offset] = state[offset + 1]!;
  state[offset + 1] = state[offset + 2]!;
  const c = t | 0;
  state[offset + 3] = c;
  const next = t - c;
  state[offset + 2] = next;
  return next;
}

/** Baagøe's Mash: a string hash whose state carries from one call to the next. */
class Mash {
  private n = 0xefc8249d;

  hash(data: string): number {
    let n = this.n;
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    this.n = n;
    return (n >>> 0) * TWO_POW_MINUS_32;
  }
}
