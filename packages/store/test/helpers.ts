// Temp folders for databases and spools (never the real ~/.breadcrumb), and a store with one run
// of generated spool data ingested.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { StoreError, openStore, type Store } from '../src/index.js';
import { SyntheticProcess, writeBusyProgram } from '../src/synthetic-spool.js';

const folders: string[] = [];
const stores: Store[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) {
    try {
      store.close();
    } catch {
      // already closed by the test
    }
  }
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-store-test-'));
  folders.push(dir);
  process.env.BREADCRUMB_HOME = dir;
  return dir;
}

export function testStore(dir = tempDir(), readonly = false): { store: Store; dir: string; dbPath: string } {
  const dbPath = path.join(dir, 'home', 'app-traces.db');
  const store = openStore(dbPath, { readonly });
  stores.push(store);
  return { store, dir, dbPath };
}

export function newRun(store: Store, dir: string): { runId: number; spool: string } {
  const runId = store.createRun({ project: 'app', command: ['node', 'main.js'], cwd: dir, startedAtMs: Date.now() });
  return { runId, spool: path.join(dir, `spool-${runId}`) };
}

/** A finished run of the busy program, ingested. */
export function busyRun(iterations = 100): { store: Store; dir: string; dbPath: string; runId: number } {
  const { store, dir, dbPath } = testStore();
  const { runId, spool } = newRun(store, dir);
  const program = writeBusyProgram(spool, iterations, { runId });
  program.end();
  store.ingester(spool, { runId, project: 'app' }).drain();
  store.finishRun(runId, { status: 'completed', exitCode: 0, endedAtMs: Date.now() + 10 });
  return { store, dir, dbPath, runId };
}

export { SyntheticProcess, writeBusyProgram };

/** The StoreError `fn` throws (the test fails if it throws anything else, or nothing). */
export function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected a StoreError');
}
