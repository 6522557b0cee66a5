// The inlining budget `breadcrumb run` gives traced node processes (packages/cli/src/run/inlining-budget.ts):
// each corpus driver run plain, traced with the budget (what `breadcrumb run` does), and traced with
// V8's default budget (the flag given explicitly, which `run` leaves alone), interleaved, several
// rounds. Prints per driver the median wall time and the CPU of the whole process tree (the CLI, its
// ingest, the program and V8's compiler threads: user + sys of the children), and the ratio of each
// traced variant to plain node.
//   cp -r ../shared/corpus /tmp/corpus-core && (cd /tmp/corpus-core && npm ci) && npx tsc -b
//   node scripts/bench/inlining-budget.mjs [--corpus /tmp/corpus-core] [--rounds 3]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { takeOption } from './cli-options.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'packages/cli/bin/breadcrumb.js');
const argv = process.argv.slice(2);
const corpus = takeOption(argv, '--corpus', '/tmp/corpus-core');
const rounds = Number(takeOption(argv, '--rounds', '3'));
const drivers = path.join(corpus, 'drivers');
if (!fs.existsSync(drivers)) {
  console.error(`${drivers} not found: cp -r ../shared/corpus ${corpus} && (cd ${corpus} && npm ci)`);
  process.exit(2);
}
const programs = fs.readdirSync(drivers).filter((f) => /\.(c|m)?js$/.test(f) && !f.startsWith('_'));
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-inlining-'));
const env = { ...process.env, BREADCRUMB_HOME: home, NODE_OPTIONS: '' };
spawnSync(process.execPath, [bin, 'init', 'bench'], { env, stdio: 'ignore' });

const V8_DEFAULT = '--max-inlined-bytecode-size-cumulative=920';
const variants = {
  plain: (driver) => [process.execPath, driver],
  'traced, budget': (driver) => [process.execPath, bin, 'run', '-c', 'bench', '--include', '**', '--', process.execPath, driver],
  'traced, V8 default': (driver) => [process.execPath, bin, 'run', '-c', 'bench', '--include', '**', '--', process.execPath, V8_DEFAULT, driver],
};

/** Wall ms, and CPU ms of the child process tree (getrusage of the waited-for children). */
function measure(args) {
  const childBefore = childCpu();
  const start = process.hrtime.bigint();
  const result = spawnSync(args[0], args.slice(1), { env, cwd: corpus, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { wall, cpu: childCpu() - childBefore };
}
/** user + sys ms of every child this process waited for so far (/proc/self/stat cutime + cstime). */
function childCpu() {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`loadavg ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; node ${process.version}; ${rounds} rounds; corpus ${corpus}`);
// warm the transform cache
for (const p of programs) measure(variants['traced, budget'](path.join(drivers, p)));
const ratios = { 'traced, budget': [], 'traced, V8 default': [] };
for (const p of programs) {
  const driver = path.join(drivers, p);
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) for (const [name, args] of Object.entries(variants)) samples[name].push(measure(args(driver)));
  const plain = { wall: median(samples.plain.map((s) => s.wall)), cpu: median(samples.plain.map((s) => s.cpu)) };
  const cells = Object.entries(samples).map(([name, s]) => {
    const wall = median(s.map((x) => x.wall));
    const cpu = median(s.map((x) => x.cpu));
    if (name !== 'plain') ratios[name].push(wall / plain.wall);
    return `${name}: ${wall.toFixed(0)} ms wall (${(wall / plain.wall).toFixed(2)}x), ${cpu} ms cpu (${(cpu / plain.cpu).toFixed(2)}x)`;
  });
  console.log(`${p.padEnd(12)} ${cells.join(' | ')}`);
}
const geomean = (xs) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
for (const [name, xs] of Object.entries(ratios)) console.log(`geomean wall ratio, ${name}: ${geomean(xs).toFixed(2)}x`);
console.log(`loadavg ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
// The bench's home holds every traced run (gigabytes for a few rounds of the corpus).
fs.rmSync(home, { recursive: true, force: true });
