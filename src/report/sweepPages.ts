// `seqsim check --html DIR`: the sweep's index.html, and for the first failed runs their own
// report.json and report.html, each re-run once here in this thread (same seed, same run, full
// trace kept) to get the full report the workers do not send back.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runScenarioWithTrace } from '../api.js';
import type { SweepJob } from '../run/sweepJob.js';
import { pathSegment } from './format.js';
import { runHtml } from './html.js';
import { htmlReportData } from './htmlData.js';
import { makeDirsReplacingLinks, writeReplacingLink } from './replaceLinks.js';
import { sweepHtml } from './sweepHtml.js';
import type { SweepFile } from './sweepFile.js';

/** Failed runs that get a page of their own (each is run once more, here). */
const RUN_PAGES_MAX = 20;

/** Writes the pages; `jobs[i]` is the job of `file.runs[i]`. Returns the index page's path. */
export function writeSweepPages(dir: string, file: SweepFile, jobs: readonly SweepJob[]): string {
  const pages = new Map<number, string>();
  for (const [i, run] of file.runs.entries()) {
    if (run.ok || pages.size >= RUN_PAGES_MAX) continue;
    const job = jobs[i]!;
    const { report, handle } = runScenarioWithTrace(job.source, { seed: job.seed, mutants: job.mutants, swarm: job.swarm, swarmDraw: job.swarmDraw, keepTrace: true });
    const page = join(pathSegment(report.scenario), pathSegment(report.seed));
    const pageDir = makeDirsReplacingLinks(dir, page);
    writeReplacingLink(join(pageDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeReplacingLink(join(pageDir, 'report.html'), runHtml(htmlReportData(report, handle)));
    pages.set(i, `${page}/report.html`.replaceAll('\\', '/'));
  }
  const index = join(dir, 'index.html');
  mkdirSync(dir, { recursive: true });
  writeReplacingLink(index, sweepHtml(file, (i) => pages.get(i)));
  return index;
}
