// Whether draws that should have a known median do: a sign test. Each draw lands above the median
// or below it with even odds (a log-normal delay drawn in whole us, a tie at the median counting
// for neither), so over n draws the count above less the count below has a spread of sqrt(n); one
// SIGMAS spreads off the middle happens to a correct run about twice in a billion. It judges the
// median alone: no shape of the distribution is assumed, and a tail drawn too long is not seen.

/** How far off the middle, in spreads, a count must lie to be judged a wrong median. */
const SIGMAS = 6;

export class MedianSignTest {
  private above = 0;
  private below = 0;

  constructor(readonly medianUs: number) {}

  add(drawUs: number): void {
    if (drawUs > this.medianUs) this.above++;
    else if (drawUs < this.medianUs) this.below++;
  }

  /** The draws counted so far (ties with the median left out). */
  get count(): number {
    return this.above + this.below;
  }

  /** 'high' or 'low' when the draws lie off the median by more than chance allows; undefined otherwise. */
  verdict(): 'high' | 'low' | undefined {
    const off = this.above - this.below;
    if (Math.abs(off) <= SIGMAS * Math.sqrt(this.count)) return undefined;
    return off > 0 ? 'high' : 'low';
  }

  /** "41 of 45 above" or "3 of 45 above". */
  describe(): string {
    return `${this.above} of ${this.count} above`;
  }
}
