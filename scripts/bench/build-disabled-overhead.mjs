#!/usr/bin/env node
// Disabled overhead of a pre-instrumented build: the loop of tiny functions, built with
// `breadcrumb build`, run with BREADCRUMB_ENABLED=false, against the unbuilt program in the same run.
// Target: ≤ 1.05×. Runs are interleaved (plain, built, plain, built ...) so that load on the machine
// hits both alike; the figure is the ratio of the medians.
//
//   node scripts/bench/build-disabled-overhead.mjs [--runs 9] [--calls 3000000]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const bin = path.join(repo, 'node_modules/.bin/breadcrumb');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const runs = option('runs', 9);
const calls = option('calls', 3_000_000);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-build-'));
const home = path.join(work, 'home');
const env = { ...process.env, BREADCRUMB_HOME: home, NODE_OPTIONS: '' };
const source = path.join(work, 'src');
fs.mkdirSync(source);
fs.copyFileSync(path.join(here, 'fixtures/tiny-functions.js'), path.join(source, 'main.js'));
execFileSync(bin, ['init', 'bench'], { env, stdio: 'ignore' });
execFileSync(bin, ['build', '-c', 'bench', '--out', path.join(work, 'out'), source], { env, stdio: 'ignore', cwd: work });

function timeRun(file, extraEnv) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [file, String(calls)], {
    env: { PATH: process.env.PATH, BREADCRUMB_HOME: home, ...extraEnv },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${file} failed: ${result.stderr}`);
  return { ms, out: result.stdout.trim() };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const plain = [];
const built = [];
let checksum = null;
for (let i = 0; i < runs; i++) {
  const a = timeRun(path.join(source, 'main.js'), {});
  const b = timeRun(path.join(work, 'out/main.js'), { BREADCRUMB_ENABLED: 'false' });
  if (a.out !== b.out) throw new Error(`the built program printed ${b.out}, the unbuilt ${a.out}`);
  checksum = a.out;
  plain.push(a.ms);
  built.push(b.ms);
}
const ratio = median(built) / median(plain);
const spool = path.join(home, 'spool', 'bench');
const spooled = fs.existsSync(spool) ? fs.readdirSync(spool).length : 0;
console.log(
  JSON.stringify(
    {
      benchmark: 'build-disabled-overhead',
      calls: calls * 3,
      runs,
      plainMedianMs: Math.round(median(plain)),
      builtDisabledMedianMs: Math.round(median(built)),
      ratio: Math.round(ratio * 1000) / 1000,
      target: '≤ 1.05',
      pass: ratio <= 1.05,
      spoolFilesWrittenWhileDisabled: spooled,
      checksum,
      node: process.version,
      loadavg: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
    },
    null,
    2,
  ),
);
fs.rmSync(work, { recursive: true, force: true });
