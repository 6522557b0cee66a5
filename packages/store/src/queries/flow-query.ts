// `--flow [--module GLOB]`: events in chronological order per process, with depth. Without a module
// the scan starts at each process's first event id; with one, the matching functions' calls are
// found through the per-function index when they are rare, by a filtered scan when they are common.
import type Database from 'better-sqlite3';
import { minimatch } from 'minimatch';
import { EventKind } from '@breadcrumb/core';
import type { FlowEvent, FlowResult } from '../types.js';
import { EventNames } from './event-names.js';
import { CallRowsOfFunction, ChildRows, expandRows, firstRows, type EventRow } from './event-rows.js';
import { clampLimit, runScope, type RunScope } from './run-scope.js';
import { displayNameSql } from './display-name.js';
import { SharedStacks } from './shared-stacks.js';

export function queryFlow(db: Database.Database, options: { runId?: number; module?: string; limit?: number }): FlowResult {
  const limit = clampLimit(options.limit, 500);
  const scope = runScope(db, options.runId);
  const names = new EventNames(db, { runId: scope.runId });
  const glob = options.module?.trim() || null;
  let events: FlowEvent[];
  let total: number;
  if (glob === null) {
    const { rows, complete } = firstRows(db, scope, limit);
    events = expandRows(rows, scope, names, limit, complete);
    total = scope.processes.reduce((sum, p) => sum + p.events, 0);
  } else {
    const found = moduleRows(db, scope, glob, limit);
    events = expandRows(found.rows, scope, names, limit, found.complete);
    total = found.total;
  }
  const capped = cappedFunctions(db, scope.runId, glob);
  SharedStacks.ofRun(db, scope.runId).visitEvents(events);
  const result: FlowResult = { run_id: scope.runId, module: glob, events, total_events: total, truncated: total > events.length, capped };
  const notes: string[] = [];
  if (result.truncated) notes.push(`showing the first ${events.length} of ${total} events: pass --limit N for more, or narrow with --module GLOB`);
  if (capped.length > 0) notes.push(`${capped.length} functions reached the per-function detail cap: their later calls were only counted (see "capped")`);
  if (glob !== null && total === 0) {
    const hint = unmatchedGlobHint(db, scope.runId, glob);
    if (hint !== null) notes.push(hint);
  }
  if (notes.length > 0) result.note = notes.join('; ');
  return result;
}

/** A glob that matched no module of the run (a file name, a path without `./`): name what ids look like. */
function unmatchedGlobHint(db: Database.Database, runId: number, glob: string): string | null {
  const modules = db
    .prepare('SELECT DISTINCT f.module_id FROM functions f JOIN processes p ON p.id = f.process_id WHERE p.run_id = ? ORDER BY f.module_id')
    .pluck()
    .all(runId) as string[];
  // a module that matches but whose functions never ran is no mistake of the glob
  if (modules.length === 0 || modules.some(moduleMatcher(glob))) return null;
  const base = glob.replace(/^\.?\//, '');
  const suggestion = base.startsWith('**/') || base.includes('/') ? '' : ` (e.g. '**/${base}')`;
  return `no traced module of run ${runId} matches '${glob}': globs match whole module ids, such as ${modules.slice(0, 5).join(', ')}${suggestion}`;
}

function moduleMatcher(glob: string): (moduleId: string) => boolean {
  return (moduleId) => minimatch(moduleId, glob, { dot: true }) || minimatch(moduleId.replace(/^\.\//, ''), glob, { dot: true });
}

function matchingIds(db: Database.Database, runId: number, glob: string): { functions: number[]; sites: number[]; calls: number } {
  const matches = moduleMatcher(glob);
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

function moduleRows(db: Database.Database, scope: RunScope, glob: string, limit: number): { rows: EventRow[]; total: number; complete: boolean } {
  const ids = matchingIds(db, scope.runId, glob);
  if (ids.functions.length === 0 && ids.sites.length === 0) return { rows: [], total: 0, complete: true };
  const runCalls = db.prepare('SELECT COALESCE(SUM(calls), 0) FROM processes WHERE run_id = ?').pluck().get(scope.runId) as number;
  // Matching events: a call and its end, plus the untraced calls made from the module.
  const total = ids.calls * 2 + siteCount(db, ids.sites);
  const fnSet = new Set(ids.functions);
  const siteSet = new Set(ids.sites);
  const matches = (row: EventRow) => (row.kind === EventKind.CallSite ? siteSet.has(row.fn) : fnSet.has(row.fn));
  if (runCalls > 0 && ids.calls / runCalls >= 0.05) {
    // Common: a scan in id order finds `limit` matches quickly.
    const rows: EventRow[] = [];
    const scan = db.prepare(`SELECT * FROM events WHERE id BETWEEN ? AND ? AND process_id = ? AND kind IN (0, 2, 3, 7) ORDER BY id`);
    for (const p of scope.processes) {
      for (const row of scan.iterate(p.firstEvent, p.lastEvent, p.id) as Iterable<EventRow>) {
        if (matches(row)) rows.push(row);
        if (rows.length >= limit) return { rows, total, complete: false };
      }
    }
    return { rows, total, complete: true };
  }
  // Rare: their calls through the per-function index, then the untraced calls inside them.
  const callsOf = new CallRowsOfFunction(db);
  let calls: EventRow[] = [];
  for (const fn of ids.functions) calls.push(...callsOf.of(fn, limit));
  calls.sort((a, b) => a.process_id - b.process_id || a.id - b.id);
  const complete = calls.length <= limit;
  calls = calls.slice(0, limit);
  const children = new ChildRows(db);
  const rows: EventRow[] = [...calls];
  for (const call of calls) {
    rows.push(...children.of(call, 50, (row) => row.kind === EventKind.CallSite && matches(row)).rows);
  }
  rows.sort((a, b) => a.process_id - b.process_id || a.id - b.id);
  return { rows, total, complete };
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
      `SELECT ${displayNameSql('f')} AS name, f.module_id, SUM(s.agg_count) AS calls, SUM(s.calls) AS detailed
       FROM function_stats s JOIN functions f ON f.id = s.function_id JOIN processes p ON p.id = f.process_id
       WHERE p.run_id = ? AND s.agg_count > s.calls GROUP BY f.module_id, f.name, f.line, f.col ORDER BY calls DESC LIMIT 50`,
    )
    .all(runId) as { name: string; module_id: string; calls: number; detailed: number }[];
  return rows
    .filter((r) => glob === null || minimatch(r.module_id, glob, { dot: true }))
    .map((r) => ({ function: r.name, module: r.module_id, calls: r.calls, detailed: r.detailed }));
}
