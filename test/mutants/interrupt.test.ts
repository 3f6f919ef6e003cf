// `seqsim mutants` stopped by SIGINT prints what the hunt had found and exits 130: a mutant not
// caught yet is "not yet", never ESCAPED, and the control reports the seeds it ran.
import { describe, expect, it } from 'vitest';
import { start, waitFor } from '../sweep/liveProcess.js';

describe('seqsim mutants, interrupted', () => {
  it('prints a partial table and exits 130', async () => {
    // Two mutants keep the first round short; the control alone has 400 seeds to run.
    const live = start(['mutants', '--seeds', '400', '--only', 'page-skip', '--only', 'no-pull-retry', '--workers', '1']);
    await waitFor(live, 'the first round of the hunt', () => live.err().includes('caught after'));
    live.kill('SIGINT');
    const ended = await live.ended;

    expect(ended.code).toBe(130);
    expect(ended.err).toContain('seqsim mutants: SIGINT: no new runs');
    expect(ended.out).toMatch(/│ mutant\s+│ caught/);
    expect(ended.out).toMatch(/Control: the correct system passed the \d+ of 400 seeds it ran, and their pooled latency\./);
    expect(ended.out).toMatch(/INTERRUPTED: \d\/2 mutants caught/);
    expect(ended.out).not.toContain('ESCAPED');
  });
});
