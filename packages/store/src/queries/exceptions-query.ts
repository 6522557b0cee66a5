// `--exceptions`: every exception, once, where it was thrown: its type, message and position in the
// original source (from its stack when captured, else the function's), whether something caught
// it and where, the functions it passed through, and the call chain that led to it.
import type Database from 'better-sqlite3';
import { EventKind } from '@breadcrumb/core';
import type { ExceptionRecord, ExceptionsResult } from '../types.js';
import { clampLimit, eventTime, exceptionOf, runScope } from './run-scope.js';

interface ExceptionRow {
  id: number;
  process_id: number;
  fn: number;
  call: number;
  ts: number;
  value: string | null;
}

interface CallInfo {
  fn: number;
  parent: number;
  name: string;
  module: string;
  file: string;
  line: number;
  col: number;
}

const CHAIN_LIMIT = 30;

export function queryExceptions(db: Database.Database, options: { runId?: number; limit?: number }): ExceptionsResult {
  const limit = clampLimit(options.limit, 50);
  const scope = runScope(db, options.runId);
  const exceptionsOf = db.prepare('SELECT id, process_id, fn, call, ts, value FROM events INDEXED BY events_exceptions WHERE process_id = ? AND kind = 2 ORDER BY id');
  const callInfo = db.prepare(
    `SELECT e.fn, e.parent, f.name, f.module_id AS module, f.file, f.line, f.col FROM events e JOIN functions f ON f.id = e.fn
     WHERE e.process_id = ? AND e.call = ? AND e.kind = 0 LIMIT 1`,
  );
  const endOf = db.prepare('SELECT kind, value FROM events WHERE process_id = ? AND call = ? AND kind IN (1, 2, 6) ORDER BY id LIMIT 1');
  const threwInChild = db.prepare(
    `SELECT 1 FROM events c INDEXED BY events_children JOIN events x ON x.process_id = c.process_id AND x.call = c.call AND x.kind = 2
     WHERE c.process_id = ? AND c.parent = ? AND c.kind = 0 AND x.value IS ? LIMIT 1`,
  );
  const uncaughtEnd = db.prepare("SELECT end_reason FROM processes WHERE id = ?").pluck();

  const records: ExceptionRecord[] = [];
  let total = 0;
  for (const p of scope.processes) {
    for (const row of exceptionsOf.iterate(p.id) as Iterable<ExceptionRow>) {
      // Rethrown on the way up (the same value left a callee): counted where it was first thrown.
      if (row.value !== null && threwInChild.get(p.id, row.call, row.value) !== undefined) continue;
      total++;
      if (records.length >= limit) continue;
      const info = callInfo.get(p.id, row.call) as CallInfo | undefined;
      const chain: string[] = [];
      const through: string[] = [];
      let caughtBy: string | null = null;
      let parent = info?.parent ?? 0;
      let propagating = true;
      for (let hops = 0; parent !== 0 && hops < CHAIN_LIMIT; hops++) {
        const up = callInfo.get(p.id, parent) as CallInfo | undefined;
        if (!up) break;
        chain.unshift(up.name);
        if (propagating) {
          const end = endOf.get(p.id, parent) as { kind: number; value: string | null } | undefined;
          if (end?.kind === EventKind.Exception && end.value === row.value) through.push(up.name);
          else {
            propagating = false;
            if (end) caughtBy = up.name;
          }
        }
        parent = up.parent;
      }
      const { type, message, stack } = exceptionOf(row.value);
      const position = positionFromStack(stack) ?? (info ? { file: info.file, line: info.line, column: info.col + 1 } : null);
      const uncaught = propagating && uncaughtEnd.get(p.id) === 'uncaught';
      records.push({
        function: info?.name ?? '<unknown>',
        module: info?.module ?? '',
        type,
        message,
        file: position?.file ?? null,
        line: position?.line ?? null,
        column: position?.column ?? null,
        stack,
        caught: caughtBy !== null || !uncaught,
        caught_by: caughtBy,
        propagated_through: through,
        call_chain: [...chain, info?.name ?? '<unknown>'],
        timestamp: eventTime(p, row.ts),
        process: p.key,
      });
    }
  }
  const result: ExceptionsResult = { run_id: scope.runId, exceptions: records, total };
  if (total > records.length) result.note = `showing ${records.length} of ${total} exceptions: pass --limit N for more`;
  return result;
}

/** The first frame of a V8 stack that names a file: `at f (/app/src/pay.js:12:5)` or `at /app/x.js:3:1`. */
export function positionFromStack(stack: string | null): { file: string; line: number; column: number } | null {
  if (!stack) return null;
  for (const line of stack.split('\n')) {
    const m = /^\s*at (?:.*?\()?((?:file:\/\/)?[^()\s][^()]*?):(\d+):(\d+)\)?\s*$/.exec(line);
    if (m && !m[1]!.startsWith('node:')) return { file: m[1]!, line: Number(m[2]), column: Number(m[3]) };
  }
  return null;
}
