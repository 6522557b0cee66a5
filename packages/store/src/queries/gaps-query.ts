// `--gaps`: calls from traced code into code that was not traced, grouped by callee, with the
// include that would trace them on the next run (built-ins are listed without one: they cannot be
// instrumented).
import type Database from 'better-sqlite3';
import { packageOfModuleId } from '@breadcrumb/core';
import type { GapEntry, GapsResult } from '../types.js';
import { clampLimit, msOf, runScope } from './run-scope.js';
import { displayNameSql } from './display-name.js';
import { excludedByOf } from './excluded-by.js';
import { compareText } from './compare-text.js';
import { callArguments, nameOrCall, type FunctionPlace } from './call-arguments.js';

interface SiteRow {
  callee: string;
  callee_module: string | null;
  builtin: number;
  suggested_include: string | null;
  caller: string | null;
  caller_module: string | null;
  caller_line: number | null;
  caller_col: number | null;
  module_id: string;
  line: number;
  count: number;
  total_ns: number;
}

export interface GapsOptions {
  runId?: number;
  project: string;
  limit?: number;
  /**
   * The project's exclude globs as they are now: a callee they exclude stays untraced whatever is
   * included (excludes win), so its fix is to remove the exclude, not to add an include.
   */
  excludes?: readonly string[];
}

export function queryGaps(db: Database.Database, options: GapsOptions): GapsResult {
  const limit = clampLimit(options.limit, 50);
  const scope = runScope(db, options.runId);
  const rows = db
    .prepare(
      `SELECT s.callee, s.callee_module, s.builtin, s.suggested_include, ${displayNameSql('f')} AS caller, f.module_id AS caller_module, f.line AS caller_line, f.col AS caller_col, s.module_id, s.line,
         MAX(COALESCE(st.agg_count, 0), st.calls) AS count, MAX(COALESCE(st.agg_total_ns, 0), st.total_ns) AS total_ns
       FROM call_sites s
       JOIN processes p ON p.id = s.process_id
       JOIN site_stats st ON st.site_id = s.id
       LEFT JOIN functions f ON f.id = s.function_id
       WHERE p.run_id = ?`,
    )
    .all(scope.runId) as SiteRow[];
  // A callee from a module that was instrumented in this run is already included (e.g. a class
  // without a constructor of its own): suggesting its include again would change nothing.
  const loaded = new Set(db.prepare('SELECT DISTINCT m.module_id FROM modules m JOIN processes p ON p.id = m.process_id WHERE p.run_id = ?').pluck().all(scope.runId) as string[]);
  const loadedPackages = new Set([...loaded].map(packageOfModuleId).filter((p): p is string => p !== null));
  const alreadyIncluded = (glob: string | null) =>
    glob !== null && (loaded.has(glob) || (glob.endsWith('/**') && loadedPackages.has(glob.slice(0, -3))));
  const groups = new Map<string, GapEntry & { callerCounts: Map<string, CallerCount>; totalNs: number }>();
  for (const row of rows) {
    if (row.count <= 0) continue;
    const key = `${row.callee}\0${row.callee_module ?? ''}`;
    let entry = groups.get(key);
    if (!entry) {
      entry = {
        function: row.callee,
        module: row.callee_module,
        builtin: row.builtin === 1,
        called_by: null,
        callers: [],
        call_count: 0,
        total_ms: 0,
        suggested_include: alreadyIncluded(row.suggested_include) ? null : row.suggested_include,
        ...excludedEntry(options.excludes ?? [], row),
        sites: [],
        callerCounts: new Map(),
        totalNs: 0,
      };
      groups.set(key, entry);
    }
    entry.call_count += row.count;
    entry.totalNs += row.total_ns;
    // by function, not name: two `helper`s of a module are two callers (the same one in two processes, one)
    const caller = callerOf(row);
    const callerKey = caller.place === null ? caller.label : `${caller.place.module}\0${caller.place.name}\0${caller.place.line}\0${caller.place.column}`;
    const counted = entry.callerCounts.get(callerKey);
    if (counted) counted.count += row.count;
    else entry.callerCounts.set(callerKey, { ...caller, count: row.count });
    const site = `${row.module_id}:${row.line}`;
    if (!entry.sites.includes(site) && entry.sites.length < 5) entry.sites.push(site);
  }
  const all = [...groups.values()].sort((a, b) => b.call_count - a.call_count || compareText(a.function, b.function));
  const shown = all.slice(0, limit);
  const callOf = callArguments(db, scope.runId, shown.flatMap((g) => [...g.callerCounts.values()].map((c) => c.label)));
  const untraced: GapEntry[] = shown.map(({ callerCounts, totalNs, ...entry }) => {
    const callers = [...callerCounts.values()].sort((a, b) => b.count - a.count).slice(0, 10).map((c) => (c.place === null ? c.label : nameOrCall(callOf, c.place)));
    return { ...entry, called_by: callers[0] ?? null, callers, total_ms: msOf(totalNs) ?? 0 };
  });
  const includes = [...new Set(all.filter((g) => g.excluded_by === undefined).map((g) => g.suggested_include).filter((s): s is string => s !== null))];
  const excludes = [...new Set(all.map((g) => g.excluded_by).filter((s): s is string => s !== undefined))];
  const total = all.reduce((sum, g) => sum + g.call_count, 0);
  const result: GapsResult = { run_id: scope.runId, untraced_calls: untraced, total_untraced_calls: total, tip: tipFor(options.project, includes, excludes, all.length) };
  if (all.length > untraced.length) result.note = `showing the ${untraced.length} most called of ${all.length} untraced callees: pass --limit N for more`;
  return result;
}

/** A traced function that made untraced calls, or a module's top level (no function: no `--call` argument). */
interface Caller {
  label: string;
  place: FunctionPlace | null;
}

interface CallerCount extends Caller {
  count: number;
}

function callerOf(row: SiteRow): Caller {
  if (row.caller === null || row.caller_module === null) return { label: `${row.module_id} (top level)`, place: null };
  return { label: row.caller, place: { module: row.caller_module, name: row.caller, line: row.caller_line!, column: row.caller_col! } };
}

function excludedEntry(excludes: readonly string[], row: SiteRow): { excluded_by?: string } {
  const glob = row.builtin === 1 ? undefined : excludedByOf(excludes, row.callee_module, row.suggested_include);
  return glob === undefined ? {} : { excluded_by: glob };
}

function tipFor(project: string, includes: string[], excludes: string[], callees: number): string {
  if (callees === 0) return 'No untraced calls were recorded: everything this run called from traced code was traced.';
  if (excludes.length > 0) {
    const flags = [...excludes.slice(0, 10).map((glob) => `--remove-exclude '${glob}'`), ...includes.slice(0, 10).map((glob) => `--add-include '${glob}'`)];
    return `Some of these are excluded by the config (excludes win over includes). To trace them on the next run:\n${commandLines(project, flags)}`;
  }
  if (includes.length === 0) {
    return 'No include would trace more: the untraced calls are built-ins, values of unknown origin, or code in modules already traced that has no function of its own (e.g. a class without a constructor); their durations are recorded as call_site events.';
  }
  return `Add these to your config to trace them on the next run:\n${commandLines(project, includes.slice(0, 10).map((glob) => `--add-include '${glob}'`))}`;
}

/**
 * One `config edit` per change, to pick from, and when there are several, the one command that makes
 * them all (its flags repeat): an agent that wants them all should not need a command per glob.
 */
function commandLines(project: string, flags: string[]): string {
  const lines = flags.map((flag) => `  breadcrumb config edit ${project} ${flag}`);
  if (flags.length > 1) lines.push(`or all at once:\n  breadcrumb config edit ${project} ${flags.join(' ')}`);
  return lines.join('\n');
}
