// seqsim run: one seed of one scenario, a terminal report (or --json), and report files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenarioWithTrace } from '../../api.js';
import { actorName } from '../../oracle/oracle.js';
import { pathSegment } from '../../report/format.js';
import { runHtml } from '../../report/html.js';
import { htmlReportData } from '../../report/htmlData.js';
import { markdownReport } from '../../report/markdown.js';
import { terminalReport } from '../../report/terminal.js';
import type { Io } from '../io.js';

export interface RunOptions {
  readonly seed: string;
  readonly mutant: readonly string[];
  readonly out?: string;
  readonly trace: boolean;
  /** Write report.html (the run then keeps its full trace). */
  readonly html: boolean;
  readonly json: boolean;
  readonly swarm: boolean;
}

export function runCommand(target: string, options: RunOptions, io: Io): number {
  const keepTrace = options.trace || options.html;
  const { report, handle } = runScenarioWithTrace(target, { seed: options.seed, mutants: options.mutant, keepTrace, swarm: options.swarm });
  const { sim } = handle;
  const dir = options.out ?? join('reports', pathSegment(report.scenario), pathSegment(report.seed));
  mkdirSync(dir, { recursive: true });
  const files = [join(dir, 'report.json'), join(dir, 'report.md')];
  writeFileSync(files[0]!, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files[1]!, markdownReport(report));
  if (options.html) {
    const htmlFile = join(dir, 'report.html');
    writeFileSync(htmlFile, runHtml(htmlReportData(report, handle)));
    files.push(htmlFile);
  }
  if (options.trace) {
    const traceFile = join(dir, 'trace.jsonl');
    const lines = sim.trace.records()!.map((r) => JSON.stringify({ t: r.timeUs, kind: r.kind, actor: actorName(sim, r.actor), fields: r.fields }));
    writeFileSync(traceFile, `${lines.join('\n')}\n`);
    files.push(traceFile);
  }
  io.out(options.json ? JSON.stringify(report) : terminalReport(report, io.color, files));
  return report.ok ? 0 : 1;
}
