// The runtime issue's end-to-end target: `breadcrumb run --include '**'` on acorn parsing its own
// source five times, against plain node, interleaved in the same run (wall time, median of rounds).
// The transform cache is warmed first, so the figure is a second run's. Modes: values captured (the
// default config) and not captured. `breadcrumb` runs as a shell runs the command (its file as the
// program, which starts the `node` of PATH: see bin/breadcrumb.js), the traced program on this node.
//   npx tsc -b && node scripts/bench/acorn-self-parse.mjs [--rounds 3]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'packages/cli/bin/breadcrumb.js');
const acornFile = require.resolve('acorn');
const argv = process.argv.slice(2);
const rounds = Number(argv[argv.indexOf('--rounds') + 1] || 3) || 3;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-acorn-'));
const home = path.join(dir, 'home');
const program = path.join(dir, 'parse-self.cjs');
fs.writeFileSync(
  program,
  `const fs = require('node:fs');
const acorn = require(${JSON.stringify(acornFile)});
const source = fs.readFileSync(${JSON.stringify(acornFile)}, 'utf8');
let nodes = 0;
for (let i = 0; i < 5; i++) nodes += acorn.parse(source, { ecmaVersion: 'latest', locations: true }).body.length;
console.log('top-level statements', nodes);
`,
);

const env = { ...process.env, BREADCRUMB_HOME: home, NODE_OPTIONS: '' };
function cli(args) {
  const result = spawnSync(bin, args, { env, encoding: 'utf8', cwd: dir });
  if (result.status !== 0) throw new Error(`breadcrumb ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
cli(['init', 'bench', '--force']);
cli(['init', 'nocap', '--force']);
cli(['config', 'edit', 'nocap', '--set', 'capture.enabled=false']);

function timed(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(args[0], args.slice(1), { env, encoding: 'utf8', cwd: dir });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}
// The command as a shell runs it (its file is the program: see bin/breadcrumb.js), on the `node` of PATH.
const traced = (project) => [bin, 'run', '-c', project, '--include', '**', '--', process.execPath, program];
const variants = [
  { name: 'plain node', args: [process.execPath, program] },
  { name: "breadcrumb run --include '**' (values captured: the default)", args: traced('bench') },
  { name: "breadcrumb run --include '**', capture.enabled=false", args: traced('nocap') },
];
timed(traced('bench')); // warms the transform cache
timed(traced('nocap'));

const samples = variants.map(() => []);
for (let round = 0; round < rounds; round++) variants.forEach((v, i) => samples[i].push(timed(v.args)));
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const plain = median(samples[0]);

// How many calls the traced run made: the exact counts of the last run of the default project.
const perf = JSON.parse(cli(['query', '-c', 'bench', '--sql', 'SELECT SUM(agg_count) AS calls FROM function_stats s JOIN functions f ON f.id = s.function_id JOIN processes p ON p.id = f.process_id WHERE p.run_id = (SELECT MAX(id) FROM runs)']));
const calls = perf.rows[0].calls;

console.log(`loadavg ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}; node ${process.version}; acorn ${require('acorn/package.json').version} parsing itself 5 times; ${calls} traced calls; median of ${rounds}, transform cache warm`);
variants.forEach((v, i) => {
  const ms = median(samples[i]);
  console.log(`${v.name.padEnd(64)} ${ms.toFixed(0).padStart(7)} ms  ratio ${(ms / plain).toFixed(2)}x`);
});
fs.rmSync(dir, { recursive: true, force: true });
