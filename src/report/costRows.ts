// A run's cost as rows of figure, value and what went into it: the one table the terminal,
// Markdown and HTML reports each print.
import type { RunCost } from '../oracle/cost.js';
import { QUEUE_UNITS, SERVER_KINDS } from '../oracle/serverLoad.js';
import { formatBytes, formatCount } from './format.js';

export const COST_COLUMNS = ['cost', 'value', 'made of'] as const;

/** How the rows are measured, for the note under each table. */
export const COST_NOTE =
  'Measured from the trace. Per delivery: per entry newly stored on a device other than the sender\'s; per send and per message: per acked send. ' +
  'Bytes follow the size model of each wire message (README, "Cost metrics"). Peak queues are the most work one instance owed at once; ' +
  'busy time needs service times, which the system does not model yet.';

export function costRows(cost: RunCost): [string, string, string][] {
  const reasons = Object.entries(cost.pullsByReason)
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([reason, n]) => `${reason} ${formatCount(n)}`);
  const rpcs = Object.entries(cost.rpcsByType)
    .sort(([, a], [, b]) => b - a)
    .map(([type, n]) => `${type} ${formatCount(n)}`);
  const queues = SERVER_KINDS.flatMap((kind) => {
    const peak = cost.servers[kind].peakQueue;
    return peak === null ? [] : [`${kind} ${formatCount(peak)} ${QUEUE_UNITS[kind]}`];
  });
  return [
    ['pullsPerDelivery', ratio(cost.pullsPerDelivery), `${formatCount(cost.pulls)} pulls${reasons.length === 0 ? '' : `: ${reasons.join(', ')}`}; ${formatCount(cost.emptyPulls)} read nothing; ${formatCount(cost.deliveries)} deliveries`],
    ['redundantEntries', formatCount(cost.redundantEntries), `of ${formatCount(cost.entriesSent)} entries sent to devices, already held there`],
    ['hintsPerDelivery', ratio(cost.hintsPerDelivery), `${formatCount(cost.hints)} hints over long connections`],
    ['platformPushes', formatCount(cost.platformPushes), 'hints handed to APNs, WPPush or BBPush'],
    ['rpcsPerSend', ratio(cost.rpcsPerSend), `${formatCount(cost.rpcs)} datagrams between servers${rpcs.length === 0 ? '' : `: ${rpcs.slice(0, 4).join(', ')}${rpcs.length > 4 ? ', ...' : ''}`}; ${formatCount(cost.ackedSends)} acked sends`],
    ['wireBytes', formatBytes(cost.wireBytes.total), `device ${formatBytes(cost.wireBytes.device)}, data centre ${formatBytes(cost.wireBytes.dataCentre)}, platform push ${formatBytes(cost.wireBytes.platformPush)}; ${cost.wireBytesPerDelivery === null ? '-' : formatBytes(cost.wireBytesPerDelivery)} per delivery`],
    ['diskWritesPerMessage', ratio(cost.diskWritesPerMessage), `${formatCount(cost.diskWrites.servers)} on servers (${formatCount(cost.allocPersists)} allocator persists), ${formatCount(cost.diskWrites.devices)} on devices`],
    ['peakQueue', '', queues.join(', ')],
    ['handled', '', SERVER_KINDS.map((kind) => `${kind} ${formatCount(cost.servers[kind].handled)}`).join(', ')],
  ];
}

function ratio(value: number | null): string {
  return value === null ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(1);
}
