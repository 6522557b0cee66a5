// `--performance`: per function, the exact call count (capped calls included, from the runtime's
// Aggregates when present) and total, self, average, p95 and max time. Read from the statistics
// kept at ingest, so it costs the same on a run of 10 million events as on one of ten.
import type Database from 'better-sqlite3';
import { quantileOf } from '../ingest/duration-histogram.js';
import type { PerformanceEntry, PerformanceResult } from '../types.js';
import { clampLimit, msOf, runScope } from './run-scope.js';
import { displayNameSql } from './display-name.js';

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
  entry: Omit<PerformanceEntry, 'avg_ms' | 'p95_ms' | 'total_ms' | 'self_ms' | 'max_ms'>;
  totalNs: number;
  selfNs: number;
  maxNs: number | null;
  histogram: number[];
}

export function functionPerformance(db: Database.Database, runId: number): PerformanceEntry[] {
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
    const key = `${row.module_id}\0${row.name}\0${row.line}`;
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
  return [...byFunction.values()].map((acc) => {
    const p95 = quantileOf(acc.histogram.map((n) => n ?? 0), 0.95);
    return {
      ...acc.entry,
      total_ms: msOf(acc.totalNs) ?? 0,
      self_ms: msOf(acc.selfNs) ?? 0,
      avg_ms: acc.entry.calls > 0 ? (msOf(acc.totalNs / acc.entry.calls) ?? 0) : 0,
      // The histogram's bucket bound, never above the slowest call seen.
      p95_ms: p95 === null ? null : msOf(acc.maxNs === null ? p95 : Math.min(p95, acc.maxNs)),
      max_ms: msOf(acc.maxNs),
    };
  });
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
