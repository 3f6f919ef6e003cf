// timeliness, access-route: a ConnectSvr passes a device's send to the SendSvr of the device's user,
// and its pull to the user's ReceiveSvr. A user's sends meet in one place: its anti-spam window and
// the done records that answer a retry live there. A ConnectSvr that routed sends by the device's
// id split a user's phones across SendSvrs, each with a window of its own: one user had 25 sends
// admitted in 10 s where the policy allows 15, 44 sends went over the limit in one group storm, and
// no rule saw it (the send-policy window was kept per SendSvr, as the system keeps it). Judged as
// the ConnectSvr sends, like presence-route.
import type { PullRpc, SendRpc } from '../../system/wire.js';
import type { CheckerContext } from '../checker.js';

export const ACCESS_ROUTE = 'access-route';

export function accessRoutes(invariant: string, { sim, sink, paths }: CheckerContext): void {
  const judge = (connectSvr: number, to: number, owner: number, type: string, device: number, user: number): void => {
    if (to === owner) return;
    const detail = `${ACCESS_ROUTE}: ${sim.process(connectSvr).name} sent ${sim.process(to).name} a ${type} of ${sim.process(device).name}, whose user ${user} is served by ${sim.process(owner).name}`;
    sink.violate(invariant, { kind: ACCESS_ROUTE, detail, user, device });
  };
  sim.network.watchSends('send-rpc', (connectSvr, to, message) => {
    const { device, message: chat } = message as SendRpc;
    judge(connectSvr, to, paths.routes.sendSvrOf(chat.fromUser), 'send-rpc', device, chat.fromUser);
  });
  sim.network.watchSends('pull-rpc', (connectSvr, to, message) => {
    const { device, req } = message as PullRpc;
    judge(connectSvr, to, paths.routes.receiveSvrOf(req.user), 'pull-rpc', device, req.user);
  });
}
