import { describe, expect, it } from 'vitest';
import { REPORT_CHAR_BUDGET, renderReport } from '../src/index.js';
import { SyntheticProcess, busyRun, newRun, testStore } from './helpers.js';

describe('the run report', () => {
  it('has the key metrics, a folded call tree, top called, exceptions, slowest, gaps and next commands', () => {
    const { store, runId } = busyRun(100);
    const report = store.runReport(runId);
    expect(report.metrics).toMatchObject({ events: 1107, calls: 503, returns: 501, exceptions: 2, gap_calls: 101, status: 'completed', processes: 1 });
    expect(report.call_tree.lines.map((l) => [l.depth, l.function, l.count])).toEqual([
      [0, 'main', 1],
      [1, 'handle', 100],
      [2, 'calculateTotal', 100],
      [3, 'multiply', 200],
      [3, 'add', 100],
      [2, 'parseQuantity', 2],
    ]);
    expect(report.top_called[0]).toMatchObject({ function: 'multiply', calls: 200 });
    expect(report.exceptions).toEqual([{ function: 'parseQuantity', type: 'RangeError', message: 'not a quantity: "three"', file: './main.js', line: 30, caught: true, count: 2 }]);
    const text = renderReport(report, { project: 'shop' });
    expect(text).toContain('BREADCRUMB RUN REPORT');
    expect(text).toContain('Total Events: 1107');
    expect(text).toContain('-> handle ×100');
    expect(text).toContain('-> multiply ×200');
    expect(text).toContain('parseQuantity ×2');
    expect(text).toContain('RangeError: not a quantity: "three" (×2)');
    expect(text).toContain('in parseQuantity at main.js:30 (caught)');
    expect(text).toMatch(/JSON.stringify \[global\]: 100 calls \(built-in\)/);
    expect(text).toContain("breadcrumb query -c shop --call 'multiply'");
    expect(text).toContain('breadcrumb query -c shop --gaps');
    expect(text).toContain('breadcrumb query -c shop --exceptions');
  });

  it('fits in about 2,000 tokens whatever the size of the program', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    for (let proc = 0; proc < 3; proc++) {
      const p = new SyntheticProcess(spool, { runId, pid: 500 + proc, startedAtMs: 1_700_000_000_000 + proc });
      const names = Array.from({ length: 300 }, (_, i) => ({ name: `VeryLongServiceClassName${i}.handleIncomingRequestWithManyWords${i}` }));
      const sites = Array.from({ length: 200 }, (_, i) => ({ callee: `somePackage${i}.method${i}`, fn: i, line: i, column: 0 }));
      const { fns, sites: siteIds } = p.module(`./src/${'deeply/nested/'.repeat(5)}module${proc}.js`, `/app/m${proc}.js`, names, sites);
      p.enter(fns[0]!);
      for (let i = 1; i < fns.length; i++) {
        p.enter(fns[i]!, { payload: 'x'.repeat(100) });
        p.enter(fns[(i * 7) % fns.length]!);
        if (i % 3 === 0) p.throwFrom(fns[(i * 7) % fns.length]!, { name: `Error${i}`, message: `something went wrong number ${i} `.repeat(10) });
        else p.leave(fns[(i * 7) % fns.length]!);
        p.untraced(siteIds[i % siteIds.length]!, 1000 * i);
        p.leave(fns[i]!);
      }
      p.leave(fns[0]!);
      p.warning('could not instrument a file with a very long name '.repeat(5));
      p.warning('another warning');
      p.end();
    }
    store.ingester(spool, { runId, project: 'app' }).drain();
    const report = store.runReport(runId);
    expect(report.metrics.calls).toBeGreaterThan(1500);
    const text = renderReport(report, { project: 'a-project-name' });
    expect(text.length).toBeLessThanOrEqual(REPORT_CHAR_BUDGET);
    expect(text).toMatch(/more calls not shown/);
    expect(text).toContain('Top 10 Most Called Functions:');
    expect(text).toMatch(/Exceptions thrown \(\d+\):/);
    expect(text).toContain('Warnings:');
    expect(text).toContain('Recommendations on what to do next:');
  });

  it('lists a warning that several processes gave once, with how many times', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    for (const pid of [200, 201, 202]) {
      const p = new SyntheticProcess(spool, { runId, pid, startedAtMs: pid });
      p.warning('V8 coverage is being collected');
      if (pid === 201) p.warning('not instrumented: SyntaxError', '/app/broken.js');
      p.end();
    }
    store.ingester(spool, { runId, project: 'app' }).drain();
    expect(store.runReport(runId).warnings).toEqual(['V8 coverage is being collected (×3)', '/app/broken.js: not instrumented: SyntaxError']);
  });

  it('gives each process of a multi-process run its own tree', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const root = new SyntheticProcess(spool, { runId, pid: 100, startedAtMs: 1, argv: ['/usr/bin/node', '/usr/lib/npm-cli.js', 'test'] });
    root.end();
    for (const pid of [101, 102]) {
      const p = new SyntheticProcess(spool, { runId, pid, parentKey: root.processKey, startedAtMs: pid, argv: ['/usr/bin/node', `test/${pid}.test.js`] });
      const { fns } = p.module('./t.js', '/app/t.js', [{ name: 'testAdd' }, { name: 'add' }]);
      p.enter(fns[0]!);
      p.enter(fns[1]!, { a: 1 });
      p.leave(fns[1]!, 2);
      p.leave(fns[0]!);
      p.end();
    }
    store.ingester(spool, { runId, project: 'app' }).drain();
    const text = renderReport(store.runReport(runId), { project: 'app' });
    expect(text).toContain('Processes: 3');
    expect(text).toMatch(/\[process 101: node test\/101\.test\.js\]\n    -> testAdd .*\n      -> add/);
    expect(text).toMatch(/\[process 102: node test\/102\.test\.js\]/);
  });

  it("folds a module's set-up, one call each of many of its functions, into one line, so that the program's own calls stay in the tree", () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId, pid: 100, startedAtMs: 1 });
    const setup = p.module('date-fns/index.cjs', '/app/node_modules/date-fns/index.cjs', Array.from({ length: 250 }, (_, i) => ({ name: `defineExport${i}` })));
    const own = p.module('./main.js', '/app/main.js', [{ name: 'main' }, { name: 'first' }, { name: 'second' }]).fns;
    for (const fn of setup.fns.slice(0, 120)) {
      p.enter(fn);
      p.leave(fn);
    }
    p.enter(setup.fns[120]!);
    p.enter(own[1]!);
    p.leave(own[1]!);
    p.leave(setup.fns[120]!);
    for (const fn of setup.fns.slice(121, 126)) {
      p.enter(fn);
      p.leave(fn);
    }
    p.enter(own[0]!);
    for (const fn of [own[1]!, own[2]!, own[1]!]) {
      p.enter(fn);
      p.leave(fn);
    }
    p.leave(own[0]!);
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const report = store.runReport(runId);
    expect(report.call_tree.lines.map((l) => [l.depth, l.function, l.count, l.other_functions ?? 0])).toEqual([
      [0, 'defineExport0', 120, 119],
      [0, 'defineExport120', 1, 0],
      [1, 'first', 1, 0],
      // five in a row are shown as they are
      ...setup.fns.slice(121, 126).map((_, i) => [0, `defineExport${121 + i}`, 1, 0]),
      [0, 'main', 1, 0],
      [1, 'first', 1, 0],
      [1, 'second', 1, 0],
      [1, 'first', 1, 0],
    ]);
    expect(report.call_tree.lines[0]).toMatchObject({ module: 'date-fns/index.cjs' });
    expect(report.call_tree.lines[1]).not.toHaveProperty('module');
    const text = renderReport(report, { project: 'app' });
    expect(text).toMatch(/\n {2}-> defineExport0 and 119 other functions of date-fns\/index\.cjs, 120 calls \([\d.]+ ms total\)\n/);
    expect(text).toMatch(/-> main \([\d.]+ ms\)\n {4}-> first/);
  });

  it('folds a run of leaf calls of one module only when it has enough different functions, wherever the run starts', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId, pid: 100, startedAtMs: 1 });
    const lib = p.module('lib/index.js', '/app/node_modules/lib/index.js', [{ name: 'a' }, { name: 'b' }, ...Array.from({ length: 9 }, (_, i) => ({ name: `c${i}` }))]).fns;
    const [main, other] = p.module('./main.js', '/app/main.js', [{ name: 'main' }, { name: 'other' }]).fns as [number, number];
    const leaf = (fn: number) => {
      p.enter(fn);
      p.leave(fn);
    };
    p.enter(main);
    // a, b, a, b and 7 more of lib's functions: 9 different ones, too few from whichever call it is read
    for (const fn of [lib[0]!, lib[1]!, lib[0]!, lib[1]!, ...lib.slice(2, 9)]) leaf(fn);
    leaf(other);
    // a, b, a, b and 8 more: 10 different ones, one line
    for (const fn of [lib[0]!, lib[1]!, lib[0]!, lib[1]!, ...lib.slice(2, 10)]) leaf(fn);
    p.leave(main);
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const report = store.runReport(runId);
    expect(report.call_tree.lines.map((l) => [l.depth, l.function, l.count, l.other_functions ?? 0])).toEqual([
      [0, 'main', 1, 0],
      ...['a', 'b', 'a', 'b', 'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((name) => [1, name, 1, 0]),
      [1, 'other', 1, 0],
      [1, 'a', 12, 9],
    ]);
  });

  it("recommends --call on a function of the program's own, not a compiler helper nor a package's", () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId, pid: 100, startedAtMs: 1 });
    const [helper, applyDiscount] = p.module('./pricing.ts', '/app/pricing.ts', [{ name: '__name' }, { name: 'applyDiscount' }]).fns;
    const [format] = p.module('date-fns/format.cjs', '/app/node_modules/date-fns/format.cjs', [{ name: 'format' }]).fns;
    const calls = (fn: number, n: number) => {
      for (let i = 0; i < n; i++) {
        p.enter(fn);
        p.leave(fn);
      }
    };
    calls(helper!, 9);
    calls(format!, 5);
    calls(applyDiscount!, 2);
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const report = store.runReport(runId);
    expect(report.top_called.map((f) => f.function)).toEqual(['__name', 'format', 'applyDiscount']);
    expect(report.example_function).toBe('applyDiscount');
    expect(renderReport(report, { project: 'app' })).toContain("breadcrumb query -c app --call 'applyDiscount'");
  });

  it('reports a run with no traced calls with a hint', () => {
    const { store, dir } = testStore();
    const { runId } = newRun(store, dir);
    store.finishRun(runId, { status: 'completed', exitCode: 0, endedAtMs: Date.now() });
    const text = renderReport(store.runReport(runId), { project: 'x' });
    expect(text).toContain('no traced calls');
    expect(text).toContain('Total Events: 0');
  });

  it('does not blame the include globs when functions ran but none in detail', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const main = p.module('./main.js', '/app/main.js', [{ name: 'hot' }]);
    p.countOnly(main.fns[0]!, 500);
    p.aggregates();
    p.end();
    store.ingester(spool, { runId, project: 'x' }).drain();
    const text = renderReport(store.runReport(runId), { project: 'x' });
    expect(text).toContain('(no call was recorded in detail: sampled out, past the detail cap or dropped; see Warnings)');
    expect(text).toContain('hot: 500 calls');
  });

  it('says times are estimates only when calls past the detail cap were not timed', () => {
    const warningFor = (timed: number): string | undefined => {
      const { store, dir } = testStore();
      const { runId, spool } = newRun(store, dir);
      const p = new SyntheticProcess(spool, { runId });
      const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'hot' }]);
      p.enter(fns[0]!);
      p.leave(fns[0]!);
      p.countOnly(fns[0]!, 1499);
      p.aggregates({ functions: [{ id: fns[0]!, count: 1500, detailed: 1, timed, totalNs: 1500 * 1000, minNs: 100, maxNs: 5000, histogram: [] }] });
      p.end();
      store.ingester(spool, { runId, project: 'x' }).drain();
      return store.runReport(runId).warnings.find((w) => w.includes('only counted'));
    };
    // the 1,000 calls after the cap are still timed: nothing was estimated
    expect(warningFor(1500)).toBe('1499 calls were only counted (per-function detail cap or sampling): counts stay exact, and every call was timed');
    expect(warningFor(1200)).toBe(
      '1499 calls were only counted (per-function detail cap or sampling): counts stay exact; 300 were not timed, and their times are estimated from a random 1 in 64 (timed_calls in --performance)',
    );
  });
});
