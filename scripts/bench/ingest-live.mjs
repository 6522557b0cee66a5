#!/usr/bin/env node
// Ingest while the traced program runs, as `breadcrumb run` does: a child process writes spool files
// (the format's encoders, in slices as a running program flushes them) while this process polls the
// folder every 100 ms. Prints the sustained rate, how far ingest lagged behind when the program
// ended, and the program's own time alone vs with the ingest running beside it.
//   node scripts/bench/ingest-live.mjs [iterations=300000]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const storeDist = path.resolve(import.meta.dirname, '../../packages/store/dist');
const { openStore } = require(path.join(storeDist, 'index.js'));

const iterations = Number(process.argv[2] ?? 300_000);
const slices = 30;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-ingest-live-'));

const PROGRAM = `
const { writeBusyProgram } = require(${JSON.stringify(path.join(storeDist, 'synthetic-spool.js'))});
const [spool, iterations, slices, runId] = process.argv.slice(1).map((v, i) => (i === 0 ? v : Number(v)));
const started = performance.now();
for (let s = 0; s < slices; s++) {
  writeBusyProgram(spool, Math.round(iterations / slices), { runId, pid: 7000 + s, startedAtMs: Date.now() + s, rotateBytes: 8 << 20 }).end();
}
process.stdout.write(String(performance.now() - started));
`;

function runProgram(spool, runId) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', PROGRAM, spool, String(iterations), String(slices), String(runId)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => resolve(Number(out)));
  });
}

try {
  // The program alone, for comparison.
  const aloneMs = await runProgram(path.join(work, 'alone'), 0);
  fs.rmSync(path.join(work, 'alone'), { recursive: true, force: true });

  const spool = path.join(work, 'spool');
  fs.mkdirSync(spool);
  const store = openStore(path.join(work, 'live.db'));
  const runId = store.createRun({ project: 'bench', command: ['node', 'busy.js'], cwd: work, startedAtMs: Date.now() });
  const ingester = store.ingester(spool, { runId, project: 'bench' });
  const t0 = performance.now();
  let events = 0;
  let programDone = false;
  let programMs = 0;
  void runProgram(spool, runId).then((ms) => {
    programMs = ms;
    programDone = true;
  });
  let endedAt = 0;
  while (!programDone) {
    events += ingester.poll().events;
    await new Promise((r) => setTimeout(r, 100));
  }
  endedAt = performance.now();
  events += ingester.poll().events;
  events += ingester.drain().events;
  const totalMs = performance.now() - t0;
  const lagMs = performance.now() - endedAt;
  store.finishRun(runId, { status: 'completed', exitCode: 0, endedAtMs: Date.now() });
  store.close();
  console.log(JSON.stringify({
    loadavg: os.loadavg().map((n) => Number(n.toFixed(2))),
    events,
    program_alone_ms: Math.round(aloneMs),
    program_with_ingest_ms: Math.round(programMs),
    program_slowdown: +(programMs / aloneMs).toFixed(2),
    total_ms: Math.round(totalMs),
    ingest_lag_after_program_ms: Math.round(lagMs),
    sustained_events_per_s: Math.round(events / (totalMs / 1000)),
  }, null, 2));
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
