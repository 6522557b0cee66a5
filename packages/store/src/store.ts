// The Store: one project's trace database, its ingest and its queries. The CLI and the MCP server
// print what these methods return; they compute nothing themselves.
import type Database from 'better-sqlite3';
import * as fs from 'node:fs';
import { openConnection, openDatabase, retryWhileBusy } from './open-database.js';
import { StoreError } from './errors.js';
import { SpoolIngesterImpl, type IngesterOptions, type SpoolIngester } from './ingest/spool-ingester.js';
import { queryCall, type CallQueryOptions } from './queries/call-query.js';
import { queryExceptions } from './queries/exceptions-query.js';
import { queryFlow } from './queries/flow-query.js';
import { queryGaps, type GapsOptions } from './queries/gaps-query.js';
import { queryPerformance } from './queries/performance-query.js';
import { querySql } from './queries/sql-query.js';
import { getTrace } from './queries/trace-query.js';
import { runReport, type RunReportOptions } from './report/run-report.js';
import { clearRuns, createRun, finishRun, latestRunId, listRuns, type RunInfo } from './runs.js';
import type {
  CallQueryResult,
  ExceptionsResult,
  FlowResult,
  GapsResult,
  PerformanceResult,
  RunListEntry,
  RunReport,
  RunStatus,
  SqlResult,
  TraceResult,
} from './types.js';

export interface Store {
  createRun(info: RunInfo): number;
  finishRun(runId: number, end: { status: RunStatus; exitCode: number | null; endedAtMs: number }): void;
  ingester(spoolDir: string, options: IngesterOptions): SpoolIngester;
  listRuns(options?: { limit?: number }): RunListEntry[];
  latestRunId(): number | null;
  clearRuns(options: { keep: number }): { deleted: number };
  runReport(runId: number, options?: RunReportOptions): RunReport;
  queryCall(name: string, options: CallQueryOptions): CallQueryResult;
  queryGaps(options: GapsOptions): GapsResult;
  queryFlow(options: { runId?: number; module?: string; limit?: number }): FlowResult;
  queryExceptions(options: { runId?: number; limit?: number }): ExceptionsResult;
  queryPerformance(options: { runId?: number; limit?: number }): PerformanceResult;
  querySql(sql: string, options?: { limit?: number }): SqlResult;
  getTrace(runId: number, options?: { limit?: number }): TraceResult;
  /**
   * Copies what the write-ahead log holds into the database file now, without waiting for readers or
   * writers (a PASSIVE checkpoint), so that close() has little left to copy. For idle moments of a
   * long ingest; never needed for correctness. Returns the log's frames and how many are copied.
   */
  checkpoint(): { walFrames: number; checkpointed: number };
  /**
   * Gives the space of deleted runs back to the file system (SQLite keeps freed pages for reuse, so the
   * file never shrinks by itself): rewrites the database (VACUUM) and empties its write-ahead log.
   * Takes about as long as writing the runs that are kept; nothing when no page is free. Sizes are the
   * database file plus its log.
   */
  compact(): { bytesBefore: number; bytesAfter: number };
  /**
   * `checkpoint: false`: the write-ahead log is left as it is for the next connection (any reader sees
   * it; the next writer's checkpoints copy it), instead of being copied into the database file and
   * synced now, which is what SQLite does when the last connection closes: for `breadcrumb run`, whose
   * close is on the path from the command's exit to its own. A committed transaction is safe either way
   * against a crash of any process; the log's last frames are only synced to disk by the next checkpoint.
   */
  close(options?: { checkpoint?: boolean }): void;
  /**
   * Opens now what close({ checkpoint: false }) needs to leave the log (a second connection, which
   * reads the schema: ~3 ms of CPU), so that the close itself does less; for a caller that knows
   * early how it will close (`breadcrumb run`, while its command runs). A close() that checkpoints
   * closes it first. Never throws: without it, the close opens one as before.
   */
  keepLogAtClose(): void;
}

export function openStore(dbPath: string, options: { readonly?: boolean } = {}): Store {
  if (typeof dbPath !== 'string' || dbPath === '') throw new StoreError('BAD_ARGUMENT', 'openStore needs the path of a trace database');
  return new SqliteStore(dbPath, openDatabase(dbPath, options.readonly === true), options.readonly === true);
}

class SqliteStore implements Store {
  private readDb: Database.Database | null = null;
  /** The connection keepLogAtClose() opened (null: it could not be opened). */
  private keeper: Database.Database | null | undefined = undefined;
  private closed = false;

  constructor(
    private readonly dbPath: string,
    private readonly db: Database.Database,
    private readonly readonly: boolean,
  ) {}

  createRun(info: RunInfo): number {
    this.writable('createRun');
    return createRun(this.db, info);
  }

  finishRun(runId: number, end: { status: RunStatus; exitCode: number | null; endedAtMs: number }): void {
    this.writable('finishRun');
    finishRun(this.db, runId, end);
  }

  ingester(spoolDir: string, options: IngesterOptions): SpoolIngester {
    this.writable('ingest');
    return new SpoolIngesterImpl(this.db, spoolDir, options);
  }

  listRuns(options?: { limit?: number }): RunListEntry[] {
    return listRuns(this.open(), options);
  }

  latestRunId(): number | null {
    return latestRunId(this.open());
  }

  clearRuns(options: { keep: number }): { deleted: number } {
    this.writable('clear');
    return clearRuns(this.db, options);
  }

  runReport(runId: number, options?: RunReportOptions): RunReport {
    return runReport(this.open(), runId, options);
  }

  queryCall(name: string, options: CallQueryOptions): CallQueryResult {
    return queryCall(this.open(), name, options ?? {});
  }

  queryGaps(options: GapsOptions): GapsResult {
    return queryGaps(this.open(), options);
  }

  queryFlow(options: { runId?: number; module?: string; limit?: number }): FlowResult {
    return queryFlow(this.open(), options ?? {});
  }

  queryExceptions(options: { runId?: number; limit?: number }): ExceptionsResult {
    return queryExceptions(this.open(), options ?? {});
  }

  queryPerformance(options: { runId?: number; limit?: number }): PerformanceResult {
    return queryPerformance(this.open(), options ?? {});
  }

  querySql(sql: string, options?: { limit?: number }): SqlResult {
    this.open();
    if (!this.readDb) {
      // A connection of its own that cannot write, whatever the statement check lets through.
      this.readDb = this.readonly ? this.db : openDatabase(this.dbPath, true);
      this.readDb.pragma('query_only = ON');
    }
    return querySql(this.readDb, sql, options);
  }

  getTrace(runId: number, options?: { limit?: number }): TraceResult {
    return getTrace(this.open(), runId, options);
  }

  compact(): { bytesBefore: number; bytesAfter: number } {
    this.writable('compact');
    // The log first: the deletion just made wrote its pages there, and counting them as space given back
    // reported more bytes freed than the database ever held.
    retryWhileBusy(() => this.db.pragma('wal_checkpoint(TRUNCATE)'));
    const bytesBefore = databaseBytes(this.dbPath);
    // No free page: nothing to give back, and VACUUM would rewrite the whole file for nothing.
    if ((this.db.pragma('freelist_count', { simple: true }) as number) === 0) return { bytesBefore, bytesAfter: bytesBefore };
    retryWhileBusy(() => this.db.exec('VACUUM'));
    retryWhileBusy(() => this.db.pragma('wal_checkpoint(TRUNCATE)'));
    return { bytesBefore, bytesAfter: databaseBytes(this.dbPath) };
  }

  checkpoint(): { walFrames: number; checkpointed: number } {
    this.writable('checkpoint');
    const [row] = this.db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    return { walFrames: Math.max(0, row?.log ?? 0), checkpointed: Math.max(0, row?.checkpointed ?? 0) };
  }

  close(options: { checkpoint?: boolean } = {}): void {
    if (this.closed) return;
    this.closed = true;
    if (this.readDb && this.readDb !== this.db) this.readDb.close();
    const leaveLog = options.checkpoint === false && !this.readonly;
    // an open keeper would keep the checkpoint that this close is asked to make
    if (!leaveLog) this.keeper?.close();
    const keeper = leaveLog ? (this.keeper ?? logKeeper(this.dbPath)) : null;
    this.db.close();
    keeper?.close();
  }

  keepLogAtClose(): void {
    if (this.keeper === undefined && !this.readonly && !this.closed) this.keeper = logKeeper(this.dbPath);
  }

  private open(): Database.Database {
    if (this.closed) throw new StoreError('BAD_ARGUMENT', 'this store was closed: open it again with openStore()');
    return this.db;
  }

  private writable(what: string): void {
    this.open();
    if (this.readonly) throw new StoreError('BAD_ARGUMENT', `cannot ${what}: the store was opened read-only`);
  }
}

/**
 * A read-only connection that has read the database: while it is open, closing the writer does not
 * checkpoint (SQLite checkpoints only when the last connection closes), and when it closes last, its
 * checkpoint fails harmlessly (a read-only connection cannot write the database file), so the log
 * stays. Null when it cannot be opened: the writer's close then checkpoints as usual.
 */
function logKeeper(dbPath: string): Database.Database | null {
  try {
    const keeper = openConnection(dbPath, { readonly: true, fileMustExist: true });
    keeper.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
    return keeper;
  } catch {
    return null;
  }
}

/** The database file and its write-ahead log, in bytes (0 for a file that is not there). */
function databaseBytes(dbPath: string): number {
  let bytes = 0;
  for (const file of [dbPath, `${dbPath}-wal`]) {
    try {
      bytes += fs.statSync(file).size;
    } catch {
      // no log (yet): nothing to count
    }
  }
  return bytes;
}
