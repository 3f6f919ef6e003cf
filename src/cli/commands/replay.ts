// seqsim replay: re-runs what a report recorded and says whether the trace hash matches.
import { runOne } from '../../run/runOne.js';
import { readRunReport, specOf } from '../../report/runReport.js';
import type { Io } from '../io.js';

export function replayCommand(file: string, options: { json: boolean }, io: Io): number {
  const report = readRunReport(file);
  const { result } = runOne(specOf(report.input));
  const matches = result.traceHash === report.traceHash;
  if (options.json) {
    io.out(JSON.stringify({ file, matches, recorded: report.traceHash, replayed: result.traceHash, ok: result.ok, outcome: result.outcome }));
  } else {
    const c = io.color;
    io.out(`${report.replay}`);
    io.out(`  recorded trace ${report.traceHash}, replayed ${result.traceHash}: ${matches ? c.green('match') : c.red.bold('MISMATCH')}`);
    io.out(`  outcome: ${result.outcome} (recorded: ${report.outcome})`);
  }
  return matches ? 0 : 1;
}
