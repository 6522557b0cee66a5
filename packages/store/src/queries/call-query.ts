// `--call NAME`: every recorded call of one function with its arguments, result, duration, caller
// and the calls it made (traced and untraced), in the seed's shape.
import type Database from 'better-sqlite3';
import type { CallEdgeCount, CallQueryResult, CallRecord } from '../types.js';
import { EventKind } from '@breadcrumb/core';
import { CallRowsOfFunction, ChildRows, ROW_OPEN, ROW_THREW, type EventRow } from './event-rows.js';
import { EventNames } from './event-names.js';
import { findFunction } from './function-lookup.js';
import { callValues, clampLimit, eventTime, exceptionOf, msOf, parseValue, processField, runScope } from './run-scope.js';
import { displayNameSql } from './display-name.js';
import { callArguments } from './call-arguments.js';
import { ProjectPaths } from './project-paths.js';
import { SharedStacks } from './shared-stacks.js';

const CALLS_MADE_SHOWN = 50;
/** Callers and callees listed, the busiest first. */
const EDGES_SHOWN = 10;

/** The recorded calls a `match` looks through: every one the detail cap lets a process record, and more. */
const MATCH_SCAN = 100_000;

export interface CallQueryOptions {
  runId?: number;
  limit?: number;
  excludes?: readonly string[];
  /** Only the calls whose captured arguments, return value or exception (not the receiver) contain this text. */
  match?: string;
}

export function queryCall(db: Database.Database, name: string, options: CallQueryOptions): CallQueryResult {
  const limit = clampLimit(options.limit, 20);
  const scope = runScope(db, options.runId);
  const match = findFunction(db, scope.runId, name, options.excludes);
  const callsOf = new CallRowsOfFunction(db);
  const paths = ProjectPaths.ofRun(db, scope.runId);
  const file = paths.file(match.file);
  const stacks = new SharedStacks(paths);
  let starts: EventRow[] = [];
  const matches = options.match === undefined ? null : valueMatcher(options.match);
  for (const id of match.ids) starts.push(...callsOf.of(id, matches === null ? limit : MATCH_SCAN));
  if (matches !== null) starts = starts.filter(matches);
  // Chronological across processes (each process's clock is anchored at its wall-clock start).
  const wallTime = (row: EventRow) => (scope.processById.get(row.process_id)?.startedAtMs ?? 0) + row.ts / 1e6;
  starts.sort((a, b) => wallTime(a) - wallTime(b) || a.id - b.id);
  const shown = starts.slice(0, limit);

  // A call's row holds both its ends; the calls it made (and its suspends and resumes) point at it through `parent`.
  const callerOf = db.prepare('SELECT e.fn FROM events e JOIN functions f ON f.id = e.fn WHERE e.id = ?').pluck();
  const children = new ChildRows(db);
  // names as plain lists show them: the `--call` argument where the name alone is ambiguous
  const names = new EventNames(db, { runId: scope.runId });
  const listed = (kind: number, fn: number) => {
    const named = names.of(kind, fn);
    return named.call ?? named.name;
  };
  const calledBy = (parent: number) => {
    const fn = parent === 0 ? undefined : (callerOf.get(parent) as number | undefined);
    return fn === undefined ? null : listed(EventKind.Call, fn);
  };
  const calls: CallRecord[] = shown.map((start, i) => {
    const process = scope.processById.get(start.process_id);
    const record: CallRecord = {
      timestamp: eventTime(process, start.ts),
      ...callValues(start.args),
      duration_ms: null,
      called_by: calledBy(start.parent),
      calls_made: [],
      file,
      line: match.line,
      run_id: scope.runId,
      ...processField(scope, start.process_id),
      call_id: start.call,
    };
    if (start.kind === ROW_OPEN) {
      record.unfinished = true;
    } else if (start.kind === ROW_THREW) {
      record.duration_ms = msOf(start.aux);
      if (match.suspends) record.on_thread_ms = onThreadMs(start);
      const { type, message } = exceptionOf(start.result);
      record.exception = { type, message };
    } else {
      record.duration_ms = msOf(start.aux);
      if (match.suspends) record.on_thread_ms = onThreadMs(start);
      record.return_value = parseValue(start.result);
      // An async call's row ends when its body returned: what it returned is what its promise resolved
      // to, unless it is a promise or thenable, which that promise adopts later (CAPTURE.md)
      if (match.isAsync && !isPromiseLike(record.return_value)) record.settled = true;
    }
    const made = children.of(start, CALLS_MADE_SHOWN, (row) => row.kind !== EventKind.Suspend && row.kind !== EventKind.Resume);
    record.calls_made = made.rows.map((row) => listed(row.kind, row.fn));
    if (made.more) record.calls_made_more = true;
    stacks.visitCall(record, `calls[${i}]`);
    return record;
  });

  const stats = db
    .prepare(`SELECT SUM(COALESCE(agg_count, calls)) AS total, SUM(calls) AS detailed FROM function_stats WHERE function_id IN (${match.ids.map(() => '?').join(',')})`)
    .get(...match.ids) as { total: number | null; detailed: number | null };
  const total = Math.max(stats.total ?? 0, starts.length);
  const detailed = Math.max(stats.detailed ?? 0, starts.length);
  const call = callArguments(db, scope.runId, [match.name])({ module: match.moduleId, name: match.name, line: match.line, column: match.column });
  const result: CallQueryResult = {
    function: match.name,
    ...(call === undefined ? {} : { call }),
    module: match.moduleId,
    run_id: scope.runId,
    total_calls: total,
    detailed_calls: detailed,
    callers: edgeCounts(db, scope.runId, match.ids, 'callers'),
    callees: edgeCounts(db, scope.runId, match.ids, 'callees'),
    calls,
  };
  const notes: string[] = [];
  if (matches !== null) {
    result.matched_calls = starts.length;
    notes.push(
      starts.length === 0
        ? `none of the ${detailed} recorded calls has '${options.match}' in its arguments, return value or exception`
        : `${starts.length} of the ${detailed} recorded calls ${starts.length === 1 ? `has '${options.match}' in its` : `have '${options.match}' in their`} arguments, return value or exception${calls.length < starts.length ? `; showing the first ${calls.length}: pass --limit N for more` : ''}`,
    );
  } else if (detailed > calls.length) notes.push(`showing the first ${calls.length} of ${detailed} recorded calls: pass --limit N for more`);
  if (total > detailed) notes.push(`${total - detailed} later calls were only counted (the per-function detail cap): callers and callees include them, --performance has their timings`);
  if (notes.length > 0) result.note = notes.join('; ');
  return result;
}

/** The time a call ran: its duration less the time it was suspended at await/yield (none: its duration). */
export function onThreadMs(row: EventRow): number | undefined {
  return msOf(row.on_thread_ns ?? row.aux) ?? undefined;
}

/**
 * The exact caller -> callee counts the runtime keeps for every call (edge_stats), for the function's
 * callers or its callees: they cover the calls past the detail cap, which `called_by` cannot.
 */
function edgeCounts(db: Database.Database, runId: number, ids: readonly number[], side: 'callers' | 'callees'): CallEdgeCount[] {
  if (ids.length === 0) return [];
  const [self, other] = side === 'callers' ? ['callee_id', 'caller_id'] : ['caller_id', 'callee_id'];
  // one entry per function (module, name and where it starts), whichever processes it ran in
  const rows = db
    .prepare(
      `SELECT CASE WHEN o.id IS NULL THEN '(root)' ELSE ${displayNameSql('o')} END AS function, o.module_id AS module, o.line, o.col, SUM(e.calls) AS calls
       FROM edge_stats e LEFT JOIN functions o ON o.id = e.${other}
       WHERE e.${self} IN (${ids.map(() => '?').join(',')})${side === 'callees' ? ' AND o.id IS NOT NULL' : ''}
       GROUP BY function, module, o.line, o.col ORDER BY calls DESC, function LIMIT ${EDGES_SHOWN}`,
    )
    .all(...ids) as { function: string; module: string | null; line: number | null; col: number | null; calls: number }[];
  const callOf = callArguments(db, runId, rows.map((row) => row.function));
  return rows.map((row) => {
    const call = row.module === null ? undefined : callOf({ module: row.module, name: row.function, line: row.line!, column: row.col! });
    return { function: row.function, ...(call === undefined ? {} : { call }), module: row.module, calls: row.calls };
  });
}

/**
 * Whether a call's captured values contain `text`: its arguments, return value or exception, not its
 * receiver. A match picks calls by what they were given and gave back; the receiver (`this`, kept as the
 * arguments' last member) is the same object across many calls of a method, and at the default
 * `capture.this_values` it is only the class's name, which every call shares. Without it, the arguments
 * read as the answer prints them (`{"a":100,"b":59}`), so text copied from `args` matches.
 * Values are stored as compact JSON (`{"limit":"3"}`) while the CLI prints them spaced
 * (`{"limit": "3"}`): text copied from an answer matches either way.
 */
function valueMatcher(text: string): (row: EventRow) => boolean {
  const compact = text.replace(/": /g, '":').replace(/, "/g, ',"').replace(/, (?=[[{\d-]|true|false|null)/g, ',');
  const needles = compact === text ? [text] : [text, compact];
  return (row) => {
    for (const value of [row.args === null ? null : withoutReceiver(row.args), row.result]) {
      if (typeof value !== 'string') continue;
      for (const needle of needles) if (value.includes(needle)) return true;
    }
    return false;
  };
}

/** Captured arguments (`{"a":1,"this":{...}}`) without their top-level `this` member. */
export function withoutReceiver(args: string): string {
  if (args[0] !== '{' || !args.includes('"this":')) return args;
  const members = topLevelMembers(args);
  const kept = members.filter(([start]) => !args.startsWith('"this":', start));
  return kept.length === members.length ? args : `{${kept.map(([start, end]) => args.slice(start, end)).join(',')}}`;
}

/** Where each member of a JSON object's text starts and ends: at its top level, outside strings. */
function topLevelMembers(text: string): [start: number, end: number][] {
  const members: [number, number][] = [];
  let depth = 0;
  let inString = false;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \\ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (--depth === 0) {
        if (i > start) members.push([start, i]);
        break;
      }
    } else if (c === 0x2c /* , */ && depth === 1) {
      members.push([start, i]);
      start = i + 1;
    }
  }
  return members;
}

/** A captured promise (`{"$type": "Promise"}`) or thenable (an object whose `then` is a function). */
function isPromiseLike(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const captured = value as { $type?: unknown; then?: { $type?: unknown } | null };
  return captured.$type === 'Promise' || (typeof captured.then === 'object' && captured.then?.$type === 'function');
}
