// The sequence diagram of one message's hops as SVG: a lane per role (see messageHops.ts), a row
// per hop in time order, and an arrow into each hop from the hop it followed on another lane,
// labelled with the event kind and how long after its cause it came; relays sit as small circles
// where the arrow crosses their lane. html.ts draws it for the first message and ships this very
// function's source to the page, which redraws it when another message is picked: so it must stay
// self-contained, with no name from outside it (escapeHtml comes in as `escape`).
import type { MessageTimeline } from './messageHops.js';

/** `escape` is escapeHtml (escapeHtml.ts), passed in so that this function names nothing outside it. */
export function sequenceSvg(timeline: MessageTimeline, escape: (text: string) => string): string {
  const laneWidthPx = 112;
  const gutterPx = 88;
  const headerPx = 64;
  const rowPx = 32;
  const { lanes, hops } = timeline;
  const width = gutterPx + lanes.length * laneWidthPx + 8;
  const height = headerPx + (hops.length + (timeline.omittedHops > 0 ? 2 : 1)) * rowPx;
  const laneX = (lane: number) => gutterPx + (lane + 0.5) * laneWidthPx;
  const rowY = (hop: number) => headerPx + (hop + 0.5) * rowPx + 6;
  const timeMs = (us: number) => (us / 1000).toLocaleString('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const deltaMs = (us: number) => `+${(us / 1000).toLocaleString('en-US', { maximumFractionDigits: us < 10_000 ? 2 : us < 100_000 ? 1 : 0 })} ms`;
  const text = (x: number, y: number, cls: string, anchor: string, content: string) =>
    `<text class="${cls}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}">${escape(content)}</text>`;

  // Drawn in layers, so that no line crosses a label: lanes, arrows, dots, labels.
  const laneLayer: string[] = [text(gutterPx - 10, 36, 'lane-subtitle', 'end', 'time (ms)')];
  const arrowLayer: string[] = [];
  const dotLayer: string[] = [];
  const labelLayer: string[] = [];
  lanes.forEach((lane, i) => {
    const x = laneX(i);
    laneLayer.push(
      `<g class="${lane.flagged ? 'lane flagged' : 'lane'}" data-lane="${escape(lane.title)}">`,
      `<rect class="lane-head" x="${x - laneWidthPx / 2 + 4}" y="6" width="${laneWidthPx - 8}" height="${headerPx - 18}" rx="6"><title>${escape(`${lane.title}: ${lane.subtitle}`)}</title></rect>`,
      text(x, 26, 'lane-title', 'middle', lane.flagged ? `⚠ ${lane.title}` : lane.title),
      text(x, 42, 'lane-subtitle', 'middle', lane.subtitle),
      `<line class="lifeline" x1="${x}" x2="${x}" y1="${headerPx - 12}" y2="${height - 6}"/>`,
      '</g>',
    );
  });

  hops.forEach((hop, i) => {
    const y = rowY(i);
    const x = laneX(hop.lane);
    const bad = i === timeline.badHop;
    labelLayer.push(text(gutterPx - 10, y + 4, 'time', 'end', timeMs(hop.timeUs)));
    const cause = hop.cause >= 0 ? hops[hop.cause] : undefined;
    const arrow = cause !== undefined && cause.lane !== hop.lane;
    const lane = lanes[hop.lane];
    const parts = [arrow ? '' : hop.kind, lane !== undefined && lane.title === hop.actor ? '' : hop.actor, hop.fields, bad ? '⚠ the invariant broke here' : ''];
    const label = parts.filter((part) => part !== '').join(' · ');
    // The hop's label goes on the side the arrow does not come from, unless it would run off
    // the diagram (or into the time column) there; then below the arrow's label.
    const labelWidthPx = label.length * 6.5;
    const arrowFromLeft = arrow && cause.lane < hop.lane;
    const fitsLeft = x - 10 - labelWidthPx > gutterPx;
    const fitsRight = x + 10 + labelWidthPx < width;
    const preferRight = arrow ? arrowFromLeft : hop.lane < lanes.length / 2;
    const labelRight = preferRight ? fitsRight || !fitsLeft : !fitsLeft && fitsRight;
    const sharesSide = arrow && labelRight !== arrowFromLeft;
    if (arrow) {
      const x1 = laneX(cause.lane);
      const y1 = rowY(hop.cause);
      const direction = Math.sign(x - x1);
      arrowLayer.push(`<line class="arrow" x1="${x1}" y1="${y1}" x2="${x - direction * 6}" y2="${y}" marker-end="url(#seq-arrow)"/>`);
      const crossed = hop.via.filter((relay) => (relay.lane - cause.lane) * (relay.lane - hop.lane) < 0);
      for (const relay of crossed) {
        const rx = laneX(relay.lane);
        const ry = y1 + ((rx - x1) / (x - x1)) * (y - y1);
        dotLayer.push(`<circle class="relay" cx="${rx}" cy="${ry.toFixed(1)}" r="4"><title>${escape(`relayed by ${relay.name}`)}</title></circle>`);
        // Named when its lane's header does not already say which instance it is.
        if (lanes[relay.lane]?.subtitle !== relay.name) labelLayer.push(text(rx + 6, ry + 13, 'relay-label', 'start', relay.name));
      }
      const elsewhere = hop.via.filter((relay) => !crossed.includes(relay)).map((relay) => ` via ${relay.name}`);
      labelLayer.push(text(x - direction * 10, y - 7, 'arrow-label', direction > 0 ? 'end' : 'start', `${hop.kind} ${deltaMs(hop.timeUs - cause.timeUs)}${elsewhere.join('')}`));
    }
    dotLayer.push(`<circle class="${bad ? 'dot bad' : 'dot'}" cx="${x}" cy="${y}" r="${bad ? 7 : 5}"/>`);
    labelLayer.push(text(labelRight ? x + 10 : x - 10, sharesSide ? y + 10 : y + 4, bad ? 'hop-label bad' : 'hop-label', labelRight ? 'start' : 'end', label));
  });
  if (timeline.omittedHops > 0) labelLayer.push(text(gutterPx, rowY(hops.length) + 4, 'lane-subtitle', 'start', `… ${timeline.omittedHops} later hops not shown`));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="sequence" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-message="${timeline.msgId}" role="img" aria-label="${escape(timeline.title)}">`,
    '<defs><marker id="seq-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#3b4252"/></marker></defs>',
    ...laneLayer,
    ...arrowLayer,
    ...dotLayer,
    ...labelLayer,
    '</svg>',
  ].join('');
}
