import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Vitest runs one file at a time on 2 cores (its default is one fewer than the cores), while many
    // files spend their time waiting on the CLI or on sweep workers: two at a time took the suite
    // from 541 s to 355 s on the 2-core CI machine, the slowest test at 95 s of its 300 s limit.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
