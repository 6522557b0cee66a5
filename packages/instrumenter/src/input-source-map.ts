// Reads a v3 source map given with the input (TypeScript or bundler output) so that the function table
// points at the original lines. Just enough of the format: `mappings`, `sources`, `sourceRoot`.

export interface RawSourceMap {
  version: number;
  sources: string[];
  sourceRoot?: string;
  mappings: string;
}

export interface OriginalPosition {
  file: string;
  /** 1-based */
  line: number;
  /** 0-based */
  column: number;
}

const BASE64_VALUES = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => {
  BASE64_VALUES[c.charCodeAt(0)] = i;
});

/** Segments of one generated line: [genColumn, sourceIndex, origLine, origColumn] flattened. */
type LineSegments = number[];

export class InputSourceMap {
  private readonly lines: LineSegments[] = [];
  private readonly sources: string[];

  constructor(map: RawSourceMap) {
    if (!map || typeof map.mappings !== 'string' || !Array.isArray(map.sources)) {
      throw new TypeError('inputSourceMap must be a source map v3 object with `mappings` and `sources`');
    }
    const root = map.sourceRoot ? map.sourceRoot.replace(/\/?$/, '/') : '';
    this.sources = map.sources.map((s) => root + s);
    this.decode(map.mappings);
  }

  private decode(mappings: string): void {
    let genColumn = 0;
    let source = 0;
    let origLine = 0;
    let origColumn = 0;
    let line: LineSegments = [];
    let fields: number[] = [];
    let value = 0;
    let shift = 0;
    const endSegment = (): void => {
      if (fields.length >= 4) {
        genColumn += fields[0]!;
        source += fields[1]!;
        origLine += fields[2]!;
        origColumn += fields[3]!;
        line.push(genColumn, source, origLine, origColumn);
      } else if (fields.length >= 1) {
        genColumn += fields[0]!;
      }
      fields = [];
    };
    for (let i = 0; i < mappings.length; i++) {
      const code = mappings.charCodeAt(i);
      if (code === 44 /* , */) {
        endSegment();
      } else if (code === 59 /* ; */) {
        endSegment();
        this.lines.push(line);
        line = [];
        genColumn = 0;
      } else {
        const digit = BASE64_VALUES[code] ?? -1;
        if (digit < 0) throw new TypeError(`inputSourceMap: invalid character in mappings at ${i}`);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
    }
    endSegment();
    this.lines.push(line);
  }

  /** Original position of generated (1-based line, 0-based column), or null when unmapped. */
  originalPositionFor(line: number, column: number): OriginalPosition | null {
    const segments = this.lines[line - 1];
    if (!segments || segments.length === 0) return null;
    // The last segment starting at or before `column`; the first one if the column is before all.
    let best = 0;
    for (let i = 0; i < segments.length; i += 4) {
      if (segments[i]! <= column) best = i;
      else break;
    }
    return { file: this.sources[segments[best + 1]!] ?? '', line: segments[best + 2]! + 1, column: segments[best + 3]! };
  }
}
