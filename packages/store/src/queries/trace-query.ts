// getTrace (the MCP server's get_trace): one run's metadata, its process tree and its first events.
import type Database from 'better-sqlite3';
import { runSummary } from '../runs.js';
import type { TraceProcess, TraceResult } from '../types.js';
import { EventNames } from './event-names.js';
import { expandRows, firstRows } from './event-rows.js';
import { clampLimit, isoOf, runScope } from './run-scope.js';
import { SharedStacks } from './shared-stacks.js';

export function getTrace(db: Database.Database, runId: number, options: { limit?: number } = {}): TraceResult {
  const limit = clampLimit(options.limit, 200);
  const scope = runScope(db, runId);
  const processes = (
    db.prepare('SELECT * FROM processes WHERE run_id = ? ORDER BY started_at_ms, id').all(scope.runId) as Record<string, unknown>[]
  ).map(
    (p): TraceProcess => ({
      process: p.process_key as string,
      parent: (p.parent_key as string | null) ?? null,
      pid: p.pid as number,
      thread_id: p.thread_id as number,
      argv: JSON.parse((p.argv as string | null) ?? '[]') as string[],
      started_at: isoOf(p.started_at_ms as number)!,
      ended_at: isoOf(p.ended_at_ms as number | null),
      end_reason: (p.end_reason as string | null) ?? null,
      exit_code: (p.exit_code as number | null) ?? null,
      events: p.events as number,
    }),
  );
  const names = new EventNames(db, { runId: scope.runId });
  const { rows, complete } = firstRows(db, scope, limit);
  const total = scope.processes.reduce((sum, p) => sum + p.events, 0);
  const events = expandRows(rows, scope, names, limit, complete);
  // as --flow shows them: stacks in values with the project's files as ./x.js, each written once
  SharedStacks.ofRun(db, scope.runId).visitEvents(events);
  const result: TraceResult = { run: runSummary(db, scope.runId), processes, events, total_events: total, truncated: total > events.length };
  if (result.truncated) result.note = `showing the first ${events.length} of ${total} events: use the flow query (with a module glob) or SQL for the rest`;
  return result;
}
