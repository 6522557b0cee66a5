// The run report's functions: each function's counts and times as `--performance` has them
// (performance-query.ts), without what the report never shows, which functionPerformance worked out
// for hundreds of functions on the path from the command's exit to the report when the report shows
// 15: self times (the call graph's edge times), p95 (every duration histogram parsed), files, callers
// and their names. Whether a function recurses is asked only of the ones shown (the slowest), and the
// report works out the `--call` arguments of the functions it names. lodash's run, a fresh process:
// functionPerformance(callers: false) 16-28 ms of CPU, reportFunctions 6-7 (3-4 with its rows read
// through json_array, function-stats.ts).
import type Database from 'better-sqlite3';
import { averageMs, elapsedFields, functionKey, functionTotals, type FunctionTotals } from '../queries/performance-query.js';
import type { FunctionPlace } from '../queries/call-arguments.js';
import { displayNameSql } from '../queries/display-name.js';
import { msOf } from '../queries/run-scope.js';

export interface ReportFunction {
  /** performance-query.ts's functionKey: the function across the run's processes. */
  key: string;
  function: string;
  module: string;
  line: number;
  /** 0-based, as stored. */
  column: number;
  calls: number;
  detailed_calls: number;
  timed_calls: number;
  total_ms: number;
  avg_ms: number;
  max_ms: number | null;
  elapsed_avg_ms?: number;
  elapsed_max_ms?: number;
}

export interface ReportFunctions {
  /** In the order of functionPerformance's entries (the orderings' ties keep it). */
  functions: ReportFunction[];
  /** The place of every function id of the run that has statistics (every one called). */
  places: ReadonlyMap<number, FunctionPlace>;
  /** Whether the function of `key` lies on a cycle of the run's call graph, as functionPerformance's `recursive`. */
  recursive(key: string): boolean;
}

export function reportFunctions(db: Database.Database, runId: number): ReportFunctions {
  const byId = new Map<number, FunctionTotals>();
  const functions = [...functionTotals(db, runId, { byId }).values()].map((acc): ReportFunction => ({
    key: acc.key,
    function: acc.entry.function,
    module: acc.entry.module,
    line: acc.entry.line,
    column: acc.column,
    calls: acc.entry.calls,
    detailed_calls: acc.entry.detailed_calls,
    timed_calls: acc.entry.timed_calls,
    total_ms: msOf(acc.totalNs) ?? 0,
    avg_ms: averageMs(acc),
    max_ms: msOf(acc.maxNs),
    ...elapsedFields(acc),
  }));
  const keysById = new Map<number, string>();
  const places = new Map<number, FunctionPlace>();
  for (const [id, acc] of byId) {
    keysById.set(id, acc.key);
    places.set(id, { name: acc.entry.function, module: acc.entry.module, line: acc.entry.line, column: acc.column });
  }
  let graph: Map<string, Set<string>> | undefined;
  return {
    functions,
    places,
    recursive: (key) => onCycle((graph ??= callGraphByKey(db, runId, keysById)), key),
  };
}

/**
 * The run's caller -> callee edges (the runtime's exact counts) between function keys. `keysById`: the
 * keys of the functions with statistics; a function of an edge without any (none expected: a caller
 * was called) is looked up.
 */
function callGraphByKey(db: Database.Database, runId: number, keysById: Map<number, string>): Map<string, Set<string>> {
  const edges = JSON.parse(
    db
      .prepare(
        `SELECT json_group_array(json_array(e.caller_id, e.callee_id)) FROM edge_stats e JOIN functions f ON f.id = e.callee_id
         JOIN processes p ON p.id = f.process_id WHERE p.run_id = ? AND e.caller_id <> 0`,
      )
      .pluck()
      .get(runId) as string,
  ) as [number, number][];
  const unknown = new Set<number>();
  for (const [caller, callee] of edges) {
    if (!keysById.has(caller)) unknown.add(caller);
    if (!keysById.has(callee)) unknown.add(callee);
  }
  if (unknown.size > 0) {
    const rows = db
      .prepare(`SELECT f.id, ${displayNameSql('f')} AS name, f.module_id, f.line, f.col FROM functions f WHERE f.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify([...unknown])) as { id: number; name: string; module_id: string; line: number; col: number }[];
    for (const row of rows) keysById.set(row.id, functionKey(row.module_id, row.name, row.line, row.col));
  }
  const graph = new Map<string, Set<string>>();
  for (const [callerId, calleeId] of edges) {
    const caller = keysById.get(callerId);
    const callee = keysById.get(calleeId);
    // a caller that is not a function of the run's (as the LEFT JOIN of functionPerformance's graph)
    if (caller === undefined || callee === undefined) continue;
    let callees = graph.get(caller);
    if (!callees) graph.set(caller, (callees = new Set()));
    callees.add(callee);
  }
  return graph;
}

/** Whether `key` can reach itself (a self-call, or a cycle through others): a strongly connected component of 2+, or a self-loop. */
function onCycle(graph: Map<string, Set<string>>, key: string): boolean {
  const seen = new Set<string>();
  const stack = [...(graph.get(key) ?? [])];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node === key) return true;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const next of graph.get(node) ?? []) if (!seen.has(next)) stack.push(next);
  }
  return false;
}
