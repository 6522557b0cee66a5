// Runs: created by `breadcrumb run` (or by the ingest for spool files recorded without it), finished
// with the command's outcome, listed newest first, cleared.
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { retryWhileBusy } from './open-database.js';
import { isoOf } from './queries/run-scope.js';
import type { RunListEntry, RunStatus } from './types.js';

const STATUSES: readonly RunStatus[] = ['running', 'completed', 'failed', 'timeout', 'killed'];

export interface RunInfo {
  project: string;
  command: string[];
  cwd: string;
  startedAtMs: number;
}

export function createRun(db: Database.Database, info: RunInfo): number {
  if (!Array.isArray(info.command)) throw new StoreError('BAD_ARGUMENT', 'createRun: command must be an array of strings');
  return retryWhileBusy(() =>
    Number(
      db
        .prepare(`INSERT INTO runs (project, command, cwd, started_at_ms, status, origin) VALUES (?, ?, ?, ?, 'running', 'run')`)
        .run(info.project, JSON.stringify(info.command), info.cwd, Math.round(info.startedAtMs)).lastInsertRowid,
    ),
  );
}

export function finishRun(db: Database.Database, runId: number, end: { status: RunStatus; exitCode: number | null; endedAtMs: number }): void {
  if (!STATUSES.includes(end.status)) {
    throw new StoreError('BAD_ARGUMENT', `finishRun: status must be one of ${STATUSES.join(', ')}, got '${String(end.status)}'`);
  }
  const changes = retryWhileBusy(
    () => db.prepare('UPDATE runs SET status = ?, exit_code = ?, ended_at_ms = ? WHERE id = ?').run(end.status, end.exitCode, Math.round(end.endedAtMs), runId).changes,
  );
  if (changes === 0) throw new StoreError('UNKNOWN_RUN', `no run ${runId} to finish`);
}

const SUMMARY_SQL = `
  SELECT r.id, r.project, r.started_at_ms, r.ended_at_ms, r.status, r.exit_code, r.command, r.cwd,
    COUNT(p.id) AS processes, COALESCE(SUM(p.events), 0) AS events, COALESCE(SUM(p.calls), 0) AS calls,
    COALESCE(SUM(p.exceptions), 0) AS exceptions, COALESCE(SUM(p.call_sites), 0) AS gap_calls
  FROM runs r LEFT JOIN processes p ON p.run_id = r.id`;

interface SummaryRow {
  id: number;
  project: string | null;
  started_at_ms: number;
  ended_at_ms: number | null;
  status: RunStatus;
  exit_code: number | null;
  command: string;
  cwd: string | null;
  processes: number;
  events: number;
  calls: number;
  exceptions: number;
  gap_calls: number;
}

function commandText(json: string): string {
  try {
    const argv = JSON.parse(json) as string[];
    return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
  } catch {
    return json;
  }
}

function toEntry(row: SummaryRow): RunListEntry & { cwd: string | null } {
  return {
    id: row.id,
    project: row.project,
    started_at: isoOf(row.started_at_ms)!,
    ended_at: isoOf(row.ended_at_ms),
    duration_ms: row.ended_at_ms === null ? null : row.ended_at_ms - row.started_at_ms,
    status: row.status,
    exit_code: row.exit_code,
    command: commandText(row.command),
    processes: row.processes,
    events: row.events,
    calls: row.calls,
    exceptions: row.exceptions,
    gap_calls: row.gap_calls,
    cwd: row.cwd,
  };
}

export function listRuns(db: Database.Database, options: { limit?: number } = {}): RunListEntry[] {
  const limit = options.limit ?? 20;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new StoreError('BAD_ARGUMENT', `--limit expects a whole number ≥ 1, got ${String(limit)}`);
  const rows = db.prepare(`${SUMMARY_SQL} GROUP BY r.id ORDER BY r.id DESC LIMIT ?`).all(limit) as SummaryRow[];
  return rows.map((row) => {
    const { cwd: _cwd, ...entry } = toEntry(row);
    return entry;
  });
}

export function runSummary(db: Database.Database, runId: number): RunListEntry & { cwd: string | null } {
  const row = db.prepare(`${SUMMARY_SQL} WHERE r.id = ? GROUP BY r.id`).get(runId) as SummaryRow;
  return toEntry(row);
}

export function latestRunId(db: Database.Database): number | null {
  return db.prepare('SELECT MAX(id) FROM runs').pluck().get() as number | null;
}

/** A run still ingesting is never cleared from under its CLI (unless it has been "running" for a day: a dead CLI). */
const RUNNING_GRACE_MS = 24 * 3600 * 1000;

export function clearRuns(db: Database.Database, options: { keep: number }): { deleted: number } {
  const keep = options.keep;
  if (!Number.isSafeInteger(keep) || keep < 0) throw new StoreError('BAD_ARGUMENT', `--keep expects a whole number ≥ 0, got ${String(keep)}`);
  return retryWhileBusy(() =>
    db
      .transaction(() => {
        const victims = db
          .prepare(`SELECT id FROM runs WHERE id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?) AND (status <> 'running' OR started_at_ms < ?)`)
          .pluck()
          .all(keep, Date.now() - RUNNING_GRACE_MS) as number[];
        if (victims.length === 0) return { deleted: 0 };
        const runs = JSON.stringify(victims);
        db.exec('CREATE TEMP TABLE IF NOT EXISTS doomed_processes (id INTEGER PRIMARY KEY); DELETE FROM doomed_processes;');
        db.prepare('INSERT INTO doomed_processes SELECT id FROM processes WHERE run_id IN (SELECT value FROM json_each(?))').run(runs);
        db.exec(`
          DELETE FROM function_call_lists WHERE fn IN (SELECT id FROM functions WHERE process_id IN (SELECT id FROM doomed_processes));
          DELETE FROM events
            WHERE id BETWEEN (SELECT COALESCE(MIN(first_event), 0) FROM processes WHERE id IN (SELECT id FROM doomed_processes))
              AND (SELECT COALESCE(MAX(last_event), 0) FROM processes WHERE id IN (SELECT id FROM doomed_processes))
            AND process_id IN (SELECT id FROM doomed_processes);
          DELETE FROM function_stats WHERE function_id IN (SELECT id FROM functions WHERE process_id IN (SELECT id FROM doomed_processes));
          DELETE FROM edge_stats WHERE callee_id IN (SELECT id FROM functions WHERE process_id IN (SELECT id FROM doomed_processes));
          DELETE FROM site_stats WHERE site_id IN (SELECT id FROM call_sites WHERE process_id IN (SELECT id FROM doomed_processes));
          DELETE FROM functions WHERE process_id IN (SELECT id FROM doomed_processes);
          DELETE FROM call_sites WHERE process_id IN (SELECT id FROM doomed_processes);
          DELETE FROM modules WHERE process_id IN (SELECT id FROM doomed_processes);
          DELETE FROM processes WHERE id IN (SELECT id FROM doomed_processes);
        `);
        db.prepare('DELETE FROM warnings WHERE run_id IN (SELECT value FROM json_each(?))').run(runs);
        db.prepare('DELETE FROM runs WHERE id IN (SELECT value FROM json_each(?))').run(runs);
        return { deleted: victims.length };
      })
      .immediate(),
  );
}
