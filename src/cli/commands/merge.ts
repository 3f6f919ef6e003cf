// seqsim merge: shard results into one summary, one JSON file and one JUnit file.
import { writeFileSync } from 'node:fs';
import { largest } from '../../oracle/largest.js';
import { junitXml } from '../../report/junit.js';
import { mergeRuns, readSweepFile, summarize, sweepOk, writeSweepFile, type SweepFile } from '../../report/sweepFile.js';
import { sweepReport } from '../../report/sweepTerminal.js';
import { checkSweepSize } from '../../run/seeds.js';
import { InputError } from '../../scenario/errors.js';
import { warn, type Io } from '../io.js';
import { checkOutputFile, checkOutputsDistinct } from '../outputPaths.js';

export function mergeCommand(files: readonly string[], options: { junit?: string; json?: string }, io: Io): number {
  const inputs = files.map(readSweepFile);
  checkSweepSize(inputs.reduce((sum, f) => sum + f.runs.length, 0), options.json !== undefined, `merging ${files.length} files`);
  // Naming an input, or one file for both, replaced a shard, or one output, with the other.
  checkOutputsDistinct([['--json', options.json], ['--junit', options.junit]], files);
  if (options.json !== undefined) checkOutputFile('--json', options.json);
  if (options.junit !== undefined) checkOutputFile('--junit', options.junit);
  // Nothing run is no pass (it printed "PASSED: 0/0"); one empty shard among others can be (more shards than jobs).
  const empty = files.filter((_, i) => inputs[i]!.runs.length === 0);
  if (empty.length === files.length) throw new InputError('BAD_REPORT', `${files.join(', ')}: ${files.length === 1 ? 'holds' : 'hold'} no runs: there is nothing to merge`);
  warn(io, empty.map((file) => `${file}: holds no runs (an empty shard); merged the runs of the other files`));
  const runs = mergeRuns(inputs);
  const summary = summarize(runs, {
    rechecked: inputs.reduce((sum, f) => sum + f.summary.rechecked, 0),
    recheckMismatches: inputs.reduce((sum, f) => sum + f.summary.recheckMismatches, 0),
    // Shards run side by side: the merged sweep took as long as its slowest shard.
    wallTimeMs: largest(inputs.map((f) => f.summary.wallTimeMs), 0),
    // A shard interrupted (and not resumed) leaves its jobs out of the merged sweep too.
    interrupted: inputs.some((f) => f.summary.interrupted === true),
    notRun: inputs.reduce((sum, f) => sum + (f.summary.notRun ?? 0), 0),
  });
  const merged: SweepFile = { runs, summary };
  if (options.json !== undefined) writeSweepFile(options.json, merged);
  if (options.junit !== undefined) writeFileSync(options.junit, junitXml(runs, summary));
  io.out(sweepReport(runs, summary, [], io.color, null));
  return sweepOk(summary) ? 0 : 1;
}
