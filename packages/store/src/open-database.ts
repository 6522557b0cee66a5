// Opening a project's trace database: owner-only files, WAL so readers never block the writer, a busy
// timeout so concurrent runs queue instead of failing, and the schema check.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, isBusyError } from './errors.js';
import { migrate, schemaVersionOf } from './schema.js';

export const BUSY_TIMEOUT_MS = 10_000;

/**
 * Every connection's page cache (KiB). A command is a short-lived process, and each page SQLite caches
 * lands in memory the process has never touched: on a virtual machine a fresh 4 KiB page costs ~13 us
 * of CPU to fault in (measured here: 100 MB touched once, 25,700 faults, ~350 ms user + system), four
 * of them per 16 KiB database page, where reading that page again from the OS page cache is one
 * pread copy. With 128 MiB every page a query read was new memory: `breadcrumb query --exceptions` on
 * js-yaml's corpus run (2,684 calls that threw, each value ~1.9 kB) faulted 12.2 k pages, 0.62-0.66 s
 * of CPU; at 8 MiB 9.8 k, 0.49-0.52 s; at 2 MiB 8.3 k, 0.44-0.48 s (2 fresh processes each);
 * --performance, --flow, --call and --gaps the same at all three sizes. The ingest already ran at this
 * size (ingest/spool-ingester.ts); now every command does.
 */
export const PAGE_CACHE_KIB = 4 * 1024;

export function openDatabase(dbPath: string, readonly: boolean): Database.Database {
  if (readonly) {
    if (!fs.existsSync(dbPath)) {
      throw new StoreError('DATABASE_UNREADABLE', `no trace database at ${dbPath}: run \`breadcrumb run\` for this project first`);
    }
  } else {
    prepareOwnerOnlyFile(dbPath);
  }
  let db: Database.Database;
  try {
    db = openConnection(dbPath, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw new StoreError('DATABASE_UNREADABLE', `cannot open ${dbPath}: ${(error as Error).message}`);
  }
  try {
    retryWhileBusy(() => {
      if (!readonly) {
        // A new file: 16 KiB pages (fewer B-tree splits and WAL frames per row than 4 KiB; ~7% faster ingest).
        if (schemaVersionOf(db) === 0 && db.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get() === 0) db.pragma('page_size = 16384');
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        // Fewer, larger checkpoints: pages rewritten by consecutive ingest transactions are copied once.
        db.pragma('wal_autocheckpoint = 8192');
      }
      db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
      db.pragma('temp_store = MEMORY');
      migrate(db, dbPath, readonly);
    });
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    const message = (error as Error).message;
    throw new StoreError('DATABASE_UNREADABLE', `${dbPath} is not a Breadcrumb trace database (${message}): move it aside and run again`);
  }
  return db;
}

/** A bare connection (no pragmas, no schema check), through better-sqlite3's own addon file when found. */
export function openConnection(dbPath: string, options: { readonly: boolean; fileMustExist: boolean }): Database.Database {
  const nativeBinding = nativeAddonFile();
  return new Database(dbPath, { ...options, timeout: BUSY_TIMEOUT_MS, ...(nativeBinding === null ? {} : { nativeBinding }) });
}

let addonFile: string | null | undefined;

/**
 * better-sqlite3's own compiled addon, where its install puts it. Without it, better-sqlite3 asks the
 * `bindings` package, which probes a dozen folders and package.json files first (a few ms on every
 * command that opens a database, much more on a busy machine); any other layout still goes that way.
 */
function nativeAddonFile(): string | null {
  if (addonFile === undefined) {
    try {
      const file = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
      addonFile = fs.existsSync(file) ? file : null;
    } catch {
      addonFile = null;
    }
  }
  return addonFile;
}

function prepareOwnerOnlyFile(dbPath: string): void {
  const folder = path.dirname(dbPath);
  if (!fs.existsSync(folder)) fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  // Create the file ourselves so that its mode is 0600 whatever the umask; SQLite gives the -wal and
  // -shm files the same permissions as the database.
  if (!fs.existsSync(dbPath)) fs.closeSync(fs.openSync(dbPath, 'a', 0o600));
  try {
    fs.chmodSync(dbPath, 0o600);
  } catch {
    // Not ours to change (e.g. a shared file): SQLite still works with what is there.
  }
}

/**
 * busy_timeout covers most waits; this covers what it cannot (a BUSY returned at once, e.g. when a
 * read transaction must upgrade): retry with backoff for up to a minute so that no SQLITE_BUSY
 * reaches the user.
 */
export function retryWhileBusy<T>(work: () => T, maxWaitMs = 60_000): T {
  const started = Date.now();
  let delay = 5;
  for (;;) {
    try {
      return work();
    } catch (error) {
      if (!isBusyError(error)) throw error;
      if (Date.now() - started > maxWaitMs) {
        throw new StoreError('DATABASE_BUSY', 'the trace database stayed locked by another breadcrumb process for a minute: wait for it to finish and retry');
      }
      sleepSync(delay);
      delay = Math.min(delay * 2, 200);
    }
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
