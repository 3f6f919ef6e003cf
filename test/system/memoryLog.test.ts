import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Uint32List } from '../../src/sim/uint32List.js';
import { LogEntries } from '../../src/system/logEntries.js';
import { MemoryLog } from '../../src/system/memoryLog.js';
import { place } from '../../src/system/replicatedLog.js';
import { diskLog, logEntry } from './logEntry.js';

/** A write as MsgStore issues it: cut the disk's log to `cut` entries, then append `entries`. */
interface Write {
  readonly cut: number;
  readonly entries: readonly number[];
}

const op = fc.tuple(fc.constantFrom('append', 'conflict', 'rewrite', 'land', 'land', 'restart'), fc.nat(), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }));

const entries = new LogEntries();
let nextSeq = 0;
function entry(epoch: number): number {
  return logEntry(entries, epoch, 0, ++nextSeq, nextSeq);
}

/** A write lands on `disk`. */
function land(disk: Uint32List, write: Write): void {
  disk.truncate(write.cut);
  for (const id of write.entries) disk.push(id);
}

describe('MemoryLog', () => {
  // It reads the disk's array where the two agree: whatever order writes land in and whatever they
  // cut, it must read exactly as a whole copy kept beside the disk would.
  it('reads as a whole in-memory copy would, through appends, cuts, rewrites, landed writes and restarts', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 120 }), (ops) => {
        const disk = new Uint32List();
        let memory = new MemoryLog(disk);
        let model: number[] = [];
        let pending: Write[] = [];
        const issue = (cut: number, written: number[]): void => {
          pending.push({ cut, entries: written });
        };
        for (const [name, at, count, epoch] of ops) {
          if (name === 'append') {
            const added = entry(1);
            memory.push(added);
            model.push(added);
            issue(model.length - 1, [added]);
          } else if (name === 'conflict') {
            // A replica takes a batch that cuts a conflicting tail (replicatedLog.place).
            const prevLsn = at % (model.length + 1);
            const batch = Array.from({ length: count }, () => entry(epoch));
            const changed = place(entries, memory, prevLsn, batch);
            // The model: entries of the batch's epoch already there are kept; the first that differs cuts.
            let keep = prevLsn;
            while (keep < model.length && keep - prevLsn < batch.length && entries.epoch(model[keep]!) === entries.epoch(batch[keep - prevLsn]!)) keep++;
            if (keep - prevLsn < batch.length) model = model.slice(0, keep).concat(batch.slice(keep - prevLsn));
            expect(changed).toBe(keep - prevLsn < batch.length ? keep + 1 : 0);
            if (changed > 0) issue(changed - 1, batch.slice(changed - 1 - prevLsn));
          } else if (name === 'rewrite') {
            // A new primary writes its tail again: the same entries, cut and put back.
            const from = at % (model.length + 1);
            const tail = memory.slice(from);
            memory.cut(from);
            for (const kept of tail) memory.push(kept);
            issue(from, tail);
          } else if (name === 'land' && pending.length > 0) {
            const write = pending.shift()!;
            memory.beforeDiskCut(write.cut);
            land(disk, write);
            memory.afterDiskWrite();
          } else if (name === 'restart') {
            pending = [];
            memory = new MemoryLog(disk);
            model = disk.slice(0);
          }
          expect(memory.length).toBe(model.length);
          for (let i = 0; i < model.length; i++) expect(memory.at(i)).toBe(model[i]);
          expect(memory.at(model.length)).toBeUndefined();
          expect(memory.slice(0)).toEqual(model);
        }
        // Once every write has landed, memory and disk agree.
        for (const write of pending) {
          memory.beforeDiskCut(write.cut);
          land(disk, write);
          memory.afterDiskWrite();
        }
        expect(disk.slice(0)).toEqual(model);
      }),
    );
  });

  // MsgStore's writes put back what they cut where memory still shares the disk, so the property
  // above cannot tell; a write that cut and replaced what memory shares must still not change it.
  it('keeps reading its own entries when a write cuts the disk below what it shares', () => {
    const disk = diskLog([entry(1), entry(1), entry(1)]);
    const memory = new MemoryLog(disk);
    const before = disk.slice(0);
    memory.beforeDiskCut(1);
    land(disk, { cut: 1, entries: [entry(2)] });
    memory.afterDiskWrite();
    expect(memory.slice(0)).toEqual(before);
    expect(memory.at(1)).toBe(before[1]);
  });

  it('cuts below what it shares with the disk without touching the disk', () => {
    const disk = diskLog([entry(1), entry(1), entry(1)]);
    const memory = new MemoryLog(disk);
    memory.cut(1);
    expect(memory.length).toBe(1);
    expect(disk.length).toBe(3);
    memory.push(entry(2));
    expect(entries.epoch(memory.at(1)!)).toBe(2);
    expect(entries.epoch(disk.at(1)!)).toBe(1);
  });
});
