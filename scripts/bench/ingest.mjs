#!/usr/bin/env node
// Ingest throughput and size: generates a spool of a busy program with the format's encoders, then
// times the store's ingest into a fresh database and reports events/s and bytes/event on disk,
// next to a plain better-sqlite3 multi-row insert of the same rows (the ceiling on this machine).
//   node scripts/bench/ingest.mjs [iterations=200000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const storeDist = path.resolve(import.meta.dirname, '../../packages/store/dist');
const { openStore } = require(path.join(storeDist, 'index.js'));
const { writeBusyProgram } = require(path.join(storeDist, 'synthetic-spool.js'));
const Database = require(require.resolve('better-sqlite3', { paths: [storeDist] }));

const cpuMs = (usage) => (usage.user + usage.system) / 1000;
const iterations = Number(process.argv[2] ?? 200_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-ingest-bench-'));
try {
  const spool = path.join(work, 'spool');
  let t = performance.now();
  const program = writeBusyProgram(spool, iterations, { rotateBytes: 64 * 1024 * 1024 });
  program.end();
  const spoolBytes = fs.readdirSync(spool).reduce((sum, f) => sum + fs.statSync(path.join(spool, f)).size, 0);
  const generateMs = performance.now() - t;

  const dbPath = path.join(work, 'bench.db');
  const store = openStore(dbPath);
  const runId = store.createRun({ project: 'bench', command: ['node', 'busy.js'], cwd: work, startedAtMs: Date.now() });
  const ingester = store.ingester(spool, { runId, project: 'bench' });
  t = performance.now();
  let cpu = process.cpuUsage();
  const stats = ingester.drain();
  const ingestMs = performance.now() - t;
  const ingestCpuMs = cpuMs(process.cpuUsage(cpu));
  store.finishRun(runId, { status: 'completed', exitCode: 0, endedAtMs: Date.now() });
  store.close();
  const checkpoint = new Database(dbPath);
  checkpoint.pragma('wal_checkpoint(TRUNCATE)');
  checkpoint.close();
  const dbBytes = fs.statSync(dbPath).size;

  // The ceiling: the same number of rows of the same width through one plain multi-row statement.
  const plain = new Database(path.join(work, 'plain.db'));
  plain.pragma('journal_mode = WAL');
  plain.pragma('synchronous = NORMAL');
  plain.exec('CREATE TABLE e (id INTEGER PRIMARY KEY, p INT, k INT, f INT, c INT, pa INT, d INT, ts INT, aux INT, v TEXT)');
  const rows = 256;
  const insert = plain.prepare(`INSERT INTO e (p,k,f,c,pa,d,ts,aux,v) VALUES ${Array(rows).fill('(?,?,?,?,?,?,?,?,?)').join(',')}`);
  const args = [];
  for (let i = 0; i < rows; i++) args.push(1, i & 3, i % 7, i * 3, i, 3, 1_000_000 + i * 1500, 0, i % 4 === 0 ? '{"a":1,"b":2}' : null);
  t = performance.now();
  cpu = process.cpuUsage();
  plain.transaction(() => {
    for (let n = 0; n < stats.events; n += rows) insert.run(args);
  })();
  const plainMs = performance.now() - t;
  const plainCpuMs = cpuMs(process.cpuUsage(cpu));
  plain.close();

  const rate = stats.events / (ingestMs / 1000);
  console.log(JSON.stringify({
    loadavg: os.loadavg().map((n) => Number(n.toFixed(2))),
    events: stats.events,
    spool_mb: +(spoolBytes / 1e6).toFixed(1),
    generate_ms: Math.round(generateMs),
    ingest_ms: Math.round(ingestMs),
    events_per_s: Math.round(rate),
    plain_insert_rows_per_s: Math.round(stats.events / (plainMs / 1000)),
    ratio_to_plain: +((stats.events / (plainMs / 1000)) / rate).toFixed(2),
    // CPU time is steadier than wall time on a shared machine: the rates per CPU second.
    events_per_cpu_s: Math.round(stats.events / (ingestCpuMs / 1000)),
    plain_rows_per_cpu_s: Math.round(stats.events / (plainCpuMs / 1000)),
    db_bytes_per_event: +(dbBytes / stats.events).toFixed(1),
    target: { events_per_s: 600_000, bytes_per_event: 75 },
  }, null, 2));
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
