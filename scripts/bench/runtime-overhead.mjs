// Runtime overhead end to end: each program (default: the corpus drivers) run with plain node and,
// interleaved in the same run, with the runtime preloaded as `breadcrumb run` does it, in several modes:
//   disabled   BREADCRUMB_ENABLED=false (the cost of the check alone)
//   plumbing   runtime on, nothing included (hooks, spool, context, exit handlers)
//   counted    include '**', transform cache warm, no call recorded in detail (maxDetailedCallsPerFunction
//              0: every call only counted, bar the timed ones; not in the default list)
//   warm       include '**', transform cache warm, values not captured
//   warm+cap   include '**', transform cache warm, values captured (the default)
// and prints the median wall-time ratio against plain node, plus the geometric mean per mode; then how
// much each mode grew the process's peak RSS over plain node's (issue #5 bounds the runtime's own
// memory at 64 MB whatever the program does; the instrumented code and the program's own garbage count
// here too). Every run, plain ones included, preloads fixtures/report-max-rss.cjs to read its peak.
// Traced runs get the node flags `breadcrumb run` gives a traced node (its inlining budget).
// --instructions: then each mode once more under callgrind (`--predictable`, whole process; slow) and
// the instruction ratios against plain node's, which the machine's load does not move: where an
// overhead is (e.g. counted → warm → warm+cap: what detail, then values, add) is read from these.
//   cp -r ../shared/corpus /tmp/corpus-core && (cd /tmp/corpus-core && npm ci) && npx tsc -b
//   node scripts/bench/runtime-overhead.mjs [--corpus /tmp/corpus-core] [--rounds 1] [--modes plumbing,warm]
//     [--instructions] [program.js ...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { takeOption } from './cli-options.mjs';
import { countInstructions } from './instructions.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const register = path.join(repo, 'packages/core/dist/register.js');
const { defaultRuntimeSettings } = await import(path.join(repo, 'packages/core/dist/index.js'));
const { tracedInliningFlags } = await import(path.join(repo, 'packages/cli/dist/run/inlining-budget.js'));

const argv = process.argv.slice(2);
const option = (name, fallback) => takeOption(argv, name, fallback);
const corpus = option('--corpus', '/tmp/corpus-core');
const rounds = Number(option('--rounds', '1'));
const modes = option('--modes', 'disabled,plumbing,warm,warm+cap').split(',');
const withInstructions = argv.includes('--instructions');
if (withInstructions) argv.splice(argv.indexOf('--instructions'), 1);
const knownModes = ['disabled', 'plumbing', 'counted', 'warm', 'warm+cap'];
for (const mode of modes) {
  if (!knownModes.includes(mode)) {
    console.error(`unknown mode ${mode}: --modes takes ${knownModes.join(',')}`);
    process.exit(2);
  }
}
// absolute: each runs from its folder's parent (a corpus driver from the corpus root)
let programs = argv.map((file) => path.resolve(file));
if (programs.length === 0) {
  const drivers = path.join(corpus, 'drivers');
  if (!fs.existsSync(drivers)) {
    console.error(`no programs given and ${drivers} not found: cp -r ../shared/corpus ${corpus} && (cd ${corpus} && npm ci)`);
    process.exit(2);
  }
  programs = fs.readdirSync(drivers).filter((f) => /\.(c|m)?js$/.test(f) && !f.startsWith('_')).map((f) => path.join(drivers, f));
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-runtime-'));
const rssReporter = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/report-max-rss.cjs');
const rssFile = path.join(home, 'max-rss');
function settingsFor(mode, cwd) {
  const settings = defaultRuntimeSettings({ BREADCRUMB_HOME: home }, cwd);
  settings.spoolDir = path.join(home, 'spool');
  settings.include = mode === 'plumbing' ? [] : ['**'];
  settings.capture.enabled = mode === 'warm+cap';
  if (mode === 'counted') settings.maxDetailedCallsPerFunction = 0;
  return settings;
}
function envFor(mode, cwd) {
  const env = { ...process.env, BREADCRUMB_HOME: home, BENCH_MAX_RSS_FILE: rssFile };
  delete env.BREADCRUMB_SETTINGS;
  env.NODE_OPTIONS = `--require ${rssReporter}`;
  if (mode === 'plain') return env;
  env.NODE_OPTIONS += ` --require ${register}`;
  if (mode === 'disabled') env.BREADCRUMB_ENABLED = 'false';
  else env.BREADCRUMB_SETTINGS = JSON.stringify(settingsFor(mode, cwd));
  return env;
}
/** The node flags `breadcrumb run` adds for a traced node (none for plain node or the disabled runtime). */
const nodeFlagsFor = (mode) => (mode === 'plain' || mode === 'disabled' ? [] : tracedInliningFlags([process.execPath]));
function time(program, mode) {
  const cwd = path.dirname(path.dirname(program));
  const started = performance.now();
  const result = spawnSync(process.execPath, [...nodeFlagsFor(mode), program], { cwd, env: envFor(mode, cwd), stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  fs.rmSync(path.join(home, 'spool'), { recursive: true, force: true }); // no CLI ingests here
  const maxRssMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
  return { ms, maxRssMb, stdout: result.stdout.toString(), status: result.status };
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`runtime overhead, ${rounds} round(s), node ${process.version}, loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(['program'.padEnd(12), 'plain ms', ...modes.map((m) => m.padStart(9))].join('  '));
const ratios = Object.fromEntries(modes.map((m) => [m, []]));
const rssRows = [];
for (const program of programs) {
  // Warm the transform cache (and check the output is unchanged) before timing.
  const reference = time(program, 'plain');
  for (const mode of modes) {
    const warm = time(program, mode);
    if (warm.stdout !== reference.stdout || warm.status !== reference.status) console.log(`  ${path.basename(program)} ${mode}: OUTPUT DIFFERS`);
  }
  const plain = [];
  const plainRss = [];
  const traced = Object.fromEntries(modes.map((m) => [m, []]));
  const tracedRss = Object.fromEntries(modes.map((m) => [m, []]));
  for (let round = 0; round < rounds; round++) {
    for (const mode of modes) {
      const p = time(program, 'plain');
      plain.push(p.ms);
      plainRss.push(p.maxRssMb);
      const t = time(program, mode);
      traced[mode].push(t.ms);
      tracedRss[mode].push(t.maxRssMb);
    }
  }
  rssRows.push([path.basename(program), median(plainRss), ...modes.map((m) => median(tracedRss[m]) - median(plainRss))]);
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
console.log('\npeak RSS: plain node, and what each mode added (MB)');
console.log(['program'.padEnd(12), 'plain MB', ...modes.map((m) => m.padStart(9))].join('  '));
for (const [name, base, ...added] of rssRows) {
  console.log([name.padEnd(12), base.toFixed(0).padStart(8), ...added.map((mb) => `+${mb.toFixed(0)}`.padStart(9))].join('  '));
}
console.log(`loadavg after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
if (withInstructions) printInstructions();
fs.rmSync(home, { recursive: true, force: true });

/** Each mode once under callgrind, after the timed runs (the transform cache is warm). */
function printInstructions() {
  console.log('\ninstructions (callgrind --predictable, whole process): plain node, and each mode as a ratio to it');
  console.log(['program'.padEnd(12), 'plain M'.padStart(8), ...modes.map((m) => m.padStart(9))].join('  '));
  const instructionRatios = Object.fromEntries(modes.map((m) => [m, []]));
  for (const program of programs) {
    const cwd = path.dirname(path.dirname(program));
    const count = (mode) => {
      const n = countInstructions(program, { nodeFlags: nodeFlagsFor(mode), env: envFor(mode, cwd), cwd, predictable: true });
      fs.rmSync(path.join(home, 'spool'), { recursive: true, force: true });
      return n;
    };
    const plain = count('plain');
    if (plain === null) {
      console.log(`${path.basename(program).padEnd(12)}  valgrind is not installed or the plain run failed`);
      continue;
    }
    const row = modes.map((m) => {
      const n = count(m);
      if (n === null) return 'failed'.padStart(9);
      instructionRatios[m].push(n / plain);
      return `${(n / plain).toFixed(2)}x`.padStart(9);
    });
    console.log([path.basename(program).padEnd(12), (plain / 1e6).toFixed(0).padStart(8), ...row].join('  '));
  }
  const means = modes.map((m) => (instructionRatios[m].length === 0 ? '' : `${geomean(instructionRatios[m]).toFixed(2)}x`).padStart(9));
  console.log(['geomean'.padEnd(12), ''.padStart(8), ...means].join('  '));
}
