// Runtime overhead end to end: each program (default: the corpus drivers) run with plain node and,
// interleaved in the same run, with the runtime preloaded as `breadcrumb run` does it, in several modes:
//   disabled   BREADCRUMB_ENABLED=false (the cost of the check alone)
//   plumbing   runtime on, nothing included (hooks, spool, context, exit handlers)
//   warm       include '**', transform cache warm, values not captured
//   warm+cap   include '**', transform cache warm, values captured (the default)
// and prints the median wall-time ratio against plain node, plus the geometric mean per mode.
//   cp -r ../shared/corpus /tmp/corpus-core && (cd /tmp/corpus-core && npm ci) && npx tsc -b
//   node scripts/bench/runtime-overhead.mjs [--corpus /tmp/corpus-core] [--rounds 1] [--modes plumbing,warm] [program.js ...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { takeOption } from './cli-options.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const register = path.join(repo, 'packages/core/dist/register.js');
const { defaultRuntimeSettings } = await import(path.join(repo, 'packages/core/dist/index.js'));

const argv = process.argv.slice(2);
const option = (name, fallback) => takeOption(argv, name, fallback);
const corpus = option('--corpus', '/tmp/corpus-core');
const rounds = Number(option('--rounds', '1'));
const modes = option('--modes', 'disabled,plumbing,warm,warm+cap').split(',');
let programs = argv;
if (programs.length === 0) {
  const drivers = path.join(corpus, 'drivers');
  if (!fs.existsSync(drivers)) {
    console.error(`no programs given and ${drivers} not found: cp -r ../shared/corpus ${corpus} && (cd ${corpus} && npm ci)`);
    process.exit(2);
  }
  programs = fs.readdirSync(drivers).filter((f) => /\.(c|m)?js$/.test(f) && !f.startsWith('_')).map((f) => path.join(drivers, f));
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-runtime-'));
function settingsFor(mode, cwd) {
  const settings = defaultRuntimeSettings({ BREADCRUMB_HOME: home }, cwd);
  settings.spoolDir = path.join(home, 'spool');
  settings.include = mode === 'plumbing' ? [] : ['**'];
  settings.capture.enabled = mode === 'warm+cap';
  return settings;
}
function envFor(mode, cwd) {
  const env = { ...process.env, BREADCRUMB_HOME: home };
  delete env.BREADCRUMB_SETTINGS;
  if (mode === 'plain') return env;
  env.NODE_OPTIONS = `--require ${register}`;
  if (mode === 'disabled') env.BREADCRUMB_ENABLED = 'false';
  else env.BREADCRUMB_SETTINGS = JSON.stringify(settingsFor(mode, cwd));
  return env;
}
function time(program, mode) {
  const cwd = path.dirname(path.dirname(program));
  const started = performance.now();
  const result = spawnSync(process.execPath, [program], { cwd, env: envFor(mode, cwd), stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  fs.rmSync(path.join(home, 'spool'), { recursive: true, force: true }); // no CLI ingests here
  return { ms, stdout: result.stdout.toString(), status: result.status };
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`runtime overhead, ${rounds} round(s), node ${process.version}, loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(['program'.padEnd(12), 'plain ms', ...modes.map((m) => m.padStart(9))].join('  '));
const ratios = Object.fromEntries(modes.map((m) => [m, []]));
for (const program of programs) {
  // Warm the transform cache (and check the output is unchanged) before timing.
  const reference = time(program, 'plain');
  for (const mode of modes) {
    const warm = time(program, mode);
    if (warm.stdout !== reference.stdout || warm.status !== reference.status) console.log(`  ${path.basename(program)} ${mode}: OUTPUT DIFFERS`);
  }
  const plain = [];
  const traced = Object.fromEntries(modes.map((m) => [m, []]));
  for (let round = 0; round < rounds; round++) {
    for (const mode of modes) {
      plain.push(time(program, 'plain').ms);
      traced[mode].push(time(program, mode).ms);
    }
  }
  const base = median(plain);
  const row = modes.map((m) => {
    const ratio = median(traced[m]) / base;
    ratios[m].push(ratio);
    return `${ratio.toFixed(2)}x`.padStart(9);
  });
  console.log([path.basename(program).padEnd(12), `${base.toFixed(0)}`.padStart(8), ...row].join('  '));
}
const geomean = (xs) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
console.log(['geomean'.padEnd(12), ''.padStart(8), ...modes.map((m) => `${geomean(ratios[m]).toFixed(2)}x`.padStart(9))].join('  '));
console.log(`loadavg after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
fs.rmSync(home, { recursive: true, force: true });
