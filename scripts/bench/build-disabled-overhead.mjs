#!/usr/bin/env node
// Overhead of a pre-instrumented build on the runtime issue's loop of tiny functions, built with
// `breadcrumb build`, against the unbuilt program in the same run:
// - recording off (BREADCRUMB_ENABLED=false), target ≤ 1.05×;
// - recording on, next to the same file instrumented in the load shape (`breadcrumb run`'s, which builds
//   used before the build shape), so that a regression of the enabled path shows.
// Runs are interleaved (plain, built off, built on, load shape on, load shape off ...) so that load on the
// machine hits all alike; each figure is a ratio of medians.
//
// Wall time on a shared machine follows its load; `--instructions` also counts the instructions each
// variant executes (valgrind's callgrind, once each, whole process; slow: run it with fewer calls),
// which the load does not change.
//
//   node scripts/bench/build-disabled-overhead.mjs [--runs 9] [--calls 3000000] [--instructions]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { countInstructions } from './instructions.mjs';

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

// The same file in the load shape, loading the same runtime the same way (what a build emitted before).
const require = createRequire(import.meta.url);
const { instrument } = require(path.join(repo, 'packages/instrumenter/dist/index.js'));
const { insertRuntimeLoad, runtimeLoadStatement } = require(path.join(repo, 'packages/cli/dist/build/runtime-loader.js'));
const sourceFile = path.join(source, 'main.js');
const loadShaped = instrument(fs.readFileSync(sourceFile, 'utf8'), { filename: sourceFile, moduleId: './src/main.js', sourceType: 'script', shape: 'load' });
const loadShapedFile = path.join(work, 'out/main-load-shape.js');
fs.writeFileSync(
  loadShapedFile,
  insertRuntimeLoad({ code: loadShaped.code, map: null }, (line, column) =>
    runtimeLoadStatement('commonjs', './.breadcrumb/runtime/index.js', sourceFile, line, column),
  ).code,
);
const sizes = {
  sourceBytes: fs.statSync(sourceFile).size,
  buildShapeBytes: fs.statSync(path.join(work, 'out/main.js')).size,
  loadShapeBytes: fs.statSync(loadShapedFile).size,
};

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
const spool = path.join(home, 'spool', 'bench');
const variants = {
  plain: { file: sourceFile, env: {} },
  builtOff: { file: path.join(work, 'out/main.js'), env: { BREADCRUMB_ENABLED: 'false' } },
  builtOn: { file: path.join(work, 'out/main.js'), env: {} },
  loadShapeOn: { file: loadShapedFile, env: {} },
  loadShapeOff: { file: loadShapedFile, env: { BREADCRUMB_ENABLED: 'false' } },
};
const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
let checksum = null;
let spooledWhileOff = 0;
for (let i = 0; i < runs; i++) {
  for (const [name, variant] of Object.entries(variants)) {
    const result = timeRun(variant.file, variant.env);
    if (checksum === null) checksum = result.out;
    if (result.out !== checksum) throw new Error(`${name} printed ${result.out}, the unbuilt program ${checksum}`);
    samples[name].push(result.ms);
    const spooled = fs.existsSync(spool) ? fs.readdirSync(spool).length : 0;
    if (variant.env.BREADCRUMB_ENABLED === 'false') spooledWhileOff += spooled;
    else if (name !== 'plain' && spooled === 0) throw new Error(`${name} recorded nothing`);
    fs.rmSync(spool, { recursive: true, force: true });
  }
}
const ms = Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, median(xs)]));

/** Instructions the whole process executes (callgrind's "Collected"), or null without valgrind. */
function instructions(file, extraEnv) {
  const count = countInstructions(file, { args: [String(calls)], env: { PATH: process.env.PATH, BREADCRUMB_HOME: home, ...extraEnv } });
  fs.rmSync(spool, { recursive: true, force: true });
  return count;
}
let counted = null;
if (args.includes('--instructions')) {
  counted = Object.fromEntries(Object.entries(variants).map(([name, variant]) => [name, instructions(variant.file, variant.env)]));
  if (Object.values(counted).some((n) => n === null)) counted = { error: 'valgrind is not installed or failed' };
}
const instructionRatio = (name) => (counted?.[name] ? Math.round((counted[name] / counted.plain) * 1000) / 1000 : undefined);
const ratio = (name) => Math.round((ms[name] / ms.plain) * 1000) / 1000;
console.log(
  JSON.stringify(
    {
      benchmark: 'build-disabled-overhead',
      calls: calls * 3,
      runs,
      medianMs: Object.fromEntries(Object.entries(ms).map(([name, value]) => [name, Math.round(value)])),
      ratio: ratio('builtOff'),
      target: '≤ 1.05',
      pass: ratio('builtOff') <= 1.05,
      enabledRatio: ratio('builtOn'),
      loadShapeEnabledRatio: ratio('loadShapeOn'),
      loadShapeDisabledRatio: ratio('loadShapeOff'),
      ...(counted === null
        ? {}
        : {
            instructions: counted,
            instructionRatios: { builtOff: instructionRatio('builtOff'), builtOn: instructionRatio('builtOn'), loadShapeOn: instructionRatio('loadShapeOn'), loadShapeOff: instructionRatio('loadShapeOff') },
          }),
      sizes,
      spoolFilesWrittenWhileDisabled: spooledWhileOff,
      checksum,
      node: process.version,
      loadavg: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
    },
    null,
    2,
  ),
);
fs.rmSync(work, { recursive: true, force: true });
