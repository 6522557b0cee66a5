// Rows of the events table and how they read back as the spool's events. A call is one row holding
// both of its ends (kind 0 returned, 2 threw, 7 not ended), placed at its start; its end event comes
// back at `end_pos`, the position the ingest had reached when the call ended. Call sites, suspends and
// resumes are rows of their own. (An async call's settling is its row's end: the ingest writes no row
// of the spool's Settle kind.)
import type Database from 'better-sqlite3';
import { EventKind } from '@breadcrumb/core';
import type { FlowEvent } from '../types.js';
import type { EventNames } from './event-names.js';
import { callValues, eventTime, exceptionOf, msOf, parseValue, processField, type RunScope } from './run-scope.js';

import { CALL_ROW_KINDS, ROW_OPEN, ROW_RETURNED, ROW_THREW } from '../row-kinds.js';

export { CALL_ROW_KINDS, ROW_OPEN, ROW_RETURNED, ROW_THREW };

export interface EventRow {
  id: number;
  process_id: number;
  kind: number;
  fn: number;
  call: number;
  parent: number;
  depth: number;
  ts: number;
  aux: number;
  end_pos: number | null;
  /** A call that suspended: the time it ran (aux is its elapsed time). NULL otherwise, and in rows written before schema 7. */
  on_thread_ns?: number | null;
  args: string | null;
  result: string | null;
}

export function isCallRow(row: EventRow): boolean {
  return row.kind === ROW_RETURNED || row.kind === ROW_THREW || row.kind === ROW_OPEN;
}

/**
 * The events of rows (in id order, one process at a time), each call's end merged in at its place.
 * `complete`: no rows follow these, so every pending end is emitted; otherwise only the ends that
 * come before the last row read.
 */
export function expandRows(rows: EventRow[], scope: RunScope, names: EventNames, limit: number, complete: boolean): FlowEvent[] {
  const out: FlowEvent[] = [];
  let pending: EventRow[] = [];
  let process = -1;
  const flushUntil = (position: number) => {
    while (pending.length > 0 && pending[0]!.end_pos! <= position && out.length < limit) out.push(endEvent(pending.shift()!, scope, names));
  };
  for (const row of rows) {
    if (row.process_id !== process) {
      flushUntil(Infinity);
      pending = [];
      process = row.process_id;
    }
    flushUntil(row.id);
    if (out.length >= limit) break;
    out.push(startEvent(row, scope, names));
    if ((row.kind === ROW_RETURNED || row.kind === ROW_THREW) && row.end_pos !== null) {
      let at = pending.length;
      // Ends at the same position: the inner (later) call ended first.
      while (at > 0 && (pending[at - 1]!.end_pos! > row.end_pos || (pending[at - 1]!.end_pos === row.end_pos && pending[at - 1]!.id < row.id))) at--;
      pending.splice(at, 0, row);
    }
  }
  flushUntil(complete ? Infinity : (rows[rows.length - 1]?.id ?? 0) + 1);
  return out.slice(0, limit);
}

function base(row: EventRow, scope: RunScope, names: EventNames, type: FlowEvent['type'], ts: number): FlowEvent {
  const process = scope.processById.get(row.process_id);
  const { name, call, module } = names.of(row.kind === EventKind.CallSite ? EventKind.CallSite : EventKind.Call, row.fn);
  return { type, function: name, ...(call === undefined ? {} : { call }), module, depth: row.depth, timestamp: eventTime(process, ts), ...processField(scope, row.process_id), call_id: row.call };
}

function startEvent(row: EventRow, scope: RunScope, names: EventNames): FlowEvent {
  if (row.kind === EventKind.CallSite) {
    const event = base(row, scope, names, 'call_site', row.ts);
    event.duration_ms = msOf(row.aux) ?? 0;
    return event;
  }
  const event = base(row, scope, names, 'call', row.ts);
  if (row.args !== null) Object.assign(event, callValues(row.args));
  if (row.kind === ROW_OPEN) event.unfinished = true;
  return event;
}

function endEvent(row: EventRow, scope: RunScope, names: EventNames): FlowEvent {
  const event = base(row, scope, names, row.kind === ROW_THREW ? 'exception' : 'return', row.ts + row.aux);
  event.duration_ms = msOf(row.aux) ?? 0;
  if (row.on_thread_ns !== null && row.on_thread_ns !== undefined) event.on_thread_ms = msOf(row.on_thread_ns) ?? 0;
  if (row.kind === ROW_THREW) {
    const { type, message } = exceptionOf(row.result);
    event.exception = { type, message };
  } else if (row.result !== null) {
    event.return_value = parseValue(row.result);
  }
  return event;
}

/** The rows of each process from its first event, in order, up to `limit` rows in all. */
export function firstRows(db: Database.Database, scope: RunScope, limit: number, kinds = '(0, 2, 3, 7)'): { rows: EventRow[]; complete: boolean } {
  const rows: EventRow[] = [];
  const perProcess = db.prepare(`SELECT * FROM events WHERE id BETWEEN ? AND ? AND process_id = ? AND kind IN ${kinds} ORDER BY id LIMIT ?`);
  let complete = true;
  for (const p of scope.processes) {
    if (rows.length >= limit) {
      complete = false;
      break;
    }
    const got = perProcess.all(p.firstEvent, p.lastEvent, p.id, limit - rows.length) as EventRow[];
    rows.push(...got);
    if (rows.length >= limit) complete = false;
  }
  return { rows, complete };
}

/**
 * The rows whose `parent` is this call's row (the calls it made, its untraced calls), in order,
 * without an index on `parent`: they lie between the call's row and its end position, and each
 * child call's own end position says where its next sibling can start, so the walk hops over
 * grandchildren instead of scanning them.
 */
export class ChildRows {
  private readonly at: Database.Statement;
  private readonly last: Database.Statement;

  constructor(db: Database.Database) {
    this.at = db.prepare('SELECT * FROM events WHERE id >= ? ORDER BY id LIMIT 1');
    this.last = db.prepare('SELECT MAX(id) FROM events').pluck();
  }

  /** Up to `limit` children; `more` tells whether there were others after them. */
  of(call: EventRow, limit: number, accept: (row: EventRow) => boolean = () => true): { rows: EventRow[]; more: boolean } {
    const rows: EventRow[] = [];
    const end = call.end_pos ?? (this.last.get() as number) + 1;
    let position = call.id + 1;
    let steps = 0;
    while (position < end && steps++ < 200_000) {
      const row = this.at.get(position) as EventRow | undefined;
      if (!row || row.id >= end) break;
      if (row.parent === call.id && row.process_id === call.process_id) {
        if (accept(row)) {
          if (rows.length === limit) return { rows, more: true };
          rows.push(row);
        }
        position = isCallRow(row) && row.end_pos !== null ? Math.max(row.end_pos, row.id + 1) : row.id + 1;
      } else {
        position = row.id + 1;
      }
    }
    return { rows, more: false };
  }
}

/**
 * The first `limit` call rows of one function (functions.id), in order: from function_call_lists, then,
 * past the calls it lists (a function called more often than the ingest lists), by a scan in id
 * order from the last listed one.
 */
export class CallRowsOfFunction {
  private readonly listed: Database.Statement;
  private readonly detailed: Database.Statement;
  private readonly where: Database.Statement;
  private readonly scan: Database.Statement;

  constructor(db: Database.Database) {
    // The ids sorted and cut first, then their rows: sorting the rows themselves would carry their values.
    this.listed = db.prepare(
      `SELECT e.* FROM (SELECT j.value AS id FROM function_call_lists l, json_each(l.ids) j WHERE l.fn = ? ORDER BY 1 LIMIT ?) c
       JOIN events e ON e.id = c.id ORDER BY c.id`,
    );
    this.detailed = db.prepare('SELECT calls FROM function_stats WHERE function_id = ?').pluck();
    this.where = db.prepare('SELECT f.process_id, p.first_event FROM functions f JOIN processes p ON p.id = f.process_id WHERE f.id = ?');
    this.scan = db.prepare(`SELECT * FROM events WHERE id > ? AND process_id = ? AND fn = ? AND kind IN ${CALL_ROW_KINDS} ORDER BY id LIMIT ?`);
  }

  of(fn: number, limit: number): EventRow[] {
    const rows = this.listed.all(fn, limit) as EventRow[];
    if (rows.length >= limit) return rows;
    const detailed = (this.detailed.get(fn) as number | undefined) ?? 0;
    if (rows.length >= detailed) return rows;
    const place = this.where.get(fn) as { process_id: number; first_event: number | null } | undefined;
    if (!place) return rows;
    const after = rows.length > 0 ? rows[rows.length - 1]!.id : (place.first_event ?? 1) - 1;
    return rows.concat(this.scan.all(after, place.process_id, fn, limit - rows.length) as EventRow[]);
  }
}
