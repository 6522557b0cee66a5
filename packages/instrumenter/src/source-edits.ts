// Instrumented code is the original text with insertions only: every original token keeps its line
// (and its column, unless something was inserted before it on the same line). That is what keeps
// stack traces pointing at the user's lines without source maps at run time.

export interface Insertion {
  at: number;
  text: string;
  /** Opening insertions of outer constructs go first at one position; closing ones go last. */
  opening: boolean;
  /** Length of the source range the construct spans (outer = longer). */
  span: number;
  /** Traversal order: outer constructs are visited first. */
  order: number;
}

export interface EditResult {
  code: string;
  /** Source map v3 `mappings` from the generated code back to the original. */
  mappings: string;
  /**
   * Where text was inserted, for remapping stack-trace columns at run time without a source map:
   * `line:column,length,column,length|line:...` (1-based lines, 0-based generated columns, in order).
   */
  columnShifts: string;
}

function compareInsertions(a: Insertion, b: Insertion): number {
  if (a.at !== b.at) return a.at - b.at;
  // At one position, closings of constructs that end here come before openings of those starting here.
  if (a.opening !== b.opening) return a.opening ? 1 : -1;
  if (a.opening) return b.span - a.span || a.order - b.order;
  return a.span - b.span || b.order - a.order;
}

/**
 * `seam`: text that may be dropped where two insertions meet at one position (the closing and opening
 * delimiters of consecutive insertions), so that they become one.
 */
export function applyInsertions(source: string, insertions: Insertion[], seam = ''): EditResult {
  const sorted = mergeAtSamePosition(insertions.slice().sort(compareInsertions), seam);
  const parts: string[] = [];
  const map = new MappingsBuilder();
  const shifts: string[] = [];
  let shiftLine = -1;
  let last = 0;
  let genLine = 0;
  let genColumn = 0;
  let origLine = 0;
  let origColumn = 0;
  // Copy original text from `last` to `to`, keeping the line/column counters and a mapping at the start
  // of every line and after every insertion.
  const copyOriginal = (to: number): void => {
    if (to <= last) return;
    const text = source.slice(last, to);
    map.add(genLine, genColumn, origLine, origColumn);
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      genLine++;
      origLine++;
      genColumn = 0;
      origColumn = 0;
      lineStart = i + 1;
      if (lineStart < text.length) map.add(genLine, 0, origLine, 0);
    }
    genColumn += text.length - lineStart;
    origColumn += text.length - lineStart;
    parts.push(text);
    last = to;
  };
  for (const insertion of sorted) {
    copyOriginal(insertion.at);
    parts.push(insertion.text);
    if (genLine !== shiftLine) {
      shifts.push(`|${genLine + 1}:${genColumn},${insertion.text.length}`);
      shiftLine = genLine;
    } else {
      shifts.push(`,${genColumn},${insertion.text.length}`);
    }
    // Insertions never contain line breaks (that would move the lines after them).
    genColumn += insertion.text.length;
  }
  copyOriginal(source.length);
  return { code: parts.join(''), mappings: map.toString(), columnShifts: shifts.join('').slice(1) };
}

function mergeAtSamePosition(sorted: Insertion[], seam: string): Insertion[] {
  const merged: Insertion[] = [];
  for (const insertion of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.at === insertion.at) {
      let text = last.text + insertion.text;
      if (seam) text = last.text.endsWith(seam.slice(0, seam.length / 2)) ? joinAtSeam(last.text, insertion.text, seam) : text;
      merged[merged.length - 1] = { ...last, text };
    } else {
      merged.push(insertion);
    }
  }
  return merged;
}

function joinAtSeam(left: string, right: string, seam: string): string {
  const joined = left + right;
  const at = left.length - seam.length / 2;
  return joined.slice(at, at + seam.length) === seam ? joined.slice(0, at) + joined.slice(at + seam.length) : joined;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function vlq(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += BASE64[digit];
  } while (rest > 0);
  return out;
}

class MappingsBuilder {
  private readonly lines: string[] = [];
  private lastGenLine = -1;
  private lastGenColumn = 0;
  private lastOrigLine = 0;
  private lastOrigColumn = 0;

  add(genLine: number, genColumn: number, origLine: number, origColumn: number): void {
    while (this.lines.length <= genLine) this.lines.push('');
    if (genLine !== this.lastGenLine) {
      this.lastGenLine = genLine;
      this.lastGenColumn = 0;
    }
    const segment =
      vlq(genColumn - this.lastGenColumn) + 'A' + vlq(origLine - this.lastOrigLine) + vlq(origColumn - this.lastOrigColumn);
    this.lines[genLine] += (this.lines[genLine] ? ',' : '') + segment;
    this.lastGenColumn = genColumn;
    this.lastOrigLine = origLine;
    this.lastOrigColumn = origColumn;
  }

  toString(): string {
    return this.lines.join(';');
  }
}
