// timeliness's promise of the login path under load: a ConnectSvr whose login queue is full refuses
// a login at once and says so ("busy"), and the app backs off and tries again. A ConnectSvr that
// shed the login in silence left the app waiting out its whole connect timeout on every refusal,
// and broke no other rule: a storm took longer to clear, and every deadline allowed for that.
// Every refusal must be answered: the network reports each "busy" once, delivered, or lost with
// its connection (then the app learns from the connection). A fault on the ConnectSvr or on the
// app does not excuse a refusal left unanswered: the server was up, for it refused. Judged once the
// run is over, unless the latest answer may still be on its way: a refusal within a device hop of
// the end (a run ends as soon as it is quiet), or a stall holding the app's link.
// Shedding load is the ConnectSvr's right: an app refused waits out its backoff (at most
// reconnectCap) before it tries again, and a promise that needs it to connect counts from then.
// But only once its queue is full: a login is refused only while loginQueueCap logins wait, as
// the kernel's queue counts them (refused-early; a ConnectSvr whose cap was one short, "the login
// in service holds a slot too", refused a storm's logins early and broke no other rule).
import { hashString, traceKindByName } from '../../sim/traceKinds.js';
import { EV_LOGIN_REFUSED } from '../../system/events.js';
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const REFUSAL_UNTOLD = 'refusal-untold';
export const REFUSED_EARLY = 'refused-early';

const HELLO = hashString('hello');

export interface LoginRefusals {
  /** Until when the device's latest refused login may keep it from connecting (its backoff after the "busy"). */
  shedUntilUs(device: number): number;
  finish(): void;
}

export function loginRefusals(invariant: string, { sim, ledger, sink, paths, knobs, bounds, connClients }: CheckerContext): LoginRefusals {
  /** Per device: refusals not yet answered, and the ConnectSvr and time of the latest. */
  const untold = new PerProcess(0);
  const refusedBy = new PerProcess(-1);
  const refusedAtUs = new PerProcess(-Infinity);
  sim.trace.on(EV_LOGIN_REFUSED, (timeUs, connectSvr, device) => {
    untold.add(device, 1);
    refusedBy.set(device, connectSvr);
    refusedAtUs.set(device, timeUs);
  });
  sim.network.watch('hello-busy', (device) => untold.add(device, -1));
  sim.trace.on(traceKindByName('queue-full')!, (timeUs, server, conn, type, waiting) => {
    if (type !== HELLO || waiting >= knobs.loginQueueCap) return;
    const device = connClients.of(conn);
    const detail = `${REFUSED_EARLY}: ${sim.process(server).name} refused the device's login at ${formatBudgetMs(timeUs)} with ${waiting} logins waiting; it refuses one only while its queue is full (loginQueueCap ${knobs.loginQueueCap})`;
    sink.violate(invariant, { kind: REFUSED_EARLY, detail, user: ledger.device(device).user, device });
  });
  return {
    shedUntilUs: (device) => refusedAtUs.get(device) + knobs.reconnectCapUs,
    finish() {
      for (const device of ledger.devices.values()) {
        const count = untold.get(device.id);
        // The latest "busy" may still be on its way (a run ends as soon as it is quiet), or held by a stall.
        const mayBeUnderWay = sim.nowUs - refusedAtUs.get(device.id) <= bounds.deviceHopMaxUs || paths.deviceTouched(device, sim.nowUs, sim.nowUs);
        if (count <= 0 || mayBeUnderWay) continue;
        const detail = `${REFUSAL_UNTOLD}: ${count} of the device's logins refused under load were never answered "busy" (the latest by ${sim.process(refusedBy.get(device.id)).name} at ${formatBudgetMs(refusedAtUs.get(device.id))})`;
        sink.violate(invariant, { kind: REFUSAL_UNTOLD, detail, user: device.user, device: device.id });
      }
    },
  };
}
