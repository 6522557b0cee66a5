// `--call NAME`: every recorded call of one function with its arguments, result, duration, caller
// and the calls it made (traced and untraced), in the seed's shape.
import type Database from 'better-sqlite3';
import { EventKind } from '@breadcrumb/core';
import type { CallQueryResult, CallRecord } from '../types.js';
import { findFunction } from './function-lookup.js';
import { clampLimit, eventTime, exceptionOf, msOf, parseValue, runScope } from './run-scope.js';

const CALLS_MADE_SHOWN = 50;

interface EventRow {
  id: number;
  process_id: number;
  kind: number;
  fn: number;
  call: number;
  parent: number;
  ts: number;
  aux: number;
  value: string | null;
}

export function queryCall(db: Database.Database, name: string, options: { runId?: number; limit?: number }): CallQueryResult {
  const limit = clampLimit(options.limit, 20);
  const scope = runScope(db, options.runId);
  const match = findFunction(db, scope.runId, name);
  const callsOf = db.prepare('SELECT * FROM events INDEXED BY events_fn_calls WHERE fn = ? AND kind = 0 ORDER BY id LIMIT ?');
  const starts: EventRow[] = [];
  for (const id of match.ids) starts.push(...(callsOf.all(id, limit) as EventRow[]));
  starts.sort((a, b) => a.id - b.id);
  const shown = starts.slice(0, limit);

  const endsOf = db.prepare('SELECT kind, ts, aux, value FROM events WHERE process_id = ? AND call = ? AND kind IN (1, 2, 6) ORDER BY id');
  const callerOf = db.prepare(
    'SELECT f.name FROM events e JOIN functions f ON f.id = e.fn WHERE e.process_id = ? AND e.call = ? AND e.kind = 0 LIMIT 1',
  ).pluck();
  const childrenOf = db.prepare(
    `SELECT e.id, f.name FROM events e INDEXED BY events_children JOIN functions f ON f.id = e.fn
     WHERE e.process_id = ? AND e.parent = ? AND e.kind = 0 ORDER BY e.id LIMIT ${CALLS_MADE_SHOWN + 1}`,
  );
  const untracedOf = db.prepare(
    `SELECT e.id, s.callee AS name FROM events e JOIN call_sites s ON s.id = e.fn
     WHERE e.process_id = ? AND e.call = ? AND e.kind = 3 ORDER BY e.id LIMIT ${CALLS_MADE_SHOWN + 1}`,
  );
  const calls: CallRecord[] = shown.map((start) => {
    const process = scope.processById.get(start.process_id);
    const record: CallRecord = {
      timestamp: eventTime(process, start.ts),
      args: parseValue(start.value),
      duration_ms: null,
      called_by: start.parent === 0 ? null : ((callerOf.get(start.process_id, start.parent) as string | undefined) ?? null),
      calls_made: [],
      file: match.file,
      line: match.line,
      run_id: scope.runId,
      process: process?.key ?? String(start.process_id),
      call_id: start.call,
    };
    const ends = endsOf.all(start.process_id, start.call) as EventRow[];
    // An async call's Settle (its promise's outcome) wins over the Return that handed the promise back.
    const end = ends.find((e) => e.kind === EventKind.Settle) ?? ends.find((e) => e.kind === EventKind.Exception) ?? ends[0];
    if (!end) {
      record.unfinished = true;
    } else {
      record.duration_ms = msOf(end.aux);
      if (end.kind === EventKind.Exception) {
        const { type, message } = exceptionOf(end.value);
        record.exception = { type, message };
      } else {
        record.return_value = end.value === null ? undefined : parseValue(end.value);
        if (end.value === null) record.return_value = null;
      }
    }
    const made = [
      ...(childrenOf.all(start.process_id, start.call) as { id: number; name: string }[]),
      ...(untracedOf.all(start.process_id, start.call) as { id: number; name: string }[]),
    ].sort((a, b) => a.id - b.id);
    record.calls_made = made.slice(0, CALLS_MADE_SHOWN).map((m) => m.name);
    if (made.length > CALLS_MADE_SHOWN) record.calls_made_total = made.length;
    return record;
  });

  const stats = db
    .prepare(`SELECT SUM(COALESCE(agg_count, calls)) AS total, SUM(calls) AS detailed FROM function_stats WHERE function_id IN (${match.ids.map(() => '?').join(',')})`)
    .get(...match.ids) as { total: number | null; detailed: number | null };
  const total = Math.max(stats.total ?? 0, starts.length);
  const detailed = Math.max(stats.detailed ?? 0, starts.length);
  const result: CallQueryResult = {
    function: match.name,
    module: match.moduleId,
    run_id: scope.runId,
    total_calls: total,
    detailed_calls: detailed,
    calls,
  };
  const notes: string[] = [];
  if (detailed > calls.length) notes.push(`showing the first ${calls.length} of ${detailed} recorded calls: pass --limit N for more`);
  if (total > detailed) notes.push(`${total - detailed} later calls were only counted (the per-function detail cap): see --performance`);
  if (notes.length > 0) result.note = notes.join('; ');
  return result;
}
