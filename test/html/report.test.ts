// report.html in a real browser: headless Chromium (Debian's package; .ci/run installs it) driven
// by playwright-core, on pages the built binary writes. A failing mutant run's page loads with no
// console error and fetches nothing, shows the failing invariant and the violating message's
// lanes, redraws the diagram when another message is picked, and is saved as
// reports/html-report.png. Input from a scenario file is shown as text and never runs. A sweep's
// summary links each failed run to its own page.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../scratch.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BIN = 'dist/cli/main.js';
const SCREENSHOT = 'reports/html-report.png';
/** Lanes every message's diagram has between the sender and the receiving devices. */
const SERVER_LANES = ['ConnectSvr', 'SendSvr', 'MsgStore', 'allocator', 'PushSvr', 'platform push', 'ReceiveSvr', 'ConnectSvr'];

const MISSING_CHROMIUM = `Chromium is not installed at ${CHROMIUM}. .ci/run installs it when missing; here run: apt-get update && apt-get install -y chromium`;

const scratch = scratchDir('html');
/** A fresh browser profile, removed afterwards with the pages the tests wrote. */
const profile = join(scratch, 'chromium-profile');
/** Undefined when Chromium is missing: then every test here fails, saying so (none is skipped). */
let browser: BrowserContext | undefined;
/** Every request the pages made that was not for a local file (there must be none). */
const fetched: string[] = [];
const opened: Page[] = [];

function seqsim(args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

interface OpenPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** alert(), confirm() and prompt() calls: nothing on these pages may open one. */
  readonly dialogs: string[];
}

async function open(file: string): Promise<OpenPage> {
  if (browser === undefined) throw new Error(MISSING_CHROMIUM);
  const page = await browser.newPage();
  opened.push(page);
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load' });
  return { page, errors, dialogs };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  await browser.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    fetched.push(url);
    return route.abort();
  });
});

afterEach(async () => {
  for (const page of opened.splice(0)) await page.close();
});

afterAll(async () => {
  await browser?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('report.html of a failing run', () => {
  const out = join(scratch, 'mutant');
  const html = join(out, 'report.html');
  let report: any;

  beforeAll(() => {
    const run = seqsim(['run', 'baseline', '--seed', '3', '--mutant', 'client-cursor-before-store', '--out', out]);
    expect(run.code, run.err).toBe(1);
    expect(run.out).toContain(`Wrote ${html}`);
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  });

  it('loads with no console error, fetches nothing, and is saved as a screenshot', async () => {
    const { page, errors } = await open(html);
    await page.locator('svg.sequence').waitFor();
    mkdirSync('reports', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(errors).toEqual([]);
    expect(fetched).toEqual([]);
    expect(readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe('PNG');
  });

  it('shows the verdict, each invariant, the violation, the latency plots and the fault timeline', async () => {
    const { page } = await open(html);
    await expect(page.locator('#verdict').textContent()).resolves.toBe('FAILED');
    for (const invariant of report.invariants) {
      const row = page.locator(`#invariants tr[data-invariant="${invariant.name}"]`);
      await expect(row.locator('td').nth(1).textContent()).resolves.toBe(invariant.ok ? 'ok' : 'FAIL');
    }
    const violation = report.violationReport.violation;
    expect(violation.invariant).toBe('client-cursor');
    await expect(page.locator('#violation h2').textContent()).resolves.toContain('Violation of client-cursor');
    await expect(page.locator('#violation').textContent()).resolves.toContain(violation.detail);
    await expect(page.locator('.plots[data-class="healthy"] svg').count()).resolves.toBe(2);
    await expect(page.locator('.plots[data-class="healthy"] svg .bar').count()).resolves.toBeGreaterThan(2);
    await expect(page.locator('#fault-timeline svg').count()).resolves.toBe(1);
    await expect(page.locator('code.replay').first().textContent()).resolves.toBe(report.replay);
  });

  it("shows the run's cost, figure by figure as report.json has it", async () => {
    const { page } = await open(html);
    const rows = await page.locator('#cost tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    const byFigure = new Map(rows.map(([figure, value, madeOf]) => [figure, { value, madeOf }]));
    expect(byFigure.get('pullsPerDelivery')?.value).toBe(report.cost.pullsPerDelivery.toFixed(2));
    expect(byFigure.get('pullsPerDelivery')?.madeOf).toContain(`${report.cost.pulls} pulls`);
    expect(byFigure.get('redundantEntries')?.value).toBe(String(report.cost.redundantEntries));
    expect(byFigure.get('rpcsPerSend')?.madeOf).toContain('datagrams between servers');
    expect(byFigure.get('peakQueue')?.madeOf).toContain(`msgstore ${report.cost.servers.msgstore.peakQueue} appends owed`);
  });

  it("draws the violating message's hops on lanes from its sender through the servers to the device that broke", async () => {
    const { page } = await open(html);
    const violation = report.violationReport.violation;
    const sender = report.violationReport.slice.find((event: any) => event.kind === 'compose' && event.fields.msg === violation.msgId).actor;
    const diagram = page.locator('svg.sequence');
    await expect(diagram.getAttribute('data-message')).resolves.toBe(String(violation.msgId));
    await expect(page.locator('#message-picker').inputValue()).resolves.toBe(String(violation.msgId));
    const lanes = await diagram.locator('g.lane').evaluateAll((groups) => groups.map((g) => g.getAttribute('data-lane')));
    // The device that broke comes first among the receivers; a group message's other receivers follow.
    expect(lanes.slice(0, SERVER_LANES.length + 2)).toEqual([sender, ...SERVER_LANES, violation.device]);
    for (const lane of lanes.slice(SERVER_LANES.length + 2)) expect(lane).toMatch(/^device-u\d+-\d+$/);
    await expect(diagram.locator('g.lane.flagged').getAttribute('data-lane')).resolves.toBe(violation.device);
    // Every hop `seqsim explain` lists is drawn, and the one that broke the invariant is marked.
    const explain = seqsim(['explain', join(out, 'report.json'), '--json']);
    expect(explain.code, explain.err).toBe(0);
    const explained = JSON.parse(explain.out);
    const labels = (await diagram.locator('text').allTextContents()).join('\n');
    for (const hop of explained.hops) expect(labels).toContain(hop.event);
    await expect(diagram.locator('text.hop-label.bad').textContent()).resolves.toContain('the invariant broke here');
    await expect(diagram.locator('line.arrow').count()).resolves.toBeGreaterThan(8);
  });

  it('redraws the diagram when another message is picked', async () => {
    const { page, errors } = await open(html);
    const violation = report.violationReport.violation;
    const before = await page.locator('#sequence').innerHTML();
    const other = await page.locator(`#message-picker option:not([value="${violation.msgId}"])`).first().getAttribute('value');
    await page.selectOption('#message-picker', other!);
    await page.locator(`svg.sequence[data-message="${other}"]`).waitFor();
    expect(await page.locator('#sequence').innerHTML()).not.toBe(before);
    await expect(page.locator('#sequence-caption').textContent()).resolves.toMatch(new RegExp(`^message ${other}: `));
    await expect(page.locator('svg.sequence g.lane').count()).resolves.toBeGreaterThanOrEqual(1 + SERVER_LANES.length + 1);
    await expect(page.locator('svg.sequence line.arrow').count()).resolves.toBeGreaterThan(4);
    await expect(page.locator('svg.sequence g.lane.flagged').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('input in report.html', () => {
  it('shows a scenario named <script>alert(1)</script> as text, and runs nothing from it', async () => {
    const name = '<script>alert(1)</script>';
    const description = '<img src=x onerror="alert(2)"> & "quotes" </script><script>alert(3)</script>';
    const file = join(scratch, 'hostile.yaml');
    writeFileSync(file, `name: ${JSON.stringify(name)}\ndescription: ${JSON.stringify(description)}\ndurationMs: 5000\nusers: { count: 4 }\n`);
    const out = join(scratch, 'hostile');
    const run = seqsim(['run', file, '--seed', '1', '--out', out]);
    expect(run.code, run.err).toBe(0);
    const { page, errors, dialogs } = await open(join(out, 'report.html'));
    await page.locator('svg.sequence').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toContain(name);
    await expect(page.locator('.description').textContent()).resolves.toBe(description);
    await expect(page.title()).resolves.toContain(name);
    await expect(page.locator('img').count()).resolves.toBe(0);
    // Picking another message runs the page's own script over the same data.
    const other = await page.locator('#message-picker option').nth(1).getAttribute('value');
    await page.selectOption('#message-picker', other!);
    await page.locator(`svg.sequence[data-message="${other}"]`).waitFor();
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('the sweep summary page', () => {
  it("lists each failed run with its replay command and links to the run's own page", async () => {
    const dir = join(scratch, 'sweep');
    const run = seqsim(['check', 'baseline', '--seeds', '3,4', '--mutant', 'client-cursor-before-store', '--workers', '1', '--recheck', '0', '--html', dir]);
    expect(run.code, run.err).toBe(1);
    expect(run.out).toContain(`Wrote ${join(dir, 'index.html')}`);
    const { page, errors } = await open(join(dir, 'index.html'));
    await expect(page.locator('#verdict').textContent()).resolves.toBe('FAILED');
    const rows = page.locator('#failed-runs tr.failed-run');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.first().locator('code.replay').textContent()).resolves.toBe('seqsim run baseline --seed 3 --mutant client-cursor-before-store');
    // The coverage table: a run without faults is held only to the points it can reach.
    await expect(page.locator('#coverage tbody tr').count()).resolves.toBe(3);
    await expect(page.locator('#coverage tr', { hasText: 'commit-during-pull' }).locator('td.num').first().textContent()).resolves.toMatch(/^[0-2]$/);
    await rows.first().locator('a', { hasText: 'report.html' }).click();
    await page.waitForURL(/baseline\/3\/report\.html$/);
    await expect(page.locator('#verdict').textContent()).resolves.toBe('FAILED');
    await expect(page.locator('#violation h2').textContent()).resolves.toContain('client-cursor');
    await page.locator('svg.sequence').waitFor();
    expect(errors).toEqual([]);
  });
});
