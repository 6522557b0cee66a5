#!/usr/bin/env node
// Replays a real program's spool folder (kept from a run, e.g. a corpus driver's) into a fresh
// database the way `breadcrumb run` ingests it: the files grow by a slice at a time (about what a
// busy program writes in one 100 ms poll), each slice is polled, and the log is checkpointed every
// few polls; then the final drain, the run's report and close. Deterministic (no sleeping): prints
// the CPU time of the polls, of the checkpoints, of the drain+close and of the report, medians over
// the rounds (the first round is the one like `breadcrumb run`'s: a process that starts cold), and of
// the polls their system time and page faults (a cold process faults in the memory it touches first:
// on a virtual machine, a third of its polls' CPU). Like `breadcrumb run`, the process ingests with
// the CLI's inlining budget (cli/src/run/inlining-budget.ts), set before the first poll.
//   node scripts/bench/ingest-replay.mjs SPOOL_DIR [rounds=3] [sliceMiB=2.5] [checkpointEvery=3] [--digest]
// --digest adds a digest of every table's rows and of the report: two builds that store the same
// thing print the same digests (but for `runs`, which holds the replay's own start time).
// A spool folder is kept when the run cannot be recorded: e.g. make <BREADCRUMB_HOME>/<project>-traces.db
// a directory, `breadcrumb run` the program, and move the folder it names out of the spool.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const storeDist = path.resolve(import.meta.dirname, '../../packages/store/dist');
const { openStore } = require(path.join(storeDist, 'index.js'));
const { narrowIngestInlining } = require(path.resolve(import.meta.dirname, '../../packages/cli/dist/run/inlining-budget.js'));

const digest = process.argv.includes('--digest');
const [source, roundsArg = '3', sliceArg = '2.5', everyArg = '3'] = process.argv.slice(2).filter((a) => a !== '--digest');
if (!source || !fs.existsSync(source)) {
  console.error('usage: node scripts/bench/ingest-replay.mjs SPOOL_DIR [rounds] [sliceMiB] [checkpointEvery]');
  process.exit(2);
}
const sliceBytes = Math.round(Number(sliceArg) * 1024 * 1024);
const checkpointEvery = Number(everyArg);
const cpuMs = (usage) => (usage.user + usage.system) / 1000;
const pageFaults = () => process.resourceUsage().minorPageFault + process.resourceUsage().majorPageFault;
/** Bytes this process has passed to write() so far (Linux; 0 elsewhere): the log and the checkpoints' copies. */
const writtenBytes = () => {
  try {
    return Number(/wchar: (\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'))[1]);
  } catch {
    return 0;
  }
};
const files = fs.readdirSync(source).filter((f) => f.endsWith('.bcspool')).sort((a, b) => {
  const n = (f) => Number(f.split('.').at(-2));
  return a.split('.').slice(0, -2).join('.').localeCompare(b.split('.').slice(0, -2).join('.')) || n(a) - n(b);
});

function replay() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-ingest-replay-'));
  try {
    const spool = path.join(work, 'spool');
    fs.mkdirSync(spool);
    const store = openStore(path.join(work, 'replay.db'));
    const runId = store.createRun({ project: 'bench', command: ['node', 'replay'], cwd: work, startedAtMs: Date.now() });
    const ingester = store.ingester(spool, { runId, project: 'bench' });
    const measured = { poll: 0, pollSystem: 0, pollFaults: 0, checkpoint: 0, drain: 0, report: 0, polls: 0, events: 0, pollWritten: 0, checkpointWritten: 0 };
    for (const file of files) {
      const bytes = fs.readFileSync(path.join(source, file));
      const target = path.join(spool, file);
      for (let at = 0; at < bytes.length; at += sliceBytes) {
        fs.appendFileSync(target, bytes.subarray(at, Math.min(bytes.length, at + sliceBytes)));
        let cpu = process.cpuUsage();
        let written = writtenBytes();
        const faults = pageFaults();
        measured.events += ingester.poll().events;
        const pollCpu = process.cpuUsage(cpu);
        measured.poll += cpuMs(pollCpu);
        measured.pollSystem += pollCpu.system / 1000;
        measured.pollFaults += pageFaults() - faults;
        measured.pollWritten += writtenBytes() - written;
        if (++measured.polls % checkpointEvery === 0) {
          cpu = process.cpuUsage();
          written = writtenBytes();
          store.checkpoint();
          measured.checkpoint += cpuMs(process.cpuUsage(cpu));
          measured.checkpointWritten += writtenBytes() - written;
        }
      }
    }
    const cpu = process.cpuUsage();
    const t = performance.now();
    measured.events += ingester.drain().events;
    store.finishRun(runId, { status: 'completed', exitCode: 0, endedAtMs: Date.now() });
    // `breadcrumb run` prints the run's report before it closes the store.
    const reportCpu = process.cpuUsage();
    const report = store.runReport(runId);
    measured.report = cpuMs(process.cpuUsage(reportCpu));
    store.close();
    measured.drain = cpuMs(process.cpuUsage(cpu)) - measured.report;
    measured.drainWallMs = performance.now() - t;
    if (digest) measured.digests = digestsOf(path.join(work, 'replay.db'), report);
    measured.dbBytes = fs.statSync(path.join(work, 'replay.db')).size;
    return measured;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Each table's row count and a hash of its rows in key order, and a hash of the report. */
function digestsOf(dbPath, report) {
  const Database = require(require.resolve('better-sqlite3', { paths: [storeDist] }));
  const db = new Database(dbPath, { readonly: true });
  const hash = (text) => crypto.createHash('sha1').update(text).digest('hex').slice(0, 12);
  const out = {};
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()) {
    const h = crypto.createHash('sha1');
    let rows = 0;
    for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).raw().iterate()) {
      h.update(JSON.stringify(row, (key, value) => (Buffer.isBuffer(value) ? value.toString('hex') : value)));
      rows++;
    }
    out[name] = `${rows}:${h.digest('hex').slice(0, 12)}`;
  }
  db.close();
  // The run's own wall-clock times differ from run to run.
  out.report = hash(JSON.stringify({ ...report, run: undefined, metrics: { ...report.metrics, duration_ms: undefined } }));
  return out;
}

narrowIngestInlining();
const rounds = Array.from({ length: Number(roundsArg) }, replay);
const median = (key) => {
  const values = rounds.map((r) => r[key]).sort((a, b) => a - b);
  return Math.round(values[Math.floor(values.length / 2)]);
};
console.log(JSON.stringify({
  loadavg: os.loadavg().map((n) => Number(n.toFixed(2))),
  spool: source,
  events: rounds[0].events,
  polls: rounds[0].polls,
  poll_cpu_ms: median('poll'),
  poll_system_cpu_ms: median('pollSystem'),
  poll_page_faults: median('pollFaults'),
  checkpoint_cpu_ms: median('checkpoint'),
  drain_and_close_cpu_ms: median('drain'),
  drain_and_close_wall_ms: median('drainWallMs'),
  report_cpu_ms: median('report'),
  total_cpu_ms: Math.round([...rounds].map((r) => r.poll + r.checkpoint + r.drain + r.report).sort((a, b) => a - b)[Math.floor(rounds.length / 2)]),
  db_mb: +(median('dbBytes') / 1e6).toFixed(1),
  // What the polls wrote (mostly the log) and what the checkpoints wrote (into the database file).
  poll_written_mb: +(median('pollWritten') / 1e6).toFixed(1),
  checkpoint_written_mb: +(median('checkpointWritten') / 1e6).toFixed(1),
  rounds: rounds.map((r) => Math.round(r.poll + r.checkpoint + r.drain + r.report)),
  ...(digest ? { digests: rounds[0].digests } : {}),
}));
