// timeliness, reroute: every request to a MsgStore (a read, an append) goes to its shard's primary,
// and every seq request to its group's owner, as the route table names them when it is sent: each
// RPC looks the route up again for every attempt, so a retry after a failover or a lease takeover
// finds the new one. A SendSvr that kept each shard's primary in a cache, and a retry that went
// where its first attempt had, spent every attempt of a request under way at a failover on the
// fenced primary: acks waited 15-35 s instead of 3 s, within every deadline, which allows for a
// whole ladder of attempts after a fault.
// Judged as a request reaches (or is dropped at) a process the table stopped naming more than a
// data-centre hop before: sent after the change. Not judged where a fault may have held the
// datagram back (heldBack.ts) at either end, or a replaying link may deliver an old one again.
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';

export const REROUTE = 'reroute';

/** The requests an RPC routes by the table, and what the table names for each. */
const ROUTED: Readonly<Record<string, string>> = {
  'read-req': "its shard's primary",
  'append-req': "its shard's primary",
  'alloc-req': "its section group's owner",
};

export function requestRoutes(invariant: string, { sim, sink, bounds, paths, replays, heldBack }: CheckerContext): void {
  const { routes } = paths;
  for (const [type, named] of Object.entries(ROUTED)) {
    sim.network.watch(type, (to, from) => {
      const sinceUs = routes.notRoutedSinceUs(to);
      const nowUs = sim.nowUs;
      if (sinceUs === undefined || nowUs - sinceUs <= bounds.dcHopMaxUs) return;
      if (heldBack.touched(from, sinceUs, nowUs) || heldBack.touched(to, sinceUs, nowUs) || replays.during(sinceUs, nowUs)) return;
      const since = sinceUs === -Infinity ? 'which the route table never named' : `${formatBudgetMs(nowUs - sinceUs)} after the route table stopped naming it`;
      const detail = `${REROUTE}: ${sim.process(from).name} sent a ${type} to ${sim.process(to).name}, ${since} (${named}, looked up for every attempt)`;
      sink.violate(invariant, { kind: REROUTE, detail });
    });
  }
}
