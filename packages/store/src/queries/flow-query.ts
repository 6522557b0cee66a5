// `--flow [--module GLOB]`: events in chronological order per process, with depth. Without a module
// the scan starts at each process's first event id; with one, the matching functions' calls are
// found through the per-function index when they are rare, by a filtered scan when they are common.
import type Database from 'better-sqlite3';
import { minimatch } from 'minimatch';
import { EVENT_KIND_NAMES, EventKind } from '@breadcrumb/core';
import type { FlowEvent, FlowResult } from '../types.js';
import { EventNames } from './event-names.js';
import { clampLimit, eventTime, exceptionOf, msOf, parseValue, runScope, type RunScope } from './run-scope.js';

interface EventRow {
  id: number;
  process_id: number;
  kind: number;
  fn: number;
  call: number;
  depth: number;
  ts: number;
  aux: number;
  value: string | null;
}

const SHOWN_KINDS = '(0, 1, 2, 3, 6)';

export function queryFlow(db: Database.Database, options: { runId?: number; module?: string; limit?: number }): FlowResult {
  const limit = clampLimit(options.limit, 500);
  const scope = runScope(db, options.runId);
  const names = new EventNames(db);
  const glob = options.module?.trim() || null;
  let rows: EventRow[];
  let total: number;
  if (glob === null) {
    rows = [];
    const perProcess = db.prepare(`SELECT * FROM events WHERE id >= ? AND process_id = ? AND kind IN ${SHOWN_KINDS} ORDER BY id LIMIT ?`);
    for (const p of scope.processes) {
      if (rows.length >= limit) break;
      rows.push(...(perProcess.all(p.firstEvent, p.id, limit - rows.length) as EventRow[]));
    }
    total = scope.processes.reduce((sum, p) => sum + p.events, 0);
  } else {
    ({ rows, total } = moduleEvents(db, scope, glob, limit));
  }
  const events = rows.map((row) => toFlowEvent(row, scope, names));
  const capped = cappedFunctions(db, scope.runId, glob);
  const result: FlowResult = { run_id: scope.runId, module: glob, events, total_events: total, truncated: total > events.length, capped };
  const notes: string[] = [];
  if (result.truncated) notes.push(`showing the first ${events.length} of ${total} events: pass --limit N for more, or narrow with --module GLOB`);
  if (capped.length > 0) notes.push(`${capped.length} functions reached the per-function detail cap: their later calls were only counted (see "capped")`);
  if (notes.length > 0) result.note = notes.join('; ');
  return result;
}

export function toFlowEvent(row: EventRow, scope: RunScope, names: EventNames): FlowEvent {
  const process = scope.processById.get(row.process_id);
  const { name, module } = names.of(row.kind, row.fn);
  const type = (EVENT_KIND_NAMES[row.kind] ?? 'call') as FlowEvent['type'];
  const event: FlowEvent = {
    type,
    function: name,
    module,
    depth: row.depth,
    timestamp: eventTime(process, row.ts),
    process: process?.key ?? String(row.process_id),
    call_id: row.call,
  };
  if (row.kind === EventKind.Call) {
    if (row.value !== null) event.args = parseValue(row.value);
  } else {
    event.duration_ms = msOf(row.aux) ?? 0;
    if (row.kind === EventKind.Exception) {
      const { type: errorType, message } = exceptionOf(row.value);
      event.exception = { type: errorType, message };
    } else if (row.value !== null && row.kind !== EventKind.CallSite) {
      event.return_value = parseValue(row.value);
    }
  }
  return event;
}

function matchingIds(db: Database.Database, runId: number, glob: string): { functions: number[]; sites: number[]; calls: number } {
  const matches = (moduleId: string) => minimatch(moduleId, glob, { dot: true }) || minimatch(moduleId.replace(/^\.\//, ''), glob, { dot: true });
  const functions = db
    .prepare('SELECT f.id, f.module_id, COALESCE(s.calls, 0) AS calls FROM functions f JOIN processes p ON p.id = f.process_id LEFT JOIN function_stats s ON s.function_id = f.id WHERE p.run_id = ?')
    .all(runId) as { id: number; module_id: string; calls: number }[];
  const sites = db
    .prepare('SELECT s.id, s.module_id FROM call_sites s JOIN processes p ON p.id = s.process_id WHERE p.run_id = ?')
    .all(runId) as { id: number; module_id: string }[];
  const matched = functions.filter((f) => matches(f.module_id));
  return {
    functions: matched.map((f) => f.id),
    sites: sites.filter((s) => matches(s.module_id)).map((s) => s.id),
    calls: matched.reduce((sum, f) => sum + f.calls, 0),
  };
}

function moduleEvents(db: Database.Database, scope: RunScope, glob: string, limit: number): { rows: EventRow[]; total: number } {
  const ids = matchingIds(db, scope.runId, glob);
  if (ids.functions.length === 0 && ids.sites.length === 0) return { rows: [], total: 0 };
  const runCalls = db
    .prepare('SELECT COALESCE(SUM(calls), 0) FROM processes WHERE run_id = ?')
    .pluck()
    .get(scope.runId) as number;
  // Estimated matching events: a call, its end, and as many call sites again at most.
  const total = ids.calls * 2 + siteCount(db, ids.sites);
  if (runCalls > 0 && ids.calls / runCalls >= 0.05) {
    // Common: a scan in id order finds `limit` matches quickly.
    const fnSet = new Set(ids.functions);
    const siteSet = new Set(ids.sites);
    const rows: EventRow[] = [];
    const scan = db.prepare(`SELECT * FROM events WHERE id >= ? AND process_id = ? AND kind IN ${SHOWN_KINDS} ORDER BY id`);
    for (const p of scope.processes) {
      for (const row of scan.iterate(p.firstEvent, p.id) as Iterable<EventRow>) {
        if (row.kind === EventKind.CallSite ? siteSet.has(row.fn) : fnSet.has(row.fn)) rows.push(row);
        if (rows.length >= limit) break;
      }
      if (rows.length >= limit) break;
    }
    return { rows, total };
  }
  // Rare: their calls through the per-function index, then each call's end and untraced calls.
  const callsOf = db.prepare('SELECT * FROM events INDEXED BY events_fn_calls WHERE fn = ? AND kind = 0 ORDER BY id LIMIT ?');
  let calls: EventRow[] = [];
  for (const fn of ids.functions) calls.push(...(callsOf.all(fn, limit) as EventRow[]));
  calls.sort((a, b) => a.process_id - b.process_id || a.id - b.id);
  calls = calls.slice(0, limit);
  const siteSet = new Set(ids.sites);
  const rest = db.prepare(`SELECT * FROM events WHERE process_id = ? AND call = ? AND kind IN (1, 2, 3, 6)`);
  const rows: EventRow[] = [...calls];
  for (const call of calls) {
    for (const row of rest.all(call.process_id, call.call) as EventRow[]) {
      if (row.kind !== EventKind.CallSite || siteSet.has(row.fn)) rows.push(row);
    }
  }
  rows.sort((a, b) => a.process_id - b.process_id || a.id - b.id);
  return { rows: rows.slice(0, limit), total };
}

function siteCount(db: Database.Database, sites: number[]): number {
  if (sites.length === 0) return 0;
  const stmt = db.prepare('SELECT calls FROM site_stats WHERE site_id = ?').pluck();
  let total = 0;
  for (const id of sites) total += (stmt.get(id) as number | undefined) ?? 0;
  return total;
}

function cappedFunctions(db: Database.Database, runId: number, glob: string | null): FlowResult['capped'] {
  const rows = db
    .prepare(
      `SELECT f.name, f.module_id, SUM(s.agg_count) AS calls, SUM(s.calls) AS detailed
       FROM function_stats s JOIN functions f ON f.id = s.function_id JOIN processes p ON p.id = f.process_id
       WHERE p.run_id = ? AND s.agg_count > s.calls GROUP BY f.module_id, f.name, f.line ORDER BY calls DESC LIMIT 50`,
    )
    .all(runId) as { name: string; module_id: string; calls: number; detailed: number }[];
  return rows
    .filter((r) => glob === null || minimatch(r.module_id, glob, { dot: true }))
    .map((r) => ({ function: r.name, module: r.module_id, calls: r.calls, detailed: r.detailed }));
}
