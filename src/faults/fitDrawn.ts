// A schedule the swarm drew, or a hunt mutated, must be one `seqsim run` takes: its replay, a hunt's
// run-N.yaml and a shrunk scenario are run as plain scenario files. The draws pick from fixed lists,
// in any world, so two picks are fitted to the world: a device platform it lacks is aimed at any
// device instead (it selected nothing: a fault that fired on nobody), and a stall is cut to end
// before the run does (one that holds traffic past the end leaves it undelivered, and fails a
// correct system on zero-loss).
import { outlastsRunMs, worldPlatforms } from '../scenario/faultTargets.js';
import type { Scenario } from '../scenario/schema.js';
import { parseSelector } from './targets.js';

type Fault = Scenario['faults'][number];

export function fitDrawnFaults(scenario: Scenario): Scenario {
  const platforms = worldPlatforms(scenario);
  const fitTarget = (text: string): string => {
    const selector = parseSelector(text);
    const absent = typeof selector !== 'string' && selector.kind === 'devices' && typeof selector.pick === 'string' && selector.pick !== 'all' && selector.pick !== 'any' && !platforms.has(selector.pick);
    return absent ? 'devices-any' : text;
  };
  const fit = (fault: Fault): Fault => {
    const fitted: Fault = { ...fault, target: fitTarget(fault.target), ...(fault.to === undefined ? {} : { to: fitTarget(fault.to) }) };
    const overMs = outlastsRunMs(scenario, fitted);
    if (overMs <= 0) return fitted;
    // Shorter by as much, but 1 ms at least, and then early enough (a hunt may shift it to the end).
    const forMs = Math.max(1, fitted.for! - overMs);
    return { ...fitted, for: forMs, at: Math.max(0, Math.min(fitted.at, fitted.at + fitted.for! - overMs - forMs)) };
  };
  return { ...scenario, faults: scenario.faults.map(fit) };
}
