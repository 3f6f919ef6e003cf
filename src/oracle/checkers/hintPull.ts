// timeliness, hint-pull: a hint that finds the app between pulls starts a pull in the instant it
// lands. (One that lands mid-pull is noted, and a pull again follows: pullsAgain.ts.) An app that
// ignored a hint for a message id below the newest it had been hinted ("its message was pulled
// already"), where ids follow compose order and not commit order, left 22 hinted messages of one
// lossy-wifi run on the server up to 22 s longer, and the link's faults excused every deadline.
// The app is pulling from its pull event until the cursor write that ends the answer's batch (a
// pull for more, or again, starts in that same instant), or until its session or app ends. A hint
// that comes before the app's session is up (the login's answer lost on a weak link, the hint
// behind it) starts nothing: the login's answer, when it comes, starts a pull.
// Each hint between pulls is a suspect until its handler is done (instantSuspects.ts): the pull it
// starts, in that handler, excuses it.
import { EV_CURSOR, EV_DEVICE_START, EV_NOTIFY, EV_PULL, EV_SESSION, SESSION_DOWN } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { InstantSuspects } from '../instantSuspects.js';
import { PerProcess } from '../perProcess.js';

export const HINT_PULL = 'hint-pull';

export function hintPull(invariant: string, { sim, sink }: CheckerContext): (nowUs: number) => void {
  const pulling = new PerProcess(0);
  const sessionUp = new PerProcess(0);
  /** Hints between pulls, by device (as its own server) with the message id, until a pull excuses them. */
  const hints = new InstantSuspects();
  sim.trace.on(EV_NOTIFY, (timeUs, device, msgId) => {
    if (pulling.get(device) === 0 && sessionUp.get(device) === 1) hints.add(timeUs, device, device, msgId);
  });
  sim.trace.on(EV_PULL, (timeUs, device) => {
    pulling.set(device, 1);
    hints.excuse(timeUs, device, device);
  });
  sim.trace.on(EV_CURSOR, (_t, device) => pulling.set(device, 0));
  sim.trace.on(EV_DEVICE_START, (_t, device) => {
    pulling.set(device, 0);
    sessionUp.set(device, 0);
  });
  sim.trace.on(EV_SESSION, (_t, device, kind) => {
    sessionUp.set(device, kind === SESSION_DOWN ? 0 : 1);
    if (kind === SESSION_DOWN) pulling.set(device, 0);
  });
  return (nowUs) =>
    hints.judge(nowUs - 1, (device, _same, msgId, hintedUs) => {
      const detail = `${HINT_PULL}: ${sim.process(device).name} took the hint of message ${msgId} at ${formatBudgetMs(hintedUs)} between pulls, and had pulled nothing by ${formatBudgetMs(nowUs)} (a hint starts a pull at once)`;
      sink.violate(invariant, { kind: HINT_PULL, detail, device });
    });
}
