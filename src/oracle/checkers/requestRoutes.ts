// timeliness, reroute: every request to a MsgStore (a read, an append) goes to its shard's primary,
// and every seq request to its group's owner, as the route table names them when it is sent: each
// RPC looks the route up again for every attempt, so a retry after a failover or a lease takeover
// finds the new one. A SendSvr that kept each shard's primary in a cache, and a retry that went
// where its first attempt had, spent every attempt of a request under way at a failover on the
// fenced primary: acks waited 15-35 s instead of 3 s, within every deadline, which allows for a
// whole ladder of attempts after a fault.
// Judged as the caller sends (network.watchSends): where an attempt goes is its choice, whatever
// the network then does with it, so a replaying or slow link excuses nothing (judged as requests
// landed, a replay run could not tell a new attempt from an old copy, and an RPC whose retries went
// where its first attempt had passed all 10 replays runs it changed, deliveries waiting 22 s instead
// of 11). The oracle's table follows failovers and takeovers from the trace, in the instant the
// system's changes; an attempt sent in that instant may still go where the table named before.
import { formatBudgetMs } from '../bounds.js';
import type { CheckerContext } from '../checker.js';

export const REROUTE = 'reroute';

/** The requests an RPC routes by the table, and what the table names for each. */
const ROUTED: Readonly<Record<string, string>> = {
  'read-req': "its shard's primary",
  'append-req': "its shard's primary",
  'alloc-req': "its section group's owner",
};

export function requestRoutes(invariant: string, { sim, sink, paths }: CheckerContext): void {
  const { routes } = paths;
  for (const [type, named] of Object.entries(ROUTED)) {
    sim.network.watchSends(type, (from, to) => {
      const sinceUs = routes.notRoutedSinceUs(to);
      const nowUs = sim.nowUs;
      if (sinceUs === undefined || nowUs <= sinceUs) return;
      const since = sinceUs === -Infinity ? 'which the route table never named' : `${formatBudgetMs(nowUs - sinceUs)} after the route table stopped naming it`;
      const detail = `${REROUTE}: ${sim.process(from).name} sent a ${type} to ${sim.process(to).name}, ${since} (${named}, looked up for every attempt)`;
      sink.violate(invariant, { kind: REROUTE, detail });
    });
  }
}
