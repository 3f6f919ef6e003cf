// seqsim bench: runs the benchmark in a fresh Node process with --single-threaded-gc, which steadies
// V8's timings on a small machine (its parallel GC makes them bimodal).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCH_FILE = fileURLToPath(new URL('../../bench/systemBench.js', import.meta.url));

export function benchCommand(options: { json: boolean; quick: boolean }): number {
  const args = ['--single-threaded-gc', BENCH_FILE, ...(options.json ? ['--json'] : []), ...(options.quick ? ['--quick'] : [])];
  const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
  return run.status ?? 1;
}
