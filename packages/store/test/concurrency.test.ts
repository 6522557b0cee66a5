// Several runs ingesting into one project database at once, and queries while they do: no
// SQLITE_BUSY reaches anyone and nothing is lost. The writers are separate processes running the
// built package (dist/), as `breadcrumb run` would.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';
import { tempDir } from './helpers.js';

const dist = path.resolve(import.meta.dirname, '..', 'dist');

const WRITER = `
const { openStore } = require(${JSON.stringify(path.join(dist, 'index.js'))});
const { writeBusyProgram } = require(${JSON.stringify(path.join(dist, 'synthetic-spool.js'))});
const [dbPath, spool, pid] = process.argv.slice(1);
const store = openStore(dbPath);
const runId = store.createRun({ project: 'app', command: ['node', 'w' + pid], cwd: spool, startedAtMs: Date.now() });
// Written in slices and polled like a live run.
const ingester = store.ingester(spool, { runId, project: 'app' });
const p = writeBusyProgram(spool, 3000, { runId, pid: Number(pid), rotateBytes: 100000 });
let events = 0;
for (let i = 0; i < 5; i++) events += ingester.poll().events;
p.end();
events += ingester.drain().events;
store.finishRun(runId, { status: 'completed', exitCode: 0, endedAtMs: Date.now() });
store.close();
process.stdout.write(JSON.stringify({ runId, events }));
`;

function writer(dbPath: string, spool: string, pid: number): Promise<{ runId: number; events: number; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', WRITER, dbPath, spool, String(pid)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const parsed = out ? (JSON.parse(out) as { runId: number; events: number }) : { runId: -1, events: -1 };
      resolve({ ...parsed, stderr: err, code });
    });
  });
}

describe('concurrent runs and readers', () => {
  it('ingests two runs at once from two processes while a reader queries', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'home', 'app-traces.db');
    openStore(dbPath).close();
    const writers = [writer(dbPath, path.join(dir, 's1'), 101), writer(dbPath, path.join(dir, 's2'), 102)];
    const reader = openStore(dbPath, { readonly: true });
    let reads = 0;
    let done = false;
    void Promise.all(writers).then(() => (done = true));
    while (!done) {
      const runs = reader.listRuns();
      for (const run of runs) {
        reader.queryPerformance({ runId: run.id });
        if (run.calls > 0) reader.queryFlow({ runId: run.id, limit: 20 });
      }
      reads++;
      await new Promise((r) => setTimeout(r, 20));
    }
    const results = await Promise.all(writers);
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.events).toBe(3000 * 11 + 60 * 2 + 3);
    }
    expect(reads).toBeGreaterThan(0);
    const runs = reader.listRuns();
    expect(runs.map((r) => r.events)).toEqual([33123, 33123]);
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    for (const run of runs) expect(reader.queryCall('multiply', { runId: run.id }).total_calls).toBe(6000);
    reader.close();
  });
});
