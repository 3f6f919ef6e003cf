// Which sweep a journal or result file belongs to, so that `--resume` continues that sweep and no
// other: the arguments that choose its jobs, the seqsim version, and a fingerprint of the job list
// and of every scenario's content (a YAML file edited between the interrupt and the resume makes
// another sweep, though the arguments are the same).
import { createHash } from 'node:crypto';
import type { Scenario } from '../scenario/schema.js';
import { VERSION } from '../version.js';
import type { SweepJob } from './sweepJob.js';

export interface SweepArguments {
  /** The scenarios as named on the command line. */
  readonly scenarios: readonly string[];
  /** `--seeds` as given. */
  readonly seeds: string;
  readonly swarm: boolean;
  /** `--swarm-draw` when given (absent: the default, targeted). */
  readonly swarmDraw?: string;
  /** `--without-fault` kinds (absent in journals of older versions). */
  readonly swarmWithout?: readonly string[];
  readonly mutants: readonly string[];
  /** `--shard` as given, or null for the whole sweep. */
  readonly shard: string | null;
  /** `--set` overrides as given (absent in files from before --set). */
  readonly set?: readonly string[];
}

export interface SweepIdentity extends SweepArguments {
  readonly version: string;
  readonly jobs: number;
  /** A hash of the job list and the scenarios' content: equal fingerprints, equal runs. */
  readonly fingerprint: string;
}

export function sweepIdentity(args: SweepArguments, scenarios: readonly Scenario[], jobs: readonly SweepJob[]): SweepIdentity {
  const hash = createHash('sha256').update(JSON.stringify(scenarios));
  for (const job of jobs) hash.update(JSON.stringify(job));
  return { version: VERSION, ...args, jobs: jobs.length, fingerprint: hash.digest('hex').slice(0, 16) };
}

/** Each argument as a person would type it, in the order a difference is reported. */
const ARGUMENTS: readonly ((args: SweepArguments) => string)[] = [
  (args) => `scenarios ${args.scenarios.join(' ')}`,
  (args) => `--seeds ${args.seeds}`,
  (args) => (args.swarm ? '--swarm' : 'no --swarm'),
  (args) => `--swarm-draw ${args.swarmDraw ?? 'targeted'}`,
  (args) => ((args.swarmWithout ?? []).length === 0 ? 'no --without-fault' : args.swarmWithout!.map((kind) => `--without-fault ${kind}`).join(' ')),
  (args) => (args.mutants.length === 0 ? 'no --mutant' : args.mutants.map((name) => `--mutant ${name}`).join(' ')),
  (args) => (args.shard === null ? 'no --shard' : `--shard ${args.shard}`),
  (args) => ((args.set ?? []).length === 0 ? 'no --set' : args.set!.map((override) => `--set ${override}`).join(' ')),
];

/** How `recorded` differs from `current`, in a few words; null when they are the same sweep. */
export function sweepDifference(recorded: SweepIdentity, current: SweepIdentity): string | null {
  if (recorded.version !== current.version) return `it was run by seqsim ${recorded.version}, this is seqsim ${current.version}`;
  // Equal fingerprints with other spellings (--seeds 100 and --seeds 1-100) are the same sweep.
  if (recorded.fingerprint === current.fingerprint) return null;
  for (const describe of ARGUMENTS) {
    const [before, now] = [describe(recorded), describe(current)];
    if (before !== now) return `it ran ${before}, this command has ${now}`;
  }
  return 'a scenario it ran has changed since';
}
