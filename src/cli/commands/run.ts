// seqsim run: one seed of one scenario, a terminal report (or --json), and report files.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { runScenarioWithTrace } from '../../api.js';
import { actorName } from '../../oracle/oracle.js';
import { formatCount, pathSegment } from '../../report/format.js';
import { runHtml } from '../../report/html.js';
import { htmlReportData } from '../../report/htmlData.js';
import { markdownReport } from '../../report/markdown.js';
import { terminalReport } from '../../report/terminal.js';
import { checkSeed } from '../../run/seeds.js';
import { loadScenario } from '../../scenario/load.js';
import type { Simulation } from '../../sim/simulation.js';
import { KEPT_EVENTS_MAX } from '../../sim/trace.js';
import { warn, type Io } from '../io.js';
import { checkNoLinks, checkOutputDir } from '../outputPaths.js';

/** What a run writes in its --out directory. */
const REPORT_FILES = ['report.json', 'report.md', 'report.html', 'trace.jsonl'] as const;

/** trace.jsonl is written this many lines at a time: one string of it all would outgrow V8's limit. */
const TRACE_LINES_PER_WRITE = 10_000;

export interface RunOptions {
  readonly seed: string;
  readonly mutant: readonly string[];
  readonly out?: string;
  readonly trace: boolean;
  /** Write report.html (the run then keeps its full trace). */
  readonly html: boolean;
  readonly json: boolean;
  readonly swarm: boolean;
  readonly swarmDraw?: string;
  readonly withoutFault: readonly string[];
  /** `--set path=value` overrides. */
  readonly set: readonly string[];
}

export function runCommand(target: string, options: RunOptions, io: Io): number {
  checkSeed(options.seed);
  const loaded = loadScenario(target, options.set);
  warn(io, loaded.warnings);
  const dir = options.out ?? join('reports', pathSegment(loaded.scenario.name ?? loaded.source), pathSegment(options.seed));
  checkOutputDir('--out', dir);
  checkNoLinks('--out', dir, REPORT_FILES);
  const keepTrace = options.trace || options.html;
  const { report, handle } = runScenarioWithTrace(loaded, { seed: options.seed, mutants: options.mutant, keepTrace, swarm: options.swarm, swarmDraw: options.swarmDraw, swarmWithout: options.withoutFault });
  mkdirSync(dir, { recursive: true });
  const files = [join(dir, REPORT_FILES[0]), join(dir, REPORT_FILES[1])];
  writeFileSync(files[0]!, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files[1]!, markdownReport(report));
  if (options.html) {
    const htmlFile = join(dir, REPORT_FILES[2]);
    writeFileSync(htmlFile, runHtml(htmlReportData(report, handle)));
    files.push(htmlFile);
  }
  if (options.trace) {
    const traceFile = join(dir, REPORT_FILES[3]);
    writeTrace(traceFile, handle.sim);
    files.push(traceFile);
  }
  const { trace } = handle.sim;
  if (keepTrace && trace.truncated) warn(io, [`the run had ${formatCount(trace.count)} events; its kept trace (trace.jsonl, report.html) holds only the first ${formatCount(KEPT_EVENTS_MAX)}`]);
  io.out(options.json ? JSON.stringify(report) : terminalReport(report, io.color, files));
  return report.ok ? 0 : 1;
}

/** Every event as one JSON line. */
function writeTrace(file: string, sim: Simulation): void {
  const fd = openSync(file, 'w');
  try {
    const records = sim.trace.records()!;
    for (let start = 0; start < records.length; start += TRACE_LINES_PER_WRITE) {
      const lines = records.slice(start, start + TRACE_LINES_PER_WRITE).map((r) => `${JSON.stringify({ t: r.timeUs, kind: r.kind, actor: actorName(sim, r.actor), fields: r.fields })}\n`);
      writeSync(fd, lines.join(''));
    }
  } finally {
    closeSync(fd);
  }
}
