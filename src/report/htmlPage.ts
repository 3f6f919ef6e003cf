// The frame of seqsim's HTML pages (a run's report.html, a sweep's index.html): one file with its
// style inline, nothing loaded from anywhere. The title is escaped here; the body comes escaped.
import { escapeHtml } from './escapeHtml.js';

const STYLE = `
:root { --ink: #1f2430; --muted: #5c6370; --line: #d8dde6; --panel: #f6f8fb; --ok: #1e7f4f; --bad: #c0392b; --warn: #b7791f; --accent: #2f5fb3; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1280px; margin: 0 auto; padding: 0 24px 48px; }
header.verdict { padding: 20px 24px; margin: 0 -24px 8px; border-bottom: 4px solid var(--ok); background: #eef8f2; }
header.verdict.failed, header.verdict.aborted { border-color: var(--bad); background: #fbeeec; }
h1 { margin: 0 0 6px; font-size: 24px; }
h1 .seed { color: var(--muted); font-weight: 500; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 4px; color: #fff; background: var(--ok); font-size: 16px; vertical-align: 3px; letter-spacing: .04em; }
.failed .badge, .aborted .badge, .badge.bad { background: var(--bad); }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 16px 0 6px; }
.meta, .muted { color: var(--muted); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
code.replay { display: inline-block; padding: 3px 8px; background: #fff; border: 1px solid var(--line); border-radius: 4px; user-select: all; }
.violation { border-left: 4px solid var(--bad); background: #fdf3f2; padding: 10px 16px; margin: 16px 0; }
.violation h2 { border: 0; margin: 0 0 6px; color: var(--bad); }
.warning { border-left: 4px solid var(--warn); background: #fdf7ea; padding: 8px 14px; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
td.num, th.num { text-align: right; padding-right: 16px; }
.ok { color: var(--ok); font-weight: 600; }
.fail { color: var(--bad); font-weight: 700; }
td.fail { white-space: nowrap; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.card b { display: block; font-size: 20px; }
.card.bad b { color: var(--bad); }
.plots { display: flex; flex-wrap: wrap; gap: 12px; }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
svg.chart { background: #fff; }
svg .grid { stroke: #eceff4; }
svg .axis { stroke: #7b8494; }
svg .tick { font-size: 11px; fill: var(--muted); }
svg .axis-label { font-size: 12px; fill: var(--ink); }
svg .bar { fill: var(--accent); }
svg .cdf { fill: none; stroke: var(--accent); stroke-width: 2; }
svg .bound { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .bound-label { font-size: 11px; fill: var(--bad); }
svg .mark { font-size: 11px; }
svg .row-label { font-size: 12px; fill: var(--ink); }
svg .span { opacity: .85; }
svg text { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg .lane-head { fill: var(--panel); stroke: #b8c1d1; }
svg .lane.flagged .lane-head { fill: #fbeeec; stroke: var(--bad); stroke-width: 2; }
svg .lane-title { font-size: 13px; font-weight: 700; fill: var(--ink); }
svg .lane.flagged .lane-title { fill: var(--bad); }
svg .lane-subtitle { font-size: 11px; fill: var(--muted); }
svg .lifeline { stroke: #b8c1d1; stroke-dasharray: 4 4; }
svg .time { font-size: 11px; fill: var(--muted); font-family: ui-monospace, Menlo, Consolas, monospace; }
svg .arrow { stroke: #3b4252; stroke-width: 1.4; }
svg .arrow-label { font-size: 11px; font-weight: 600; fill: var(--accent); }
svg .relay { fill: #fff; stroke: #3b4252; stroke-width: 1.4; }
svg .relay-label { font-size: 10px; fill: var(--muted); }
svg .dot { fill: #3b4252; }
svg .dot.bad { fill: var(--bad); }
svg .hop-label { font-size: 12px; fill: var(--ink); }
svg .hop-label.bad { fill: var(--bad); font-weight: 700; }
.picker { display: flex; align-items: center; gap: 10px; margin: 8px 0; flex-wrap: wrap; }
.picker select { font: inherit; padding: 3px 6px; max-width: 640px; }
details > summary { cursor: pointer; color: var(--accent); }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
`;

export function htmlPage(title: string, body: string, script = ''): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing is fetched: the page's style and script are inline, and the browser is told so.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<main>${body}</main>`,
    script,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
