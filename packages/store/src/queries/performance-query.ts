// `--performance`: per function, the exact call count (capped calls included, from the runtime's
// Aggregates when present) and total, self, average, p95 and max time. Read from the statistics
// kept at ingest, so it costs the same on a run of 10 million events as on one of ten.
import type Database from 'better-sqlite3';
import { quantileOf } from '../ingest/duration-histogram.js';
import type { PerformanceEntry, PerformanceResult } from '../types.js';
import { clampLimit, msOf, runScope } from './run-scope.js';
import { displayNameSql } from './display-name.js';
import { compareText } from './compare-text.js';

interface StatsRow {
  name: string;
  module_id: string;
  file: string;
  line: number;
  calls: number;
  total_ns: number;
  self_ns: number;
  max_ns: number | null;
  histogram: string | null;
  agg_count: number | null;
  agg_timed: number | null;
  agg_total_ns: number | null;
  agg_max_ns: number | null;
  agg_histogram: string | null;
}

interface Accumulated {
  entry: Omit<PerformanceEntry, 'avg_ms' | 'p95_ms' | 'total_ms' | 'self_ms' | 'max_ms' | 'recursive' | 'callers'>;
  totalNs: number;
  selfNs: number;
  maxNs: number | null;
  histogram: number[];
}

/** `callers: false`: every entry's `callers` left empty (the report shows none; ranking them is most of the work on a big call graph). */
export function functionPerformance(db: Database.Database, runId: number, options: { callers?: boolean } = {}): PerformanceEntry[] {
  const rows = db
    .prepare(
      `SELECT ${displayNameSql('f')} AS name, f.module_id, f.file, f.line, s.calls, s.total_ns, s.self_ns, s.max_ns, s.histogram,
         s.agg_count, s.agg_timed, s.agg_total_ns, s.agg_max_ns, s.agg_histogram
       FROM function_stats s JOIN functions f ON f.id = s.function_id JOIN processes p ON p.id = f.process_id
       WHERE p.run_id = ?`,
    )
    .all(runId) as StatsRow[];
  const byFunction = new Map<string, Accumulated>();
  for (const row of rows) {
    const key = functionKey(row.module_id, row.name, row.line);
    let acc = byFunction.get(key);
    if (!acc) {
      acc = { entry: { function: row.name, module: row.module_id, file: row.file, line: row.line, calls: 0, detailed_calls: 0, timed_calls: 0 }, totalNs: 0, selfNs: 0, maxNs: null, histogram: [] };
      byFunction.set(key, acc);
    }
    const exact = row.agg_count !== null && row.agg_count >= row.calls;
    const count = exact ? row.agg_count! : row.calls;
    const totalNs = exact && row.agg_total_ns !== null ? Math.max(row.agg_total_ns, row.total_ns) : row.total_ns;
    // Self time is only known for detailed calls: scale it to the whole when calls were capped.
    const selfNs = row.total_ns > 0 ? (row.self_ns * totalNs) / row.total_ns : 0;
    acc.entry.calls += count;
    acc.entry.detailed_calls += row.calls;
    acc.entry.timed_calls += exact && row.agg_timed !== null ? Math.max(row.agg_timed, row.calls) : count;
    acc.totalNs += totalNs;
    acc.selfNs += selfNs;
    const max = Math.max(row.max_ns ?? 0, row.agg_max_ns ?? 0);
    if (row.max_ns !== null || row.agg_max_ns !== null) acc.maxNs = Math.max(acc.maxNs ?? 0, max);
    const histogram = JSON.parse((exact ? row.agg_histogram : null) ?? row.histogram ?? '[]') as number[];
    histogram.forEach((n, i) => (acc.histogram[i] = (acc.histogram[i] ?? 0) + n));
  }
  const { callers, recursive } = callGraph(db, runId);
  return [...byFunction.entries()].map(([key, acc]) => {
    const p95 = quantileOf(acc.histogram.map((n) => n ?? 0), 0.95);
    return {
      ...acc.entry,
      total_ms: msOf(acc.totalNs) ?? 0,
      self_ms: msOf(acc.selfNs) ?? 0,
      avg_ms: acc.entry.calls > 0 ? (msOf(acc.totalNs / acc.entry.calls) ?? 0) : 0,
      // The histogram's bucket bound, never above the slowest call seen.
      p95_ms: p95 === null ? null : msOf(acc.maxNs === null ? p95 : Math.min(p95, acc.maxNs)),
      max_ms: msOf(acc.maxNs),
      recursive: recursive.has(key),
      callers: options.callers === false ? [] : topCallers(callers.get(key)),
    };
  });
}

/** A function of the run across its processes (each process has its own function ids). */
function functionKey(module: string, name: string, line: number): string {
  return `${module}\0${name}\0${line}`;
}

interface EdgeRow {
  callee_name: string;
  callee_module: string;
  callee_line: number;
  caller_name: string | null;
  caller_module: string | null;
  caller_line: number | null;
  calls: number;
}

type Callers = Map<string, { function: string; module: string | null; calls: number }>;

/**
 * The run's exact caller -> callee counts (the runtime's aggregates): the callers of each function, and
 * the functions on a cycle of the call graph (they recurse, directly or through others).
 */
function callGraph(db: Database.Database, runId: number): { callers: Map<string, Callers>; recursive: Set<string> } {
  const rows = db
    .prepare(
      `SELECT ${displayNameSql('ce')} AS callee_name, ce.module_id AS callee_module, ce.line AS callee_line,
         CASE WHEN cr.id IS NULL THEN NULL ELSE ${displayNameSql('cr')} END AS caller_name, cr.module_id AS caller_module, cr.line AS caller_line, e.calls
       FROM edge_stats e JOIN functions ce ON ce.id = e.callee_id JOIN processes p ON p.id = ce.process_id
         LEFT JOIN functions cr ON cr.id = e.caller_id
       WHERE p.run_id = ?`,
    )
    .all(runId) as EdgeRow[];
  const callers = new Map<string, Callers>();
  const graph = new Map<string, Set<string>>();
  for (const row of rows) {
    const callee = functionKey(row.callee_module, row.callee_name, row.callee_line);
    const caller = row.caller_name === null ? null : functionKey(row.caller_module!, row.caller_name, row.caller_line!);
    let byCaller = callers.get(callee);
    if (!byCaller) callers.set(callee, (byCaller = new Map()));
    const entry = byCaller.get(caller ?? '') ?? { function: row.caller_name ?? '(root)', module: row.caller_module, calls: 0 };
    entry.calls += row.calls;
    byCaller.set(caller ?? '', entry);
    if (caller !== null) {
      if (!graph.has(caller)) graph.set(caller, new Set());
      graph.get(caller)!.add(callee);
    }
  }
  return { callers, recursive: onCycles(graph) };
}

function topCallers(byCaller: Callers | undefined): PerformanceEntry['callers'] {
  if (!byCaller) return [];
  return [...byCaller.values()].sort((a, b) => b.calls - a.calls || compareText(a.function, b.function)).slice(0, 3);
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
  if (all.some((f) => f.timed_calls < f.calls)) {
    notes.push('where timed_calls < calls, times are estimates: past the detail cap about 1 call in 64 is timed (chosen at random) and total = mean of the timed calls x calls; p95 and max are over the timed calls');
  }
  if (all.length > limit) notes.push(`showing ${limit} of ${all.length} functions: pass --limit N for more`);
  result.note = notes.join('; ');
  return result;
}
