// seqsim explain: the hop-by-hop timeline of one message across devices and servers.
import { causalSlice } from '../../oracle/causalSlice.js';
import { actorName } from '../../oracle/oracle.js';
import { fieldsText, formatMs } from '../../report/format.js';
import { readRunReport, specOf } from '../../report/runReport.js';
import { runOne } from '../../run/runOne.js';
import { InputError } from '../../scenario/errors.js';
import { assertRunnable } from '../../scenario/validate.js';
import type { Io } from '../io.js';

export function explainCommand(file: string, options: { message?: string; json: boolean }, io: Io): number {
  const report = readRunReport(file);
  const msgId = options.message !== undefined ? Number(options.message) : report.violationReport?.violation.msgId;
  if (msgId === undefined || msgId === null || !Number.isInteger(msgId) || msgId < 1) {
    const why = options.message !== undefined ? `--message ${options.message} is not a message id` : 'the run has no violating message; pick one with --message ID';
    throw new InputError('BAD_ARGUMENT', why);
  }
  assertRunnable(report.input.scenario, file, { keepTrace: true }); // the timeline comes from the full trace
  const { sim } = runOne(specOf(report.input), { keepAll: true });
  const hops = causalSlice(sim.trace.records()!, { msgId, device: null, upToIndex: Infinity }, Infinity).map((r) => ({
    timeMs: r.timeUs / 1000,
    component: actorName(sim, r.actor),
    event: r.kind,
    fields: r.fields,
  }));
  if (hops.length === 0) throw new InputError('BAD_ARGUMENT', `message ${msgId} does not appear in this run`);
  if (options.json) {
    io.out(JSON.stringify({ msgId, hops }));
    return 0;
  }
  io.out(io.color.bold(`Message ${msgId} in ${report.replay}`));
  const startMs = hops[0]!.timeMs;
  for (const hop of hops) {
    io.out(`  ${formatMs(hop.timeMs).padStart(10)} ms  +${formatMs(hop.timeMs - startMs).padStart(9)} ms  ${hop.component.padEnd(16)} ${hop.event.padEnd(16)} ${io.color.dim(fieldsText(hop.fields))}`);
  }
  return 0;
}
