// timeliness, a pull's answer: an app takes the answer to any try of the pull still open, not only
// to its latest. Every try of one pull reads from the same cursor, so the first answer to come
// answers the question; on a link slower than the pull timeout the latest try's own answer comes
// after the next timeout, every time. An app that took only answers to its retries (the first try's
// excluded by an off-by-one) tried each pull once more on a slow link than it needed to, costing
// radio time and a MsgStore read, and broke no other rule.
// Seen from the outside: an app that takes an answer stores it and moves its cursor, two disk
// writes, so its cursor event follows the answer within two device writes (unless a fault touched
// the device, or its app restarted); and a retry goes only when the retry timer fires with the pull
// unanswered, so a retry after an answer reached the app is an answer it ignored. The tries are the
// app's own pull events; the answers, the pull-resp datagrams delivered to it.
import { EV_CURSOR, EV_PULL, PULL_REASONS } from '../../system/events.js';
import type { PullResp } from '../../system/wire.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const ANSWER_IGNORED = 'answer-ignored';

const RETRY = PULL_REASONS.indexOf('retry');

export function pullAnswers(invariant: string, { sim, ledger, sink, paths, bounds }: CheckerContext): (nowUs: number) => void {
  /** Per device: its open pull's first and latest tries (request ids) and its cursor. */
  const firstTry = new PerProcess(-1);
  const latestTry = new PerProcess(-1);
  const cursor = new PerProcess(-1);
  /** Per device: when an answer to a try of the open pull reached it (-1: none yet), and that try. */
  const answeredUs = new PerProcess(-1);
  const answeredTry = new PerProcess(-1);
  /** Per device: the app epoch the answer came in; and the devices with an answer not yet stored. */
  const answeredEpoch = new PerProcess(-1);
  const unstored = new Set<number>();
  const storeMaxUs = 2 * bounds.deviceWriteMaxUs;
  const ignored = (id: number, what: string): void => {
    const detail = `${ANSWER_IGNORED}: ${what}, after the answer to its try ${answeredTry.get(id)} reached it at ${formatBudgetMs(answeredUs.get(id))} (any try's answer from the same cursor answers the pull)`;
    sink.violate(invariant, { kind: ANSWER_IGNORED, detail, user: ledger.device(id).user, device: id });
    answeredUs.set(id, -1);
    unstored.delete(id);
  };
  sim.trace.on(EV_PULL, (timeUs, id, seqCli, reqId, reason) => {
    if (reason !== RETRY) {
      firstTry.set(id, reqId);
      cursor.set(id, seqCli);
      answeredUs.set(id, -1);
      unstored.delete(id);
    } else if (answeredUs.get(id) >= 0) {
      ignored(id, `the app tried its pull again at ${formatBudgetMs(timeUs)}`);
    }
    latestTry.set(id, reqId);
  });
  sim.trace.on(EV_CURSOR, (_t, id) => unstored.delete(id));
  sim.network.watch('pull-resp', (device, _from, delivered, message) => {
    const resp = message as PullResp | undefined;
    if (!delivered || resp === undefined || answeredUs.get(device) >= 0) return;
    if (resp.reqId < firstTry.get(device) || resp.reqId > latestTry.get(device) || resp.seqCli !== cursor.get(device)) return;
    answeredUs.set(device, sim.nowUs);
    answeredTry.set(device, resp.reqId);
    answeredEpoch.set(device, ledger.device(device).appEpoch);
    unstored.add(device);
  });
  return (nowUs) => {
    for (const id of unstored) {
      const sinceUs = answeredUs.get(id);
      if (nowUs - sinceUs <= storeMaxUs) continue;
      const device = ledger.device(id);
      if (!device.up || device.appEpoch !== answeredEpoch.get(id) || paths.deviceTouched(device, sinceUs, nowUs)) unstored.delete(id);
      else ignored(id, `the app's cursor had not moved by ${formatBudgetMs(nowUs)}`);
    }
  };
}
