// Baagøe's Alea generator, seeded as seedrandom's `alea` seeds it, so every stream draws exactly
// the numbers it drew when seqsim used that package. Its state is four numbers in one object: the
// package's closures cost about 700 bytes per stream, and a world of 100,000 devices has 400,000.

/** 2^-32 */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

export class Alea {
  private s0: number;
  private s1: number;
  private s2: number;
  private c = 1;

  constructor(seed: string) {
    const mash = new Mash();
    this.s0 = mash.hash(' ');
    this.s1 = mash.hash(' ');
    this.s2 = mash.hash(' ');
    this.s0 -= mash.hash(seed);
    if (this.s0 < 0) this.s0 += 1;
    this.s1 -= mash.hash(seed);
    if (this.s1 < 0) this.s1 += 1;
    this.s2 -= mash.hash(seed);
    if (this.s2 < 0) this.s2 += 1;
  }

  /** Uniform in [0, 1), 32 bits of it. */
  next(): number {
    const t = 2091639 * this.s0 + this.c * TWO_POW_MINUS_32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    this.s2 = t - this.c;
    return this.s2;
  }
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
