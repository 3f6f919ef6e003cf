// Datagrams of some types that the network lost, by link and time. A promise that rests on a single
// datagram nobody resends (a hint: SendSvr's push request, then PushSvr's notice to the device's
// ConnectSvr) cannot hold on data-centre links that lose datagrams by design
// (network.dataCenter.lossRate): the oracle asks here whether the one it rested on was lost, rather
// than excusing every hint of the run. Losses to a fault are the fault's: Disturbances explains those.
import type { Simulation } from '../sim/simulation.js';

export class DatagramLosses {
  /** Per type, per link (from, to), the times of its losses, in order. */
  private readonly byType = new Map<string, Map<number, number[]>>();

  constructor(sim: Simulation, types: readonly string[]) {
    for (const type of types) {
      const links = new Map<number, number[]>();
      this.byType.set(type, links);
      sim.network.watch(type, (to, from, delivered) => {
        if (delivered) return;
        const key = linkKey(from, to);
        let times = links.get(key);
        if (times === undefined) links.set(key, (times = []));
        times.push(sim.nowUs);
      });
    }
  }

  /** Whether a datagram of `type` from `from` to `to` was lost during [fromUs, toUs]. */
  lostBetween(type: string, from: number, to: number, fromUs: number, toUs: number): boolean {
    const times = this.byType.get(type)?.get(linkKey(from, to));
    if (times === undefined) return false;
    // Asked about recent times: look from the newest back.
    for (let i = times.length - 1; i >= 0 && times[i]! >= fromUs; i--) if (times[i]! <= toUs) return true;
    return false;
  }
}

function linkKey(from: number, to: number): number {
  return from * 2 ** 26 + to;
}
