// A string is redacted by collecting the spans every rule found, then rebuilding it once, so rules
// never see each other's output and overlapping findings merge into one marker.

export interface Span {
  start: number;
  end: number;
  rule: string;
}

export function redactedMarker(rule: string): string {
  return `[REDACTED:${rule}]`;
}

/** `text` with every span replaced by its marker; overlapping or touching spans become one. */
export function applySpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  if (spans.length > 1) spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let pos = 0;
  let i = 0;
  while (i < spans.length) {
    const first = spans[i];
    let end = first.end;
    i++;
    while (i < spans.length && spans[i].start <= end) {
      if (spans[i].end > end) end = spans[i].end;
      i++;
    }
    out += text.slice(pos, first.start) + redactedMarker(first.rule);
    pos = end;
  }
  return out + text.slice(pos);
}
