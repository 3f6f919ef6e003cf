// The static charts of report.html as inline SVG: a latency histogram and CDF per device class
// (log scale of milliseconds) and the fault timeline against virtual time. Every string drawn goes
// through escapeHtml.
import { FAULT_KIND_NAMES } from '../faults/kinds.js';
import { escapeHtml } from './escapeHtml.js';
import type { FaultTimeline } from './faultTimeline.js';
import { formatCount } from './format.js';
import type { LatencyDistribution } from './latencyDistribution.js';

const PLOT_WIDTH_PX = 460;
const PLOT_HEIGHT_PX = 230;
const PLOT_MARGIN = { left: 56, right: 28, top: 16, bottom: 44 } as const;
const TIMELINE_WIDTH_PX = 1000;
const TIMELINE_LABEL_PX = 250;
const TIMELINE_ROW_PX = 22;
const FAULT_COLOURS = ['#d9534f', '#f0ad4e', '#5b8def', '#8e6bbf', '#3fa796', '#c2497a', '#7a8b99', '#e07b39', '#4aa3c9', '#9c9c2e', '#b5651d', '#2e8b57'];

/** Vertical lines across the fault timeline: the violation, the heal, the moment the run went quiet. */
export interface TimelineMark {
  readonly atMs: number;
  readonly label: string;
  readonly colour: string;
}

export function latencyHistogramSvg(distribution: LatencyDistribution, boundMs: number | null, title: string): string {
  const plot = new LogPlot(distribution, title);
  const maxCount = Math.max(1, ...distribution.bins.map((bin) => bin.count));
  // Headroom above the tallest bar for the bound's label.
  const y = (count: number) => plot.bottom - (count / (maxCount * 1.12)) * (plot.bottom - PLOT_MARGIN.top);
  const bars = distribution.bins
    .filter((bin) => bin.count > 0)
    .map((bin) => {
      const x0 = plot.x(bin.fromMs);
      const x1 = plot.x(bin.toMs);
      const tip = `${formatLatency(bin.fromMs)} to ${formatLatency(bin.toMs)}: ${formatCount(bin.count)} deliveries`;
      return `<rect class="bar" x="${x0 + 0.5}" y="${y(bin.count)}" width="${Math.max(1, x1 - x0 - 1)}" height="${plot.bottom - y(bin.count)}"><title>${escapeHtml(tip)}</title></rect>`;
    });
  const yTicks = niceTicks(0, maxCount, 4).filter((tick) => Number.isInteger(tick));
  return plot.svg([...plot.yAxis(yTicks.map((tick) => [y(tick), formatCount(tick)]), 'deliveries'), ...bars, ...plot.bound(boundMs, PLOT_MARGIN.top + 10)]);
}

export function latencyCdfSvg(distribution: LatencyDistribution, boundMs: number | null, title: string): string {
  const plot = new LogPlot(distribution, title);
  const y = (share: number) => plot.bottom - share * (plot.bottom - PLOT_MARGIN.top);
  let path = `M${plot.x(distribution.fromMs)},${y(0)}`;
  for (const [valueMs, share] of distribution.cdf) path += ` H${plot.x(valueMs).toFixed(1)} V${y(share).toFixed(1)}`;
  path += ` H${plot.x(distribution.toMs)}`;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => [y(share), `${share * 100}%`] as const);
  // The curve ends high on the right: the bound's label goes low.
  return plot.svg([...plot.yAxis(ticks, 'share delivered'), `<path class="cdf" d="${path}"/>`, ...plot.bound(boundMs, plot.bottom - 6)]);
}

export function faultTimelineSvg(timeline: FaultTimeline, marks: readonly TimelineMark[]): string {
  // Each mark's label on a line of its own above the rows, so that close marks stay legible.
  const top = 14 + 14 * marks.length;
  const rowsHeight = Math.max(1, timeline.rows.length) * TIMELINE_ROW_PX;
  const bottom = top + rowsHeight;
  const height = bottom + 40;
  const spanMs = Math.max(1, timeline.endMs);
  const x = (atMs: number) => TIMELINE_LABEL_PX + (Math.min(atMs, spanMs) / spanMs) * (TIMELINE_WIDTH_PX - TIMELINE_LABEL_PX - 16);
  const parts: string[] = [];
  for (const tickMs of niceTicks(0, spanMs, 10)) {
    parts.push(`<line class="grid" x1="${x(tickMs)}" x2="${x(tickMs)}" y1="${top}" y2="${bottom}"/>`);
    parts.push(`<text class="tick" x="${x(tickMs)}" y="${bottom + 14}" text-anchor="middle">${escapeHtml(formatLatency(tickMs))}</text>`);
  }
  parts.push(`<text class="axis-label" x="${(TIMELINE_LABEL_PX + TIMELINE_WIDTH_PX) / 2}" y="${bottom + 32}" text-anchor="middle">virtual time</text>`);
  timeline.rows.forEach((row, i) => {
    const rowTop = top + i * TIMELINE_ROW_PX;
    const colour = FAULT_COLOURS[(FAULT_KIND_NAMES as readonly string[]).indexOf(row.kind) % FAULT_COLOURS.length] ?? FAULT_COLOURS[0]!;
    parts.push(`<text class="row-label" x="${TIMELINE_LABEL_PX - 8}" y="${rowTop + 15}" text-anchor="end">${escapeHtml(`${row.kind} · ${row.target}`)}</text>`);
    for (const span of row.spans) {
      const tip = `${row.kind} on ${row.target}: ${formatLatency(span.startMs)} to ${formatLatency(span.endMs)}`;
      parts.push(
        `<rect class="span" x="${x(span.startMs)}" y="${rowTop + 4}" width="${Math.max(2, x(span.endMs) - x(span.startMs))}" height="${TIMELINE_ROW_PX - 8}" fill="${colour}"><title>${escapeHtml(tip)}</title></rect>`,
      );
    }
    for (const atMs of row.instantsMs) {
      const cx = x(atMs);
      const cy = rowTop + TIMELINE_ROW_PX / 2;
      parts.push(`<path class="instant" d="M${cx},${cy - 6} L${cx + 6},${cy} L${cx},${cy + 6} L${cx - 6},${cy} Z" fill="${colour}"><title>${escapeHtml(`${row.kind} on ${row.target} at ${formatLatency(atMs)}`)}</title></path>`);
    }
  });
  if (timeline.rows.length === 0) parts.push(`<text class="row-label" x="${TIMELINE_LABEL_PX - 8}" y="${top + 15}" text-anchor="end">no scheduled faults</text>`);
  marks.forEach((mark, i) => {
    const labelY = 14 + 14 * i;
    parts.push(`<line x1="${x(mark.atMs)}" x2="${x(mark.atMs)}" y1="${labelY - 10}" y2="${bottom}" stroke="${mark.colour}" stroke-width="2" stroke-dasharray="5 3"/>`);
    const labelLeft = x(mark.atMs) > TIMELINE_WIDTH_PX - 160;
    parts.push(`<text class="mark" x="${x(mark.atMs) + (labelLeft ? -5 : 5)}" y="${labelY}" text-anchor="${labelLeft ? 'end' : 'start'}" fill="${mark.colour}">${escapeHtml(`${mark.label} ${formatLatency(mark.atMs)}`)}</text>`);
  });
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${TIMELINE_WIDTH_PX}" height="${height}" viewBox="0 0 ${TIMELINE_WIDTH_PX} ${height}" role="img" aria-label="fault timeline">${parts.join('')}</svg>`;
}

/** Latency in ms or s, for axis ticks and tooltips. */
export function formatLatency(valueMs: number): string {
  if (valueMs === 0) return '0';
  if (valueMs >= 1000) return `${Number((valueMs / 1000).toPrecision(3)).toLocaleString('en-US')} s`;
  return `${Number(valueMs.toPrecision(3))} ms`;
}

/** A plot with a log-scale latency x axis, shared by the histogram and the CDF. */
class LogPlot {
  readonly bottom = PLOT_HEIGHT_PX - PLOT_MARGIN.bottom;
  private readonly logFrom: number;
  private readonly logTo: number;

  constructor(
    private readonly distribution: LatencyDistribution,
    private readonly title: string,
  ) {
    this.logFrom = Math.log10(distribution.fromMs);
    this.logTo = Math.log10(distribution.toMs);
  }

  x(valueMs: number): number {
    const share = (Math.log10(Math.min(Math.max(valueMs, this.distribution.fromMs), this.distribution.toMs)) - this.logFrom) / (this.logTo - this.logFrom);
    return PLOT_MARGIN.left + share * (PLOT_WIDTH_PX - PLOT_MARGIN.left - PLOT_MARGIN.right);
  }

  yAxis(ticks: readonly (readonly [number, string])[], label: string): string[] {
    const left = PLOT_MARGIN.left;
    const parts = ticks.map(
      ([y, text]) => `<line class="grid" x1="${left}" x2="${PLOT_WIDTH_PX - PLOT_MARGIN.right}" y1="${y}" y2="${y}"/><text class="tick" x="${left - 6}" y="${y + 4}" text-anchor="end">${escapeHtml(text)}</text>`,
    );
    const middle = (PLOT_MARGIN.top + this.bottom) / 2;
    parts.push(`<text class="axis-label" transform="translate(14 ${middle}) rotate(-90)" text-anchor="middle">${escapeHtml(label)}</text>`);
    return parts;
  }

  /** The latency bound as a vertical line, when it applies and lies in range; its label at `labelY`. */
  bound(boundMs: number | null, labelY: number): string[] {
    if (boundMs === null || boundMs < this.distribution.fromMs || boundMs > this.distribution.toMs) return [];
    const x = this.x(boundMs);
    // The label goes inside the plot, on whichever side of the line has room.
    const labelLeft = x > (PLOT_MARGIN.left + PLOT_WIDTH_PX) / 2;
    const label = `<text class="bound-label" x="${labelLeft ? x - 4 : x + 4}" y="${labelY}" text-anchor="${labelLeft ? 'end' : 'start'}">bound ${escapeHtml(formatLatency(boundMs))}</text>`;
    return [`<line class="bound" x1="${x}" x2="${x}" y1="${PLOT_MARGIN.top}" y2="${this.bottom}"/>${label}`];
  }

  svg(content: readonly string[]): string {
    const parts = [...content];
    // Ticks at 1, 2 and 5 of each decade; labels at every one while the decades are few.
    const decades = Math.round(this.logTo) - Math.round(this.logFrom);
    for (let decade = Math.round(this.logFrom); decade <= Math.round(this.logTo); decade++) {
      for (const multiple of decade === Math.round(this.logTo) ? [1] : [1, 2, 5]) {
        const valueMs = multiple * 10 ** decade;
        const x = this.x(valueMs);
        const label = multiple === 1 || decades <= 2 ? `<text class="tick" x="${x}" y="${this.bottom + 18}" text-anchor="middle">${escapeHtml(formatLatency(valueMs))}</text>` : '';
        parts.push(`<line class="axis" x1="${x}" x2="${x}" y1="${this.bottom}" y2="${this.bottom + (multiple === 1 ? 6 : 3)}"/>${label}`);
      }
    }
    parts.push(`<line class="axis" x1="${PLOT_MARGIN.left}" x2="${PLOT_WIDTH_PX - PLOT_MARGIN.right}" y1="${this.bottom}" y2="${this.bottom}"/>`);
    parts.push(`<text class="axis-label" x="${(PLOT_MARGIN.left + PLOT_WIDTH_PX - PLOT_MARGIN.right) / 2}" y="${PLOT_HEIGHT_PX - 8}" text-anchor="middle">send to stored (log scale)</text>`);
    return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${PLOT_WIDTH_PX}" height="${PLOT_HEIGHT_PX}" viewBox="0 0 ${PLOT_WIDTH_PX} ${PLOT_HEIGHT_PX}" role="img" aria-label="${escapeHtml(this.title)}">${parts.join('')}</svg>`;
  }
}

/** Round tick values from `from` to `to`: steps of 1, 2 or 5 times a power of ten. */
function niceTicks(from: number, to: number, targetCount: number): number[] {
  const rough = (to - from) / Math.max(1, targetCount);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = Math.ceil(from / step) * step; tick <= to + step * 1e-9; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}
