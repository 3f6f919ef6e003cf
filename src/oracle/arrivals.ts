// When each awaited thing arrived (a hint on a device, a platform push request, a seq stored on a
// device), so a deadline is judged by the time it was kept, not by whether it is kept when
// the oracle looks: the run judges about once a virtual second, and a promise of a few hundred
// milliseconds kept late but before the look would pass (see keptBy).
import { NumberMap } from '../sim/numberMap.js';
import { keptBy, type Obligation } from './deadlines.js';

/** A device and a message (or a seq, or a session handle) as one number. */
export function pairKey(device: number, id: number): number {
  return device * 2 ** 32 + id;
}

/** Awaited, not arrived yet. */
const AWAITED = -1;

export class Arrivals {
  /** Key -> when it arrived since it was last expected, or AWAITED. Held while some promise on it is owed. */
  private readonly times = new NumberMap<number>();
  /** Key -> how many promises on it are owed (a restored app owes its own store again, a second time). */
  private readonly owed = new NumberMap<number>();

  /** A promise on `key` is owed from now: only an arrival from now on keeps it. */
  expect(key: number): void {
    this.times.set(key, AWAITED);
    this.owed.set(key, (this.owed.get(key) ?? 0) + 1);
  }

  /** `key` arrived at `timeUs`; only its first arrival counts, and only while it is awaited. */
  arrived(key: number, timeUs: number): void {
    if (this.times.get(key) === AWAITED) this.times.set(key, timeUs);
  }

  /** Whether `key` is awaited and had not arrived by `byUs`. */
  lateBy(key: number, byUs: number): boolean {
    const timeUs = this.times.get(key);
    return timeUs === AWAITED || (timeUs !== undefined && timeUs > byUs);
  }

  /** Whether `key` arrived within `obligation`'s budget. */
  keptWithin(key: number, obligation: Obligation): boolean {
    return keptBy(this.times.get(key) ?? AWAITED, obligation);
  }

  /** One promise on `key` was judged, or lapsed; once none is owed, `key` is forgotten. */
  forget(key: number): void {
    const owed = (this.owed.get(key) ?? 1) - 1;
    if (owed > 0) {
      this.owed.set(key, owed);
      return;
    }
    this.owed.delete(key);
    this.times.delete(key);
  }
}
