// Knobs each legal alone that together make a system no run can judge: a send backoff capped below
// its first wait (it retried every microsecond, 14M events in a run of 9,454), and an RPC timeout
// shorter than a bare data-centre round trip (every RPC timed out, and the correct system lost sends).
import { latencyMaxUs } from '../sim/random.js';
import { systemKnobs } from './compile.js';
import type { Scenario } from './schema.js';

export function knobFitErrors(scenario: Scenario): string[] {
  const knobs = systemKnobs(scenario);
  const errors: string[] = [];
  if (knobs.sendRetryCapUs < knobs.sendTimeoutUs) {
    errors.push(`knobs.sendRetryCapMs: a cap of ${knobs.sendRetryCapUs / 1_000} ms on the send backoff is below its first wait, sendTimeoutMs ${knobs.sendTimeoutUs / 1_000} ms; use a cap of at least the send timeout`);
  }
  const dc = knobs.dataCenterLink;
  const roundTripUs = 2 * latencyMaxUs(dc.latencyMedianUs, dc.latencyP99Us);
  if (knobs.rpcTimeoutUs <= roundTripUs) {
    errors.push(`knobs.rpcTimeoutMs: ${knobs.rpcTimeoutUs / 1_000} ms is no longer than a data-centre round trip can take (${roundTripUs / 1_000} ms), so RPCs would time out with their answers on the way; use a longer timeout`);
  }
  return errors;
}
