// seqsim replay: re-runs what a report recorded and says whether the trace hash and the outcome
// match. It names the run by the command it ran, worked out from the report's input, not by the
// report's own replay line (an edited report printed another seed, and raw escape codes).
import { runOne } from '../../run/runOne.js';
import { readRunReport, specOf } from '../../report/runReport.js';
import type { Io } from '../io.js';

export function replayCommand(file: string, options: { json: boolean }, io: Io): number {
  const report = readRunReport(file);
  const { result } = runOne(specOf(report.input));
  const sameTrace = result.traceHash === report.traceHash;
  const sameOutcome = result.outcome === report.outcome;
  const matches = sameTrace && sameOutcome;
  if (options.json) {
    io.out(JSON.stringify({ file, matches, recorded: report.traceHash, replayed: result.traceHash, ok: result.ok, outcome: result.outcome }));
  } else {
    const c = io.color;
    const verdict = (same: boolean) => (same ? c.green('match') : c.red.bold('MISMATCH'));
    io.out(result.replay);
    io.out(`  recorded trace ${report.traceHash}, replayed ${result.traceHash}: ${verdict(sameTrace)}`);
    io.out(`  outcome: ${result.outcome} (recorded: ${report.outcome}): ${verdict(sameOutcome)}`);
  }
  return matches ? 0 : 1;
}
