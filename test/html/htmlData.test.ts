// What report.html is drawn from, without a browser: the latency plots are drawn from exactly the
// run's samples, a message's hops follow it through every server with the pull that carried
// it, the fault timeline matches the faults that fired, and the pieces shipped to the page work
// on their own.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { percentiles, scaled } from '../../src/oracle/percentiles.js';
import { escapeHtml, scriptJson } from '../../src/report/escapeHtml.js';
import { htmlReportData } from '../../src/report/htmlData.js';
import { latencyDistribution } from '../../src/report/latencyDistribution.js';
import { specOf } from '../../src/report/runReport.js';
import { sequenceSvg } from '../../src/report/sequenceDiagram.js';
import { runOne } from '../../src/run/runOne.js';

describe('report.html data', () => {
  it("plots exactly the run's latency samples, class by class", () => {
    const report = runScenario('subway-tunnel', { seed: 1 });
    const { oracle } = runOne(specOf(report.input), { keepAll: true });
    const samplesUs = oracle.latency.samplesUs();
    expect(samplesUs.reconnected.length).toBeGreaterThan(0);
    const data = htmlReportData(report);
    for (const deviceClass of ['healthy', 'reconnected', 'woken'] as const) {
      expect({ ...scaled(percentiles(samplesUs[deviceClass]), 1000), boundMs: report.latencyByClassMs[deviceClass].boundMs }, deviceClass).toEqual(report.latencyByClassMs[deviceClass]);
      expect(data.latency[deviceClass], deviceClass).toEqual(latencyDistribution(samplesUs[deviceClass]));
    }
  });

  it("follows the violating message from its sender through every server to the device, with the pull that carried it", () => {
    const report = runScenario('baseline', { seed: 3, mutants: ['client-cursor-before-store'] });
    const data = htmlReportData(report);
    expect(data.reproduced).toBe(true);
    const violation = report.violationReport!.violation;
    expect(data.focusMsgId).toBe(violation.msgId);
    const message = data.messages[0]!;
    expect(message.msgId).toBe(violation.msgId);
    const kinds = message.hops.map((hop) => hop.kind);
    for (const kind of ['compose', 'send-attempt', 'sendsvr-received', 'alloc', 'commit', 'sendsvr-ack', 'push', 'notify', 'send-acked', 'pull', 'read', 'cursor', 'store']) {
      expect(kinds, kind).toContain(kind);
    }
    const lane = (title: string) => message.lanes.findIndex((l) => l.title === title);
    const hop = (kind: string, laneTitle: string) => message.hops.findIndex((h) => h.kind === kind && h.lane === lane(laneTitle));
    // The read answers the device's own pull, asked through its ConnectSvr and a ReceiveSvr...
    const read = message.hops[hop('read', 'MsgStore')]!;
    expect(read.cause).toBe(hop('pull', violation.device!));
    expect(read.via.map((relay) => relay.name)).toEqual([expect.stringMatching(/^connectsvr-\d+$/), expect.stringMatching(/^receivesvr-\d+$/)]);
    // ...and (the planted bug) the cursor moves on that answer before the message is stored.
    const cursor = hop('cursor', violation.device!);
    expect(message.hops[cursor]!.cause).toBe(message.hops.indexOf(read));
    expect(message.badHop).toBe(cursor);
    expect(hop('store', violation.device!)).toBeGreaterThan(cursor);
    expect(message.lanes[lane(violation.device!)]!.flagged).toBe(true);
    // Hops are in time order and each follows an earlier one.
    message.hops.forEach((h, i) => {
      expect(h.cause).toBeLessThan(i);
      if (i > 0) expect(h.timeUs).toBeGreaterThanOrEqual(message.hops[i - 1]!.timeUs);
    });
    expect(data.messages.length).toBe(report.messages.sent);
  });

  it('draws each fault that fired on the timeline, within the run', () => {
    const report = runScenario('connectsvr-crash', { seed: 1 });
    const data = htmlReportData(report);
    const kinds = new Set(data.faults.rows.map((row) => row.kind));
    expect(kinds).toContain('crash');
    for (const row of data.faults.rows) {
      for (const span of row.spans) {
        expect(span.startMs).toBeLessThanOrEqual(span.endMs);
        expect(span.endMs).toBeLessThanOrEqual(report.virtualTimeMs);
      }
    }
    expect(data.faults.healMs).not.toBeNull();
  });

  it('bins latencies on a log scale and keeps the CDF bounded', () => {
    const samplesUs = Array.from({ length: 10_000 }, (_, i) => 1_000 + i * 37);
    const distribution = latencyDistribution(samplesUs);
    expect(distribution.bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(10_000);
    expect(distribution.fromMs).toBeLessThanOrEqual(1);
    expect(distribution.toMs).toBeGreaterThanOrEqual(371);
    expect(distribution.cdf.length).toBeLessThanOrEqual(201);
    expect(distribution.cdf.at(-1)).toEqual([1 + (9_999 * 37) / 1000, 1]);
    expect(latencyDistribution([])).toMatchObject({ count: 0, bins: [], cdf: [] });
  });
});

describe('what report.html ships to the page', () => {
  it('escapes markup and keeps embedded JSON from closing its script', () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
    const json = scriptJson({ name: '</script><!-- <b>' });
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual({ name: '</script><!-- <b>' });
  });

  it('ships a sequence diagram renderer and escapeHtml that work from their own source alone', () => {
    const data = htmlReportData(runScenario('baseline', { seed: 1 }));
    const [escape, draw] = new Function(`${escapeHtml.toString()}\n${sequenceSvg.toString()}\nreturn [escapeHtml, sequenceSvg];`)() as [typeof escapeHtml, typeof sequenceSvg];
    for (const message of data.messages.slice(0, 5)) expect(draw(message, escape)).toBe(sequenceSvg(message, escapeHtml));
  });
});
