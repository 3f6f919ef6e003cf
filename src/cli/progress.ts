// Progress on long work: a bar on a terminal, a plain line every tenth otherwise (CI logs).
import { SingleBar } from 'cli-progress';
import type { Io } from './io.js';

export interface Progress {
  update(done: number, failed: number): void;
  stop(): void;
}

export function progress(io: Io, total: number, label: string): Progress {
  if (io.tty) {
    const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} runs, {failed} failed, {eta_formatted} left`, hideCursor: true, stream: process.stderr });
    bar.start(total, 0, { failed: 0 });
    return { update: (done, failed) => bar.update(done, { failed }), stop: () => bar.stop() };
  }
  const step = Math.max(1, Math.ceil(total / 10));
  let nextReport = step;
  return {
    update(done, failed) {
      if (done < nextReport && done < total) return;
      nextReport = (Math.floor(done / step) + 1) * step;
      io.err(`${label}: ${done}/${total} runs, ${failed} failed`);
    },
    stop() {},
  };
}
