// The CPU of each thread of a traced program, for the benches that run it under `breadcrumb run`: a
// probe preloaded in every process (NODE_OPTIONS; the CLI appends the runtime's --require after it)
// appends, at the exit of a main thread, its process's threads' CPU (/proc/self/task/*/schedstat:
// Linux only) with the script it ran, so that the program's process is told from the CLI's.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const PROBE = `'use strict';
const fs = require('node:fs');
process.on('exit', () => {
  if (!require('node:worker_threads').isMainThread) return;
  const threads = [];
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const ns = Number(fs.readFileSync('/proc/self/task/' + tid + '/schedstat', 'utf8').split(' ')[0]);
      threads.push({ main: tid === String(process.pid), ms: ns / 1e6 });
    } catch {}
  }
  fs.appendFileSync(process.env.BC_BENCH_THREADS, JSON.stringify({ script: process.argv[1], threads }) + '\\n');
});
`;

/** Exits with a one-line error where there is no /proc to read threads' CPU from. */
export function requireLinux(bench) {
  if (process.platform === 'linux') return;
  console.error(`${bench} reads per-thread CPU from /proc: Linux only`);
  process.exit(2);
}

/**
 * Writes the probe into `work`. `env`: the variables that preload it (merge them into the command's
 * environment); `clear()` before each run; `of(script)` after it: the main thread's and the other
 * threads' CPU (ms) of the process that ran `script`, or undefined if none did.
 */
export function threadCpuProbe(work) {
  const probe = path.join(work, 'thread-cpu-probe.cjs');
  const report = path.join(work, 'threads.jsonl');
  fs.writeFileSync(probe, PROBE);
  return {
    env: { NODE_OPTIONS: `--require ${probe}`, BC_BENCH_THREADS: report },
    clear: () => fs.rmSync(report, { force: true }),
    of(script) {
      const lines = fs.existsSync(report) ? fs.readFileSync(report, 'utf8').trim().split('\n').map((line) => JSON.parse(line)) : [];
      const run = lines.find((line) => line.script === script);
      if (run === undefined) return undefined;
      const mainMs = run.threads.filter((t) => t.main).reduce((sum, t) => sum + t.ms, 0);
      const otherMs = run.threads.filter((t) => !t.main).reduce((sum, t) => sum + t.ms, 0);
      return { mainMs, otherMs };
    },
  };
}

/**
 * Runs `program` ({ file, cwd, name }) under `breadcrumb run --include '**'` of the CLI `bin`, in project
 * `project`, with `nodeArgs` before the program, and reads its threads' CPU through `threads` (a
 * threadCpuProbe whose variables `env` carries). Throws, naming `label`, when the run fails or the
 * program's process reported nothing.
 */
export function tracedRunCpu(threads, { bin, project, node, nodeArgs = [], program, env, label }) {
  threads.clear();
  const result = spawnSync(process.execPath, [bin, 'run', '-c', project, '--include', '**', '--', node, ...nodeArgs, program.file], {
    cwd: program.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const cpu = threads.of(program.file);
  if (result.status !== 0 || cpu === undefined) {
    throw new Error(`${label}: ${program.name} failed (${result.status}): ${result.stderr.toString().slice(-1000)}`);
  }
  return { ...cpu, output: result.stdout.toString() };
}
