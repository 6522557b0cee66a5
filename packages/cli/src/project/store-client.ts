// The trace store, loaded when a command needs it (better-sqlite3 is native and slow to load; `init`,
// `config` and `--help` never pay for it). Written against the store's documented API; while a piece
// of it is not built, the command fails with a one-line error instead of pretending.

import { ComponentMissingError, firstLineOf, UsageError } from '../errors.js';

export type RunStatus = 'running' | 'completed' | 'failed' | 'timeout' | 'killed';

export interface IngestStats {
  /** Spool files of an incompatible Breadcrumb version, left in place (`name: reason`). */
  refused?: string[];
  [field: string]: unknown;
}

export interface SpoolIngester {
  poll(): IngestStats;
  drain(): IngestStats;
}

export interface IngesterOptions {
  runId: number | null;
  project: string;
  /** `breadcrumb ingest --keep`: leave the spool files in place after ingesting them. */
  keep?: boolean;
}

export interface Store {
  createRun(info: { project: string; command: string[]; cwd: string; startedAtMs: number }): number;
  finishRun(runId: number, end: { status: RunStatus; exitCode: number | null; endedAtMs: number }): void;
  ingester(spoolDir: string, options: IngesterOptions): SpoolIngester;
  listRuns(options?: { limit?: number }): unknown[];
  latestRunId(): number | null;
  clearRuns(options: { keep: number }): { deleted: number };
  runReport(runId: number, options?: { excludes?: readonly string[] }): unknown;
  queryCall(name: string, options: { runId?: number; limit?: number; excludes?: readonly string[] }): unknown;
  queryGaps(options: { runId?: number; project: string; limit?: number; excludes?: readonly string[] }): unknown;
  queryFlow(options: { runId?: number; module?: string; limit?: number }): unknown;
  queryExceptions(options: { runId?: number; limit?: number }): unknown;
  queryPerformance(options: { runId?: number; limit?: number }): unknown;
  querySql(sql: string, options?: { limit?: number }): { columns: string[]; rows: Record<string, unknown>[] };
  getTrace(runId: number, options?: { limit?: number }): unknown;
  /** A PASSIVE WAL checkpoint, so that close() has little left to copy (absent from older stores). */
  checkpoint?(): { walFrames: number; checkpointed: number };
  /** VACUUM: the space of deleted runs back to the file system; sizes of the database and its log. */
  compact(): { bytesBefore: number; bytesAfter: number };
  /** `checkpoint: false`: leave the write-ahead log for the next connection (absent from older stores: ignored). */
  close(options?: { checkpoint?: boolean }): void;
  /** Opens now what close({ checkpoint: false }) needs (absent from older stores: the close does it). */
  keepLogAtClose?(): void;
}

interface StoreModule {
  openStore(dbPath: string, options?: { readonly?: boolean }): Store;
  renderReport(report: unknown, options: { project: string }): string;
  StoreError?: new (...args: never[]) => Error & { code: string };
}

let loaded: Partial<StoreModule> | null = null;

function storeModule(): Partial<StoreModule> {
  if (loaded) return loaded;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('@breadcrumb/store') as Partial<StoreModule>;
  } catch (err) {
    throw new ComponentMissingError('the trace store (@breadcrumb/store)', firstLineOf(err));
  }
  return loaded;
}

function need<K extends keyof StoreModule>(name: K): NonNullable<StoreModule[K]> {
  const value = storeModule()[name];
  if (typeof value !== 'function') {
    throw new ComponentMissingError('the trace store (@breadcrumb/store)', `it does not export ${name}() yet`);
  }
  return value as NonNullable<StoreModule[K]>;
}

export function openStore(dbPath: string, options?: { readonly?: boolean }): Store {
  return need('openStore')(dbPath, options);
}

export function renderReport(report: unknown, options: { project: string }): string {
  return need('renderReport')(report, options);
}

/** True for the store's own error class: its messages are written for users. */
export function isStoreError(err: unknown): err is Error & { code: string } {
  const StoreError = loaded?.StoreError;
  if (typeof StoreError === 'function' && err instanceof StoreError) return true;
  return err instanceof Error && err.name === 'StoreError' && typeof (err as { code?: unknown }).code === 'string';
}

/** Calls a store method, turning "not implemented yet" into a clear one-line error. */
export function callStore<T>(store: Store, method: keyof Store, call: () => T): T {
  if (typeof store[method] !== 'function') {
    throw new ComponentMissingError('the trace store (@breadcrumb/store)', `Store.${String(method)}() is not implemented yet`);
  }
  return call();
}

export function parseRunId(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\s*\d+\s*$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`--run expects a run id (a whole number ≥ 1, see \`breadcrumb list\`), got '${String(value)}'`);
  return n;
}
