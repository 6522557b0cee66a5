import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../open-database.js';
import { SpoolIngesterImpl } from './spool-ingester.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function database() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-ingester-test-'));
  folders.push(dir);
  return { db: openDatabase(path.join(dir, 'app-traces.db'), false), spool: path.join(dir, 'spool') };
}

describe('SpoolIngesterImpl page cache', () => {
  it('ingests with a smaller page cache and leaves it to the queries after the drain', () => {
    const { db, spool } = database();
    // every connection opens with the small cache; one given a larger cache gets it lowered
    expect(db.pragma('cache_size', { simple: true })).toBe(-4096);
    db.pragma('cache_size = -131072');
    const ingester = new SpoolIngesterImpl(db, spool, { runId: null, project: 'app' });
    expect(db.pragma('cache_size', { simple: true })).toBe(-4096);
    ingester.poll();
    expect(db.pragma('cache_size', { simple: true })).toBe(-4096);
    ingester.drain();
    expect(db.pragma('cache_size', { simple: true })).toBe(-4096);
    db.close();
  });

  it('leaves a cache that is already smaller (in pages or KiB) as it is', () => {
    const { db, spool } = database();
    db.pragma('cache_size = 200'); // 200 pages of 16 KiB: 3200 KiB
    new SpoolIngesterImpl(db, spool, { runId: null, project: 'app' }).drain();
    expect(db.pragma('cache_size', { simple: true })).toBe(200);
    db.pragma('cache_size = -1024');
    new SpoolIngesterImpl(db, spool, { runId: null, project: 'app' }).drain();
    expect(db.pragma('cache_size', { simple: true })).toBe(-1024);
    db.close();
  });
});
