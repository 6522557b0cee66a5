// The statistics the ingest kept for each traced function of a run (function_stats joined with its
// function), read for `--performance` and the run report.
//
// Read as one JSON text of objects per process, parsed at once, not as rows: better-sqlite3 builds a
// row's object a value at a time through V8's API, and these rows have 26 columns. The report of
// lodash's driver reads 332 of them on the path from the command's exit to the report, in a cold CLI:
// ~10-16 ms of CPU as rows (9,000 values), ~1-2 ms as JSON. Exact because the columns are integers and
// text (SQLite writes a REAL into JSON with 15 digits, which would not give back every double); one
// text per process stays far below V8's longest string (a process's functions, ~300 characters each).
import type Database from 'better-sqlite3';
import { displayNameSql } from './display-name.js';

export interface StatsRow {
  id: number;
  name: string;
  module_id: string;
  file: string;
  line: number;
  col: number;
  is_async: number;
  is_generator: number;
  calls: number;
  returns: number;
  exceptions: number;
  total_ns: number;
  self_ns: number;
  max_ns: number | null;
  histogram: string | null;
  agg_count: number | null;
  agg_timed: number | null;
  agg_total_ns: number | null;
  agg_max_ns: number | null;
  agg_histogram: string | null;
  elapsed_ns: number | null;
  elapsed_max_ns: number | null;
  agg_elapsed_timed: number | null;
  agg_elapsed_ns: number | null;
  agg_elapsed_max_ns: number | null;
  agg_with_nested_ns: number | null;
}

const COLUMNS: readonly [keyof StatsRow, string][] = [
  ['id', 'f.id'], ['name', displayNameSql('f')], ['module_id', 'f.module_id'], ['file', 'f.file'], ['line', 'f.line'], ['col', 'f.col'],
  ['is_async', 'f.is_async'], ['is_generator', 'f.is_generator'], ['calls', 's.calls'], ['returns', 's.returns'], ['exceptions', 's.exceptions'],
  ['total_ns', 's.total_ns'], ['self_ns', 's.self_ns'], ['max_ns', 's.max_ns'], ['histogram', 's.histogram'], ['agg_count', 's.agg_count'],
  ['agg_timed', 's.agg_timed'], ['agg_total_ns', 's.agg_total_ns'], ['agg_max_ns', 's.agg_max_ns'], ['agg_histogram', 's.agg_histogram'],
  ['elapsed_ns', 's.elapsed_ns'], ['elapsed_max_ns', 's.elapsed_max_ns'], ['agg_elapsed_timed', 's.agg_elapsed_timed'],
  ['agg_elapsed_ns', 's.agg_elapsed_ns'], ['agg_elapsed_max_ns', 's.agg_elapsed_max_ns'], ['agg_with_nested_ns', 's.agg_with_nested_ns'],
];

/**
 * The run's function statistics, process by process (by id), each process's functions in the order of
 * their local ids: the order the rows came in when they were read with one join over the run, which the
 * orderings built on them keep for their ties.
 */
export function functionStatsRows(db: Database.Database, runId: number): StatsRow[] {
  const processes = db.prepare('SELECT id FROM processes WHERE run_id = ? ORDER BY id').pluck().all(runId) as number[];
  const statement = db
    .prepare(
      `SELECT json_group_array(json_object(${COLUMNS.map(([name, sql]) => `'${name}', ${sql}`).join(', ')}) ORDER BY f.local_id)
       FROM function_stats s JOIN functions f ON f.id = s.function_id WHERE f.process_id = ?`,
    )
    .pluck();
  const rows: StatsRow[] = [];
  for (const processId of processes) {
    for (const row of JSON.parse(statement.get(processId) as string) as StatsRow[]) rows.push(row);
  }
  return rows;
}
