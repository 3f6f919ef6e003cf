// `seqsim bench` prints every figure; a quick run checks they are all there and sane (the figures
// themselves are quoted from full runs, never asserted: timing on shared machines is noise).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('seqsim bench', () => {
  it('prints every figure as JSON and writes reports/bench.json', () => {
    const run = spawnSync(process.execPath, ['dist/cli/main.js', 'bench', '--quick', '--json'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const figures = JSON.parse(run.stdout);
    for (const key of ['referenceEventsPerSec', 'kernelEventsPerSec', 'kernelRatio', 'systemEventsPerSec', 'systemRatio', 'deliveriesPerSec', 'virtualPerWall']) {
      expect(figures[key], key).toBeGreaterThan(0);
    }
    for (const key of ['seedsPerSec1', 'seedsPerSec2', 'efficiency', 'seedsPerSecInline', 'seedsPerSecTwoProcs', 'pool1VsInline', 'pool2VsTwoProcs']) expect(figures.sweep[key], key).toBeGreaterThan(0);
    // A swarm seed of baseline is thousands of events, and its event rate is its seed rate times them;
    // 2 workers can never run events faster than two bare reference loops.
    const { eventsPerSeed, eventRatio2, seedsPerSec2 } = figures.sweep;
    expect(eventsPerSeed).toBeGreaterThan(1_000);
    expect(eventRatio2).toBeCloseTo((seedsPerSec2 * eventsPerSeed) / figures.referenceEventsPerSec, 2);
    expect(eventRatio2).toBeLessThan(2);
    expect(figures.scale).toMatchObject({ users: 2_000 });
    for (const key of ['messages', 'wallMs', 'peakRssMb', 'bytesPerMessage']) expect(figures.scale[key], key).toBeGreaterThan(0);
    // The scale run keeps its heap flags and drops the bench's single-threaded GC.
    expect(figures.scale.nodeFlags).toContain('--heap-growing-percent=35');
    expect(figures.scale.nodeFlags).toContain('--max-semi-space-size=32');
    expect(figures.scale.nodeFlags).not.toContain('--single-threaded-gc');
    // The kernel can never beat the bare loop it is built on; the full system can never beat the kernel.
    expect(figures.kernelRatio).toBeLessThan(1.2);
    expect(figures.systemEventsPerSec).toBeLessThan(figures.referenceEventsPerSec);
    expect(JSON.parse(readFileSync('reports/bench.json', 'utf8'))).toEqual(figures);
  });
});
