#!/usr/bin/env node
// Every query on a database of 10 million events: generates (once, kept at --db) a run of a busy
// program through the real spool format and ingest, then times each query. Target: each < 1 s.
//   node scripts/bench/query.mjs [--events 10000000] [--db /tmp/bc-query-bench.db]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const storeDist = path.resolve(import.meta.dirname, '../../packages/store/dist');
const { openStore, renderReport } = require(path.join(storeDist, 'index.js'));
const { writeBusyProgram } = require(path.join(storeDist, 'synthetic-spool.js'));

const { values } = parseArgs({ options: { events: { type: 'string', default: '10000000' }, db: { type: 'string', default: path.join(os.tmpdir(), 'bc-query-bench.db') } } });
const wanted = Number(values.events);
const dbPath = values.db;

if (!fs.existsSync(dbPath)) {
  const spool = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-query-spool-'));
  const store = openStore(dbPath);
  const runId = store.createRun({ project: 'bench', command: ['node', 'busy.js'], cwd: spool, startedAtMs: Date.now() });
  const ingester = store.ingester(spool, { runId, project: 'bench' });
  const t = performance.now();
  let events = 0;
  // In slices of ~1 M events, as a long run would be polled.
  const slices = Math.max(1, Math.round(wanted / 1_000_000));
  for (let s = 0; s < slices; s++) {
    const program = writeBusyProgram(spool, Math.round(wanted / 11 / slices), { runId, pid: 1000 + s, startedAtMs: Date.now() + s, rotateBytes: 64 << 20 });
    program.end();
    events += ingester.poll().events;
  }
  events += ingester.drain().events;
  store.finishRun(runId, { status: 'completed', exitCode: 0, endedAtMs: Date.now() });
  store.close();
  fs.rmSync(spool, { recursive: true, force: true });
  console.error(`generated ${events} events in ${((performance.now() - t) / 1000).toFixed(1)} s into ${dbPath}`);
}

const store = openStore(dbPath, { readonly: true });
const runId = store.latestRunId();
const time = (name, fn) => {
  const t = performance.now();
  const result = fn();
  const ms = performance.now() - t;
  return { query: name, ms: Math.round(ms * 10) / 10, ok: ms < 1000, size: JSON.stringify(result).length };
};
const results = [
  time('list', () => store.listRuns()),
  time('report (data + text)', () => renderReport(store.runReport(runId), { project: 'bench' })),
  time('--call multiply', () => store.queryCall('multiply', { runId })),
  time('--call parseQuantity (rare)', () => store.queryCall('parseQuantity', { runId })),
  time('--call main (huge subtree)', () => store.queryCall('main', { runId })),
  time('--call unknown (closest names)', () => { try { store.queryCall('multply', { runId }); } catch (e) { return e.message; } }),
  time('--gaps', () => store.queryGaps({ runId, project: 'bench' })),
  time('--flow', () => store.queryFlow({ runId })),
  time('--flow --module ./main.js', () => store.queryFlow({ runId, module: './main.js' })),
  time('--flow --module nothing/**', () => store.queryFlow({ runId, module: 'nothing/**' })),
  time('--exceptions', () => store.queryExceptions({ runId })),
  time('--performance', () => store.queryPerformance({ runId })),
  time('--sql count by event_type (trace_events view, LIMIT 10)', () => store.querySql("SELECT * FROM trace_events WHERE function_name = 'add' LIMIT 10")),
  time('--sql events of a function (indexed)', () => store.querySql("SELECT e.* FROM events e JOIN functions f ON f.id = e.fn WHERE f.name = 'add' AND e.kind IN (0, 2, 7) LIMIT 100")),
  time('getTrace', () => store.getTrace(runId)),
];
const [run] = store.listRuns({ limit: 1 });
store.close();
console.log(JSON.stringify({
  loadavg: os.loadavg().map((n) => Number(n.toFixed(2))),
  events: run.events,
  db_mb: +(fs.statSync(dbPath).size / 1e6).toFixed(0),
  bytes_per_event: +(fs.statSync(dbPath).size / run.events).toFixed(1),
  slowest_ms: Math.max(...results.map((r) => r.ms)),
  all_under_1s: results.every((r) => r.ok),
  results,
}, null, 2));
