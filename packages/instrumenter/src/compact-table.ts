// The function table as embedded in the instrumented code: arrays instead of objects and defaults left
// out, because typescript.js has 20,000 functions and every byte is parsed again at each load. The
// recorder (packages/core/src/recorder/module-table.ts) expands it back into FunctionInfo/CallSiteInfo.
import type { FunctionInfo, FunctionKind } from './function-table.js';
import type { ModuleAnalysis } from './visitor.js';

export const FUNCTION_KINDS: readonly FunctionKind[] = [
  'function', 'arrow', 'method', 'getter', 'setter', 'constructor', 'class-field', 'module',
];

/** [name, kind index, flags (1 async, 2 generator), line, column, params, file if not the module's] */
export type CompactFunction = [string, number, number, number, number, string[]] | [string, number, number, number, number, string[], string];
/** [callee, local function index or -1, line, column] */
export type CompactCallSite = [string, number, number, number];

export interface CompactTable {
  moduleId: string;
  file: string;
  f: CompactFunction[];
  s: CompactCallSite[];
  /** Column shifts of the inserted text (source-edits.ts): the runtime remaps stack-trace columns. */
  x: string;
  /** Stack positions in inserted text shown elsewhere than the insertion point (source-edits.ts); only when some. */
  p?: string;
  /** Inserted texts whose stack positions show at another original position (source-edits.ts); only when some. */
  w?: string;
  /**
   * Only when the lines with inserted text carry Node's no-exception-line mark (exception-line.ts): the
   * digest of the source, which the runtime checks the file against before printing a line of it.
   */
  l?: string;
}

function compactFunction(info: FunctionInfo, file: string): CompactFunction {
  const flags = (info.async ? 1 : 0) | (info.generator ? 2 : 0);
  const base: [string, number, number, number, number, string[]] = [
    info.name, FUNCTION_KINDS.indexOf(info.kind), flags, info.line, info.column, info.params,
  ];
  return info.file === file ? base : [...base, info.file];
}

export function compactTable(
  moduleId: string,
  file: string,
  analysis: ModuleAnalysis,
  columnShifts: string,
  positionOverrides = '',
  markedSourceDigest?: string,
  shownRanges = '',
): CompactTable {
  return {
    moduleId,
    file,
    x: columnShifts,
    ...(positionOverrides === '' ? {} : { p: positionOverrides }),
    ...(shownRanges === '' ? {} : { w: shownRanges }),
    ...(markedSourceDigest === undefined ? {} : { l: markedSourceDigest }),
    f: analysis.functions.map((info) => compactFunction(info, file)),
    s: analysis.callSites.map((site) => [site.callee, site.fn, site.line, site.column]),
  };
}
