// `--exceptions`: every exception, once, where it was thrown: its type, message and position in the
// original source (from its stack when captured, else the function's), whether something caught
// it and where, the functions it passed through, and the call chain that led to it.
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { CALL_ROW_KINDS, ROW_OPEN, ROW_RETURNED, ROW_THREW } from './event-rows.js';
import type { ExceptionRecord, ExceptionsResult } from '../types.js';
import { clampLimit, endErrorOf, eventTime, exceptionOf, processField, runScope } from './run-scope.js';
import { displayNameSql } from './display-name.js';
import { callArguments, nameOrCall, type CallArgumentOf } from './call-arguments.js';
import { ProjectPaths } from './project-paths.js';
import { SharedStacks } from './shared-stacks.js';
import { chainShape, foldCycles, messagePattern, OTHER_MESSAGES } from './exception-groups.js';
import { THROWING_COLUMNS, ThrownValues, type ThrowingRow } from './thrown-values.js';

interface ExceptionRow extends ThrowingRow {
  fn: number;
  kind: number;
  end_pos: number | null;
  ts: number;
  aux: number;
  /** Read for the exceptions counted (first throws) only. */
  value: string | null;
}

/** A call's row: the part of CallInfo that is not its function's. */
type CallRow = Pick<CallInfo, 'id' | 'fn' | 'parent' | 'kind' | 'end_pos'>;

interface CallInfo {
  fn: number;
  parent: number;
  kind: number;
  /** Its row, and the id the next row had when it ended (returned, threw or settled): its callees lie between. */
  id: number;
  end_pos: number | null;
  name: string;
  module: string;
  file: string;
  line: number;
  col: number;
  /** An async function (not an async generator): its exception leaves in the promise it returned. */
  promising: number;
}

const CHAIN_LIMIT = 30;
/**
 * Calls that returned normally between a call whose exception passed through them and the caller that
 * threw it on: a framework's `dispatch` returns the rejected promise of a middleware that an `await
 * next()` further up rejects with again (koa), so the exception leaves the middleware, not `dispatch`.
 */
const PASS_THROUGH_HOPS = 3;
/** Call rows after an exception searched for the first traced call that received it (`handled_by`). */
const HANDLER_SCAN = 5_000;

/** `handlers: false` leaves handled_by out (the run report, which shows no handler, does not search for one). */
export function queryExceptions(db: Database.Database, options: { runId?: number; limit?: number; handlers?: boolean }): ExceptionsResult {
  const limit = clampLimit(options.limit, 50);
  const scope = runScope(db, options.runId);
  // A call that threw is a row of kind 2 with the thrown value in `result`; `parent` is its caller's row,
  // compared with it where that threw too (thrown-values.ts). The values stay in SQLite.
  // Read as rows, not as one json_group_array text (session 21: 216 -> 193 M instructions on js-yaml's
  // 2,684 rows): the rows of a process are not bounded (a raised detail cap, a program that throws in a
  // loop), and one text of ~100 characters a row passes V8's longest string at ~5 M rows.
  const exceptionsOf = db.prepare(
    `SELECT e.id, e.fn, e.parent, ${ROW_THREW} AS kind, e.end_pos, ${THROWING_COLUMNS} FROM events e INDEXED BY events_exceptions
     LEFT JOIN events p ON p.id = e.parent AND p.kind = 2 WHERE e.process_id = ? AND e.kind = 2`,
  );
  const fullRow = db.prepare('SELECT ts, aux FROM events WHERE id = ?');
  // The same callers come up again and again (a loop whose callee throws each time): each row is read once.
  const parentOf = memoized(db.prepare('SELECT parent FROM events WHERE id = ?').pluck(), (parent) => (parent as number | undefined) ?? 0);
  // A call is its row (listed with the exceptions when it threw) and its function's, each read once:
  // a run's chains pass through thousands of calls of a few hundred functions.
  const callRow = db.prepare('SELECT id, fn, parent, kind, end_pos FROM events WHERE id = ?');
  const functionOf = memoized(
    db.prepare(
      `SELECT ${displayNameSql('f')} AS name, f.module_id AS module, f.file, f.line, f.col, f.is_async AND NOT f.is_generator AS promising
       FROM functions f WHERE f.id = ?`,
    ),
    (row) => row as Omit<CallInfo, keyof CallRow> | undefined,
  );
  const listed = new Map<number, CallRow>();
  const callInfo = memoized(
    { get: (id: number) => listed.get(id) ?? callRow.get(id) },
    (row) => {
      const call = row as CallRow | undefined;
      const fn = call?.fn == null ? undefined : functionOf(call.fn);
      if (call === undefined || fn === undefined) return undefined;
      // one shape for every call (a spread of the two gave objects of many shapes, slow to read)
      const { id, parent, kind, end_pos } = call;
      return { id, fn: call.fn, parent, kind, end_pos, name: fn.name, module: fn.module, file: fn.file, line: fn.line, col: fn.col, promising: fn.promising };
    },
  );
  const values = new ThrownValues(db);
  // Exceptions thrown again and again come by the same calls: each chain's shape is worked out once.
  const shapes = new Map<string, string>();
  const shapeOf = (calls: readonly CallInfo[]): string => {
    const fns = calls.map((up) => up.fn);
    const key = fns.join(' ');
    let shape = shapes.get(key);
    if (shape === undefined) {
      shape = chainShape(fns);
      shapes.set(key, shape);
    }
    return shape;
  };
  const processEnd = db.prepare('SELECT end_reason, end_error FROM processes WHERE id = ?');
  // the first call after the exception whose captured arguments hold its value (by its stack: the
  // captured error's text, the same in an argument as where it was thrown)
  const receiverOf = db.prepare(
    `SELECT id FROM (SELECT id, args FROM events WHERE process_id = ? AND id > ? AND kind IN ${CALL_ROW_KINDS} AND args IS NOT NULL ORDER BY id LIMIT ${HANDLER_SCAN})
     WHERE instr(args, ?) > 0 LIMIT 1`,
  ).pluck();

  const records: PendingRecord[] = [];
  // Exceptions alike (same thrower, type, message pattern, position, handling and chain shape) are one
  // record with a count: the ones past the limit are only counted, their key kept to count groups.
  const groups = new Map<string, PendingRecord | null>();
  let total = 0;
  for (const p of scope.processes) {
    const rows = (exceptionsOf.all(p.id) as ExceptionRow[]).sort((a, b) => a.id - b.id);
    for (const row of rows) listed.set(row.id, row);
    values.add(rows);
    // Calls that a callee left by throwing, with the value: a call's row may come after its callee's
    // (one the runtime recorded in detail only when the exception left it), so by parent, not position;
    // and the first call that threw above calls that returned normally (see PASS_THROUGH_HOPS).
    const threw = new Set<number>(rows.map((row) => row.id));
    // By id alone: a call is marked only with its own value (a callee's equal to it).
    const thrownInto = new Set<number>();
    for (const row of rows) {
      if (row.no_value === 1) continue;
      // past at most PASS_THROUGH_HOPS calls that returned normally, as the chain below does
      let up = row.parent;
      for (let hops = 0; up !== 0 && hops < PASS_THROUGH_HOPS && !threw.has(up); hops++) up = parentOf(up);
      if (up !== 0 && threw.has(up) && values.same(up, row.id)) thrownInto.add(up);
    }
    // Rethrown on the way up (the same value left a callee): counted where it was first thrown.
    const firstThrows = rows.filter((row) => row.no_value === 1 || !thrownInto.has(row.id));
    for (const row of firstThrows) row.value = values.valueOf(row.id);
    const fatal = fatalException(processEnd.get(p.id) as ProcessEndRow | undefined, firstThrows);
    for (const row of firstThrows) {
      total++;
      Object.assign(row, fullRow.get(row.id));
      const info = callInfo(row.id);
      // Only the exception that ended the process (if one did) went up uncaught: the others were caught.
      const processUncaught = fatal(row);
      const chain: CallInfo[] = [];
      const through: CallInfo[] = [];
      let caughtBy: CallInfo | null = null;
      let parent = info?.parent ?? 0;
      const ancestors: CallInfo[] = [];
      for (let hops = 0; parent !== 0 && hops < CHAIN_LIMIT; hops++) {
        const up = callInfo(parent);
        if (!up) break;
        ancestors.push(up);
        chain.unshift(up);
        parent = up.parent;
      }
      // A caller that threw the same value passed it on, and so did the few calls that returned
      // normally below such a caller (PASS_THROUGH_HOPS); one still running when an uncaught exception
      // ended the process did too; the first other caller caught it. (The values are compared in
      // SQLite, or known alike by the rethrows between the two calls: thrown-values.ts.)
      const passedOn = (up: CallInfo) => (up.kind === ROW_THREW && values.same(up.id, row.id)) || (up.kind === ROW_OPEN && processUncaught);
      let propagating = true;
      // the last call the exception left by throwing: an async one hands it on in its promise
      let left: CallInfo | undefined = info;
      for (let i = 0; i < ancestors.length; i++) {
        const up = ancestors[i]!;
        // A call that had returned before the plain function the exception left was called is the causal
        // parent of a later turn (it scheduled the timer or listener that threw), not a caller: nothing
        // traced caught it there; it went to the event loop (a process 'uncaughtException' listener, or
        // the end of the process). (An async function's exception leaves in its promise: below.)
        if (left !== undefined && left.promising === 0 && up.kind === ROW_RETURNED && up.end_pos !== null && up.end_pos <= left.id) break;
        if (passedOn(up)) {
          through.push(up);
          if (up.kind === ROW_THREW) left = up;
          continue;
        }
        let resumes = -1;
        for (let j = i + 1; j < ancestors.length && j <= i + PASS_THROUGH_HOPS; j++) {
          if (ancestors[j]!.kind === ROW_THREW || ancestors[j]!.kind === ROW_OPEN) {
            if (passedOn(ancestors[j]!)) resumes = j;
            break;
          }
        }
        if (resumes < 0) {
          // A plain caller of an async function that rejected did not catch anything: it got a promise,
          // and whoever handled the rejection (a `.catch` callback, an `await` of that promise further
          // up) is not on this call's stack. Left unknown rather than named wrongly.
          if (up.promising === 0 && left?.promising === 1) break;
          propagating = false;
          caughtBy = up;
          break;
        }
        for (let j = i; j < resumes; j++) through.push(ancestors[j]!);
        i = resumes - 1;
      }
      const { type, message, stack } = exceptionOf(row.value);
      const position = positionFromStack(stack) ?? (info ? { file: info.file, line: info.line, column: info.col + 1 } : null);
      const uncaught = propagating && processUncaught;
      const caught = caughtBy !== null || !uncaught;
      const timestamp = eventTime(p, row.ts + row.aux);
      const key = [
        info?.fn,
        type,
        messagePattern(message),
        position ? `${position.file}:${position.line}:${position.column}` : '',
        caught,
        caughtBy?.fn,
        shapeOf(chain),
        shapeOf(through),
      ].join('\0');
      const group = groups.get(key);
      if (group !== undefined) {
        if (group === null) continue;
        group.count++;
        group.last_timestamp = timestamp;
        if (message !== group.message && group.other_messages.length < OTHER_MESSAGES && !group.other_messages.includes(message)) group.other_messages.push(message);
        continue;
      }
      if (records.length >= limit) {
        groups.set(key, null);
        continue;
      }
      // Handled where no traced caller caught it: by a `.catch` callback, an error-first callback, a
      // listener, whichever traced call received it first.
      let handledBy: CallInfo | null = null;
      if (options.handlers !== false && caughtBy === null && !uncaught && stack !== null && stack.length >= 20) {
        const receiver = receiverOf.get(p.id, row.id, JSON.stringify(stack)) as number | undefined;
        if (receiver !== undefined) handledBy = callInfo(receiver) ?? null;
      }
      const record: PendingRecord = {
        thrower: info,
        module: info?.module ?? '',
        type,
        message,
        other_messages: [],
        count: 1,
        file: position?.file ?? null,
        line: position?.line ?? null,
        column: position?.column ?? null,
        stack,
        caught,
        caught_by: caughtBy,
        handled_by: handledBy,
        propagated_through: through,
        call_chain: chain,
        timestamp,
        ...processField(scope, p.id),
      };
      records.push(record);
      groups.set(key, record);
    }
  }
  const exceptions = namedRecords(db, scope.runId, records);
  const result: ExceptionsResult = { run_id: scope.runId, exceptions, total, total_groups: groups.size };
  if (groups.size > records.length) {
    const shown = records.reduce((sum, record) => sum + record.count, 0);
    result.note = `showing ${records.length} of ${groups.size} groups of alike exceptions (${shown} of ${total} exceptions): pass --limit N for more`;
  }
  return result;
}

/** A record whose functions are still calls: named once every name of the answer is known. */
interface PendingRecord extends Omit<ExceptionRecord, 'function' | 'call' | 'stack' | 'caught_by' | 'handled_by' | 'propagated_through' | 'call_chain' | 'other_messages'> {
  other_messages: string[];
  thrower: CallInfo | undefined;
  stack: string | null;
  caught_by: CallInfo | null;
  handled_by: CallInfo | null;
  propagated_through: CallInfo[];
  /** The callers, from the root; the thrower follows. */
  call_chain: CallInfo[];
}

/**
 * The records with their functions named: the thrower by its name and, where that is ambiguous, a
 * `call` field; the lists of names by the `--call` argument in place of an ambiguous name (see
 * call-arguments.ts).
 */
function namedRecords(db: Database.Database, runId: number, records: readonly PendingRecord[]): ExceptionRecord[] {
  const names: string[] = [];
  for (const record of records) {
    if (record.thrower) names.push(record.thrower.name);
    if (record.caught_by) names.push(record.caught_by.name);
    if (record.handled_by) names.push(record.handled_by.name);
    for (const up of record.propagated_through) names.push(up.name);
    for (const up of record.call_chain) names.push(up.name);
  }
  const callOf = callArguments(db, runId, names);
  const listed = (info: CallInfo) => nameOrCall(callOf, placeOf(info));
  const paths = ProjectPaths.ofRun(db, runId);
  // an exception thrown from one place again and again has one stack: written out once
  const stacks = new SharedStacks(paths);
  return records.map((record, i) => {
    const { thrower } = record;
    const call = thrower ? callOf(placeOf(thrower)) : undefined;
    // the documented order of the fields
    return {
      function: thrower?.name ?? '<unknown>',
      ...(call === undefined ? {} : { call }),
      module: record.module,
      type: record.type,
      message: record.message,
      ...(record.other_messages.length === 0 ? {} : { other_messages: record.other_messages }),
      count: record.count,
      file: paths.file(record.file),
      line: record.line,
      column: record.column,
      stack: stacks.share(record.stack, `exceptions[${i}].stack`),
      caught: record.caught,
      caught_by: record.caught_by === null ? null : listed(record.caught_by),
      ...(record.handled_by === null ? {} : { handled_by: listed(record.handled_by) }),
      propagated_through: foldCycles(record.propagated_through.map(listed)),
      call_chain: foldCycles([...record.call_chain.map(listed), thrower ? listed(thrower) : '<unknown>']),
      timestamp: record.timestamp,
      ...(record.last_timestamp === undefined ? {} : { last_timestamp: record.last_timestamp }),
      ...(record.process === undefined ? {} : { process: record.process }),
    };
  });
}

function placeOf(info: CallInfo): Parameters<CallArgumentOf>[0] {
  return { module: info.module, name: info.name, line: info.line, column: info.col };
}

/** A statement's answer for a row id, read once per query (rows do not change while it runs). */
function memoized<T>(statement: Pick<Database.Statement, 'get'>, convert: (row: unknown) => T): (id: number) => T {
  const known = new Map<number, T>();
  return (id) => {
    const seen = known.get(id);
    if (seen !== undefined || known.has(id)) return seen as T;
    const value = convert(statement.get(id));
    known.set(id, value);
    return value;
  };
}

interface ProcessEndRow {
  end_reason: string | null;
  end_error: string | null;
}

/**
 * Which exception (first throws: `rows`) ended the process: none unless it died of an uncaught
 * exception; then the last whose value is the value the runtime saw uncaught (the same capture). A
 * root call's exception caught by code that is not traced (a module's top level, a framework) is
 * not it. Without that value (values not captured, a trace from an older runtime) every exception
 * that nothing traced caught is taken for it, as before.
 */
function fatalException(end: ProcessEndRow | undefined, rows: readonly ExceptionRow[]): (row: ExceptionRow) => boolean {
  if (end?.end_reason !== 'uncaught') return () => false;
  const value = endErrorOf(end.end_error)?.value ?? null;
  if (value === null) return () => true;
  let last = -1;
  for (const row of rows) if (row.value === value) last = row.id;
  return (row) => row.id === last;
}

/** The first frame of a V8 stack that names a file: `at f (/app/src/pay.js:12:5)` or `at /app/x.js:3:1`. */
export function positionFromStack(stack: string | null): { file: string; line: number; column: number } | null {
  if (!stack) return null;
  for (const line of stack.split('\n')) {
    const m = /^\s*at (?:.*?\()?((?:file:\/\/)?[^()\s][^()]*?):(\d+):(\d+)\)?\s*$/.exec(line);
    if (m && !m[1]!.startsWith('node:')) {
      const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
      return { file, line: Number(m[2]), column: Number(m[3]) };
    }
  }
  return null;
}
