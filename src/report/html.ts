// report.html: the same facts as the terminal and Markdown reports (verdict, each invariant,
// messages, latency, faults, the violation and its causal slice), plus latency plots per device
// class, the fault timeline, and a sequence diagram of one message's hops with a picker for the
// others. One self-contained file: inline style, inline SVG, and a small inline script that
// redraws the diagram from data embedded as JSON.
import { DEVICE_CLASSES } from '../oracle/latency.js';
import { COST_COLUMNS, COST_NOTE, costRows } from './costRows.js';
import { escapeHtml, scriptJson } from './escapeHtml.js';
import { deadlineText, entity, fieldsText, formatCount, formatMs, formatSeconds, LATENCY_BOUNDS_NOTE, LATENCY_COLUMNS, latencyRows } from './format.js';
import type { HtmlReportData } from './htmlData.js';
import { htmlPage } from './htmlPage.js';
import type { MessageTimeline } from './messageHops.js';
import { sequenceSvg } from './sequenceDiagram.js';
import { faultTimelineSvg, latencyCdfSvg, latencyHistogramSvg, type TimelineMark } from './svgCharts.js';

export function runHtml(data: HtmlReportData): string {
  const { report } = data;
  const body = [header(data), violation(data), invariants(data), messages(data), latency(data), cost(data), faults(data), sequence(data), slice(data), footer(data)].join('\n');
  return htmlPage(`seqsim ${report.scenario} seed ${report.seed}: ${report.outcome.toUpperCase()}`, body, pickerScript(data));
}

function header({ report, reproduced }: HtmlReportData): string {
  const input = report.input;
  const speed = report.wallTimeMs > 0 ? `${formatCount(report.virtualTimeMs / report.wallTimeMs)}x real time` : 'instant';
  const lines = [
    `<header class="verdict ${report.outcome}">`,
    `<h1>seqsim ${escapeHtml(report.scenario)} <span class="seed">seed ${escapeHtml(report.seed)}</span> <span class="badge" id="verdict">${report.outcome.toUpperCase()}</span></h1>`,
    input.scenario.description === '' ? '' : `<p class="description">${escapeHtml(input.scenario.description)}</p>`,
    `<p class="meta">${formatSeconds(report.virtualTimeMs)} virtual in ${formatCount(report.wallTimeMs)} ms wall (${speed}), ${formatCount(report.events)} events, trace <span class="mono">${escapeHtml(report.traceHash)}</span>, seqsim ${escapeHtml(report.version)}` +
      `${input.mutants.length === 0 ? '' : `; planted bugs: ${escapeHtml(input.mutants.join(', '))}`}${input.swarm ? '; swarm faults' : ''}` +
      `${input.set.length === 0 ? '' : `; set: ${escapeHtml(input.set.join(', '))}`}</p>`,
    `<p>Replay: <code class="replay">${escapeHtml(report.replay)}</code></p>`,
    report.abort === null ? '' : `<p class="fail">Aborted: ${escapeHtml(report.abort)}</p>`,
    reproduced ? '' : '<p class="warning">Replaying this run for the page gave another trace hash (nondeterminism!): the plots and diagrams below may not match it.</p>',
    '</header>',
  ];
  return lines.filter((line) => line !== '').join('\n');
}

function violation({ report }: HtmlReportData): string {
  const found = report.violationReport;
  if (found === null) return '';
  const v = found.violation;
  return [
    '<section class="violation" id="violation">',
    `<h2>Violation of ${escapeHtml(v.invariant)} at ${formatMs(v.timeUs / 1000)} ms</h2>`,
    `<p>${escapeHtml(v.detail)}</p>`,
    entity(v) === '' ? '' : `<p><b>${escapeHtml(entity(v))}</b>${v.msgId === null ? '' : ' (its hops are drawn <a href="#sequence-section">below</a>)'}</p>`,
    v.event === null ? '' : `<p class="muted">First bad event: #${v.event.index} <span class="mono">${escapeHtml(v.event.kind)}</span> by ${escapeHtml(v.event.actor)}</p>`,
    v.deadline === null ? '' : `<p id="deadline">Missed: ${escapeHtml(deadlineText(v.deadline))}</p>`,
    found.reproduced ? '' : '<p class="warning">Replaying with the full trace gave another trace hash (nondeterminism!).</p>',
    '</section>',
  ].join('\n');
}

function invariants({ report }: HtmlReportData): string {
  const rows = report.invariants.map(
    (invariant) =>
      `<tr data-invariant="${escapeHtml(invariant.name)}"><td class="mono">${escapeHtml(invariant.name)}</td>` +
      `<td class="${invariant.ok ? 'ok' : 'fail'}">${invariant.ok ? 'ok' : 'FAIL'}</td><td class="num">${formatCount(invariant.violations)}</td>` +
      `<td>${invariant.first === null ? '' : escapeHtml(invariant.first.detail)}</td></tr>`,
  );
  return `<h2>Invariants</h2>\n<table id="invariants"><thead><tr><th>invariant</th><th>verdict</th><th class="num">violations</th><th>first violation</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function messages({ report }: HtmlReportData): string {
  const m = report.messages;
  const card = (label: string, value: string, bad = false) => `<div class="${bad ? 'card bad' : 'card'}"><b>${value}</b>${label}</div>`;
  return [
    '<h2>Messages</h2>',
    '<div class="cards">',
    card('sent', formatCount(m.sent)),
    card('acked', formatCount(m.acked)),
    card('rejected', formatCount(m.rejected)),
    card('abandoned', formatCount(m.abandoned)),
    card('deliveries', `${formatCount(m.deliveries)}/${formatCount(m.expectedDeliveries)}`, m.deliveries < m.expectedDeliveries),
    card('lost', formatCount(m.lost), m.lost > 0),
    card('duplicates', formatCount(m.duplicates), m.duplicates > 0),
    '</div>',
  ].join('\n');
}

function latency({ report, latency: distributions }: HtmlReportData): string {
  const out = [
    '<h2>Latency</h2>',
    '<p class="muted">From the user pressing send to the message stored on each receiving device, in virtual time. <i>healthy</i>: sender and receiver connected since before the send, no fault active or recent; <i>woken</i>: a background app woken by a platform push; <i>reconnected</i>: anything else.</p>',
    `<table><thead><tr><th>latency (ms)</th>${LATENCY_COLUMNS.map((column) => `<th class="num">${column}</th>`).join('')}</tr></thead><tbody>`,
    ...latencyRows(report).map(([name, cells]) => `<tr><td>${name}</td>${cells.map((cell) => `<td class="num">${cell}</td>`).join('')}</tr>`),
    `</tbody></table>\n<p class="muted">${escapeHtml(LATENCY_BOUNDS_NOTE)}.</p>`,
  ];
  for (const deviceClass of DEVICE_CLASSES) {
    const distribution = distributions[deviceClass];
    const p = report.latencyByClassMs[deviceClass];
    out.push(`<h3>${deviceClass}: ${formatCount(p.count)} deliveries${p.count === 0 ? '' : `, p50 ${formatMs(p.p50)} ms, p99 ${formatMs(p.p99)} ms`}</h3>`);
    if (distribution.count === 0) {
      out.push('<p class="muted">No deliveries in this class.</p>');
      continue;
    }
    const boundMs = deviceClass === 'healthy' ? report.latencyBoundMs : null;
    out.push(
      `<div class="plots" data-class="${deviceClass}">`,
      latencyHistogramSvg(distribution, boundMs, `${deviceClass} latency histogram`),
      latencyCdfSvg(distribution, boundMs, `${deviceClass} latency CDF`),
      '</div>',
    );
  }
  return out.join('\n');
}

function cost({ report }: HtmlReportData): string {
  const rows = costRows(report.cost).map(([figure, value, madeOf]) => `<tr><td class="mono">${figure}</td><td class="num">${escapeHtml(value)}</td><td>${escapeHtml(madeOf)}</td></tr>`);
  return [
    '<h2>Cost</h2>',
    `<table id="cost"><thead><tr>${COST_COLUMNS.map((column, i) => `<th${i === 1 ? ' class="num"' : ''}>${column}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`,
    `<p class="muted">${escapeHtml(COST_NOTE)}</p>`,
  ].join('\n');
}

function faults({ report, faults: timeline }: HtmlReportData): string {
  const fired = Object.entries(report.faults).sort(([a], [b]) => a.localeCompare(b));
  const marks: TimelineMark[] = [];
  const v = report.violationReport?.violation;
  if (v !== undefined) marks.push({ atMs: v.timeUs / 1000, label: `${v.invariant} broke`, colour: '#c0392b' });
  if (timeline.healMs !== null) marks.push({ atMs: timeline.healMs, label: 'heal', colour: '#1e7f4f' });
  if (report.quietAtMs !== null) marks.push({ atMs: report.quietAtMs, label: 'quiet', colour: '#5c6370' });
  return [
    '<h2>Faults</h2>',
    `<p>${report.faultsFired} of ${report.faultsScheduled} scheduled faults fired${fired.length === 0 ? '; nothing else went wrong.' : `; counts: ${fired.map(([kind, count]) => `${escapeHtml(kind)} ${formatCount(count)}`).join(', ')}.`}</p>`,
    `<div class="scroll" id="fault-timeline">${faultTimelineSvg(timeline, marks)}</div>`,
    timeline.omittedRows === 0 ? '' : `<p class="muted">${timeline.omittedRows} more fault rows not drawn.</p>`,
  ].join('\n');
}

function sequence(data: HtmlReportData): string {
  const focus = data.messages.find((message) => message.msgId === data.focusMsgId);
  if (focus === undefined) return '<h2 id="sequence-section">Message hops</h2>\n<p class="muted">No message was sent in this run.</p>';
  const violating = new Set(data.violatingMsgIds);
  const options = data.messages.map(
    (message) => `<option value="${message.msgId}"${message === focus ? ' selected' : ''}>${escapeHtml(optionText(message, violating.has(message.msgId)))}</option>`,
  );
  return [
    '<h2 id="sequence-section">Message hops</h2>',
    '<p class="muted">Every event that names the message, and for each device that should hold it, the pull that carried it (pull, MsgStore read, cursor). Arrows run from each hop to the next it caused on another lane, labelled with the event and the time since; open circles are relays (ConnectSvr, ReceiveSvr, MsgStore) that log nothing about the message itself.</p>',
    `<div class="picker"><label for="message-picker">Message</label><select id="message-picker">${options.join('')}</select>` +
      `<span class="muted">${data.messages.length} messages${data.omittedMessages === 0 ? '' : ` of ${data.messages.length + data.omittedMessages} (the rest: <code>seqsim explain report.json --message ID</code>)`}</span></div>`,
    `<p id="sequence-caption">${escapeHtml(caption(focus))}</p>`,
    `<div class="scroll" id="sequence">${sequenceSvg(focus, escapeHtml)}</div>`,
  ].join('\n');
}

function slice({ report }: HtmlReportData): string {
  const found = report.violationReport;
  if (found === null) return '';
  const rows = found.slice.map(
    (event) => `<tr><td class="num mono">${formatMs(event.timeMs)}</td><td>${escapeHtml(event.actor)}</td><td class="mono">${escapeHtml(event.kind)}</td><td class="mono">${escapeHtml(fieldsText(event.fields))}</td></tr>`,
  );
  return [
    '<h2>Causal slice</h2>',
    `<details open><summary>${found.slice.length} events: the message's hops and what the device did, up to the violation</summary>`,
    `<table><thead><tr><th class="num">time (ms)</th><th>component</th><th>event</th><th>fields</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    '</details>',
  ].join('\n');
}

function footer({ report }: HtmlReportData): string {
  return `<footer>seqsim ${escapeHtml(report.version)} · this page is self-contained: it loads nothing · replay with <span class="mono">${escapeHtml(report.replay)}</span></footer>`;
}

function optionText(message: MessageTimeline, violating: boolean): string {
  return `${message.title.replace(/^message /, '#')} · ${message.delivered}/${message.expected} stored${violating ? ' · violation' : ''}`;
}

function caption(message: MessageTimeline): string {
  return `${message.title}: stored on ${message.delivered} of the ${message.expected} devices that should hold it.`;
}

/** The message data, then the renderer, escapeHtml and caption shipped as their own source, and the picker's handler. */
function pickerScript(data: HtmlReportData): string {
  if (data.messages.length === 0) return '';
  return [
    `<script type="application/json" id="seqsim-messages">${scriptJson(data.messages)}</script>`,
    '<script>',
    escapeHtml.toString(),
    sequenceSvg.toString(),
    caption.toString(),
    `(() => {
  const messages = JSON.parse(document.getElementById('seqsim-messages').textContent);
  const picker = document.getElementById('message-picker');
  picker.addEventListener('change', () => {
    const message = messages.find((m) => String(m.msgId) === picker.value);
    if (message === undefined) return;
    document.getElementById('sequence').innerHTML = sequenceSvg(message, escapeHtml);
    document.getElementById('sequence-caption').textContent = caption(message);
  });
})();`,
    '</script>',
  ].join('\n');
}
