// What the timings of async functions and generators mean: a call's duration (--call, --flow, the
// tree) is its elapsed time, start to settle or finish; what totals, self time, averages and the
// report's ranking add up is the time it ran, its waits at await/yield left out.
import { describe, expect, it } from 'vitest';
import { EventKind } from '@breadcrumb/core';
import { newRun, SyntheticProcess, testStore } from './helpers.js';
import { renderReport } from '../src/report/render-report.js';

const MS = 1e6;

/**
 * main → fetchAll → fetchOne ×2, each awaiting a 50 ms wait; a timer callback scheduled by fetchAll
 * runs while it waits; then a generator consumed by two timers 30 ms apart, and one closed while it
 * waits. Every event is 1.5 µs after the one before (SyntheticProcess's clock).
 */
function asyncRun() {
  const { store, dir } = testStore();
  const { runId, spool } = newRun(store, dir);
  const p = new SyntheticProcess(spool, { runId });
  const { fns } = p.module('./main.js', '/app/main.js', [
    { name: 'main' },
    { name: 'fetchAll', async: true },
    { name: 'fetchOne', async: true, params: ['id'] },
    { name: 'onTimer' },
    { name: 'ticks', generator: true },
  ]);
  const [main, fetchAll, fetchOne, onTimer, ticks] = fns as [number, number, number, number, number];
  p.enter(main);
  const all = p.enter(fetchAll);
  const a = p.enter(fetchOne, { id: 1 });
  p.awaits(fetchOne, a, true);
  const b = p.enter(fetchOne, { id: 2 });
  p.awaits(fetchOne, b, true);
  p.awaits(fetchAll, all, true);
  p.leave(main);
  p.elapse(50 * MS);
  // scheduled by fetchAll (its causal parent), run by the event loop while fetchAll waits
  p.enter(onTimer, undefined, all);
  p.leave(onTimer);
  p.resume(fetchOne, a);
  p.settle(fetchOne, a, 1);
  p.resume(fetchOne, b);
  p.settle(fetchOne, b, 2);
  p.resume(fetchAll, all);
  p.settle(fetchAll, all, [1, 2]);
  // a generator consumed slowly: its first next(), then two more from timers 30 ms apart
  const g = p.enter(ticks);
  p.suspend(ticks, g);
  p.elapse(30 * MS);
  p.resume(ticks, g);
  p.suspend(ticks, g);
  p.elapse(30 * MS);
  p.resume(ticks, g);
  p.leave(ticks, 'done');
  // one closed by return() while it waits: its frame is not on the stack
  const early = p.enter(ticks);
  p.suspend(ticks, early);
  p.elapse(10 * MS);
  p.push(EventKind.Return, ticks, early, 0, undefined, 0);
  p.end();
  store.ingester(spool, { runId, project: 'app' }).drain();
  store.finishRun(runId, { status: 'completed', exitCode: 0, endedAtMs: Date.now() });
  return { store, runId };
}

describe('async functions and generators', () => {
  it('add up the time they ran, not the time they waited; self time stays within it', () => {
    const { store, runId } = asyncRun();
    const perf = store.queryPerformance({});
    const byName = Object.fromEntries(perf.functions.map((f) => [f.function, f]));
    // each fetchOne ran 3 ticks (call → suspend: 2, resume → settle: 1) and waited 50 ms
    expect(byName.fetchOne).toMatchObject({ calls: 2, total_ms: 0.009, self_ms: 0.009, avg_ms: 0.0045, max_ms: 0.0045 });
    expect(byName.fetchOne!.elapsed_avg_ms).toBeCloseTo(50.0173, 4);
    expect(byName.fetchOne!.elapsed_max_ms).toBe(50.018);
    // fetchAll ran 9 ticks, 4 of them inside its callees; the timer callback ran while it waited: not inside it
    expect(byName.fetchAll).toMatchObject({ total_ms: 0.0135, self_ms: 0.0075, elapsed_max_ms: 50.0255 });
    expect(byName.onTimer).toMatchObject({ total_ms: 0.0015, self_ms: 0.0015 });
    // plain functions have no elapsed time apart: it is the time they ran
    expect(byName.onTimer).not.toHaveProperty('elapsed_avg_ms');
    // main: 10 ticks, 8 of them fetchAll's first segment
    expect(byName.main).toMatchObject({ total_ms: 0.015, self_ms: 0.003 });
    // the generator: 3 ticks for the one consumed slowly, 1 for the one closed while waiting
    expect(byName.ticks).toMatchObject({ calls: 2, total_ms: 0.006, max_ms: 0.0045 });
    expect(byName.ticks!.elapsed_max_ms).toBeCloseTo(60.0075, 4);
    expect(byName.ticks!.elapsed_avg_ms).toBeCloseTo((60.0075 + 10.003) / 2, 3);
    // sorted by the time functions ran: the waiting ones do not lead
    expect(perf.functions.map((f) => f.function)).toEqual(['main', 'fetchAll', 'fetchOne', 'ticks', 'onTimer']);
    expect(perf.note).toMatch(/elapsed_avg_ms/);
    // the process ran ~90 ms; its functions' self time is what it ran, ~21 µs
    const maxTs = store.querySql(`SELECT max_ts FROM processes WHERE run_id = ${runId}`).rows[0]!.max_ts as number;
    const selfMs = perf.functions.reduce((sum, f) => sum + f.self_ms, 0);
    expect(selfMs).toBeCloseTo(0.027, 6);
    expect(selfMs).toBeLessThan(maxTs / MS);
    for (const f of perf.functions) expect(f.self_ms).toBeLessThanOrEqual(f.total_ms);
  });

  it("give a call's elapsed time as its duration and the time it ran as on_thread_ms (--call, --flow)", () => {
    const { store } = asyncRun();
    const calls = store.queryCall('fetchOne', {}).calls;
    expect(calls.map((c) => [c.duration_ms, c.on_thread_ms])).toEqual([
      [50.018, 0.0045],
      [50.0165, 0.0045],
    ]);
    expect(calls[0]).toMatchObject({ settled: true, return_value: 1 });
    // plain functions have no on_thread_ms: their duration is the time they ran
    expect(store.queryCall('main', {}).calls[0]!.on_thread_ms).toBeUndefined();
    // a generator that never suspended has it equal to its duration
    expect(store.queryCall('ticks', {}).calls.map((c) => c.on_thread_ms)).toEqual([0.0045, 0.0015]);
    const ends = store.queryFlow({}).events.filter((e) => e.type === 'return');
    const fetchAllEnd = ends.find((e) => e.function === 'fetchAll')!;
    expect(fetchAllEnd).toMatchObject({ duration_ms: 50.0255, on_thread_ms: 0.0135 });
    expect(ends.find((e) => e.function === 'main')!.on_thread_ms).toBeUndefined();
  });

  it('keeps the time a call ran in its row and each wait in its resume row', () => {
    const { store } = asyncRun();
    const rows = store.querySql(
      `SELECT f.name, e.kind, e.aux, e.on_thread_ns FROM events e JOIN functions f ON f.id = e.fn WHERE f.name IN ('fetchOne', 'main') ORDER BY e.id`,
    ).rows;
    expect(rows.filter((r) => r.kind === 0)).toEqual([
      { name: 'main', kind: 0, aux: 15000, on_thread_ns: null },
      { name: 'fetchOne', kind: 0, aux: 50018000, on_thread_ns: 4500 },
      { name: 'fetchOne', kind: 0, aux: 50016500, on_thread_ns: 4500 },
    ]);
    expect(rows.filter((r) => r.kind === EventKind.Resume).map((r) => r.aux)).toEqual([50013500, 50012000]);
  });

  it('rank the report by the time functions ran and give elapsed time apart', () => {
    const { store, runId } = asyncRun();
    const report = store.runReport(runId);
    expect(report.slowest.map((f) => f.function)).toEqual(['main', 'fetchAll', 'fetchOne', 'ticks', 'onTimer']);
    expect(report.slowest[2]).toMatchObject({ total_ms: 0.009, elapsed_max_ms: 50.018 });
    const text = renderReport(report, { project: 'app' });
    expect(text).toContain('Slowest Functions (total time running; waits at await/yield left out):');
    expect(text).toMatch(/fetchOne: 0\.009 ms total, 2 calls, avg 0\.004 ms, max 0\.004 ms; elapsed avg 50 ms, max 50 ms/);
    // the tree: an async call's elapsed time and the time it ran; folded calls: only the time they ran
    expect(text).toMatch(/-> fetchAll \(50 ms, 0\.014 ms running\)/);
    expect(text).toMatch(/-> fetchOne ×2 \(0\.009 ms running in total\)/);
    expect(text).toMatch(/-> main \(0\.015 ms\)/);
  });

  it("use the runtime's elapsed aggregates for calls past the detail cap", () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'step', async: true }]);
    const step = fns[0]!;
    const c = p.enter(step);
    p.awaits(step, c, true);
    p.elapse(MS);
    p.resume(step, c);
    p.settle(step, c);
    p.aggregates({
      functions: [
        // 100 timed calls that ran 2 µs on average and waited 300 ms in all
        { id: step, count: 5000, detailed: 1, timed: 100, totalNs: 5000 * 2000, minNs: 1000, maxNs: 9000, histogram: [], waitedNs: 300 * MS, elapsedMaxNs: 20 * MS },
      ],
    });
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const entry = store.queryPerformance({}).functions[0]!;
    expect(entry).toMatchObject({ calls: 5000, total_ms: 10, avg_ms: 0.002, elapsed_avg_ms: 3.002, elapsed_max_ms: 20 });
  });
});
