import { availableParallelism } from 'node:os';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The files that take most of a minute or more (measured on the 2-core machine), longest first:
 * started before the rest, so that none is left running alone at the end. On a clean clone vitest
 * has no timings and starts the largest files first, which left the swarm sweep and the bench to
 * run last (npm test 540 s; the files' times summed to 991 s over its 2 lanes).
 */
const SLOW_FIRST = [
  'test/sweep/interruptResume.test.ts',
  'test/mutants/catalogue.test.ts',
  'test/bench/bench.test.ts',
  'test/sweep/swarmSweep.test.ts',
  'test/sweep/journal.test.ts',
  'test/scenarios/namedScenarios.test.ts',
  'test/sweep/shrink.test.ts',
  'test/mutants/faultSpecificMutants.test.ts',
  'test/sweep/check.test.ts',
  'test/cli/cli.test.ts',
  'test/mutants/interrupt.test.ts',
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = SLOW_FIRST.findIndex((slow) => file.moduleId.endsWith(slow));
      return at < 0 ? SLOW_FIRST.length : at;
    };
    const sorted = await super.sort(files);
    // Stable: the rest keep vitest's order.
    return sorted.map((file, at) => ({ file, at })).sort((a, b) => rank(a.file) - rank(b.file) || a.at - b.at).map(({ file }) => file);
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Vitest runs one file at a time on 2 cores (its default is one fewer than the cores), while many
    // files spend their time waiting on the CLI or on sweep workers: two at a time took the suite
    // from 541 s to 355 s on the 2-core CI machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: SlowFirst },
  },
});
