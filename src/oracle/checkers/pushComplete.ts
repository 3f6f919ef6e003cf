// push-route, push-complete: a PushSvr that takes a message's push request decides, in that
// instant, a route (a hint, a platform push, or none) for every device registered for each target
// user it serves, but the sending one. Those are the user's installed devices: the world registers
// each app with its user's PushSvr as it is installed and unregisters it as it is deleted. The
// decisions are the PushSvr's own work, which no fault touches, so none is excused. A PushSvr that
// stopped at the first device with neither a connection nor a push service (a `break` for a
// `continue`) left the user's later devices out: 18% fewer platform pushes, sleeping phones not
// woken, and in 12 of 40 swarm runs the faults excused every hint that went missing.
import { EV_PUSH } from '../../system/events.js';
import type { PushReq } from '../../system/wire.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';

export const PUSH_COMPLETE = 'push-complete';

/** A push request taken, and the devices still owed a decision. */
interface Taken {
  readonly pushSvr: number;
  readonly incarnation: number;
  readonly msgId: number;
  readonly atUs: number;
  readonly undecided: number[];
}

/** Judges a request taken before `nowUs` (the run's tick). */
export function pushComplete(invariant: string, { sim, sink, ledger, paths }: CheckerContext): (nowUs: number) => void {
  let taken: Taken | undefined;
  const judge = (): void => {
    const request = taken;
    taken = undefined;
    if (request === undefined || request.undecided.length === 0) return;
    // A crash in the middle of the handler ends its work: nothing more is owed.
    const pushSvr = sim.process(request.pushSvr);
    if (!pushSvr.up || pushSvr.incarnation !== request.incarnation) return;
    const device = request.undecided[0]!;
    const detail = `${PUSH_COMPLETE}: ${pushSvr.name} took the push request of message ${request.msgId} at ${formatBudgetMs(request.atUs)} and decided no route for ${sim.process(device).name}, a registered device of a target user${request.undecided.length > 1 ? ` (nor for ${request.undecided.length - 1} more)` : ''} (every registered device but the sender's gets a hint, a platform push or a decision of none)`;
    sink.violate(invariant, { kind: PUSH_COMPLETE, detail, device, user: ledger.device(device).user, msgId: request.msgId });
  };
  // The watcher runs just before the PushSvr's handler; the handler's decisions follow in that step.
  sim.network.watch('push-req', (pushSvr, _from, delivered, message) => {
    judge();
    if (!delivered) return;
    const req = message as PushReq;
    const undecided: number[] = [];
    for (const target of req.targets) {
      if (paths.routes.pushSvrOf(target.user) !== pushSvr) continue;
      for (const device of ledger.installed(target.user)) if (device.id !== req.message.fromDevice) undecided.push(device.id);
    }
    taken = { pushSvr, incarnation: sim.process(pushSvr).incarnation, msgId: req.message.msgId, atUs: sim.nowUs, undecided };
  });
  sim.trace.on(EV_PUSH, (_t, pushSvr, msgId, device) => {
    if (taken === undefined || taken.pushSvr !== pushSvr || taken.msgId !== msgId) return;
    const at = taken.undecided.indexOf(device);
    if (at >= 0) taken.undecided.splice(at, 1);
  });
  return (nowUs) => {
    if (taken !== undefined && nowUs > taken.atUs) judge();
  };
}
