// server-bound, page-complete: a MsgStore's page holds every entry committed in its inbox above the
// cursor it was asked from, up to the bound it names: the device takes the bound for "you hold
// everything to here", and never asks below it again. A new primary that applied its committed log
// one entry short left that entry out of every later page of its inbox; where the devices that
// needed it held it already (the sender's copy), every rule held, and a reinstalled or restored
// device would never have got it. Judged as the store reads (the `read` event: the page's count and
// bound), against the oracle's record of commits. A primary serves only commits it applied, and a
// user's appends commit in seq order, so what it serves is a prefix of the inbox's commits: one
// deposed without knowing it has no commit of the newer primary's at or below its own bound.
import { EV_READ } from '../../system/events.js';
import type { CheckerContext } from '../checker.js';

export const PAGE_COMPLETE = 'page-complete';

export function pageComplete(invariant: string, { sim, ledger, sink }: CheckerContext): void {
  sim.trace.on(EV_READ, (_t, store, device, afterSeq, bound, count) => {
    const { user } = ledger.device(device);
    const committed = ledger.inbox(user).countBetween(afterSeq, bound);
    if (count === committed) return;
    const detail = `${PAGE_COMPLETE}: ${sim.process(store).name} answered a read of ${sim.process(device).name} with ${count} entries above seq ${afterSeq} up to its bound ${bound}, where ${committed} are committed (a page holds every one)`;
    sink.violate(invariant, { kind: PAGE_COMPLETE, detail, user, device });
  });
}
