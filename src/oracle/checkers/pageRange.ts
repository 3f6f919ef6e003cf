// server-bound, page-range: a pull's answer holds only entries above the Seq_cli it was asked from
// (echoed in the answer) and at or below the bound it names. Seq_cli says "I hold everything up to
// here": a MsgStore that started its page at the cursor (>= for >) sent every pull one entry the
// device already held, a quarter more bytes on baseline and twice the entries in a group storm, and
// every rule held where pages held more than one entry.
// Judged as the answer reaches the device: a copy or a replay of an old answer holds what the
// original did, and no fault can move an entry across the cursor the answer echoes.
import type { CheckerContext } from '../checker.js';
import type { PullResp } from '../../system/wire.js';

export const PAGE_RANGE = 'page-range';

export function pageRange(invariant: string, { sim, ledger, sink }: CheckerContext): void {
  sim.network.watch('pull-resp', (device, _connectSvr, delivered, message) => {
    if (!delivered) return;
    const { entries, seqCli, bound } = message as PullResp;
    for (let i = 0; i < entries.length; i++) {
      const { seq, message: chat } = entries[i]!;
      if (seq > seqCli && seq <= bound) continue;
      const side = seq <= seqCli ? `at or below the Seq_cli ${seqCli} it was asked from` : `above the bound ${bound} it names`;
      const detail = `${PAGE_RANGE}: an answer to a pull of ${sim.process(device).name} held seq ${seq}, ${side} (a page holds the entries after the cursor, up to its bound)`;
      sink.violate(invariant, { kind: PAGE_RANGE, detail, msgId: chat.msgId, user: ledger.device(device).user, device, seq });
      return;
    }
  });
}
