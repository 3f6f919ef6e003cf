// client-cursor: when a device's Seq_cli moves to N, every message committed at or below N is
// already stored on the device; Seq_cli never moves back; and it moves only on an answer that a
// MsgStore read for the device since its pull began (a retry of the pull included). A ReceiveSvr
// that answered "nothing new" when MsgStore gave up, instead of staying silent, ended the device's
// catch-up with no data, and the hinted message waited for the next hint or the periodic pull,
// within every deadline of a disturbed path.
// And a pull asks from no Seq_cli above the one the device last wrote (traced as `cursor`): an app
// that raised its cursor at start to the highest seq it stored (its own message, stored from the
// ack) skipped every message below it it had not pulled, and broke a rule only where one was left.
import { IdMap } from '../../sim/idMap.js';
import { EV_CURSOR, EV_DEVICE_RESTORED, EV_PULL, EV_READ } from '../../system/events.js';
import type { CheckerFactory } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const CLIENT_CURSOR = 'client-cursor';

export const clientCursor: CheckerFactory = ({ sim, ledger, sink, pullStarts }) => {
  /** Cursor per device as this checker last saw it (the ledger's is already updated). */
  const previous = new IdMap<number>();
  /** Per device, when a MsgStore last read for it. */
  const readUs = new PerProcess(-1);
  sim.trace.on(EV_READ, (timeUs, _store, device) => readUs.set(device, timeUs));
  sim.trace.on(EV_CURSOR, (_t, device, seqCli, user) => {
    if (readUs.get(device) < pullStarts.of(device)) {
      sink.violate(CLIENT_CURSOR, { detail: `Seq_cli was written (${seqCli}) on an answer to a pull no MsgStore read for`, user, device, seq: seqCli });
      return;
    }
    const before = previous.get(device) ?? 0;
    previous.set(device, Math.max(before, seqCli));
    if (seqCli < before) {
      sink.violate(CLIENT_CURSOR, { detail: `Seq_cli went back from ${before} to ${seqCli}`, user, device, seq: seqCli });
      return;
    }
    const facts = ledger.device(device);
    const inbox = ledger.inbox(user);
    const seq = inbox.firstMissingFrom(facts.held, before, seqCli);
    if (seq === undefined) return;
    sink.violate(CLIENT_CURSOR, {
      detail: `Seq_cli moved to ${seqCli} but committed seq ${seq} is not stored on the device`,
      msgId: inbox.get(seq)!,
      user,
      device,
      seq,
    });
  });
  sim.trace.on(EV_PULL, (_t, device, seqCli) => {
    const written = previous.get(device) ?? 0;
    if (seqCli <= written) return;
    const { user } = ledger.device(device);
    sink.violate(CLIENT_CURSOR, { detail: `a pull asked from Seq_cli ${seqCli}, above the ${written} the device last wrote`, user, device, seq: seqCli });
  });
  // A restore from backup puts the device's older Seq_cli back: from there it must only rise again.
  sim.trace.on(EV_DEVICE_RESTORED, (_t, device, _user, seqCli) => previous.set(device, seqCli));
  return { name: CLIENT_CURSOR };
};
