// A failed hunt run's scenario, fault schedule and all, written where its replay command points:
// `seqsim run FILE --seed S` runs exactly that run again.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import type { HuntFailure } from '../run/hunt.js';

export function writeHuntFailure(failure: HuntFailure, huntCommand: string): void {
  const header = [
    `# Written by: ${huntCommand}`,
    `# Run ${failure.run.seed} failed ${failure.run.failed.join(', ')}; its fault schedule came from: ${failure.origin}.`,
    `# Replay: ${failure.run.replay}`,
  ];
  mkdirSync(dirname(failure.file), { recursive: true });
  writeFileSync(failure.file, `${header.join('\n')}\n${stringify(failure.scenario)}`);
}
