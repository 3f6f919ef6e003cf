// Whether an app can log in before its connect timeout on the device link, at the link's median: an
// attempt spans the handshake and the login (four one-way trips, from SYN to hello-ok) and the
// login's own cost at ConnectSvr. A shorter timeout fails most attempts, apps hardly ever connect,
// and the run fails zero-loss for the knobs (a knob fuzzer set 112-322 ms on 2G, 3G and lift links:
// every such run failed). It is a warning, not an error: a timeout too short for the network is a
// real misconfiguration, and worth simulating, but the reader of the verdict should know the cause.
import { linkProfile, systemKnobs } from './compile.js';
import type { Scenario } from './schema.js';

export function connectFitWarnings(scenario: Scenario): string[] {
  const knobs = systemKnobs(scenario);
  const { latencyMedianUs } = linkProfile(scenario.network.device);
  const loginUs = 4 * latencyMedianUs + knobs.loginServiceUs;
  if (knobs.connectTimeoutUs >= loginUs) return [];
  const ms = (us: number) => `${(us / 1_000).toLocaleString('en-US')} ms`;
  return [
    `knobs.connectTimeoutMs: ${ms(knobs.connectTimeoutUs)} is shorter than a typical login on the device link, ${ms(loginUs)} (four one-way trips at its ${ms(latencyMedianUs)} median, then the login's ${ms(knobs.loginServiceUs)} at ConnectSvr): most connection attempts will time out, and apps may never connect`,
  ];
}
