// The statistics the ingest kept for each traced function of a run (function_stats joined with its
// function), read for `--performance` and the run report.
//
// Read as one JSON text of arrays per process, parsed at once, not as rows: better-sqlite3 builds a
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

/** The columns, in the order rowOf() reads their values (function-stats.test.ts checks the two agree). */
const COLUMNS: readonly [keyof StatsRow, string][] = [
  ['id', 'f.id'], ['name', displayNameSql('f')], ['module_id', 'f.module_id'], ['file', 'f.file'], ['line', 'f.line'], ['col', 'f.col'],
  ['is_async', 'f.is_async'], ['is_generator', 'f.is_generator'], ['calls', 's.calls'], ['returns', 's.returns'], ['exceptions', 's.exceptions'],
  ['total_ns', 's.total_ns'], ['self_ns', 's.self_ns'], ['max_ns', 's.max_ns'], ['histogram', 's.histogram'], ['agg_count', 's.agg_count'],
  ['agg_timed', 's.agg_timed'], ['agg_total_ns', 's.agg_total_ns'], ['agg_max_ns', 's.agg_max_ns'], ['agg_histogram', 's.agg_histogram'],
  ['elapsed_ns', 's.elapsed_ns'], ['elapsed_max_ns', 's.elapsed_max_ns'], ['agg_elapsed_timed', 's.agg_elapsed_timed'],
  ['agg_elapsed_ns', 's.agg_elapsed_ns'], ['agg_elapsed_max_ns', 's.agg_elapsed_max_ns'], ['agg_with_nested_ns', 's.agg_with_nested_ns'],
];

/** The SQL of every column of a StatsRow, by name (for the test that checks rowOf). */
export const STATS_COLUMNS: ReadonlyMap<keyof StatsRow, string> = new Map(COLUMNS);

/**
 * The run's function statistics, process by process (by id), each process's functions in the order of
 * their local ids: the order the rows came in when they were read with one join over the run, which the
 * orderings built on them keep for their ties.
 */

export function functionStatsRows(db: Database.Database, runId: number): StatsRow[] {
  const processes = db.prepare('SELECT id FROM processes WHERE run_id = ? ORDER BY id').pluck().all(runId) as number[];
  // json_array, not json_object: SQLite's json_object took ~9 ms for lodash's 332 rows, json_array ~1.
  const statement = db
    .prepare(
      `SELECT json_group_array(json_array(${COLUMNS.map(([, sql]) => sql).join(', ')}) ORDER BY f.local_id)
       FROM function_stats s JOIN functions f ON f.id = s.function_id WHERE f.process_id = ?`,
    )
    .pluck();
  const rows: StatsRow[] = [];
  for (const processId of processes) {
    for (const v of JSON.parse(statement.get(processId) as string) as StatsValues) rows.push(rowOf(v));
  }
  return rows;
}

/** A row's values as JSON.parse gives them back: what each is, COLUMNS says. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StatsValues = any[][];

/**
 * A row from its values in COLUMNS' order, as one object literal: filling an object column by column
 * (`row[name] = value`) took ~10 ms for lodash's 332 rows in V8's interpreter (a keyed store each).
 */
// prettier-ignore
function rowOf(v: StatsValues[number]): StatsRow {
  return {
    id: v[0], name: v[1], module_id: v[2], file: v[3], line: v[4], col: v[5], is_async: v[6], is_generator: v[7], calls: v[8],
    returns: v[9], exceptions: v[10], total_ns: v[11], self_ns: v[12], max_ns: v[13], histogram: v[14], agg_count: v[15],
    agg_timed: v[16], agg_total_ns: v[17], agg_max_ns: v[18], agg_histogram: v[19], elapsed_ns: v[20], elapsed_max_ns: v[21],
    agg_elapsed_timed: v[22], agg_elapsed_ns: v[23], agg_elapsed_max_ns: v[24], agg_with_nested_ns: v[25],
  };
}
