// push-route, register-once: a PushSvr writes a device's push registration once, when it finds the
// device unregistered; a login or a presence refresh of a device its disk already holds writes
// nothing. Only writes begun before the first one landed may repeat it (a second login inside the
// disk's latency). A PushSvr that upserted the registration on every presence word made one synced
// disk write per device per ConnectSvr sweep (+14% to +41% server disk writes), and no rule saw it.
// A PushSvr's disk is never rolled back and a registration is removed only with the app (never to
// be written again), so a landed write stays true for the run.
import { NumberMap } from '../../sim/numberMap.js';
import { EV_REGISTER_WRITE, EV_REGISTERED } from '../../system/events.js';
import { pairKey } from '../arrivals.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';

export const REGISTER_ONCE = 'register-once';

export function registerOnce(invariant: string, { sim, sink }: CheckerContext): void {
  /** By pairKey(PushSvr, device): when its registration write landed there. */
  const landedUs = new NumberMap<number>();
  sim.trace.on(EV_REGISTERED, (timeUs, pushSvr, _user, device) => {
    if (!landedUs.has(pairKey(pushSvr, device))) landedUs.set(pairKey(pushSvr, device), timeUs);
  });
  sim.trace.on(EV_REGISTER_WRITE, (timeUs, pushSvr, user, device) => {
    const sinceUs = landedUs.get(pairKey(pushSvr, device));
    if (sinceUs === undefined) return;
    const detail = `${REGISTER_ONCE}: ${sim.process(pushSvr).name} began writing the push registration of ${sim.process(device).name} again, though its disk had held it for ${formatBudgetMs(timeUs - sinceUs)} (a login or refresh of a registered device writes nothing)`;
    sink.violate(invariant, { kind: REGISTER_ONCE, detail, user, device });
  });
}
