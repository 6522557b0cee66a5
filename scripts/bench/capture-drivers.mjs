// What value capture costs real programs: each program run under `breadcrumb run --include '**'` with
// values captured and without (capture.enabled=false), with two builds (--base: another checkout's CLI,
// e.g. a copy of the starting tree; and this one), interleaved round by round (the order rotates),
// medians. Per run, the traced program's main-thread CPU (the program, the probes, the recorder, the
// capture) from /proc/self/task/<pid>/schedstat, read at exit by a preloaded probe: CPU is what a shared
// machine measures least badly. The capture's cost is a build's CPU with values minus its CPU without;
// the last column compares that cost between the builds.
//   npx tsc -b && node scripts/bench/capture-drivers.mjs --corpus /tmp/corpus --base /tmp/base/packages/cli/bin/breadcrumb.js
//     [--runs 5] [--only lodash,acorn] [--node /path/to/node] [program.js ...]
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
const runs = Number(option('--runs', '5'));
const corpus = option('--corpus', null);
const only = option('--only', null)?.split(',') ?? null;
const baseBin = option('--base', null);
const node = option('--node', process.execPath);
requireLinux('capture-drivers');
const builds = baseAndNewBuilds(repo, baseBin);
const programs = benchPrograms(corpus, only, argv);
// every build with and without values, each in a project of its own (retention deletes runs past 50)
const variants = builds.flatMap((build) => [true, false].map((capture) => ({ build, capture, project: `${build.name}-${capture ? 'values' : 'novalues'}` })));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-capture-'));
const home = path.join(work, 'home');
const threads = threadCpuProbe(work);
const env = { ...process.env, BREADCRUMB_HOME: home, ...threads.env };
delete env.BREADCRUMB_SETTINGS;
for (const variant of variants) {
  const quiet = { env: { ...env, NODE_OPTIONS: '' }, encoding: 'utf8' };
  const init = spawnSync(process.execPath, [variant.build.bin, 'init', variant.project], quiet);
  const edit = init.status === 0 ? spawnSync(process.execPath, [variant.build.bin, 'config', 'edit', variant.project, '--set', `capture.enabled=${variant.capture}`], quiet) : init;
  if (edit.status !== 0) {
    console.error(`breadcrumb init/config failed: ${edit.stderr}`);
    process.exit(1);
  }
}

function traced(variant, program) {
  return tracedRunCpu(threads, { bin: variant.build.bin, project: variant.project, node, program, env, label: variant.project }).mainMs;
}

// a first run per build fills the transform cache (the figures are for a warm cache, as users see them)
for (const program of programs) for (const variant of variants) if (variant.capture) traced(variant, program);
const results = new Map();
for (let round = 0; round < runs; round++) {
  for (const program of programs) {
    // rotate the order so that no variant always runs first (or right after the same one)
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const variant of order) {
      const k = `${program.name}|${variant.project}`;
      if (!results.has(k)) results.set(k, []);
      results.get(k).push(traced(variant, program));
    }
  }
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => ms.toFixed(0).padStart(6);
const spread = (xs) => `±${((Math.max(...xs) - Math.min(...xs)) / 2).toFixed(0)}`.padStart(5);
console.log(`value capture's main-thread CPU on real programs, ms, median of ${runs} (± half the range); node ${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()}, ${os.cpus().length} cores, loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`${'program'.padEnd(10)} | base: values      none          capture | new: values       none          capture | capture new/base`);
const ratios = [];
for (const program of programs) {
  const cells = builds.map((build) => {
    const withValues = results.get(`${program.name}|${build.name}-values`);
    const without = results.get(`${program.name}|${build.name}-novalues`);
    return { withValues, without, cost: median(withValues) - median(without) };
  });
  const ratio = cells[1].cost / cells[0].cost;
  ratios.push(ratio);
  const cell = (c) => `${fmt(median(c.withValues))} ${spread(c.withValues)} ${fmt(median(c.without))} ${spread(c.without)} ${fmt(c.cost)}`;
  console.log(`${program.name.padEnd(10)} |       ${cell(cells[0])} |      ${cell(cells[1])} | ${ratio.toFixed(2)}`);
}
const geomean = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
console.log(`geometric mean of capture new/base: ${geomean.toFixed(2)}`);
fs.rmSync(work, { recursive: true, force: true });
