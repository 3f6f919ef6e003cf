// Fault targets checked against the world a scenario builds, before it runs: a selector naming an
// instance, user or device that does not exist is an error (the fault would hit nothing, and the
// run would fail faults-fired only at its end); one that is legal but hits nobody, or not what it
// says, in this small a world is a warning. Pure: the scenario in, findings out.
import { CRASH_POINTS } from '../system/crashPoints.js';
import { MOMENT_NAMES, roleOfMoment } from '../faults/moments.js';
import type { FaultKind } from '../faults/kinds.js';
import { KIND_ACTS_ON, parseSelector, selectsRole, type ServerRole } from '../faults/targets.js';
import { deviceCount, deviceLayouts, devicesOfUser } from './compile.js';
import type { Scenario } from './schema.js';

export interface Findings {
  /** Each names the field ("faults[2].target: ...") and what exists. */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

type Fault = Scenario['faults'][number];

/** How many instances of a role the world builds (every replica of a shard, every member of a group). */
export function serverInstances(servers: Scenario['servers'], role: ServerRole): number {
  switch (role) {
    case 'connectsvr':
      return servers.connectSvrs;
    case 'sendsvr':
      return servers.sendSvrs;
    case 'receivesvr':
      return servers.receiveSvrs;
    case 'msgstore':
      return servers.msgStores * servers.msgStoreReplicas;
    case 'pushsvr':
      return servers.pushSvrs;
    case 'allocator':
      return servers.allocators * (1 + servers.allocatorStandbys);
    case 'seqstore':
      return servers.allocators;
  }
}

export function checkFaultTargets(scenario: Scenario): Findings {
  const errors: string[] = [];
  const warnings: string[] = [];
  const installed = installedDevices(scenario);
  const firstReinstallAt = scenario.faults.reduce((earliest, fault) => (fault.kind === 'reinstall' ? Math.min(earliest, fault.at) : earliest), Infinity);
  scenario.faults.forEach((fault, index) => {
    const fields: [string, string | undefined][] = [
      ['target', fault.target],
      ['to', fault.to],
    ];
    for (const [field, selector] of fields) {
      if (selector === undefined) continue;
      const finding = checkSelector(scenario, fault, selector, installed, firstReinstallAt);
      if (finding?.error !== undefined) errors.push(`faults[${index}].${field}: ${finding.error}`);
      if (finding?.warning !== undefined) warnings.push(`faults[${index}].${field}: ${finding.warning}`);
    }
    const unreached = unreachedMoment(fault);
    if (unreached !== undefined) errors.push(`faults[${index}].${unreached}`);
    const misaimed = misaimedKind(fault);
    if (misaimed !== undefined) errors.push(`faults[${index}].target: ${misaimed}`);
    if (fault.group !== undefined && fault.group >= scenario.groups.count) {
      errors.push(`faults[${index}].group: group ${fault.group} does not exist (groups.count is ${scenario.groups.count}: groups 0 to ${scenario.groups.count - 1})`);
    }
    const held = outlastingStall(scenario, fault);
    if (held !== undefined) errors.push(`faults[${index}].for: ${held}`);
    if (fault.at > scenario.durationMs) {
      warnings.push(`faults[${index}].at: ${fault.at} is after durationMs ${scenario.durationMs}, when every fault heals; it fires only if the run has not gone quiet by then`);
    }
  });
  return { errors, warnings };
}

/**
 * A crash point or moment the fault's targets never reach, said as "<field>: why" (the fault would
 * wait for it all run and never fire); undefined if some target can reach it.
 */
function unreachedMoment(fault: Fault): string | undefined {
  const [field, moment] = fault.kind === 'crash-point' ? ['point', fault.point] : ['on', fault.on];
  if (moment === undefined) return undefined;
  const crashPoints = Object.values(CRASH_POINTS).flat();
  if (!(field === 'point' ? crashPoints : MOMENT_NAMES).includes(moment)) {
    return `${field}: ${moment} is no crash point or moment of any process, so the fault would never fire; crash points: ${crashPoints.join(', ')}`;
  }
  const role = roleOfMoment(moment);
  if (role === undefined || selectsRole(fault.target, role)) return undefined;
  const who = role === 'device' ? 'devices' : `${role} processes`;
  return `${field}: ${moment} is reached only by ${who}, and target ${fault.target} selects none, so the fault would never fire`;
}

/** The latest a run can last: its workload, then its time to go quiet. */
function runEndMs(scenario: Scenario): number {
  return scenario.durationMs + scenario.quiesceMaxMs;
}

/** By how many ms a stall would have to be shorter to end before the run does (0 or less: it does). */
export function outlastsRunMs(scenario: Scenario, fault: Fault): number {
  if (fault.kind !== 'stall' || fault.for === undefined) return 0;
  return fault.at + fault.for - runEndMs(scenario) + 1;
}

/**
 * Why a stall outlasts the run, or undefined: a stall holds its targets' traffic for its whole length,
 * the heal included (injector.ts), and one ending after the run's time to go quiet holds messages
 * that never arrive (a stall of a year failed the correct system on zero-loss).
 */
function outlastingStall(scenario: Scenario, fault: Fault): string | undefined {
  if (outlastsRunMs(scenario, fault) <= 0) return undefined;
  const endMs = runEndMs(scenario);
  return `a stall from ${fault.at} ms for ${fault.for} ms holds its targets' traffic, even past the heal, until after the run ends (durationMs + quiesceMaxMs, ${endMs} ms), so what it holds never arrives; use a shorter stall`;
}

/** Why the fault's target is of no kind its kind acts on; undefined if it can select one. */
function misaimedKind(fault: Fault): string | undefined {
  const role = KIND_ACTS_ON[fault.kind as FaultKind];
  if (role === undefined) return undefined;
  const selector = parseSelector(fault.target);
  const fits = role === 'platform' ? typeof selector !== 'string' && selector.kind === 'platform-service' : selectsRole(fault.target, role);
  if (fits) return undefined;
  const what = role === 'platform' ? 'the platform push services (apns, wppush, bbpush, platform-*)' : role === 'device' ? 'devices (device-..., devices-..., user-...)' : `${role} processes`;
  return `${fault.kind} acts only on ${what}, and ${fault.target} selects none, so the fault would change nothing`;
}

interface Finding {
  readonly error?: string;
  readonly warning?: string;
}

function checkSelector(scenario: Scenario, fault: Fault, text: string, installed: InstalledDevices, firstReinstallAt: number): Finding | undefined {
  const selector = parseSelector(text);
  if (typeof selector === 'string') return { error: selector }; // the schema has refused it already
  switch (selector.kind) {
    case 'server': {
      const count = serverInstances(scenario.servers, selector.role);
      if (typeof selector.pick === 'number' && selector.pick >= count) return { error: `${text} selects nothing: ${existing(`${selector.role}-`, count)}` };
      return undefined;
    }
    case 'user':
      return selector.user >= scenario.users.count ? { error: `${text} selects nothing: ${existing('user-', scenario.users.count)}` } : undefined;
    case 'device':
      return checkDevice(scenario, fault, text, firstReinstallAt);
    case 'devices': {
      const pick = selector.pick;
      if (typeof pick === 'number' && Math.round(installed.count * pick) === 0) {
        // The injector hits at least one device (targets.ts), so say that rather than "none".
        return { warning: `${text} of ${installed.count.toLocaleString('en-US')} devices rounds to none, so it hits 1 device` };
      }
      if (typeof pick === 'string' && pick !== 'all' && pick !== 'any' && !installed.platforms.has(pick)) {
        return { error: `${text} selects nothing: no ${pick} devices in this world (only ${[...installed.platforms].join(', ')})` };
      }
      return undefined;
    }
    default:
      return undefined; // servers-any, apns, platform-*: every world has them
  }
}

/**
 * device-u<user>-<index>: the user must exist, and so must the index, unless a reinstall made it
 * (`firstReinstallAt`: the earliest reinstall's time, Infinity if none; found once, not per fault,
 * for 22,000 device faults took 8 s to validate when each looked through all the others).
 */
function checkDevice(scenario: Scenario, fault: Fault, text: string, firstReinstallAt: number): Finding | undefined {
  const [user, index] = /^device-u(\d+)-(\d+)$/.exec(text)!.slice(1).map(Number) as [number, number];
  if (user >= scenario.users.count) return { error: `${text} selects nothing: ${existing('user-', scenario.users.count)}` };
  const devices = devicesOfUser(scenario, user).length;
  // A reinstall gives the new device the user's next index, so a later index may exist by then.
  if (index >= devices && firstReinstallAt > fault.at) return { error: `${text} selects nothing: ${existing(`device-u${user}-`, devices)}` };
  return undefined;
}

interface InstalledDevices {
  readonly count: number;
  readonly platforms: ReadonlySet<string>;
}

/** How many devices the world installs, and of which platforms (reinstalls keep both the same). */
function installedDevices(scenario: Scenario): InstalledDevices {
  return { count: deviceCount(scenario), platforms: worldPlatforms(scenario) };
}

/** The platforms of the devices the world installs. */
export function worldPlatforms(scenario: Scenario): ReadonlySet<string> {
  return new Set(deviceLayouts(scenario).slice(0, scenario.users.count).flat());
}

/** "sendsvr-0..1 exist", "only sendsvr-0 exists". */
function existing(prefix: string, count: number): string {
  return count === 1 ? `only ${prefix}0 exists` : `${prefix}0..${count - 1} exist`;
}
