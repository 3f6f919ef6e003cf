// What each message's inbox entry weighs on the wire, as its sender's ConnectSvr passed it on to
// SendSvr (the datagram every committed message took), so that a rule can weigh a page MsgStore
// read (its entries in the oracle's own inbox) against a byte budget. One column by msgId (dense
// ids from the workload): 4 bytes a message.
import type { Simulation } from '../sim/simulation.js';
import type { SendRpc } from '../system/wire.js';
import { entryBytes } from '../system/wireSizes.js';
import { grownTo } from '../sim/doubled.js';
import type { SeqIndex } from './ledger.js';

/** A size not known: the message was never seen sent. */
const UNKNOWN = 0;

export class EntrySizes {
  private bytes = new Int32Array(1024);

  constructor(sim: Simulation) {
    sim.network.watchSends('send-rpc', (_from, _to, message) => {
      const sent = (message as SendRpc).message;
      if (sent.msgId >= this.bytes.length) this.bytes = grownTo(this.bytes, Math.max(2 * this.bytes.length, sent.msgId + 1));
      this.bytes[sent.msgId] = entryBytes(sent);
    });
  }

  /** The bytes of `inbox`'s entries in (afterSeq, uptoSeq], or NaN if one's size is not known. */
  between(inbox: SeqIndex, afterSeq: number, uptoSeq: number): number {
    let total = 0;
    for (let i = inbox.firstAbove(afterSeq); i < inbox.size && inbox.seqAt(i) <= uptoSeq; i++) total += this.of(inbox.valueAt(i));
    return total;
  }

  /** The bytes of `inbox`'s first entry above `seq` (NaN if none, or not known). */
  nextAbove(inbox: SeqIndex, seq: number): number {
    const i = inbox.firstAbove(seq);
    return i < inbox.size ? this.of(inbox.valueAt(i)) : NaN;
  }

  private of(msgId: number): number {
    const bytes = msgId < this.bytes.length ? this.bytes[msgId]! : UNKNOWN;
    return bytes === UNKNOWN ? NaN : bytes;
  }
}
