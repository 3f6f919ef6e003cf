// The max_seq of each section as its store's disk holds it, power losses included. A store says a
// raise is durable as it answers it (maxseq-durable); the oracle takes that, but for a raise written
// without a sync (the kernel traces disk-unsynced before such a write's disk-written): one that sat
// in the page cache is lost with the machine's power when it is younger than the OS's writeback and
// no synced write of the store came after it, as the kernel's disk model has it (unsyncedWrites.ts).
import { IdMap } from '../sim/idMap.js';
import type { Simulation } from '../sim/simulation.js';
import { traceKindByName } from '../sim/traceKinds.js';
import { UNSYNCED_FLUSH_US } from '../sim/unsyncedWrites.js';
import { EV_MAXSEQ_DURABLE } from '../system/events.js';

interface UnsyncedRaise {
  readonly section: number;
  /** The section's max_seq on disk before the raise. */
  readonly beforeMax: number;
  readonly maxSeq: number;
  readonly atUs: number;
}

export interface DurableMaxEvents {
  /** The store traced `maxSeq` durable for `section`, where the disk held `beforeMax`. */
  raised(store: number, section: number, beforeMax: number, maxSeq: number): void;
  /** A power loss on `store` took back a raise it had answered: the disk holds `beforeMax` again. */
  lost(store: number, section: number, maxSeq: number, beforeMax: number): void;
}

export class DurableMaxSeqs {
  private readonly maxOf = new IdMap<number>();
  /** Per store, the raises it wrote without a sync that no synced write has flushed, oldest first. */
  private readonly unsynced = new Map<number, UnsyncedRaise[]>();
  /** The process whose disk write landed last, and whether it was synced (its trace comes just before the write's own events). */
  private lastWriter = -1;
  private lastSynced = true;
  /** The process whose write landing next was made without a sync (-1: none). */
  private unsyncedWriter = -1;

  constructor(
    sim: Simulation,
    private readonly initialSeq: number,
    events: DurableMaxEvents,
  ) {
    sim.trace.on(traceKindByName('disk-unsynced')!, (_t, process) => {
      this.unsyncedWriter = process;
    });
    sim.trace.on(traceKindByName('disk-written')!, (_t, process) => {
      this.lastWriter = process;
      this.lastSynced = this.unsyncedWriter !== process;
      this.unsyncedWriter = -1;
      // A synced write flushes every earlier one of its process.
      if (this.lastSynced) this.unsynced.delete(process);
    });
    sim.trace.on(EV_MAXSEQ_DURABLE, (timeUs, store, section, maxSeq) => {
      const beforeMax = this.get(section);
      events.raised(store, section, beforeMax, maxSeq);
      this.maxOf.set(section, maxSeq);
      if (this.lastWriter !== store || this.lastSynced) return;
      const raises = this.unsynced.get(store) ?? [];
      this.unsynced.set(store, raises);
      raises.push({ section, beforeMax, maxSeq, atUs: timeUs });
    });
    sim.trace.on(traceKindByName('power-loss')!, (timeUs, process) => {
      const raises = this.unsynced.get(process);
      if (raises === undefined) return;
      this.unsynced.delete(process);
      for (let i = raises.length - 1; i >= 0 && raises[i]!.atUs > timeUs - UNSYNCED_FLUSH_US; i--) {
        const raise = raises[i]!;
        this.maxOf.set(raise.section, raise.beforeMax);
        events.lost(process, raise.section, raise.maxSeq, raise.beforeMax);
      }
    });
  }

  /** The section's max_seq on its store's disk (a section never written: the run's initialSeq). */
  get(section: number): number {
    return this.maxOf.get(section) ?? this.initialSeq;
  }
}
