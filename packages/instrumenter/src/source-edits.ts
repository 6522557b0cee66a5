// Instrumented code is the original text with insertions only: every original token keeps its line
// (and its column, unless something was inserted before it on the same line). That is what keeps
// stack traces pointing at the user's lines without source maps at run time.
import { EXCEPTION_LINE_MARK, mayMarkExceptionLine } from './exception-line.js';
import { INSERT_CLOSE } from './generated-code.js';

export interface Insertion {
  at: number;
  text: string;
  /** Opening insertions of outer constructs go first at one position; closing ones go last. */
  opening: boolean;
  /** Length of the source range the construct spans (outer = longer). */
  span: number;
  /** Traversal order: outer constructs are visited first. */
  order: number;
  /**
   * Stack positions V8 reports inside this text that a plain run reports elsewhere: the call that
   * hands `yield*` its operand (see visitor.ts). Offsets into `text`.
   */
  reported?: ReportedPosition[];
  /**
   * The source index where a plain run shows the positions V8 reports in this text, when not `at`: a
   * throw with no position of its own right after the text (plain-positions.ts).
   */
  shownAt?: number;
  /** Stack positions in the source text that follows this one, `distance` after its end, shown elsewhere. */
  shownAfter?: { distance: number; original: number }[];
}

/** A stack position at `offset` in an insertion's text that shows as the source index `original`. */
export interface ReportedPosition {
  offset: number;
  original: number;
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
  /**
   * Stack positions inside inserted text that map to a given original position instead of the
   * insertion point: `line:column,originalLine,originalColumn,...|line:...` (1-based lines, 0-based
   * columns; the first pair generated). Empty when there are none.
   */
  positionOverrides: string;
  /**
   * Inserted texts whose stack positions all map to one original position other than the insertion
   * point: `line:column,originalLine,originalColumn,...|line:...`, the text's generated column as in
   * columnShifts (the format of positionOverrides). Empty when none.
   */
  shownRanges: string;
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
 * delimiters of consecutive insertions), so that they become one. `markLines`: every line with inserted
 * text that may carry Node's no-exception-line mark gets it in its last insertion (exception-line.ts).
 */
export function applyInsertions(source: string, insertions: Insertion[], seam = '', markLines = false): EditResult {
  const sorted = mergeAtSamePosition(insertions.slice().sort(compareInsertions), seam);
  const parts: string[] = [];
  const map = new MappingsBuilder();
  const shifts: string[] = [];
  const overrides: string[] = [];
  let overrideLine = -1;
  const ranges: string[] = [];
  let rangeLine = -1;
  const lineStarts = reportedLineStarts(source, sorted);
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
  const marks = markLines ? new LineMarks(source) : null;
  for (let k = 0; k < sorted.length; k++) {
    const insertion = sorted[k]!;
    copyOriginal(insertion.at);
    const text = marks === null ? insertion.text : marks.marked(insertion, sorted[k + 1]);
    parts.push(text);
    if (genLine !== shiftLine) {
      shifts.push(`|${genLine + 1}:${genColumn},${text.length}`);
      shiftLine = genLine;
    } else {
      shifts.push(`,${genColumn},${text.length}`);
    }
    for (const reported of insertion.reported ?? []) {
      const original = lineAndColumn(lineStarts!, reported.original);
      const entry = `${genColumn + reported.offset},${original.line},${original.column}`;
      overrides.push(genLine !== overrideLine ? `|${genLine + 1}:${entry}` : `,${entry}`);
      overrideLine = genLine;
    }
    for (const after of insertion.shownAfter ?? []) {
      const original = lineAndColumn(lineStarts!, after.original);
      const entry = `${genColumn + text.length + after.distance},${original.line},${original.column}`;
      overrides.push(genLine !== overrideLine ? `|${genLine + 1}:${entry}` : `,${entry}`);
      overrideLine = genLine;
    }
    if (insertion.shownAt !== undefined) {
      const shown = lineAndColumn(lineStarts!, insertion.shownAt);
      const entry = `${genColumn},${shown.line},${shown.column}`;
      ranges.push(genLine !== rangeLine ? `|${genLine + 1}:${entry}` : `,${entry}`);
      rangeLine = genLine;
    }
    // Insertions never contain line breaks (that would move the lines after them).
    genColumn += text.length;
  }
  copyOriginal(source.length);
  return { code: parts.join(''), mappings: map.toString(), columnShifts: shifts.join('').slice(1), positionOverrides: overrides.join('').slice(1), shownRanges: ranges.join('').slice(1) };
}

/** Puts the mark into the last insertion of each line that may carry it. */
class LineMarks {
  /** Offset of the line break that ends the line of the latest insertion (the source's length on the last line). */
  private lineEnd = -1;

  constructor(private readonly source: string) {}

  /** The insertion's text, marked when it is its line's last and the line may be marked. */
  marked(insertion: Insertion, next: Insertion | undefined): string {
    const { source } = this;
    if (insertion.at > this.lineEnd) {
      const end = source.indexOf('\n', insertion.at);
      this.lineEnd = end === -1 ? source.length : end;
    }
    if (next !== undefined && next.at <= this.lineEnd) return insertion.text;
    const text = insertion.text;
    if (!text.endsWith(INSERT_CLOSE)) return text;
    const lineStart = insertion.at === 0 ? 0 : source.lastIndexOf('\n', insertion.at - 1) + 1;
    if (!mayMarkExceptionLine(source.slice(lineStart, this.lineEnd))) return text;
    return text.slice(0, text.length - INSERT_CLOSE.length) + EXCEPTION_LINE_MARK + INSERT_CLOSE;
  }
}

/** Start offsets of the source's lines, computed only when some insertion reports a position. */
function reportedLineStarts(source: string, insertions: Insertion[]): number[] | null {
  if (!insertions.some((insertion) => (insertion.reported !== undefined && insertion.reported.length > 0) || insertion.shownAt !== undefined || insertion.shownAfter !== undefined)) return null;
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and 0-based column of a source offset. */
function lineAndColumn(lineStarts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! };
}

function mergeAtSamePosition(sorted: Insertion[], seam: string): Insertion[] {
  const merged: Insertion[] = [];
  for (const insertion of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.at === insertion.at) {
      let text = last.text + insertion.text;
      if (seam) text = last.text.endsWith(seam.slice(0, seam.length / 2)) ? joinAtSeam(last.text, insertion.text, seam) : text;
      // The second text now starts where it ends minus its own length (a joined seam removed chars).
      const moved = text.length - insertion.text.length;
      const reported = [...(last.reported ?? []), ...(insertion.reported ?? []).map((r) => ({ offset: r.offset + moved, original: r.original }))];
      const joined: Insertion = reported.length > 0 ? { ...last, text, reported } : { ...last, text };
      // the source text both preceded now follows the joined text
      const after = [...(last.shownAfter ?? []), ...(insertion.shownAfter ?? [])];
      if (after.length > 0) joined.shownAfter = after;
      // Texts that end constructs come first at a position and hold no calls: the joined text is shown
      // as its openings are.
      if (last.shownAt === undefined && insertion.shownAt !== undefined) joined.shownAt = insertion.shownAt;
      merged[merged.length - 1] = joined;
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
