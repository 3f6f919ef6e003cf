// A number per process id (or any small dense id: a user): a typed array that grows. The oracle's
// cost figures look a process up on most of a run's events, where a Map cost the run several percent;
// checkers keep a pair of numbers per user as two of these, where a record per user cost 48 bytes.

/** Every PerProcess starts with no room (a run makes about eighty; many stay unused on short runs). */
const NONE = new Float64Array(0);

export class PerProcess {
  private values = NONE;

  constructor(private readonly empty: number) {}

  get(process: number): number {
    return process < this.values.length ? this.values[process]! : this.empty;
  }

  set(process: number, value: number): void {
    if (process >= this.values.length) {
      const grown = new Float64Array(Math.max(process + 1, 64, 2 * this.values.length)).fill(this.empty);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[process] = value;
  }

  add(process: number, delta: number): void {
    this.set(process, this.get(process) + delta);
  }
}
