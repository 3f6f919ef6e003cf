// Escaping for report.html: every string that reaches the page from input (a scenario's name or
// description, violation details, process names) goes through escapeHtml; data for the page's
// script goes through scriptJson. escapeHtml is also shipped to the page itself (see html.ts),
// so it must stay self-contained.

/** Text safe inside an HTML element or a quoted attribute value (SVG too). */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** JSON safe inside <script type="application/json">: no `<`, so no `</script>` or `<!--`. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
