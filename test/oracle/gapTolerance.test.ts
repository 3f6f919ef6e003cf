// gap-tolerance's loop check counts a device pulling from the same cursor again only when the
// answer to its last pull reached it: a device whose answers die on a link its server's TCP is
// giving up on retries on its pull timeout until its heartbeat timeout finds the link dead, and
// that is no loop (found by group-storm seed 323, swarm). Nor are reads from a cursor the device
// has moved past: the servers retrying tries it gave up on (a 150 ms pull timeout through a MsgStore
// outage left twenty of them, each answered, after the device had moved on).
import { describe, expect, it } from 'vitest';
import { gapTolerance, MAX_REPEATED_PULLS } from '../../src/oracle/checkers/gapTolerance.js';
import type { CheckerContext } from '../../src/oracle/checker.js';
import { Ledger } from '../../src/oracle/ledger.js';
import { Simulation } from '../../src/sim/simulation.js';
import { DirectoryModel } from '../../src/oracle/directoryModel.js';
import { EV_CURSOR, EV_DEVICE_START, EV_READ } from '../../src/system/events.js';
import { Recorder } from '../sim/recorder.js';

/** A device pulling from one cursor over and over; each answer is sent on a connection that delivers it or not. */
function reads(answered: boolean, cursor = 0): string[] {
  const sim = new Simulation({ seed: 'gap' });
  const store = sim.add(new Recorder('store'));
  const device = sim.add(new Recorder('device'));
  const conn = device.openConnection(store.id);
  sim.run();
  if (!answered) sim.network.halfOpen(conn);
  const violations: string[] = [];
  const ledger = new Ledger(sim, new DirectoryModel({ users: 1, groups: [], blacklist: [] }));
  const sink = { violate: (_invariant: string, v: { detail: string }) => violations.push(v.detail) };
  gapTolerance({ sim, ledger, sink } as unknown as CheckerContext);
  sim.trace.emit(EV_DEVICE_START, device.id, 0, 0, 0);
  if (cursor > 0) sim.trace.emit(EV_CURSOR, device.id, cursor, 0);
  for (let i = 0; i < MAX_REPEATED_PULLS + 5; i++) {
    sim.trace.emit(EV_READ, store.id, device.id, 146, 150, 4);
    store.sendOn(conn, { type: 'pull-resp' } as never);
    sim.run();
  }
  return violations;
}

describe('gap-tolerance', () => {
  it('flags a device that gets page after page from one cursor and pulls from it again', () => {
    expect(reads(true)).toEqual([`device pulled from Seq_cli 146 ${MAX_REPEATED_PULLS} times in a row without moving on`]);
  });

  it('does not flag a device whose answers never reach it', () => {
    expect(reads(false)).toEqual([]);
  });

  it('does not flag reads from below the cursor the device has moved on to', () => {
    expect(reads(true, 147)).toEqual([]);
    // From the cursor itself they are the device's own pulls again.
    expect(reads(true, 146)).toHaveLength(1);
  });
});
