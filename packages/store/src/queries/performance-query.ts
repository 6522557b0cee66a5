// `--performance`: per function, the exact call count (capped calls included, from the runtime's
// Aggregates when present) and total, self, average, p95 and max time. Read from the statistics
// kept at ingest, so it costs the same on a run of 10 million events as on one of ten. Times are
// time on the thread: an async function's or generator's calls overlap while they wait at
// await/yield, and their elapsed time (given apart) added up to many times the run.
import type Database from 'better-sqlite3';
import { quantileOf } from '../ingest/duration-histogram.js';
import type { PerformanceEntry, PerformanceResult } from '../types.js';
import { clampLimit, msOf, runScope } from './run-scope.js';
import { displayNameSql } from './display-name.js';
import { callArguments, type CallArgumentOf } from './call-arguments.js';
import { compareText } from './compare-text.js';
import { ProjectPaths } from './project-paths.js';
import { functionStatsRows, type StatsRow } from './function-stats.js';

type Computed = 'avg_ms' | 'p95_ms' | 'total_ms' | 'self_ms' | 'max_ms' | 'elapsed_avg_ms' | 'elapsed_max_ms' | 'recursive' | 'callers';

/** A function of the run: its statistics summed over the processes that ran it. */
export interface FunctionTotals {
  /** See functionKey. */
  key: string;
  /** Its `file` as stored (functionPerformance's entries have it relative to the project root). */
  entry: Omit<PerformanceEntry, Computed>;
  totalNs: number;
  selfNs: number;
  maxNs: number | null;
  histogram: number[];
  column: number;
  /** An async function or generator: its elapsed time, over `elapsedCalls` ended calls. */
  suspendable: boolean;
  elapsedNs: number;
  elapsedCalls: number;
  elapsedMaxNs: number | null;
}

/** `callers: false`: every entry's `callers` left empty (the report shows none; ranking them is most of the work on a big call graph). */
export function functionPerformance(db: Database.Database, runId: number, options: { callers?: boolean } = {}): PerformanceEntry[] {
  const paths = ProjectPaths.ofRun(db, runId);
  const byFunction = functionTotals(db, runId, { selfTimes: calleeTimes(db, runId) });
  const { callers, recursive } = callGraph(db, runId);
  const names = [...byFunction.values()].map((acc) => acc.entry.function);
  for (const byCaller of callers.values()) for (const caller of byCaller.values()) names.push(caller.function);
  const callOf = callArguments(db, runId, names);
  return [...byFunction.entries()].map(([key, acc]) => {
    const p95 = quantileOf(acc.histogram.map((n) => n ?? 0), 0.95);
    const call = callOf({ module: acc.entry.module, name: acc.entry.function, line: acc.entry.line, column: acc.column });
    const { function: name, ...place } = acc.entry;
    return {
      function: name,
      ...(call === undefined ? {} : { call }),
      ...place,
      file: paths.file(acc.entry.file),
      total_ms: msOf(acc.totalNs) ?? 0,
      self_ms: msOf(acc.selfNs) ?? 0,
      avg_ms: averageMs(acc),
      // The histogram's bucket bound, never above the slowest call seen.
      p95_ms: p95 === null ? null : msOf(acc.maxNs === null ? p95 : Math.min(p95, acc.maxNs)),
      max_ms: msOf(acc.maxNs),
      ...elapsedFields(acc),
      recursive: recursive.has(key),
      callers: options.callers === false ? [] : topCallers(callers.get(key), callOf),
    };
  });
}

export function averageMs(acc: FunctionTotals): number {
  return acc.entry.calls > 0 ? (msOf(acc.totalNs / acc.entry.calls) ?? 0) : 0;
}

/** An async function's or generator's elapsed_avg_ms and elapsed_max_ms, where it has them. */
export function elapsedFields(acc: FunctionTotals): { elapsed_avg_ms?: number; elapsed_max_ms?: number } {
  return acc.suspendable && acc.elapsedCalls > 0 ? { elapsed_avg_ms: msOf(acc.elapsedNs / acc.elapsedCalls) ?? 0, elapsed_max_ms: msOf(acc.elapsedMaxNs) ?? 0 } : {};
}

/**
 * The run's functions (by functionKey, in the order of their first statistics row) with their counts,
 * total, maximum and elapsed times. `selfTimes`: self times and duration histograms too (the report,
 * which shows neither, leaves them out: selfNs 0, histogram []). `byId`: filled with each function id's
 * totals.
 */
export function functionTotals(
  db: Database.Database,
  runId: number,
  options: { selfTimes?: CalleeTimes; byId?: Map<number, FunctionTotals> } = {},
): Map<string, FunctionTotals> {
  const callees = options.selfTimes;
  const byFunction = new Map<string, FunctionTotals>();
  for (const row of functionStatsRows(db, runId)) {
    const key = functionKey(row.module_id, row.name, row.line, row.col);
    let acc = byFunction.get(key);
    if (!acc) {
      acc = {
        key,
        entry: { function: row.name, module: row.module_id, file: row.file, line: row.line, calls: 0, detailed_calls: 0, timed_calls: 0 },
        totalNs: 0, selfNs: 0, maxNs: null, histogram: [],
        suspendable: row.is_async === 1 || row.is_generator === 1, elapsedNs: 0, elapsedCalls: 0, elapsedMaxNs: null,
        column: row.col,
      };
      byFunction.set(key, acc);
    }
    options.byId?.set(row.id, acc);
    const exact = row.agg_count !== null && row.agg_count >= row.calls;
    const count = exact ? row.agg_count! : row.calls;
    const totalNs = exact && row.agg_total_ns !== null ? Math.max(row.agg_total_ns, row.total_ns) : row.total_ns;
    acc.entry.calls += count;
    acc.entry.detailed_calls += row.calls;
    acc.entry.timed_calls += exact && row.agg_timed !== null ? Math.max(row.agg_timed, row.calls) : count;
    acc.totalNs += totalNs;
    const max = Math.max(row.max_ns ?? 0, row.agg_max_ns ?? 0);
    if (row.max_ns !== null || row.agg_max_ns !== null) acc.maxNs = Math.max(acc.maxNs ?? 0, max);
    addElapsed(acc, row, exact);
    if (callees === undefined) continue;
    // Both estimates err high, for different reasons (see scaledSelf, selfByEdges): the lower one is the closer.
    acc.selfNs += exact && callees.called.has(row.id)
      ? Math.min(scaledSelf(row, totalNs), selfByEdges(totalNs, row.agg_with_nested_ns ?? totalNs, callees.inside.get(row.id) ?? 0))
      : scaledSelf(row, totalNs);
    const histogram = JSON.parse((exact ? row.agg_histogram : null) ?? row.histogram ?? '[]') as number[];
    histogram.forEach((n, i) => (acc.histogram[i] = (acc.histogram[i] ?? 0) + n));
  }
  return byFunction;
}

/**
 * Self time from the ingest's detailed calls, scaled to the whole when calls were capped. A detailed
 * call's callees past their own detail cap are not seen: their time counts as its own.
 */
function scaledSelf(row: StatsRow, totalNs: number): number {
  return row.total_ns > 0 ? (row.self_ns * totalNs) / row.total_ns : 0;
}

/**
 * Self time from the runtime's aggregates, which cover every call: the durations of the function's
 * calls less the time traced callees ran inside them (their edges' totals: an async callee's or
 * generator's up to its first suspension), nested calls included on both sides since schema 8
 * (`withNestedNs`; before it, the outermost calls' total, as `calleeNs` then). Right in mutual
 * recursion (A -> B -> A -> B), where the outermost-only totals are not: the nested A's time is inside
 * B's call but not on B's edge to A, and B kept it as its own. A callee past its detail cap is
 * subtracted as well, so that a parser's entry point does not show its capped helpers' time as its
 * own. A generator resumed by a next() call runs inside the caller of next(), which has no edge for it:
 * that time stays in the caller's (the detailed calls' self time has it right). Bounded by the
 * outermost calls' total and 0 (sampled estimates may cross them).
 */
function selfByEdges(totalNs: number, withNestedNs: number, calleeNs: number): number {
  return Math.min(totalNs, Math.max(0, withNestedNs - calleeNs));
}

export interface CalleeTimes {
  /**
   * Per function id: the summed time its traced callees ran inside its calls, nested calls included
   * (edge_stats.with_nested_ns; runs recorded before schema 8 have only total_ns).
   */
  inside: Map<number, number>;
  /** Function ids the runtime's edge counts cover (runs recorded before schema 5 have none). */
  called: Set<number>;
}

function calleeTimes(db: Database.Database, runId: number): CalleeTimes {
  const rows = db
    .prepare(
      `SELECT e.caller_id, e.callee_id, e.total_ns, e.with_nested_ns FROM edge_stats e JOIN functions f ON f.id = e.callee_id
       JOIN processes p ON p.id = f.process_id WHERE p.run_id = ?`,
    )
    .all(runId) as { caller_id: number; callee_id: number; total_ns: number; with_nested_ns: number | null }[];
  const inside = new Map<number, number>();
  const called = new Set<number>();
  for (const row of rows) {
    called.add(row.callee_id);
    if (row.caller_id !== 0) inside.set(row.caller_id, (inside.get(row.caller_id) ?? 0) + (row.with_nested_ns ?? row.total_ns));
  }
  return { inside, called };
}

/**
 * An async function's or generator's elapsed time in one process: the runtime's, over every timed call
 * (the detailed ones included), when it has it; else the ingest's, over the detailed calls that ended.
 */
function addElapsed(acc: FunctionTotals, row: StatsRow, exact: boolean): void {
  if (!acc.suspendable) return;
  const detailedEnded = row.returns + row.exceptions;
  if (exact && row.agg_elapsed_timed !== null && row.agg_elapsed_ns !== null && row.agg_elapsed_timed >= detailedEnded) {
    acc.elapsedNs += row.agg_elapsed_ns;
    acc.elapsedCalls += row.agg_elapsed_timed;
    acc.elapsedMaxNs = Math.max(acc.elapsedMaxNs ?? 0, row.agg_elapsed_max_ns ?? 0, row.elapsed_max_ns ?? 0);
  } else if (row.elapsed_ns !== null && detailedEnded > 0) {
    acc.elapsedNs += row.elapsed_ns;
    acc.elapsedCalls += detailedEnded;
    acc.elapsedMaxNs = Math.max(acc.elapsedMaxNs ?? 0, row.elapsed_max_ns ?? 0);
  }
}

/** A function of the run across its processes (each process has its own function ids). */
export function functionKey(module: string, name: string, line: number, column: number): string {
  return `${module}\0${name}\0${line}\0${column}`;
}

interface EdgeRow {
  callee_name: string;
  callee_module: string;
  callee_line: number;
  callee_col: number;
  caller_name: string | null;
  caller_module: string | null;
  caller_line: number | null;
  caller_col: number | null;
  calls: number;
}

type Callers = Map<string, { function: string; module: string | null; calls: number; line: number | null; column: number | null }>;

/**
 * The run's exact caller -> callee counts (the runtime's aggregates): the callers of each function, and
 * the functions on a cycle of the call graph (they recurse, directly or through others).
 */
function callGraph(db: Database.Database, runId: number): { callers: Map<string, Callers>; recursive: Set<string> } {
  const rows = db
    .prepare(
      `SELECT ${displayNameSql('ce')} AS callee_name, ce.module_id AS callee_module, ce.line AS callee_line, ce.col AS callee_col,
         CASE WHEN cr.id IS NULL THEN NULL ELSE ${displayNameSql('cr')} END AS caller_name, cr.module_id AS caller_module, cr.line AS caller_line, cr.col AS caller_col, e.calls
       FROM edge_stats e JOIN functions ce ON ce.id = e.callee_id JOIN processes p ON p.id = ce.process_id
         LEFT JOIN functions cr ON cr.id = e.caller_id
       WHERE p.run_id = ?`,
    )
    .all(runId) as EdgeRow[];
  const callers = new Map<string, Callers>();
  const graph = new Map<string, Set<string>>();
  for (const row of rows) {
    const callee = functionKey(row.callee_module, row.callee_name, row.callee_line, row.callee_col);
    const caller = row.caller_name === null ? null : functionKey(row.caller_module!, row.caller_name, row.caller_line!, row.caller_col!);
    let byCaller = callers.get(callee);
    if (!byCaller) callers.set(callee, (byCaller = new Map()));
    const entry = byCaller.get(caller ?? '') ?? { function: row.caller_name ?? '(root)', module: row.caller_module, calls: 0, line: row.caller_line, column: row.caller_col };
    entry.calls += row.calls;
    byCaller.set(caller ?? '', entry);
    if (caller !== null) {
      if (!graph.has(caller)) graph.set(caller, new Set());
      graph.get(caller)!.add(callee);
    }
  }
  return { callers, recursive: onCycles(graph) };
}

function topCallers(byCaller: Callers | undefined, callOf: CallArgumentOf): PerformanceEntry['callers'] {
  if (!byCaller) return [];
  return [...byCaller.values()]
    .sort((a, b) => b.calls - a.calls || compareText(a.function, b.function))
    .slice(0, 3)
    .map(({ function: name, module, calls, line, column }) => {
      const call = module === null || line === null || column === null ? undefined : callOf({ module, name, line, column });
      return { function: name, ...(call === undefined ? {} : { call }), module, calls };
    });
}

/** The nodes of `graph` that lie on a cycle: self-loops and strongly connected components of 2 or more (Tarjan, iterative). */
function onCycles(graph: Map<string, Set<string>>): Set<string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Set<string>();
  let next = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; edges: Iterator<string> }[] = [];
    const open = (node: string): void => {
      index.set(node, next);
      low.set(node, next++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, edges: (graph.get(node) ?? new Set<string>()).values() });
    };
    open(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const step = top.edges.next();
      if (!step.done) {
        const to = step.value;
        if (to === top.node) result.add(to);
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        if (component.length > 1) for (const m of component) result.add(m);
      }
    }
  }
  return result;
}

export function queryPerformance(db: Database.Database, options: { runId?: number; limit?: number }): PerformanceResult {
  const limit = clampLimit(options.limit, 30);
  const scope = runScope(db, options.runId);
  const all = functionPerformance(db, scope.runId).sort((a, b) => b.total_ms - a.total_ms || b.calls - a.calls);
  const result: PerformanceResult = { run_id: scope.runId, functions: all.slice(0, limit), total_functions: all.length };
  const notes = ['sorted by total time; p95 is the upper bound of its power-of-two duration bucket'];
  if (all.some((f) => f.elapsed_avg_ms !== undefined)) {
    notes.push(
      'times are time on the thread: for async functions and generators the time suspended at await/yield is left out (overlapping calls would add up to more than the run); elapsed_avg_ms and elapsed_max_ms have their time from start to settle or finish, waits included',
    );
  }
  if (all.some((f) => f.timed_calls < f.calls)) {
    notes.push('where timed_calls < calls, times are estimates: past the detail cap about 1 call in 64 is timed (chosen at random) and total = mean of the timed calls x calls; p95 and max are over the timed calls');
  }
  if (all.length > limit) notes.push(`showing ${limit} of ${all.length} functions: pass --limit N for more`);
  result.note = notes.join('; ');
  return result;
}
