// Expands the compact table the instrumenter embeds in instrumented code (see the instrumenter's
// compact-table.ts) into the spool format's FunctionInfo/CallSiteInfo. Input comes from code that ran in
// the traced program: checked, never trusted.
import type { CallSiteInfo, FunctionInfo, FunctionKind } from '../spool/format.js';

const FUNCTION_KINDS: readonly FunctionKind[] = [
  'function', 'arrow', 'method', 'getter', 'setter', 'constructor', 'class-field', 'module',
];

export interface EmbeddedTable {
  moduleId?: unknown;
  file?: unknown;
  /** Compact form (instrumenter ≥ 0.1). */
  f?: unknown;
  s?: unknown;
  /** Column shifts of the inserted text (see stack-positions.ts). */
  x?: unknown;
  /** Stack positions in inserted text shown elsewhere than the insertion point (see stack-positions.ts). */
  p?: unknown;
  /** Inserted text whose stack positions show at another original position (see stack-positions.ts). */
  w?: unknown;
  /** The source's digest when its lines with inserted text carry Node's no-exception-line mark. */
  l?: unknown;
  /** Full form. */
  functions?: unknown;
  callSites?: unknown;
}

export interface ExpandedTable {
  moduleId: string;
  file: string;
  functions: FunctionInfo[];
  callSites: CallSiteInfo[];
}

const asNumber = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const asString = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));

export function expandModuleTable(table: EmbeddedTable): ExpandedTable {
  const moduleId = asString(table.moduleId);
  const file = asString(table.file);
  if (Array.isArray(table.f) || Array.isArray(table.s)) {
    const functions = (Array.isArray(table.f) ? table.f : []).map((row: unknown): FunctionInfo => {
      const r = Array.isArray(row) ? row : [];
      const flags = asNumber(r[2]);
      return {
        name: asString(r[0]),
        kind: FUNCTION_KINDS[asNumber(r[1])] ?? 'function',
        async: (flags & 1) !== 0,
        generator: (flags & 2) !== 0,
        file: r.length > 6 ? asString(r[6]) : file,
        line: asNumber(r[3]),
        column: asNumber(r[4]),
        params: Array.isArray(r[5]) ? r[5].map(asString) : [],
      };
    });
    const callSites = (Array.isArray(table.s) ? table.s : []).map((row: unknown): CallSiteInfo => {
      const r = Array.isArray(row) ? row : [];
      return { callee: asString(r[0]), fn: asNumber(r[1]), line: asNumber(r[2]), column: asNumber(r[3]) };
    });
    return { moduleId, file, functions, callSites };
  }
  return {
    moduleId,
    file,
    functions: Array.isArray(table.functions) ? (table.functions as FunctionInfo[]) : [],
    callSites: Array.isArray(table.callSites) ? (table.callSites as CallSiteInfo[]) : [],
  };
}
