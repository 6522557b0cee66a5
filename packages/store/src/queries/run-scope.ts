// What every query needs first: which run (default the latest), its processes, and how to turn the
// stored compact columns back into what users read (ISO times, parsed values, names).
import type Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import type { ExceptionValue } from '../types.js';

export interface ProcessInfo {
  id: number;
  key: string;
  startedAtMs: number;
  /** The process's first and last event rows (0 and -1 when it has none): every scan stays inside them. */
  firstEvent: number;
  lastEvent: number;
  events: number;
}

export interface RunScope {
  runId: number;
  processes: ProcessInfo[];
  processById: Map<number, ProcessInfo>;
}

export function resolveRunId(db: Database.Database, runId: number | undefined): number {
  if (runId === undefined) {
    const latest = db.prepare('SELECT MAX(id) FROM runs').pluck().get() as number | null;
    if (latest === null) {
      throw new StoreError('NO_RUNS', 'no runs recorded in this project yet: trace a program first with `breadcrumb run -c NAME -- node app.js`');
    }
    return latest;
  }
  if (!Number.isSafeInteger(runId) || db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId) === undefined) {
    const ids = db.prepare('SELECT id FROM runs ORDER BY id DESC LIMIT 10').pluck().all() as number[];
    const known = ids.length === 0 ? 'there are no runs yet' : `runs that exist: ${ids.join(', ')}${ids.length === 10 ? ', ...' : ''}`;
    throw new StoreError('UNKNOWN_RUN', `no run ${runId} in this project (${known}): see \`breadcrumb list\``, { runs: ids });
  }
  return runId;
}

export function runScope(db: Database.Database, runId: number | undefined): RunScope {
  const id = resolveRunId(db, runId);
  const processes = (
    db.prepare('SELECT id, process_key, started_at_ms, first_event, last_event, events FROM processes WHERE run_id = ? ORDER BY started_at_ms, id').all(id) as {
      id: number; process_key: string; started_at_ms: number; first_event: number | null; last_event: number | null; events: number;
    }[]
  ).map((p) => ({
    id: p.id,
    key: p.process_key,
    startedAtMs: p.started_at_ms,
    firstEvent: p.first_event ?? 0,
    // A process without events would otherwise scan every later run's events for none of its own.
    lastEvent: p.first_event === null ? -1 : (p.last_event ?? Number.MAX_SAFE_INTEGER),
    events: p.events,
  }));
  return { runId: id, processes, processById: new Map(processes.map((p) => [p.id, p])) };
}

/**
 * An answer item's `process` field: the key of the process it happened in, in a run of several
 * processes only. A run of one process (most) says nothing with it on every call, event and
 * exception but costs ~40 characters each (the run's processes are in `list` and `get_trace`).
 */
export function processField(scope: RunScope, processId: number): { process?: string } {
  if (scope.processes.length <= 1) return {};
  return { process: scope.processById.get(processId)?.key ?? String(processId) };
}

export function isoOf(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  return new Date(ms).toISOString();
}

export function eventTime(process: ProcessInfo | undefined, tsNs: number): string {
  return isoOf((process?.startedAtMs ?? 0) + tsNs / 1e6) ?? '';
}

export function msOf(ns: number | null | undefined): number | null {
  if (ns === null || ns === undefined) return null;
  // 0.1 µs: finer than the clock's noise, short enough to read.
  return Math.round(ns / 100) / 1e4;
}

/**
 * A call row's `args` as answers show them: the arguments, and apart from them the receiver, which the
 * runtime records under `this` for a function that reads it (no parameter can have that name).
 */
export function callValues(text: string | null): { args: unknown; this?: unknown } {
  const args = parseValue(text);
  if (args === null || typeof args !== 'object' || Array.isArray(args) || !Object.hasOwn(args, 'this')) return { args };
  const { this: receiver, ...rest } = args as Record<string, unknown>;
  return { args: rest, this: receiver };
}

export function parseValue(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `{type, message}` of a thrown value, whatever shape the capture gave it. */
export function exceptionOf(text: string | null): ExceptionValue & { stack: string | null } {
  const value = parseValue(text);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    // The capture's errors: {"$type": "Error", "class": "RangeError", "name": ..., "message": ..., "stack": ...}.
    if (v.$type !== undefined && v.$type !== 'Error' && v.message === undefined) {
      return { type: String(v.$type), message: firstString(v.value, v.description) ?? JSON.stringify(value), stack: null };
    }
    const type = firstString(v.name, v.class, v.type, v.constructor, v.__type) ?? 'Object';
    // An error's message may be empty (`new Error()`, or babel's parser errors, whose message is a getter
    // the capture does not call): empty, not the error's JSON.
    const message = firstString(v.message) ?? (v.$type === 'Error' ? '' : typeof v.value === 'string' ? v.value : JSON.stringify(value));
    const stack = firstString(v.stack);
    return { type, message, stack };
  }
  if (value === null) return { type: 'unknown', message: 'the thrown value was not captured', stack: null };
  return { type: typeof value, message: String(value), stack: null };
}

/** What ended a process that died of an uncaught exception (`processes.end_error`), its fields checked. */
export interface EndError {
  name: string | null;
  message: string | null;
  stack: string | null;
  /** The thrown value as its Exception events captured it; absent when values were not captured. */
  value: string | null;
}

export function endErrorOf(text: string | null | undefined): EndError | null {
  if (text === null || text === undefined) return null;
  try {
    const e = JSON.parse(text) as Record<string, unknown>;
    return { name: stringOrNull(e.name), message: stringOrNull(e.message), stack: stringOrNull(e.stack), value: stringOrNull(e.value) };
  } catch {
    return null;
  }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The capture writes long strings as `{"$type": "string", "value": ..., "truncated": true}`. */
function firstString(...candidates: unknown[]): string | null {
  for (const c of candidates) {
    if (typeof c === 'string' && c !== '') return c;
    const wrapped = c as { $type?: unknown; value?: unknown } | null;
    if (wrapped !== null && typeof wrapped === 'object' && wrapped.$type === 'string' && typeof wrapped.value === 'string') return `${wrapped.value}…`;
  }
  return null;
}

export function clampLimit(limit: number | undefined, fallback: number, max = 100_000): number {
  if (limit === undefined) return fallback;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new StoreError('BAD_ARGUMENT', `--limit expects a whole number ≥ 1, got ${String(limit)}`);
  }
  return Math.min(limit, max);
}

/** "./src/pay.js:charge" for people; names alone are ambiguous across modules. */
export function qualified(moduleId: string, name: string): string {
  return `${moduleId}:${name}`;
}
