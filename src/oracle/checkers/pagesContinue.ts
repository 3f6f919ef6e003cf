// timeliness, a catch-up's pages: a page MsgStore cut short (by its count or its byte budget, with
// entries committed above its bound when it was read) tells the device there is more, and the
// device asks for the next page as soon as it has stored this one. A ReceiveSvr that worked "more"
// out from the page's entry count told a device on a slow link, whose page the byte budget cut,
// that it was done: its catch-up stopped after one page, and the rest waited for the next hint or
// periodic pull, tens of seconds on a quiet 2G inbox, within every deadline (each counts from a
// commit, and a later commit's hint carried the catch-up on).
// Judged when every read for the pull (its retries' too) was cut short, while the device's session
// lasts and no fault touched the inbox's MsgStore shard (a store that lost commits may read short of
// what the oracle saw committed); a fault elsewhere cannot keep a device from asking.
import { EV_CURSOR, EV_PULL, EV_READ } from '../../system/events.js';
import type { CheckerContext } from '../checker.js';
import { Ledger } from '../ledger.js';
import { PerProcess } from '../perProcess.js';
import { PullStarts } from '../pullStarts.js';

export const PAGES = 'pages';

/** Per device, what the reads for its pull so far were. */
const NO_READ = -1;
const WHOLE = 0;
const CUT = 1;

export function pagesContinue(invariant: string, { sim, ledger, sink, paths, pullStarts }: CheckerContext): (nowUs: number) => void {
  const reads = new PerProcess(NO_READ);
  /** Devices that stored a cut page and owe the next pull at once: when, in which session, since when their pull ran. */
  const owed = new Map<number, { readonly atUs: number; readonly sessionEpoch: number; readonly fromUs: number; readonly seqCli: number }>();
  const trace = sim.trace;
  trace.on(EV_PULL, (timeUs, device, _seqCli, _reqId, reason) => {
    if (owed.get(device)?.atUs === timeUs) owed.delete(device);
    if (!PullStarts.isRetry(reason)) reads.set(device, NO_READ);
  });
  trace.on(EV_READ, (_t, _store, device, _afterSeq, bound) => {
    const cut = bound < ledger.inbox(ledger.device(device).user).maxSeq;
    if (!cut) reads.set(device, WHOLE);
    else if (reads.get(device) === NO_READ) reads.set(device, CUT);
  });
  trace.on(EV_CURSOR, (timeUs, id, seqCli) => {
    // A page stored after its session ended waits for the next session's pull.
    const device = ledger.device(id);
    if (reads.get(id) === CUT && Ledger.connected(device)) owed.set(id, { atUs: timeUs, sessionEpoch: device.sessionEpoch, fromUs: pullStarts.of(id), seqCli });
  });
  return (nowUs) => {
    for (const [id, o] of owed) {
      if (nowUs <= o.atUs) continue;
      owed.delete(id);
      const device = ledger.device(id);
      if (!device.up || device.retired || device.sessionEpoch !== o.sessionEpoch || paths.shardTouched(device.user, o.fromUs, o.atUs)) continue;
      const detail = `${PAGES}: the device stored a page that MsgStore had cut short (committed entries above its bound ${o.seqCli}) and asked for no next page`;
      sink.violate(invariant, { kind: PAGES, detail, user: device.user, device: id, seq: o.seqCli });
    }
  };
}
