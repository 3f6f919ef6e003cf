// What a device does with ReceiveSvr's answers to its pulls. Its Seq_cli moves only on an answer a
// MsgStore read for it since its pull began (client-cursor), and a page MsgStore cut short makes it
// ask for the next at once (timeliness). A ReceiveSvr that answered "nothing new" when its read of
// MsgStore gave up, instead of staying silent (the device's pull then times out and asks again),
// ended catch-ups with no data; one that worked "more" out from a page's entry count ended a slow
// link's catch-up after the first page its byte budget cut. The rest waited for the next hint or
// periodic pull, within every deadline, and neither broke any other rule.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api.js';
import { ReceiveSvr } from '../../src/system/receiveSvr.js';
import type { PullReq, ReadReq, ReadResp } from '../../src/system/wire.js';

type GaveUp = (this: ReceiveSvr, readReq: ReadReq, pull: PullReq, connectSvr: number) => void;
type Replied = (this: ReceiveSvr, read: ReadResp, readReq: ReadReq, pull: PullReq, connectSvr: number) => void;
const proto = ReceiveSvr.prototype as unknown as { rpcGaveUp: GaveUp; rpcReplied: Replied; send(to: number, message: unknown): void; knobs: { pageSize: number } };
const { rpcGaveUp, rpcReplied } = proto;

afterEach(() => {
  proto.rpcGaveUp = rpcGaveUp;
  proto.rpcReplied = rpcReplied;
});

const verdict = (scenario: string, seed: string, swarm: boolean, invariant: string) => runScenario(scenario, { seed, swarm }).invariants.find((i) => i.name === invariant)!;

/** The correct system keeps `invariant` on the runs; with the plant each fails it, first with `detail`. */
function plantFails(runs: readonly [string, string, boolean][], invariant: string, plant: () => void, detail: RegExp): void {
  for (const [scenario, seed, swarm] of runs) expect(verdict(scenario, seed, swarm, invariant).ok, `${scenario} ${seed}`).toBe(true);
  plant();
  for (const [scenario, seed, swarm] of runs) {
    const found = verdict(scenario, seed, swarm, invariant);
    expect(found.ok, `${scenario} ${seed}`).toBe(false);
    expect(found.first?.detail).toMatch(detail);
  }
}

describe("ReceiveSvr's answers", () => {
  it('come from a MsgStore read, and a ReceiveSvr that answers "nothing new" when its read gives up fails client-cursor', () => {
    // Swarm seeds of seqsvr-restart where a read of MsgStore gives up while a device pulls.
    const runs: [string, string, boolean][] = [['seqsvr-restart', '9', true], ['seqsvr-restart', '24', true], ['seqsvr-restart', '38', true]];
    // The planted bug: the give-up is answered as an empty page ending at the device's own cursor.
    const plant = () => {
      proto.rpcGaveUp = function (readReq, pull, connectSvr) {
        const resp = { type: 'pull-resp', reqId: pull.reqId, seqCli: pull.seqCli, entries: [], bound: pull.seqCli, more: false, seqSvr: pull.seqCli };
        (this as unknown as typeof proto).send(connectSvr, { type: 'pull-rpc-resp', device: readReq.device, resp });
      };
    };
    plantFails(runs, 'client-cursor', plant, /^Seq_cli was written \(\d+\) on an answer to a pull no MsgStore read for$/);
  });

  it('say there is more when MsgStore cut the page short, and a ReceiveSvr that counts entries instead fails timeliness', () => {
    const runs: [string, string, boolean][] = [['gprs-backlog', '1', false], ['gprs-backlog', '2', false], ['gprs-backlog', '3', false]];
    // The planted bug: "more" only for a page of pageSize entries; a page the byte budget cut says it is the last.
    const plant = () => {
      proto.rpcReplied = function (read, readReq, pull, connectSvr) {
        const pageSize = (this as unknown as typeof proto).knobs.pageSize;
        rpcReplied.call(this, { ...read, more: read.entries.length >= pageSize }, readReq, pull, connectSvr);
      };
    };
    plantFails(runs, 'timeliness', plant, /^pages: the device stored a page that MsgStore had cut short \(committed entries above its bound \d+\) and asked for no next page$/);
  });
});
