// The CLI's share of a traced run: `breadcrumb run -c bench --include '**' -- node DRIVER` on the corpus
// drivers and on acorn parsing its own source five times, against plain node, interleaved in the same
// rounds, transform cache warm (a second run's figures). Per program, medians of the rounds:
//   plain      plain node's wall (and CPU: user+sys of the process tree, bash's `times`)
//   run        the traced run's wall, CLI start to CLI exit (and CPU, the CLI's and the command's)
//   child      the command's own wall: the CLI's spawn to the traced process's last exit listener
//   notice     from there until the CLI sees the exit (its event loop may be busy ingesting)
//   tail       the CLI's `exited` to its exit: everything on the critical path after the command
//   tCPU       the CLI process's CPU time during the tail (every thread): steadier on a shared machine
//   pCPU, rCPU plain node's CPU, the traced run's (the CLI's and the command's: user+sys, `times`)
//   cliCPU     the CLI process's own CPU over the whole run: = sCPU (until the spawn) + dCPU (while the
//              command runs: opening the store, recording the run, ingest, checkpoints) + tCPU
// and, for a build with BREADCRUMB_TIMELINE (packages/cli/src/run/phase-timeline.ts), the tail per
// phase (wall/CPU): drain (final spool read + ingest + unended processes), finish (the run's row), release (the
// spool folder), report (queries + rendering), notes, close (the store; a checkpoint of the log if
// SQLite does one), exit (close to the process's exit event); drained: the events the drain ingested.
//   npx tsc -b && node scripts/bench/run-tail.mjs [--corpus DIR] [--rounds 5] [--only lodash,acorn-self]
//     [--base OTHER_CHECKOUT | OTHER_CHECKOUT/packages/cli/bin/breadcrumb.js] [--node PATH] [--json FILE]
// --corpus: a copy of ../shared/corpus with its packages installed (cp -r /work/shared/corpus /tmp/c &&
// cd /tmp/c && npm ci). --base: another build measured in the same rounds (plain, base, new; the order
// of base and new alternates from round to round). --node: the traced program's node (the CLI runs on
// this one: its better-sqlite3 is built for it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { takeOption } from './cli-options.mjs';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const option = (name, fallback) => takeOption(argv, name, fallback);
const rounds = Number(option('--rounds', '5'));
const node = path.resolve(option('--node', process.execPath));
const only = option('--only', null)?.split(',') ?? null;
const jsonOut = option('--json', null);
const corpus = path.resolve(option('--corpus', path.join(repo, '../shared/corpus')));
const binOf = (where) => (where.endsWith('.js') ? path.resolve(where) : path.join(path.resolve(where), 'packages/cli/bin/breadcrumb.js'));
const baseOption = option('--base', null);
const bins = [
  ...(baseOption === null ? [] : [{ name: 'base', bin: binOf(baseOption) }]),
  { name: baseOption === null ? 'run' : 'new', bin: binOf(repo) },
];
for (const b of bins) {
  if (!fs.existsSync(b.bin)) usage(`no breadcrumb at ${b.bin}`);
}
if (!fs.existsSync(path.join(corpus, 'node_modules'))) {
  usage(`no installed corpus at ${corpus}: cp -r /work/shared/corpus /tmp/corpus && (cd /tmp/corpus && npm ci), then --corpus /tmp/corpus`);
}

function usage(message) {
  console.error(`run-tail: ${message}`);
  process.exit(2);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-tail-'));
const home = path.join(work, 'home');
const acornFile = require.resolve('acorn');
const acornProgram = path.join(work, 'acorn-self-parse.cjs');
fs.writeFileSync(
  acornProgram,
  `const fs = require('node:fs');
const acorn = require(${JSON.stringify(acornFile)});
const source = fs.readFileSync(${JSON.stringify(acornFile)}, 'utf8');
let nodes = 0;
for (let i = 0; i < 5; i++) nodes += acorn.parse(source, { ecmaVersion: 'latest', locations: true }).body.length;
console.log('top-level statements', nodes);
`,
);
const programs = [
  ...fs
    .readdirSync(path.join(corpus, 'drivers'))
    .filter((f) => /\.(c|m)?js$/.test(f) && !f.startsWith('_'))
    .sort()
    .map((f) => ({ name: f.replace(/\.(c|m)?js$/, ''), file: path.join(corpus, 'drivers', f), cwd: corpus })),
  { name: 'acorn-self', file: acornProgram, cwd: work },
].filter((p) => only === null || only.includes(p.name));

// In the CLI (-r): when it spawns the command, sees it exit, and exits, for any build (CLI clock, epoch ms).
const cliMarks = path.join(work, 'cli-marks.cjs');
fs.writeFileSync(
  cliMarks,
  `const cp = require('node:child_process'); const fs = require('node:fs'); const spawn = cp.spawn;
const at = () => { const c = process.cpuUsage(); return (performance.timeOrigin + performance.now()).toFixed(2) + ' ' + ((c.user + c.system) / 1000).toFixed(2); };
const log = (what) => fs.appendFileSync(process.env.BC_BENCH_CLI_MARKS, what + ' ' + at() + '\\n');
cp.spawn = function (...args) { log('cli.spawn'); const child = spawn.apply(this, args); child.on('exit', () => log('cli.exited')); return child; };
process.on('exit', () => log('cli.end'));
`,
);
// In the traced command (-r, after the runtime's --require): its last exit listener, i.e. the runtime
// has flushed its spool by then.
const childMark = path.join(work, 'child-mark.cjs');
fs.writeFileSync(
  childMark,
  `process.on('exit', () => require('node:fs').appendFileSync(process.env.BC_BENCH_CHILD_MARK, 'child.exit ' + (performance.timeOrigin + performance.now()).toFixed(2) + '\\n'));\n`,
);

const env = { ...process.env, BREADCRUMB_HOME: home };
delete env.NODE_OPTIONS;
delete env.BREADCRUMB_SETTINGS;
delete env.BREADCRUMB_TIMELINE;
for (const b of bins) {
  const init = spawnSync(process.execPath, [b.bin, 'init', b.name], { env, encoding: 'utf8' });
  if (init.status !== 0) usage(`breadcrumb init failed: ${init.stderr}`);
}

// Runs the command under bash, which prints its children's CPU time last on stderr (`times`).
const TIMED = 'exec 3>&2; "$@"; status=$?; times >&3; exit $status';
function timed(command, options) {
  const started = performance.now();
  const result = spawnSync('bash', ['-c', TIMED, 'timed', ...command], { ...options, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  const lines = result.stderr.toString().trimEnd().split('\n');
  const children = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines.at(-1) ?? '');
  const cpuMs = children === null ? NaN : (Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])) * 1000;
  return { ms, cpuMs, stdout: result.stdout.toString(), status: result.status, stderr: lines.slice(0, -2).join('\n') };
}

const plain = (program) => timed([node, program.file], { cwd: program.cwd, env });

function readMarks(file) {
  const marks = {};
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return marks;
  }
  for (const line of text.trim().split('\n')) {
    const [what, at, cpu, count] = line.split(' ');
    marks[what] = { at: Number(at), cpu: cpu === undefined ? NaN : Number(cpu), count: count === undefined ? NaN : Number(count) };
  }
  return marks;
}

function traced(program, b) {
  const files = ['cli', 'child', 'phases'].map((k) => path.join(work, `${k}.marks`));
  for (const f of files) fs.rmSync(f, { force: true });
  const result = timed([process.execPath, '-r', cliMarks, b.bin, 'run', '-c', b.name, '--include', '**', '--', node, '-r', childMark, program.file], {
    cwd: program.cwd,
    env: { ...env, BC_BENCH_CLI_MARKS: files[0], BC_BENCH_CHILD_MARK: files[1], BREADCRUMB_TIMELINE: files[2] },
  });
  return { ...result, marks: Object.assign({}, ...files.map(readMarks)) };
}

/** The columns of one traced run, in ms. */
function columnsOf(run) {
  const m = run.marks;
  const since = (a, b) => (m[a] && m[b] ? m[b].at - m[a].at : NaN);
  const exited = m.exited ? 'exited' : 'cli.exited';
  const end = 'cli.end';
  const phases = {};
  let previous = exited;
  for (const phase of PHASES) {
    const key = phase === 'exit' ? 'end' : phase;
    if (m[key] === undefined) continue;
    phases[phase] = since(previous, key);
    phases[`${phase}Cpu`] = m[key].cpu - m[previous].cpu;
    previous = key;
  }
  return {
    run: run.ms,
    runCpu: run.cpuMs,
    child: since('cli.spawn', 'child.exit'),
    notice: since('child.exit', 'cli.exited'),
    tail: since('cli.exited', end),
    tailCpu: m[end] && m['cli.exited'] ? m[end].cpu - m['cli.exited'].cpu : NaN,
    cliCpu: m[end] ? m[end].cpu : NaN,
    drained: m.drain ? m.drain.count : NaN,
    startCpu: m['cli.spawn'] ? m['cli.spawn'].cpu : NaN,
    duringCpu: m['cli.spawn'] && m['cli.exited'] ? m['cli.exited'].cpu - m['cli.spawn'].cpu : NaN,
    ...phases,
  };
}
const PHASES = ['drain', 'finish', 'release', 'report', 'notes', 'close', 'exit'];

const median = (xs) => {
  const ok = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return ok.length === 0 ? NaN : ok[Math.floor(ok.length / 2)];
};
const cell = (x, width = 6) => (Number.isFinite(x) ? x.toFixed(0) : '-').padStart(width);
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

console.log(
  `the tail of \`breadcrumb run --include '**'\` (${bins.map((b) => `${b.name}: ${b.bin}`).join(', ')}): median of ${rounds}, CLI on node ${process.version}, programs on ${
    spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
  }, ${os.cpus().length} cores, loadavg ${loadavg()}`,
);
console.log(
  `${'program'.padEnd(16)} ${'plain'.padStart(6)} ${'run'.padStart(6)} ${'ratio'.padStart(6)} ${'child'.padStart(6)} ${'notice'.padStart(6)} ${'tail'.padStart(6)} ${'tCPU'.padStart(6)} | ${'pCPU'.padStart(6)} ${'rCPU'.padStart(6)} ${'cliCPU'.padStart(6)} ${'sCPU'.padStart(5)} ${'dCPU'.padStart(5)} | ${PHASES.map((p) => p.padStart(7)).join(' ')} (wall/CPU) ${'drained'.padStart(7)}`,
);
const results = [];
for (const program of programs) {
  // Warm up (the transform cache, the cached config) and check that the output is unchanged.
  const reference = plain(program);
  const differs = bins.map((b) => ({ b, warm: traced(program, b) })).find(({ warm }) => warm.status !== reference.status || !warm.stdout.includes(reference.stdout));
  if (differs !== undefined) {
    console.log(`${program.name} (${differs.b.name}): OUTPUT OR EXIT CODE DIFFERS under breadcrumb run (${differs.warm.status} vs ${reference.status})\n${differs.warm.stderr.slice(-2000)}`);
    continue;
  }
  const plainRuns = [];
  const tracedRuns = new Map(bins.map((b) => [b, []]));
  for (let i = 0; i < rounds; i++) {
    plainRuns.push(plain(program));
    for (const b of i % 2 === 0 ? bins : [...bins].reverse()) tracedRuns.get(b).push(columnsOf(traced(program, b)));
  }
  const p = median(plainRuns.map((r) => r.ms));
  const pCpu = median(plainRuns.map((r) => r.cpuMs));
  for (const b of bins) {
    const runs = tracedRuns.get(b);
    const med = (key) => median(runs.map((r) => r[key] ?? NaN));
    const row = { program: program.name, build: b.name, plain: p, plainCpu: pCpu, ratio: med('run') / p, loadavg: os.loadavg() };
    for (const key of ['run', 'runCpu', 'cliCpu', 'startCpu', 'duringCpu', 'child', 'notice', 'tail', 'tailCpu', 'drained', ...PHASES, ...PHASES.map((k) => `${k}Cpu`)]) row[key] = med(key);
    results.push(row);
    const label = bins.length > 1 ? `${program.name} ${b.name}` : program.name;
    console.log(
      `${label.padEnd(16)} ${cell(p)} ${cell(row.run)} ${`${row.ratio.toFixed(2)}x`.padStart(6)} ${cell(row.child)} ${cell(row.notice)} ${cell(row.tail)} ${cell(row.tailCpu)} | ${cell(pCpu)} ${cell(row.runCpu)} ${cell(row.cliCpu)} ${cell(row.startCpu, 5)} ${cell(row.duringCpu, 5)} | ${PHASES.map((k) => `${cell(row[k], 3)}/${cell(row[`${k}Cpu`], 3)}`).join(' ')}            ${cell(row.drained, 7)}`,
    );
  }
}
for (const b of bins) {
  const mine = results.filter((r) => r.build === b.name);
  const geo = (key) => Math.exp(mine.reduce((sum, r) => sum + Math.log(r[key]), 0) / mine.length);
  const corpusRows = mine.filter((r) => r.program !== 'acorn-self');
  const corpusGeo = Math.exp(corpusRows.reduce((sum, r) => sum + Math.log(r.ratio), 0) / corpusRows.length);
  console.log(`${b.name}: corpus geometric mean ${corpusGeo.toFixed(2)}x; tail geometric mean ${geo('tail').toFixed(0)} ms (CPU ${geo('tailCpu').toFixed(0)} ms)`);
}
console.log(`loadavg at the end ${loadavg()}`);
if (jsonOut !== null) fs.writeFileSync(jsonOut, JSON.stringify(results, null, 2));
fs.rmSync(work, { recursive: true, force: true });
