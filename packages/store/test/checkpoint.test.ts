// Store.checkpoint(): what the write-ahead log holds is copied into the database file while the store
// stays open, so that close() has little left to do; nothing is lost or changed by it.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';
import { busyRun, testStore } from './helpers.js';

/** The run's report, read by a read-only store opened anew, is `report`. */
function expectReportOnReopen(dbPath: string, runId: number, report: unknown): void {
  const reopened = openStore(dbPath, { readonly: true });
  try {
    expect(reopened.runReport(runId)).toEqual(report);
  } finally {
    reopened.close();
  }
}

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
    expectReportOnReopen(dbPath, runId, before);
  });

  it('is refused by a read-only store', () => {
    const { dir } = testStore();
    const { store } = testStore(dir, true);
    expect(() => store.checkpoint()).toThrow(/read-only/);
  });
});

describe('Store.close({ checkpoint: false })', () => {
  it('leaves the log for the next connection: readers and the next writer see every row, and its close copies it', () => {
    const { store, dbPath, runId } = busyRun(200);
    const before = store.runReport(runId);
    const count = 'SELECT COUNT(*) AS n, SUM(id) AS ids FROM events';
    const rows = store.querySql(count).rows;
    const walBytes = fs.statSync(`${dbPath}-wal`).size;
    expect(walBytes).toBeGreaterThan(0);
    store.close({ checkpoint: false });
    // Not copied into the database file, not deleted.
    expect(fs.statSync(`${dbPath}-wal`).size).toBe(walBytes);
    const reader = openStore(dbPath, { readonly: true });
    try {
      expect(reader.runReport(runId)).toEqual(before);
      expect(reader.querySql(count).rows).toEqual(rows);
    } finally {
      reader.close();
    }
    const writer = openStore(dbPath);
    expect(writer.runReport(runId)).toEqual(before);
    writer.close();
    expect(fs.existsSync(`${dbPath}-wal`)).toBe(false);
    expectReportOnReopen(dbPath, runId, before);
  });

  it('leaves it the same with the second connection opened ahead (keepLogAtClose), and a close() that checkpoints still copies it', () => {
    const { store, dbPath, runId } = busyRun(200);
    store.keepLogAtClose();
    // an idle second connection holds no snapshot: the checkpoints made while the command runs copy everything
    const { walFrames, checkpointed } = store.checkpoint();
    expect(checkpointed).toBe(walFrames);
    const before = store.runReport(runId);
    const walBytes = fs.statSync(`${dbPath}-wal`).size;
    expect(walBytes).toBeGreaterThan(0);
    store.close({ checkpoint: false });
    expect(fs.statSync(`${dbPath}-wal`).size).toBe(walBytes);
    expectReportOnReopen(dbPath, runId, before);

    const again = busyRun(50);
    again.store.keepLogAtClose();
    const report = again.store.runReport(again.runId);
    again.store.close();
    expect(fs.existsSync(`${again.dbPath}-wal`)).toBe(false);
    expectReportOnReopen(again.dbPath, again.runId, report);
  });
});
