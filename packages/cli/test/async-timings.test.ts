// The timings of async functions and generators through the real binary: a call's duration is its
// elapsed time (start to settle or finish), what totals, self time and the report's ranking add up is
// the time it ran.

import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCli, type Cli } from './cli-harness.js';

const FIXTURE = path.join(__dirname, 'fixtures/async-timings/main.js');

interface Entry {
  function: string;
  calls: number;
  total_ms: number;
  self_ms: number;
  max_ms: number | null;
  elapsed_avg_ms?: number;
  elapsed_max_ms?: number;
}

let cli: Cli;
let stderr: string;
let wallMs: number;
beforeAll(() => {
  cli = makeCli();
  cli.json(['init', 'timings']);
  const started = performance.now();
  const traced = cli.run(['run', '-c', 'timings', '--', 'node', FIXTURE]);
  wallMs = performance.now() - started;
  expect(traced.status).toBe(0);
  expect(traced.stdout).toBe('slept\n3000\n');
  stderr = traced.stderr;
}, 60_000);

describe('async functions and generators, run for real', () => {
  it('add up the time they ran: totals and self times stay within the run, waits are given apart', () => {
    const perf = cli.json<{ functions: Entry[]; note: string }>(['query', '-c', 'timings', '--performance', '--limit', '100']);
    const byName = Object.fromEntries(perf.functions.map((f) => [f.function, f]));
    const { sleeper, ticks, step, walkAll, main } = byName as Record<string, Entry>;
    // sleeper spins 2 ms on each side of a 50 ms wait (the time it runs is the wall clock's: more on a
    // loaded machine)
    expect(sleeper!.total_ms).toBeGreaterThan(0);
    expect(sleeper!.elapsed_max_ms).toBeGreaterThanOrEqual(50);
    expect(sleeper!.elapsed_max_ms! - sleeper!.total_ms).toBeGreaterThanOrEqual(50);
    // a generator consumed 30 ms apart: it ran ~2 ms
    expect(ticks!.total_ms).toBeGreaterThan(0);
    expect(ticks!.elapsed_max_ms! - ticks!.total_ms).toBeGreaterThanOrEqual(60);
    // 1,500 calls of step each waited for the rest of the loop (20 ms and more): their time running is tiny
    expect(step!.calls).toBe(3000);
    expect(step!.elapsed_max_ms).toBeGreaterThanOrEqual(20);
    expect(step!.total_ms).toBeLessThan(walkAll!.total_ms);
    expect(walkAll!.total_ms).toBeGreaterThanOrEqual(20);
    // main waits 50 + 30 + 30 ms
    expect(main!.elapsed_max_ms! - main!.total_ms).toBeGreaterThanOrEqual(110);
    expect(byName.spin).not.toHaveProperty('elapsed_avg_ms');
    for (const f of perf.functions) {
      expect(f.self_ms, f.function).toBeLessThanOrEqual(f.total_ms);
      expect(f.total_ms, f.function).toBeLessThan(wallMs);
    }
    expect(perf.functions.reduce((sum, f) => sum + f.self_ms, 0)).toBeLessThan(wallMs);
    expect(perf.note).toContain('elapsed_avg_ms');
  });

  it('rank the report by the time functions ran, not by the time they waited', () => {
    const slowest = stderr.slice(stderr.indexOf('Slowest Functions'), stderr.indexOf('\n\n', stderr.indexOf('Slowest Functions')));
    expect(slowest).toContain('(total time running; waits at await/yield left out)');
    const names = slowest.split('\n').slice(1).map((line) => line.trim().split(':')[0]);
    // main's time running holds everything else's; step's 3,000 calls, each waiting 20 ms and more, do
    // not lead (by elapsed time they added up to a minute)
    expect(names[0]).toBe('main');
    expect(names).toContain('walkAll');
    if (names.includes('step')) expect(names.indexOf('step')).toBeGreaterThan(names.indexOf('walkAll'));
    const main = /main: ([\d.]+) ms total, 1 call, .*; elapsed avg ([\d.]+) ms/.exec(slowest);
    expect(main, slowest).not.toBeNull();
    // (as the report rounds them: three significant digits)
    expect(Number(main![2]) - Number(main![1])).toBeGreaterThanOrEqual(109);
  });

  it("show a call's elapsed time as duration_ms and the time it ran as on_thread_ms", () => {
    const [call] = cli.json<{ calls: { duration_ms: number; on_thread_ms: number; return_value: unknown }[] }>(['query', '-c', 'timings', '--call', 'sleeper']).calls;
    expect(call!.return_value).toBe('slept');
    expect(call!.duration_ms).toBeGreaterThanOrEqual(50);
    expect(call!.on_thread_ms).toBeGreaterThan(0);
    expect(call!.duration_ms - call!.on_thread_ms).toBeGreaterThanOrEqual(50);
    const flow = cli.json<{ events: { type: string; function: string; duration_ms?: number; on_thread_ms?: number }[] }>(['query', '-c', 'timings', '--flow', '--limit', '200']);
    const end = flow.events.find((e) => e.type === 'return' && e.function === 'sleeper')!;
    expect(end).toMatchObject({ duration_ms: call!.duration_ms, on_thread_ms: call!.on_thread_ms });
  });
});
