#!/usr/bin/env node
// The ingest as `breadcrumb run`'s CLI does it: in a fresh process, whose code V8 has not optimised
// yet. Each round replays a kept spool folder once (scripts/bench/ingest-replay.mjs SPOOL 1) in a new
// process, for this checkout and, with --base, another one, alternating which goes first; prints the
// medians of the replay's CPU (polls, checkpoints, drain, report) and of the whole process's CPU per
// thread: the main thread, and V8's other threads (mostly TurboFan compiling the ingest's hot
// functions, again after each deoptimisation: a fifth of a cold process's CPU on lodash's spool).
//   node scripts/bench/ingest-cold.mjs SPOOL_DIR [--rounds 5] [--base OTHER_CHECKOUT] [--deopts]
// --deopts: also counts TurboFan compiles and deoptimisations (--trace-opt --trace-deopt; slower).
// A spool folder is kept as ingest-replay.mjs says. Linux only (per-thread CPU from /proc).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { takeOption } from './cli-options.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const rounds = Number(takeOption(argv, '--rounds', '5'));
const base = takeOption(argv, '--base', null);
const deopts = argv.includes('--deopts');
const spool = argv.find((a) => !a.startsWith('--'));
if (!spool || !fs.existsSync(spool) || process.platform !== 'linux') {
  console.error('usage (Linux): node scripts/bench/ingest-cold.mjs SPOOL_DIR [--rounds 5] [--base OTHER_CHECKOUT] [--deopts]');
  process.exit(2);
}
const builds = [...(base === null ? [] : [{ name: 'base', root: path.resolve(base) }]), { name: base === null ? 'this' : 'new', root: repo }];
for (const b of builds) {
  if (!fs.existsSync(path.join(b.root, 'scripts/bench/ingest-replay.mjs'))) {
    console.error(`no scripts/bench/ingest-replay.mjs in ${b.root}`);
    process.exit(2);
  }
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-ingest-cold-'));
const probe = path.join(work, 'threads.cjs');
// At exit: the CPU of each of the process's threads, main first (clock ticks of /proc/self/task/*/stat).
fs.writeFileSync(
  probe,
  `process.on('exit', () => {
  const fs = require('node:fs');
  let main = 0, other = 0;
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(f[11]) + Number(f[12])) * 10;
      if (tid === String(process.pid)) main = ms; else other += ms;
    } catch {}
  }
  process.stderr.write('\\nBC_THREADS ' + main + ' ' + other + '\\n');
});
`,
);

function once(build) {
  const flags = deopts ? ['--trace-opt', '--trace-deopt'] : [];
  const result = spawnSync(process.execPath, [...flags, '-r', probe, path.join(build.root, 'scripts/bench/ingest-replay.mjs'), spool, '1'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const json = result.stdout.split('\n').find((line) => line.startsWith('{"loadavg"'));
  const threads = /BC_THREADS (\d+) (\d+)/.exec(result.stderr);
  if (result.status !== 0 || json === undefined || threads === null) throw new Error(`replay failed (${build.root}): ${result.stderr.slice(-2000)}`);
  const replay = JSON.parse(json);
  return {
    replayCpu: replay.total_cpu_ms,
    mainCpu: Number(threads[1]),
    otherCpu: Number(threads[2]),
    compiles: deopts ? (result.stdout.match(/completed compiling/g) ?? []).length : NaN,
    deopts: deopts ? (result.stdout.match(/\[bailout|marking dependent code/g) ?? []).length : NaN,
  };
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = new Map(builds.map((b) => [b, []]));
console.log(`cold ingest of ${spool}: median of ${rounds} fresh processes per build, node ${process.version}, ${os.cpus().length} cores, loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
try {
  for (let round = 0; round < rounds; round++) {
    for (const b of round % 2 === 0 ? builds : [...builds].reverse()) results.get(b).push(once(b));
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
const columns = ['replayCpu', 'mainCpu', 'otherCpu', ...(deopts ? ['compiles', 'deopts'] : [])];
console.log(`${'build'.padEnd(6)} ${columns.map((c) => c.padStart(10)).join(' ')}`);
for (const b of builds) {
  const runs = results.get(b);
  console.log(`${b.name.padEnd(6)} ${columns.map((c) => String(median(runs.map((r) => r[c]))).padStart(10)).join(' ')}`);
}
console.log(
  `replayCpu: the replay's polls, checkpoints, drain and report (ms); mainCpu / otherCpu: the whole process's main thread / its other threads (V8's compiler and GC helpers), ms; loadavg at the end ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
