// gap-tolerance: seqs have gaps by design, and no device may stall or loop on one. A loop shows
// as a device pulling from the same cursor again and again while the store keeps handing it
// messages that reach it; a stall as a quiet device whose cursor stopped short of its inbox, just
// before a gap. (A device whose answers never arrive, on a link its server's TCP is giving up on,
// retries from the same cursor until its heartbeat timeout finds the link dead: that is no loop.
// Nor is a read from below the device's cursor: the servers still retrying a try the device gave up
// on, after it moved on with another's answer.)
import { NumberMap } from '../../sim/numberMap.js';
import { EV_READ } from '../../system/events.js';
import type { CheckerFactory } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const GAP_TOLERANCE = 'gap-tolerance';

/** Pulls from one cursor, each answered with messages, before the device counts as looping. */
export const MAX_REPEATED_PULLS = 20;

export const gapTolerance: CheckerFactory = ({ sim, ledger, sink }) => {
  /** Per device: the cursor of its last pull (NaN: none yet) and how many times in a row it pulled from it (columns, as in order.ts). */
  const lastAfterSeq = new PerProcess(NaN);
  const repeats = new PerProcess(0);
  const reported = new Set<number>();
  /** Devices an answer to a pull reached since their last read. */
  const answered = new NumberMap<true>();
  sim.network.watch('pull-resp', (to, _from, delivered) => delivered && answered.set(to, true));
  sim.trace.on(EV_READ, (_t, _store, device, afterSeq, _bound, count) => {
    if (afterSeq < ledger.device(device).cursor) return;
    const repeat = lastAfterSeq.get(device) === afterSeq && count > 0 && answered.has(device) ? repeats.get(device) + 1 : 1;
    answered.delete(device);
    lastAfterSeq.set(device, afterSeq);
    repeats.set(device, repeat);
    if (repeat >= MAX_REPEATED_PULLS && !reported.has(device)) {
      reported.add(device);
      const user = ledger.device(device).user;
      const next = ledger.inbox(user).between(afterSeq, Infinity).next();
      sink.violate(GAP_TOLERANCE, {
        detail: `device pulled from Seq_cli ${afterSeq} ${repeat} times in a row without moving on`,
        user,
        device,
        seq: afterSeq,
        ...(next.done ? {} : { seq: next.value, msgId: ledger.inbox(user).get(next.value)! }),
      });
    }
  });
  return {
    name: GAP_TOLERANCE,
    finish() {
      for (const device of ledger.activeDevices()) {
        if (reported.has(device.id)) continue;
        const inbox = ledger.inbox(device.user);
        const next = inbox.between(device.cursor, Infinity).next();
        // Stalled: something above the cursor is missing, and the cursor sits before a gap.
        if (next.done || next.value === device.cursor + 1) continue;
        if (inbox.seqList().every((seq) => device.held.has(seq))) continue;
        sink.violate(GAP_TOLERANCE, {
          detail: `device stalled at Seq_cli ${device.cursor}, before the gap up to seq ${next.value}`,
          msgId: inbox.get(next.value)!,
          user: device.user,
          device: device.id,
          seq: next.value,
        });
      }
    },
  };
};
