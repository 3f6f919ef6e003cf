// The sweep summary takes its verdict and its self-check line from the summary's counts: a merged
// sweep knows its shards' determinism mismatches only as a count, and must not read PASSED.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/report/sweepFile.js';
import { sweepReport } from '../../src/report/sweepTerminal.js';
import { sweepRun } from '../sweepRunFixture.js';

const run = sweepRun({ seed: '1', traceHash: '0123456789abcdef' });

describe('the sweep summary', () => {
  it('fails a sweep whose self-check counted mismatches, though it holds none of them', () => {
    const summary = summarize([run], { rechecked: 4, recheckMismatches: 2, wallTimeMs: 100 });
    const text = sweepReport([run], summary, [], new Chalk({ level: 0 }), null);
    expect(text).toContain('Determinism self-check: 4 runs re-run on fresh workers, 2 MISMATCHED');
    expect(text).toContain('FAILED: 1/1 runs passed');
  });

  it('says a re-run crashed its worker, rather than that the divergence did not repeat', () => {
    const summary = summarize([run], { rechecked: 1, recheckMismatches: 1, wallTimeMs: 100 });
    const job = { source: 'baseline', seed: '1', swarm: false, mutants: [] };
    const text = sweepReport([run], summary, [{ job, expectedHash: run.traceHash, actualHash: '', divergence: null }], new Chalk({ level: 0 }), null);
    expect(text).toContain('baseline seed 1: 0123456789abcdef then a crashed worker');
    expect(text).not.toContain('did not repeat');
  });

  it('passes a sweep whose runs passed and whose self-check matched', () => {
    const summary = summarize([run], { rechecked: 1, recheckMismatches: 0, wallTimeMs: 100 });
    const text = sweepReport([run], summary, [], new Chalk({ level: 0 }), null);
    expect(text).toContain('all trace hashes matched');
    expect(text).toContain('PASSED: 1/1 runs passed');
  });
});
