import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store.js';
import { SyntheticProcess } from '../synthetic-spool.js';
import { STATS_COLUMNS, functionStatsRows } from './function-stats.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

describe('functionStatsRows', () => {
  it('gives every column of every function of the run as rows read one by one would, processes and functions in order', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-function-stats-'));
    folders.push(dir);
    const dbPath = path.join(dir, 'app-traces.db');
    const store = openStore(dbPath);
    const runId = store.createRun({ project: 'app', command: ['node', 'main.js'], cwd: dir, startedAtMs: 1_700_000_000_000 });
    const other = store.createRun({ project: 'app', command: ['node', 'other.js'], cwd: dir, startedAtMs: 1_700_000_000_000 });
    for (const [run, pid] of [[runId, 100], [other, 300], [runId, 200]] as const) {
      const spool = path.join(dir, `spool-${run}`);
      const p = new SyntheticProcess(spool, { runId: run, pid, startedAtMs: 1_700_000_000_000 + pid });
      const functions = [{ name: 'main' }, { name: '<anonymous>' }, { name: 'load', async: true }];
      const [main, anonymous, load] = p.module('./src/a.js', '/app/src/a.js', functions).fns as [number, number, number];
      p.enter(main);
      p.enter(anonymous);
      p.leave(anonymous);
      p.enter(load);
      p.leave(load);
      p.leave(main);
      p.countOnly(anonymous, 5 + pid);
      p.aggregates();
      p.end();
      store.ingester(spool, { runId: run, project: 'app' }).drain();
    }
    store.close();
    const db = new Database(dbPath, { readonly: true });
    try {
      const oneByOne = db
        .prepare(
          `SELECT ${[...STATS_COLUMNS].map(([name, sql]) => `${sql} AS ${name}`).join(', ')} FROM function_stats s JOIN functions f ON f.id = s.function_id
           JOIN processes p ON p.id = f.process_id WHERE p.run_id = ? ORDER BY p.id, f.local_id`,
        )
        .all(runId);
      const rows = functionStatsRows(db, runId);
      expect(rows).toHaveLength(6);
      expect(rows).toEqual(oneByOne);
      // the columns the ingest and the runtime's aggregates fill are there, not only the names
      expect(rows[1]).toMatchObject({ name: '<anonymous@src/a.js:15:1>', calls: 1, agg_count: 106 });
      expect(rows.map((row) => row.is_async)).toEqual([0, 0, 1, 0, 0, 1]);
    } finally {
      db.close();
    }
  });
});
