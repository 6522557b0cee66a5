// Store.checkpoint(): what the write-ahead log holds is copied into the database file while the store
// stays open, so that close() has little left to do; nothing is lost or changed by it.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';
import { busyRun, testStore } from './helpers.js';

describe('Store.checkpoint', () => {
  it('copies the whole log into the database file, and the data reads the same', () => {
    const { store, dbPath, runId } = busyRun(200);
    const before = store.runReport(runId);
    const first = store.checkpoint();
    expect(first.walFrames).toBeGreaterThan(0);
    expect(first.checkpointed).toBe(first.walFrames);
    // Nothing new since: a second one has nothing to copy.
    expect(store.checkpoint().checkpointed).toBe(store.checkpoint().walFrames);
    expect(store.runReport(runId)).toEqual(before);
    store.close();
    // Closed and reopened: the run reads the same.
    expect(fs.existsSync(`${dbPath}-wal`)).toBe(false);
    const reopened = openStore(dbPath, { readonly: true });
    try {
      expect(reopened.runReport(runId)).toEqual(before);
    } finally {
      reopened.close();
    }
  });

  it('is refused by a read-only store', () => {
    const { dir } = testStore();
    const { store } = testStore(dir, true);
    expect(() => store.checkpoint()).toThrow(/read-only/);
  });
});
