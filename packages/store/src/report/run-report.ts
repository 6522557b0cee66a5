// The run report's data: key metrics, the call tree, the most called and slowest functions,
// exceptions, gaps and warnings, each bounded so that the rendered text fits in about 2,000 tokens
// whatever the size of the run.
import type Database from 'better-sqlite3';
import { positionFromStack, queryExceptions } from '../queries/exceptions-query.js';
import { queryGaps } from '../queries/gaps-query.js';
import { endErrorOf, runScope } from '../queries/run-scope.js';
import { runSummary } from '../runs.js';
import type { ExceptionRecord, RunReport } from '../types.js';
import { buildCallTree } from './call-tree.js';
import { compareText } from '../queries/compare-text.js';
import { callArguments } from '../queries/call-arguments.js';
import { reportFunctions, type ReportFunction } from './report-functions.js';

export interface RunReportOptions {
  /** Lines of call tree (default 40). */
  treeLines?: number;
  /** The project's exclude globs now, so that a gap they cause suggests removing the exclude (see queryGaps). */
  excludes?: readonly string[];
}

export function runReport(db: Database.Database, runId: number, options: RunReportOptions = {}): RunReport {
  const scope = runScope(db, runId);
  const run = runSummary(db, scope.runId);
  const totals = db
    .prepare(
      `SELECT COALESCE(SUM(returns), 0) AS returns, COALESCE(SUM(dropped_events), 0) AS dropped,
         COALESCE(SUM(lost_events), 0) AS lost, COALESCE(SUM(sampled_out), 0) AS sampled,
         COALESCE(SUM(CASE WHEN end_reason = 'killed' THEN 1 ELSE 0 END), 0) AS killed
       FROM processes WHERE run_id = ?`,
    )
    .get(scope.runId) as { returns: number; dropped: number; lost: number; sampled: number; killed: number };
  const { functions: performance, places, recursive } = reportFunctions(db, scope.runId);
  const cappedCalls = performance.reduce((sum, f) => sum + Math.max(0, f.calls - f.detailed_calls), 0);
  const tree = buildCallTree(db, scope, options.treeLines ?? 40, places);
  const exceptions = queryExceptions(db, { runId: scope.runId, limit: 5, handlers: false });
  const gaps = queryGaps(db, { runId: scope.runId, project: run.project ?? 'NAME', limit: 5, excludes: options.excludes });
  const gapCallees = db
    .prepare(
      `SELECT COUNT(DISTINCT s.callee || '|' || COALESCE(s.callee_module, '')) FROM call_sites s JOIN site_stats st ON st.site_id = s.id
       JOIN processes p ON p.id = s.process_id WHERE p.run_id = ? AND (st.calls > 0 OR st.agg_count > 0)`,
    )
    .pluck()
    .get(scope.runId) as number;

  const warnings: string[] = [];
  // The same warning from several processes (each child of a test runner says it) is one line.
  const stored = db
    .prepare('SELECT message, file, COUNT(*) AS times FROM warnings WHERE run_id = ? GROUP BY message, file ORDER BY MIN(id) LIMIT 6')
    .all(scope.runId) as { message: string; file: string | null; times: number }[];
  const storedTotal = db.prepare('SELECT COUNT(*) FROM (SELECT 1 FROM warnings WHERE run_id = ? GROUP BY message, file)').pluck().get(scope.runId) as number;
  for (const w of stored.slice(0, 5)) {
    const text = truncate(w.file ? `${w.file}: ${w.message}` : w.message, 200);
    warnings.push(w.times > 1 ? `${text} (×${w.times})` : text);
  }
  if (storedTotal > 5) warnings.push(`${storedTotal - 5} more warnings: breadcrumb query --sql "SELECT * FROM warnings WHERE run_id = ${scope.runId}"`);
  if (totals.dropped > 0) warnings.push(`${totals.dropped} events were dropped (the recorder fell behind or hit its memory bound)`);
  // Dropped events leave gaps in the numbering too: only the gaps beyond them are unexplained.
  const unexplained = totals.lost - totals.dropped;
  if (unexplained > 0) warnings.push(`${unexplained} events are missing from the spool (numbering gaps)`);
  if (totals.killed > 0) warnings.push(`${totals.killed} process(es) ended without a final flush (killed): their last events may be missing`);
  if (cappedCalls > 0) warnings.push(cappedCallsWarning(cappedCalls, performance));

  const byCalls = [...performance].sort((a, b) => b.calls - a.calls || compareText(a.function, b.function));
  const slowest = [...performance].filter((f) => f.total_ms > 0).sort((a, b) => b.total_ms - a.total_ms).slice(0, 5);
  const exampleEntry = byCalls.find((f) => isExampleWorthy(f) && isProjectModule(f.module)) ?? byCalls.find(isExampleWorthy) ?? byCalls[0];
  // the argument that picks it: the report's recommendation must not lead to an ambiguity error
  const topCalled = byCalls.slice(0, 10);
  // the `--call` arguments of the functions the report names (each a function's, whatever else is asked)
  const callOf = callArguments(db, scope.runId, [...topCalled, ...slowest, ...(exampleEntry ? [exampleEntry] : [])].map((f) => f.function));
  const callField = (f: ReportFunction): { call?: string } => {
    const call = callOf({ module: f.module, name: f.function, line: f.line, column: f.column });
    return call === undefined ? {} : { call };
  };
  const example = exampleEntry ? (callField(exampleEntry).call ?? exampleEntry.function) : null;

  return {
    run,
    metrics: {
      events: run.events,
      calls: run.calls,
      returns: totals.returns,
      exceptions: run.exceptions,
      gap_calls: run.gap_calls,
      duration_ms: run.duration_ms,
      status: run.status,
      processes: run.processes,
      dropped_events: totals.dropped,
      capped_calls: cappedCalls + totals.sampled,
      uncaught: uncaughtEnd(db, scope.runId),
    },
    call_tree: { lines: tree.lines, omitted_calls: tree.omittedCalls, note: tree.note },
    top_called: topCalled.map((f) => ({ function: f.function, ...callField(f), module: f.module, calls: f.calls })),
    exceptions: exceptions.exceptions.map(reportedException),
    exceptions_total: exceptions.total,
    slowest: slowest.map((f) => ({
      function: f.function, ...callField(f), module: f.module, calls: f.calls, total_ms: f.total_ms, avg_ms: f.avg_ms, max_ms: f.max_ms,
      ...(f.elapsed_avg_ms === undefined ? {} : { elapsed_avg_ms: f.elapsed_avg_ms, elapsed_max_ms: f.elapsed_max_ms }),
      recursive: recursive(f.key),
    })),
    gaps: {
      total_calls: gaps.total_untraced_calls,
      distinct: gapCallees,
      top: gaps.untraced_calls.map((g) => ({
        function: g.function,
        module: g.module,
        call_count: g.call_count,
        suggested_include: g.suggested_include,
        ...(g.excluded_by === undefined ? {} : { excluded_by: g.excluded_by }),
      })),
    },
    warnings,
    example_function: example,
  };
}

/**
 * A function the report's `--call` recommendation may name: one with a name of its own, not a
 * compiler's helper (esbuild's `__name`, `__defProp`, TypeScript's `__awaiter`: tsx puts `__name` in
 * every file, and its calls made it the recommendation of a TypeScript program).
 */
function isExampleWorthy(f: { function: string }): boolean {
  return !/^<|module|default export/.test(f.function) && !/^(get |set )?__/.test(f.function);
}

/** The program's own code (`./src/pay.js`), which an agent debugs before the packages it calls. */
function isProjectModule(module: string | null): boolean {
  return module !== null && module.startsWith('./');
}

/**
 * Past the detail cap the next calls are still timed, and only later ones are sampled 1 in 64: the
 * warning says times are estimates only when some calls were not timed (timed_calls < calls).
 */
function cappedCallsWarning(cappedCalls: number, performance: readonly { calls: number; timed_calls: number }[]): string {
  const untimed = performance.reduce((sum, f) => sum + Math.max(0, f.calls - f.timed_calls), 0);
  const counted = `${cappedCalls} calls were only counted (per-function detail cap or sampling): counts stay exact`;
  if (untimed === 0) return `${counted}, and every call was timed`;
  return `${counted}; ${untimed} were not timed, and their times are estimated from a random 1 in 64 (timed_calls in --performance)`;
}

function uncaughtEnd(db: Database.Database, runId: number): RunReport['metrics']['uncaught'] {
  const stored = db
    .prepare("SELECT end_error FROM processes WHERE run_id = ? AND end_reason = 'uncaught' AND end_error IS NOT NULL ORDER BY id LIMIT 1")
    .pluck()
    .get(runId) as string | undefined;
  const error = endErrorOf(stored);
  if (error === null) return null;
  const position = positionFromStack(error.stack);
  return {
    type: error.name ?? 'unknown',
    // its first line: a report line stays one line
    message: truncate((error.message ?? '').split('\n')[0]!, 200),
    file: position?.file ?? null,
    line: position?.line ?? null,
  };
}

/** An exception record of `--exceptions` (alike ones already one record with a count), in a line. */
function reportedException(e: ExceptionRecord): RunReport['exceptions'][number] {
  const call = e.call === undefined ? {} : { call: e.call };
  return { function: e.function, ...call, type: e.type, message: truncate(e.message, 160), file: e.file, line: e.line, caught: e.caught, count: e.count };
}

export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
