import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store.js';
import { SyntheticProcess } from '../synthetic-spool.js';
import { functionPerformance } from '../queries/performance-query.js';
import { reportFunctions } from './report-functions.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

/**
 * A run of two processes of one program: `walk` and `visit` call each other, `again` calls itself,
 * `leaf` and `main` do not recurse; the second process runs `walk` too (one function of the run).
 */
function recordedRun(): { dbPath: string; runId: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-report-functions-'));
  folders.push(dir);
  const dbPath = path.join(dir, 'app-traces.db');
  const store = openStore(dbPath);
  const runId = store.createRun({ project: 'app', command: ['node', 'main.js'], cwd: dir, startedAtMs: 1_700_000_000_000 });
  const spool = path.join(dir, 'spool');
  for (const pid of [100, 200]) {
    const p = new SyntheticProcess(spool, { runId, pid, startedAtMs: 1_700_000_000_000 + pid });
    const functions = [{ name: 'main' }, { name: 'walk' }, { name: 'visit' }, { name: 'leaf' }, { name: 'again', async: true }];
    const [main, walk, visit, leaf, again] = p.module('./walk.js', '/app/walk.js', functions).fns as [number, number, number, number, number];
    p.enter(main);
    p.enter(walk);
    p.enter(visit);
    p.enter(leaf);
    p.leave(leaf);
    p.leave(visit);
    p.leave(walk);
    p.enter(again);
    p.enter(again);
    p.leave(again);
    p.leave(again);
    p.leave(main);
    p.countOnly(walk, 40 + pid);
    p.countOnly(visit, 40);
    p.aggregates({
      edges: [
        { caller: 0, callee: main, count: 1, timed: 1, totalNs: 5000 },
        { caller: main, callee: walk, count: 1, timed: 1, totalNs: 4000 },
        { caller: visit, callee: walk, count: 40, timed: 2, totalNs: 40000 },
        { caller: walk, callee: visit, count: 41, timed: 2, totalNs: 41000 },
        { caller: visit, callee: leaf, count: 1, timed: 1, totalNs: 100 },
        { caller: main, callee: again, count: 1, timed: 1, totalNs: 300 },
        { caller: again, callee: again, count: 1, timed: 1, totalNs: 100 },
      ],
    });
    p.end();
  }
  store.ingester(spool, { runId, project: 'app' }).drain();
  store.close();
  return { dbPath, runId };
}

describe('reportFunctions', () => {
  it("has functionPerformance's counts, times and recursion, entry for entry", () => {
    const { dbPath, runId } = recordedRun();
    const db = new Database(dbPath, { readonly: true });
    try {
      const full = functionPerformance(db, runId, { callers: false });
      const { functions, recursive } = reportFunctions(db, runId);
      expect(functions.map((f) => f.function)).toEqual(['main', 'walk', 'visit', 'leaf', 'again']);
      expect(functions.map((f) => ({ function: f.function, module: f.module, line: f.line, calls: f.calls, detailed_calls: f.detailed_calls, timed_calls: f.timed_calls, total_ms: f.total_ms, avg_ms: f.avg_ms, max_ms: f.max_ms, elapsed_avg_ms: f.elapsed_avg_ms, elapsed_max_ms: f.elapsed_max_ms }))).toEqual(
        full.map((f) => ({ function: f.function, module: f.module, line: f.line, calls: f.calls, detailed_calls: f.detailed_calls, timed_calls: f.timed_calls, total_ms: f.total_ms, avg_ms: f.avg_ms, max_ms: f.max_ms, elapsed_avg_ms: f.elapsed_avg_ms, elapsed_max_ms: f.elapsed_max_ms })),
      );
      // both processes' calls of walk: one function of the run
      expect(functions.find((f) => f.function === 'walk')?.calls).toBe(1 + 140 + (1 + 240));
      expect(functions.map((f) => [f.function, recursive(f.key)])).toEqual([['main', false], ['walk', true], ['visit', true], ['leaf', false], ['again', true]]);
      expect(functions.map((f) => recursive(f.key))).toEqual(full.map((f) => f.recursive));
    } finally {
      db.close();
    }
  });
});
