// timeliness's promise of the login path under load: a ConnectSvr whose login queue is full refuses
// a login at once and says so ("busy"), and the app backs off and tries again. A ConnectSvr that
// shed the login in silence left the app waiting out its whole connect timeout on every refusal,
// and broke no other rule: a storm took longer to clear, and every deadline allowed for that.
// Every refusal must be answered: the network reports each "busy" once, delivered, or lost with
// its connection (then the app learns from the connection). A fault on the ConnectSvr or on the
// app does not excuse a refusal left unanswered: the server was up, for it refused. Judged once the
// run is over, when no answer can still be on its way, unless a stall still holds the app's link.
import { EV_LOGIN_REFUSED } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const REFUSAL_UNTOLD = 'refusal-untold';

export function loginRefusals(invariant: string, { sim, ledger, sink, paths }: CheckerContext): { finish(): void } {
  /** Per device: refusals not yet answered, and the ConnectSvr and time of the latest. */
  const untold = new PerProcess(0);
  const refusedBy = new PerProcess(-1);
  const refusedAtUs = new PerProcess(0);
  sim.trace.on(EV_LOGIN_REFUSED, (timeUs, connectSvr, device) => {
    untold.add(device, 1);
    refusedBy.set(device, connectSvr);
    refusedAtUs.set(device, timeUs);
  });
  sim.network.watch('hello-busy', (device) => untold.add(device, -1));
  return {
    finish() {
      for (const device of ledger.devices.values()) {
        const count = untold.get(device.id);
        if (count <= 0 || paths.deviceTouched(device, sim.nowUs, sim.nowUs)) continue;
        const detail = `${REFUSAL_UNTOLD}: ${count} of the device's logins refused under load were never answered "busy" (the latest by ${sim.process(refusedBy.get(device.id)).name} at ${formatBudgetMs(refusedAtUs.get(device.id))})`;
        sink.violate(invariant, { kind: REFUSAL_UNTOLD, detail, user: device.user, device: device.id });
      }
    },
  };
}
