// push-route's view of a data centre whose links lose datagrams (network.dataCenter.lossRate): a hint
// rides datagrams nobody resends (SendSvr's push request, then PushSvr's notice to the device's
// ConnectSvr or its request to the platform service), and PushSvr routes it by presence messages a
// lost one leaves stale until the ConnectSvr's next refresh gets through. A hint owed is excused only
// when one of the datagrams it rested on was lost.
import type { Simulation } from '../sim/simulation.js';
import type { Bounds } from './bounds.js';
import { DatagramLosses } from './datagramLosses.js';
import type { Obligation } from './deadlines.js';
import type { MessageFacts } from './messageTable.js';
import type { Paths } from './paths.js';

export class HintLosses {
  private readonly losses: DatagramLosses;

  constructor(
    sim: Simulation,
    private readonly paths: Paths,
    private readonly bounds: Bounds,
  ) {
    this.losses = new DatagramLosses(sim, ['push-req', 'notify-device', 'platform-notify', 'presence-up', 'presence-refresh', 'presence-down', 'presence-sync-req', 'presence-reset']);
  }

  /** Whether a datagram the hint (or platform push) of `message` owed by `o` rested on was lost by `dueUs`. */
  lost(message: MessageFacts, o: Obligation, dueUs: number): boolean {
    const { losses } = this;
    const { routes } = this.paths;
    const { device } = o;
    const pushSvr = routes.pushSvrOf(device.user);
    if (losses.lostBetween('push-req', routes.sendSvrOf(message.user), pushSvr, o.fromUs, dueUs)) return true;
    // The ConnectSvr tells PushSvr as the session starts or ends on its side: up to a hop before the device knows.
    const changedUs = device.sessionSinceUs - this.bounds.deviceHopMaxUs;
    /** A presence message of `type` from `connectSvr` to PushSvr lost since the session changed. */
    const presenceLost = (type: string, connectSvr: number) => losses.lostBetween(type, connectSvr, pushSvr, changedUs, o.fromUs);
    if (o.kind === 'platform') {
      const service = routes.platformServiceOf(device.platform)!;
      // The ConnectSvr's word that the session is gone: its goodbye, or its reset once restarted.
      const gone = device.lastConnectSvr;
      return losses.lostBetween('platform-notify', pushSvr, service, o.fromUs, dueUs) || presenceLost('presence-down', gone) || presenceLost('presence-reset', gone);
    }
    // A restarted PushSvr learns the session again by asking the ConnectSvr for it.
    const resyncLost = losses.lostBetween('presence-sync-req', pushSvr, device.connectSvr, changedUs, o.fromUs);
    return losses.lostBetween('notify-device', pushSvr, device.connectSvr, o.fromUs, dueUs) || presenceLost('presence-up', device.connectSvr) || presenceLost('presence-refresh', device.connectSvr) || resyncLost;
  }
}
