// Store.compact(): deleted runs give their space back to the file system; the runs kept read the same.
import { describe, expect, it } from 'vitest';
import { busyRun, testStore } from './helpers.js';

describe('Store.compact', () => {
  it('shrinks the database after runs are deleted, and keeps what is left', () => {
    const { store, runId } = busyRun(2000);
    store.checkpoint();
    const grown = store.compact(); // nothing deleted yet: nothing to give back, no rewrite
    expect(grown.bytesAfter).toBe(grown.bytesBefore);
    const sizeBefore = grown.bytesBefore;
    expect(store.clearRuns({ keep: 0 })).toEqual({ deleted: 1 });
    const compacted = store.compact();
    // what is given back is at most what the database held before the runs were deleted
    expect(compacted.bytesBefore).toBeLessThanOrEqual(sizeBefore);
    expect(compacted.bytesBefore).toBeGreaterThan(100_000);
    expect(compacted.bytesAfter).toBeLessThan(compacted.bytesBefore / 2); // the empty schema stays
    expect(store.listRuns()).toEqual([]);
    expect(store.querySql('SELECT COUNT(*) AS n FROM events').rows[0]).toEqual({ n: 0 });
    expect(runId).toBeGreaterThan(0);
    store.close();
  });

  it('is refused by a read-only store', () => {
    const { dir } = testStore();
    const { store } = testStore(dir, true);
    expect(() => store.compact()).toThrow(/read-only/);
  });
});
