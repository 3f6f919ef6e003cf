// timeliness, page-budget: a pull asks for the page budget of the link its device is on as it asks.
// An app that worked the budget out once per session, from the link at login, asked for wifi-sized
// pages on GPRS (a catch-up three times as long in a swarm run), and passed all 80 runs of
// gprs-backlog, weak-2g, subway-tunnel and elevator-flaps, seeds 1-10 plain and swarm: a weak link
// is a fault, and the rules on pages excuse a device a fault touched.
import { afterEach, describe, expect, it } from 'vitest';
import { Device } from '../../src/system/device.js';
import { plantedVerdicts, verdictOf } from './plants.js';

interface DeviceParts {
  readonly conn: object | undefined;
  pageBytesBudget(bandwidthKbps: number | undefined): number;
}
const device = Device.prototype as unknown as DeviceParts;
const { pageBytesBudget } = device;

afterEach(() => {
  device.pageBytesBudget = pageBytesBudget;
});

describe("a pull's page budget", () => {
  it('fits the link as the pull goes, and an app that keeps the one of its login fails timeliness', () => {
    const budgets = new WeakMap<object, number>();
    const plant = () => {
      device.pageBytesBudget = function (this: DeviceParts, bandwidthKbps: number | undefined) {
        // The planted bug: the budget of the link the session began on.
        const conn = this.conn!;
        if (!budgets.has(conn)) budgets.set(conn, pageBytesBudget.call(this, bandwidthKbps));
        return budgets.get(conn)!;
      };
    };
    const detail = /^page-budget: device-u\d+-\d+ asked from Seq_cli \d+ for pages of \d+ bytes on the subway-tunnel profile, which carries \d+ bytes in half the pull timeout it keeps there$/;
    const verdicts = plantedVerdicts((seed) => verdictOf('timeliness', 'subway-tunnel', seed), ['1', '2', '3'], plant);
    for (const failed of verdicts) expect(failed).toMatchObject({ ok: false, first: { kind: 'page-budget', detail: expect.stringMatching(detail) } });
  });
});
