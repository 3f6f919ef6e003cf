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
// And a page cut short is full: pageSize entries, or as many as the device's byte budget holds (with
// the next entry it would not fit), and it is within the budget unless it is one entry (a page
// carries one at least). The oracle weighs the entries itself, at their wire sizes as their senders
// sent them (entrySizes.ts). A MsgStore whose page ended one entry early sent a tenth more pages,
// each a round trip on a slow link; one that sized entries at the average text overfilled a 2G
// page whenever texts ran long and cut it early when they ran short; a device that divided its
// budget by 8, as if it were in bits, asked for pages an eighth the size. Each broke no other
// rule. Judged where no fault touched the shard or the device (whose link sets its byte budget).
// Nor does a device ask for a next page unless one was cut short: a ReceiveSvr that said "more"
// whenever a page was full made every catch-up that ended on a full page ask for one more, empty
// (a hundred more reads in a group-storm run), and broke no other rule. Judged where no fault
// touched the shard (a store that lost commits may have told of entries it no longer holds).
import { EV_CURSOR, EV_PULL, EV_READ, PULL_REASONS } from '../../system/events.js';
import type { CheckerContext } from '../checker.js';
import { EntrySizes } from '../entrySizes.js';
import { Ledger } from '../ledger.js';
import { PerProcess } from '../perProcess.js';
import { PullStarts } from '../pullStarts.js';

export const PAGES = 'pages';
export const PAGE_FULL = 'page-full';
export const PAGE_MORE = 'page-more';
export const PAGE_OVER = 'page-over';

const MORE = PULL_REASONS.indexOf('more');

/** Per device, what the reads for its pull so far were. */
const NO_READ = -1;
const WHOLE = 0;
const CUT = 1;

export function pagesContinue(invariant: string, { sim, ledger, sink, paths, pullStarts, bounds }: CheckerContext): (nowUs: number) => void {
  const reads = new PerProcess(NO_READ);
  /** Devices that stored a cut page and owe the next pull at once: when, in which session, since when their pull ran. */
  const owed = new Map<number, { readonly atUs: number; readonly sessionEpoch: number; readonly fromUs: number; readonly seqCli: number }>();
  const trace = sim.trace;
  /** Per device: 1 if some read for its pull so far was cut short (any try's: the device takes one of their answers). */
  const someCut = new PerProcess(0);
  trace.on(EV_PULL, (timeUs, id, _seqCli, _reqId, reason) => {
    if (owed.get(id)?.atUs === timeUs) owed.delete(id);
    if (reason === MORE && someCut.get(id) === 0) {
      const device = ledger.device(id);
      const fromUs = pullStarts.of(id);
      if (!paths.shardTouched(device.user, fromUs, timeUs)) {
        const detail = `${PAGE_MORE}: the device asked for a next page though no read for its pull was cut short (MsgStore held nothing above the pages it read)`;
        sink.violate(invariant, { kind: PAGE_MORE, detail, user: device.user, device: id });
      }
    }
    if (!PullStarts.isRetry(reason)) {
      reads.set(id, NO_READ);
      someCut.set(id, 0);
    }
  });
  const sizes = new EntrySizes(sim);
  const budgetBytes = bounds.pageBytesMax;
  trace.on(EV_READ, (timeUs, store, id, afterSeq, bound, count) => {
    const device = ledger.device(id);
    const inbox = ledger.inbox(device.user);
    const cut = bound < inbox.maxSeq;
    if (!cut) reads.set(id, WHOLE);
    else {
      someCut.set(id, 1);
      if (reads.get(id) === NO_READ) reads.set(id, CUT);
    }
    // NaN (a size not known) fails both tests; so does a page the oracle's inbox does not match.
    if (inbox.countBetween(afterSeq, bound) !== count) return;
    const bytes = sizes.between(inbox, afterSeq, bound);
    const over = count > 1 && bytes > budgetBytes;
    const nextBytes = cut && count < bounds.pageSize ? sizes.nextAbove(inbox, bound) : NaN;
    const early = bytes + nextBytes <= budgetBytes;
    if (!over && !early) return;
    const fromUs = pullStarts.of(id);
    if (paths.shardTouched(device.user, fromUs, timeUs) || paths.deviceTouched(device, fromUs, timeUs)) return;
    const name = sim.process(store).name;
    const detail = over
      ? `${PAGE_OVER}: ${name} read a page of ${count} entries and ${bytes} bytes (bound ${bound}), over the device's byte budget of ${budgetBytes} bytes`
      : `${PAGE_FULL}: ${name} cut a page short at ${count} entries and ${bytes} bytes (bound ${bound}), with entries above it, where ${bounds.pageSize} fit and the next entry (${nextBytes} bytes) fits the device's byte budget of ${budgetBytes} bytes too`;
    sink.violate(invariant, { kind: over ? PAGE_OVER : PAGE_FULL, detail, user: device.user, device: id, seq: bound });
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
