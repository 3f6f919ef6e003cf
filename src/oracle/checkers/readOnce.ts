// timeliness, read-once: a MsgStore reads its log for a device only to answer a read request, one
// read a request: its reads never outnumber the read requests that reached it, counted from the
// run's start (a copy of a datagram counts as a request; a crash loses requests, never adds reads).
// A primary that served the reads it held back after a takeover but never emptied the list served
// each of them again at every later commit: 6.7 times the reads and 48 times the entries shipped in
// read answers, growing until its next crash, and every rule held (read-held matches reads to
// requests only while some wait).
import { EV_READ } from '../../system/events.js';
import type { CheckerContext } from '../checker.js';
import { PerProcess } from '../perProcess.js';

export const READ_ONCE = 'read-once';

export function readOnce(invariant: string, { sim, sink, ledger }: CheckerContext): void {
  /** Per MsgStore: the read requests that reached it, and its reads. */
  const requests = new PerProcess(0);
  const reads = new PerProcess(0);
  sim.network.watch('read-req', (store, _from, delivered) => {
    if (delivered) requests.add(store, 1);
  });
  sim.trace.on(EV_READ, (_t, store, device) => {
    reads.add(store, 1);
    if (reads.get(store) <= requests.get(store)) return;
    const detail = `${READ_ONCE}: ${sim.process(store).name} read its log for ${sim.process(device).name}, its read ${reads.get(store)}, with ${requests.get(store)} read requests received (a store reads once a request)`;
    sink.violate(invariant, { kind: READ_ONCE, detail, device, user: ledger.device(device).user });
  });
}
