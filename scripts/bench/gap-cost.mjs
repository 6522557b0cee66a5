// Cost of a gap: a traced function calling an untraced one (a library not included), the usual case
// when tracing starts minimal. Plain node vs `breadcrumb run` with the library excluded, interleaved in
// the same run; prints the added ns per untraced call (the loop's own traced call is paid once).
//   npx tsc -b && node scripts/bench/gap-cost.mjs [--calls 5000000] [--rounds 3]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'packages/cli/bin/breadcrumb.js');
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback);
const calls = option('calls', 5_000_000);
const rounds = option('rounds', 3);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-gap-'));
fs.writeFileSync(path.join(dir, 'lib.js'), 'exports.work = (n) => n * 2;\n');
fs.writeFileSync(
  path.join(dir, 'main.js'),
  `const lib = require('./lib.js');
function run(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + lib.work(i)) % 1000003; return s; }
run(20000); // warm up
const start = process.hrtime.bigint();
const result = run(${calls});
process.stdout.write(JSON.stringify({ elapsed: Number(process.hrtime.bigint() - start), result }) + '\\n');
`,
);
const env = { ...process.env, BREADCRUMB_HOME: path.join(dir, 'home'), NODE_OPTIONS: '' };
const cli = (args) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`breadcrumb ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
cli(['init', 'gap']);
cli(['config', 'edit', 'gap', '--add-exclude', './lib.js']);

const variants = [
  { name: 'plain node', args: [process.execPath, 'main.js'] },
  { name: 'breadcrumb run, lib.js excluded (every lib.work call a gap)', args: [process.execPath, bin, 'run', '-c', 'gap', '--', process.execPath, 'main.js'] },
];
const samples = variants.map(() => []);
for (let round = 0; round < rounds; round++) {
  variants.forEach((v, i) => {
    const r = spawnSync(v.args[0], v.args.slice(1), { cwd: dir, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${v.name}: ${r.stderr}`);
    samples[i].push(JSON.parse(r.stdout.trim().split('\n').pop()).elapsed);
  });
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const plain = median(samples[0]);
console.log(`loadavg ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}; node ${process.version}; ${calls} untraced calls; median of ${rounds}`);
variants.forEach((v, i) => {
  const ns = median(samples[i]);
  console.log(`${v.name.padEnd(62)} ${(ns / 1e6).toFixed(1).padStart(8)} ms` + (i === 0 ? '' : `  +${((ns - plain) / calls).toFixed(1)} ns per untraced call`));
});
fs.rmSync(dir, { recursive: true, force: true });
