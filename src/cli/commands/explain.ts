// seqsim explain: the hop-by-hop timeline of one message across devices and servers.
import { causalSlice } from '../../oracle/causalSlice.js';
import { actorName } from '../../oracle/oracle.js';
import { deadlineText, fieldsText, formatMs } from '../../report/format.js';
import { readRunReport, specOf } from '../../report/runReport.js';
import { runOne } from '../../run/runOne.js';
import { wholeNumber } from '../../run/seeds.js';
import { InputError } from '../../scenario/errors.js';
import { assertRunnable } from '../../scenario/validate.js';
import type { Io } from '../io.js';

export function explainCommand(file: string, options: { message?: string; json: boolean }, io: Io): number {
  const report = readRunReport(file);
  const msgId = options.message !== undefined ? wholeNumber(options.message, 1, Number.MAX_SAFE_INTEGER) : report.violationReport?.violation.msgId;
  if (msgId === undefined || msgId === null || !Number.isInteger(msgId) || msgId < 1) {
    const why = options.message !== undefined ? `--message ${options.message}: expected a message id, a whole number from 1 (as the report's msg= fields show it)` : 'the run has no violating message; pick one with --message ID';
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
  // The violating message's missed deadline, when it missed one: shown where it fell due.
  const violation = report.violationReport?.violation;
  const deadline = violation?.msgId === msgId ? (violation.deadline ?? null) : null;
  if (options.json) {
    io.out(JSON.stringify({ msgId, hops, deadline }));
    return 0;
  }
  io.out(io.color.bold(`Message ${msgId} in ${report.replay}`));
  if (deadline !== null) io.out(io.color.red(`  Missed: ${deadlineText(deadline)}`));
  const startMs = hops[0]!.timeMs;
  const line = (timeMs: number, component: string, event: string, detail: string) =>
    `  ${formatMs(timeMs).padStart(10)} ms  +${formatMs(timeMs - startMs).padStart(9)} ms  ${component.padEnd(16)} ${event.padEnd(16)} ${detail}`;
  let marked = deadline === null;
  for (const hop of hops) {
    if (!marked && hop.timeMs > deadline!.dueUs / 1000) {
      io.out(io.color.red(line(deadline!.dueUs / 1000, 'oracle', 'deadline', `${deadline!.kind} deadline fell due`)));
      marked = true;
    }
    io.out(line(hop.timeMs, hop.component, hop.event, io.color.dim(fieldsText(hop.fields))));
  }
  if (!marked) io.out(io.color.red(line(deadline!.dueUs / 1000, 'oracle', 'deadline', `${deadline!.kind} deadline fell due`)));
  return 0;
}
