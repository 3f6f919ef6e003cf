// Two kinds of repeated work that idempotency and the catch-up hid. SendSvr admits a message once: a
// resend of a message it acked is answered from its record of done sends (one that kept the record
// only for the device's retry cap admitted a 2G phone's late resends again, with their checks,
// appends, acks and hints). And a page MsgStore cuts short is full, pageSize entries or its byte
// budget's worth (one whose pages ended an entry early sent a tenth more of them), and a device asks
// for a next page only after one was cut short (a ReceiveSvr that said "more" of every full page
// had catch-ups ask for one more, empty). The oracle weighs pages itself: a device that took its
// byte budget for bits (an eighth the size) or for bytes when it was bits (eight times) is seen as
// it asks (page-budget), and a MsgStore that read the budget so, in the pages it cuts.
import { afterEach, describe, expect, it } from 'vitest';
import { Device } from '../../src/system/device.js';
import { MsgStore } from '../../src/system/msgStore.js';
import { ReceiveSvr } from '../../src/system/receiveSvr.js';
import { SendSvr } from '../../src/system/sendSvr.js';
import { messageKey, type PullReq, type ReadReq, type ReadResp, type SendRpc } from '../../src/system/wire.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface SendSvrParts {
  receive(connectSvr: number, rpc: SendRpc): void;
  durable: { done: { delete(key: number): boolean } };
  nowUs: number;
}
interface MsgStoreParts {
  read(from: number, req: ReadReq): void;
}
interface ReceiveSvrParts {
  rpcReplied(read: ReadResp, readReq: ReadReq, pull: PullReq, connectSvr: number): void;
}
interface DeviceParts {
  pageBytesBudget(bandwidthKbps: number | undefined): number;
}
const device = Device.prototype as unknown as DeviceParts;
const sendSvr = SendSvr.prototype as unknown as SendSvrParts;
const receiveSvr = ReceiveSvr.prototype as unknown as ReceiveSvrParts;
const msgStore = MsgStore.prototype as unknown as MsgStoreParts;
const original = { receive: sendSvr.receive, read: msgStore.read, rpcReplied: receiveSvr.rpcReplied, pageBytesBudget: device.pageBytesBudget };

afterEach(() => {
  Object.assign(sendSvr, { receive: original.receive });
  Object.assign(msgStore, { read: original.read });
  Object.assign(receiveSvr, { rpcReplied: original.rpcReplied });
  Object.assign(device, { pageBytesBudget: original.pageBytesBudget });
});

/** Plants a device whose page budget is `scale` times what its link allows. */
const scaledBudget = (scale: number) => () => {
  device.pageBytesBudget = function (this: DeviceParts, bandwidthKbps: number | undefined) {
    return Math.floor(original.pageBytesBudget.call(this, bandwidthKbps) * scale);
  };
};


describe('repeated work', () => {
  it('admits a message once, and a SendSvr that keeps its record of done sends only 30 s fails no-duplicate', () => {
    const firstHeard = new WeakMap<SendSvrParts, Map<number, number>>();
    const plant = () => {
      sendSvr.receive = function (this: SendSvrParts, connectSvr: number, rpc: SendRpc) {
        const key = messageKey(rpc.message);
        const heard = firstHeard.get(this) ?? firstHeard.set(this, new Map()).get(this)!;
        const firstUs = heard.get(key);
        if (firstUs === undefined) heard.set(key, this.nowUs);
        else if (this.nowUs - firstUs > 30_000_000) this.durable.done.delete(key);
        original.receive.call(this, connectSvr, rpc);
      };
    };
    for (const failed of plantedVerdicts((seed) => verdictOf('no-duplicate', 'gprs-backlog', seed), ['2', '8', '9'], plant)) expect(failed).toMatchObject({ ok: false, first: { kind: null, detail: expect.stringMatching(/^sendsvr-\d admitted message \d+ again, [\d,]+ ms after it acked it \(a resend of an acked message is answered from the record of done sends\)$/) } });
  });

  it('weighs pages itself: a device asking for an eighth of its budget, or eight times it, fails timeliness', () => {
    // page-budget sees the request; the pages are weighed on their own where MsgStore reads the budget wrong.
    const gprs = (seed: string) => verdictOf('timeliness', 'gprs-backlog', seed);
    const asked = /^page-budget: device-u\d+-\d+ asked from Seq_cli \d+ for pages of \d+ bytes on the run's own link, which carries 8229 bytes in half the pull timeout it keeps there$/;
    for (const scale of [1 / 8, 8]) {
      for (const failed of plantedVerdicts(gprs, ['1', '2'], scaledBudget(scale))) expect(failed).toMatchObject({ ok: false, first: { kind: 'page-budget', detail: expect.stringMatching(asked) } });
      Object.assign(device, { pageBytesBudget: original.pageBytesBudget });
    }
    const readScaled = (scale: number) => () => {
      msgStore.read = function (this: MsgStoreParts, from: number, req: ReadReq) {
        original.read.call(this, from, { ...req, maxBytes: Math.floor(req.maxBytes * scale) });
      };
    };
    const pageFull = /^page-full: msgstore-\d cut a page short at \d+ entries and \d+ bytes \(bound \d+\), with entries above it, where 100 fit and the next entry \(\d+ bytes\) fits the device's byte budget of 8229 bytes too$/;
    for (const failed of plantedVerdicts(gprs, ['1', '2'], readScaled(1 / 8))) expect(failed).toMatchObject({ ok: false, first: { kind: 'page-full', detail: expect.stringMatching(pageFull) } });
    Object.assign(msgStore, { read: original.read });
    const pageOver = /^page-over: msgstore-\d read a page of \d+ entries and \d+ bytes \(bound \d+\), over the device's byte budget of \d+ bytes$/;
    for (const failed of plantedVerdicts(gprs, ['1', '2'], readScaled(8))) expect(failed).toMatchObject({ ok: false, first: { kind: 'page-over', detail: expect.stringMatching(pageOver) } });
  });

  it('fills every page it cuts short, and a MsgStore whose pages end an entry early fails timeliness', () => {
    const plant = () => {
      msgStore.read = function (this: MsgStoreParts, from: number, req: ReadReq) {
        original.read.call(this, from, { ...req, limit: req.limit - 1 });
      };
    };
    for (const failed of plantedVerdicts((seed) => verdictOf('timeliness', 'reinstall', seed), ['8', '9', '10'], plant)) expect(failed).toMatchObject({ ok: false, first: { kind: 'page-full', detail: expect.stringMatching(/^page-full: msgstore-\d cut a page short at \d+ entries and \d+ bytes \(bound \d+\), with entries above it, where \d+ fit and the next entry \(\d+ bytes\) fits the device's byte budget of \d+ bytes too$/) } });
  });

  it('asks for a next page only after one was cut short, and a ReceiveSvr that says "more" of every full page fails timeliness', () => {
    const plant = () => {
      receiveSvr.rpcReplied = function (this: ReceiveSvrParts, read: ReadResp, readReq: ReadReq, pull: PullReq, connectSvr: number) {
        original.rpcReplied.call(this, { ...read, more: read.more || read.entries.length >= readReq.limit }, readReq, pull, connectSvr);
      };
    };
    const verdicts = plantedVerdicts((seed) => verdictOf('timeliness', 'group-storm', seed, true), ['2'], plant);
    for (const failed of verdicts) expect(failed).toMatchObject({ ok: false, first: { kind: 'page-more', detail: 'page-more: the device asked for a next page though no read for its pull was cut short (MsgStore held nothing above the pages it read)' } });
  });
});
