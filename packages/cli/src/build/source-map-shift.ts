// Inserting text into generated code moves the generated columns after it on that line. A source map's
// `mappings` encode each segment's generated column relative to the previous segment of the same line
// (and every other field relative across lines), so shifting the segments of one line from a column on
// only changes the first such segment's column delta: one VLQ number is decoded and re-encoded.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes the first VLQ number of `text` from `at`; returns the value and where it ends. */
function decodeVlq(text: string, at: number): { value: number; end: number } {
  let result = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const digit = BASE64_VALUE.get(text[i]!);
    if (digit === undefined) throw new Error(`invalid source map mappings at ${i}`);
    i++;
    result += (digit & 31) << shift;
    shift += 5;
    if ((digit & 32) === 0) break;
  }
  const negative = (result & 1) === 1;
  const magnitude = result >>> 1;
  return { value: negative ? -magnitude : magnitude, end: i };
}

function encodeVlq(value: number): string {
  let vlq = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = vlq & 31;
    vlq >>>= 5;
    if (vlq > 0) digit |= 32;
    out += BASE64[digit];
  } while (vlq > 0);
  return out;
}

/**
 * Returns `mappings` with every segment of generated line `line` (0-based) that starts at or after
 * generated column `column` moved right by `delta` columns.
 */
export function shiftMappingsOnLine(mappings: string, line: number, column: number, delta: number): string {
  let lineStart = 0;
  for (let l = 0; l < line; l++) {
    const next = mappings.indexOf(';', lineStart);
    if (next === -1) return mappings; // the line has no segments
    lineStart = next + 1;
  }
  const lineEndAt = mappings.indexOf(';', lineStart);
  const lineEnd = lineEndAt === -1 ? mappings.length : lineEndAt;
  let segmentStart = lineStart;
  let generatedColumn = 0;
  while (segmentStart < lineEnd) {
    const { value, end } = decodeVlq(mappings, segmentStart);
    generatedColumn += value;
    if (generatedColumn >= column) {
      return mappings.slice(0, segmentStart) + encodeVlq(value + delta) + mappings.slice(end);
    }
    const comma = mappings.indexOf(',', end);
    if (comma === -1 || comma > lineEnd) break;
    segmentStart = comma + 1;
  }
  return mappings;
}
