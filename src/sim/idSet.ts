// A set of small dense ids (msgIds count up from 0): one bit per id up to the largest added. At a
// million messages a Set cost about 25 bytes an entry; this costs an eighth of a byte per id.
import { doubled } from './doubled.js';
import { checkDenseId, ID_LIMIT } from './idMap.js';

export class IdSet {
  private bits = new Uint8Array(64);

  add(id: number): void {
    checkDenseId(id);
    while (id >> 3 >= this.bits.length) this.bits = doubled(this.bits);
    this.bits[id >> 3]! |= 1 << (id & 7);
  }

  has(id: number): boolean {
    if (!(id >= 0 && id < ID_LIMIT)) return false;
    const byte = id >> 3;
    return byte < this.bits.length && (this.bits[byte]! & (1 << (id & 7))) !== 0;
  }
}
