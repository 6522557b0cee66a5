// `--call` when names repeat: every candidate an ambiguity error lists, passed back, picks exactly one.
import { describe, expect, it } from 'vitest';
import { renderReport, type Store } from '../src/index.js';
import { SyntheticProcess, newRun, storeError, testStore } from './helpers.js';

type Fn = { name: string; line: number; column?: number; kind?: 'function' | 'method' };

/** One run of two processes (the same module in each is one function), every function called once. */
function runOf(modules: Record<string, Fn[]>): Store {
  const { store, dir } = testStore();
  const { runId, spool } = newRun(store, dir);
  for (const pid of [101, 102]) {
    const p = new SyntheticProcess(spool, { runId, pid });
    for (const [moduleId, fns] of Object.entries(modules)) {
      const { fns: ids } = p.module(moduleId, `/app/${moduleId.replace(/^\.\//, '')}`, fns.map((f) => ({ column: 0, ...f })));
      for (const id of ids) {
        p.enter(id);
        p.leave(id, 1);
      }
    }
    p.end();
  }
  store.ingester(spool, { runId, project: 'app' }).drain();
  return store;
}

/** Each candidate of the error for `query`, passed back to `--call`, finds one function: all different. */
function roundTrip(store: Store, query: string): string[] {
  const error = storeError(() => store.queryCall(query, {}));
  expect(error.code).toBe('AMBIGUOUS_FUNCTION');
  const candidates = (error.details as { candidates: string[] }).candidates;
  const found = candidates.map((candidate) => {
    // the calls of one function: their ids tell the functions apart, also two on one line
    return store.queryCall(candidate, {}).calls.map((c) => `${c.process}#${c.call_id}`).join(',');
  });
  expect(new Set(found).size).toBe(candidates.length);
  return candidates;
}

describe('--call with names that repeat', () => {
  const acorn = {
    'acorn/dist/acorn.js': [
      { name: 'Parser.prototype.parse', line: 620 },
      { name: 'Parser.parse', line: 691 },
      { name: 'parse', line: 6090 },
    ],
  };

  it("tells acorn's three parse functions apart by name: the export, the static and the method", () => {
    const store = runOf(acorn);
    // the exact name first: the export, not the methods whose names end in `parse`
    expect(store.queryCall('parse', {}).calls[0]!.line).toBe(6090);
    expect(store.queryCall('acorn/dist/acorn.js:parse', {}).calls[0]!.line).toBe(6090);
    expect(store.queryCall('acorn.js:parse', {}).calls[0]!.line).toBe(6090);
    expect(store.queryCall('Parser.parse', {}).calls[0]!.line).toBe(691);
    expect(store.queryCall('Parser.prototype.parse', {}).calls[0]!.line).toBe(620);
    // the two processes' copies are one function
    expect(store.queryCall('Parser.prototype.parse', {}).total_calls).toBe(2);
  });

  it('offers arguments that each pick one when names are the same (a run recorded before names were qualified)', () => {
    const store = runOf({ 'acorn/dist/acorn.js': acorn['acorn/dist/acorn.js'].map((f) => ({ ...f, name: 'parse' })) });
    const error = storeError(() => store.queryCall('parse', {}));
    expect(error.message).toBe(
      "'parse' names 3 functions: acorn/dist/acorn.js:parse@620, acorn/dist/acorn.js:parse@691, acorn/dist/acorn.js:parse@6090; " +
        'pass one of them to --call (MODULE:NAME, with @LINE or @LINE:COLUMN where a module has more than one)',
    );
    expect(error.exitCode).toBe(2);
    expect(roundTrip(store, 'parse')).toHaveLength(3);
    expect(roundTrip(store, 'acorn/dist/acorn.js:parse')).toHaveLength(3);
    expect(store.queryCall('parse@691', {}).calls[0]!.line).toBe(691);
  });

  it('tells apart functions of one name in one module by line, and by column on one line', () => {
    const store = runOf({
      './src/a.js': [
        { name: 'helper', line: 3 },
        { name: 'helper', line: 12 },
        { name: 'h', line: 40, column: 10 },
        { name: 'h', line: 40, column: 52 },
        { name: 'Cart.of', line: 50, kind: 'method' },
        { name: 'Cart.of', line: 55, kind: 'method' },
      ],
      './src/b.js': [{ name: 'helper', line: 3 }],
    });
    expect(roundTrip(store, 'helper')).toEqual(['./src/a.js:helper@3', './src/a.js:helper@12', './src/b.js:helper']);
    expect(roundTrip(store, 'h')).toEqual(['./src/a.js:h@40:11', './src/a.js:h@40:53']);
    expect(roundTrip(store, 'Cart.of')).toEqual(['./src/a.js:Cart.of@50', './src/a.js:Cart.of@55']);
    // a line alone, without the module, where it is enough
    expect(store.queryCall('helper@12', {}).calls[0]!.line).toBe(12);
    expect(store.queryCall('of@55', {}).function).toBe('Cart.of');
    // `@LINE` of a module that has one of that name there, but the other module's at the same line
    expect(roundTrip(store, 'helper@3')).toEqual(['./src/a.js:helper@3', './src/b.js:helper']);
    const unknown = storeError(() => store.queryCall('./src/a.js:helper@99', {}));
    expect(unknown.code).toBe('UNKNOWN_FUNCTION');
    expect(unknown.message).toMatch(/closest: helper/);
  });

  it('prefers the module named exactly over one whose path ends the same', () => {
    const store = runOf({ './src/a.js': [{ name: 'run', line: 1 }], './lib/src/a.js': [{ name: 'run', line: 1 }] });
    expect(store.queryCall('./src/a.js:run', {}).module).toBe('./src/a.js');
    expect(store.queryCall('src/a.js:run', {}).module).toBe('./src/a.js');
    expect(roundTrip(store, 'run')).toEqual(['./lib/src/a.js:run', './src/a.js:run']);
  });

  it('finds a function named otherwise than where it is assigned by either name', () => {
    const store = runOf({ './src/api.js': [{ name: 'exports.foo (function bar)', line: 2 }, { name: 'Parser.prototype.next', line: 9 }] });
    for (const name of ['exports.foo (function bar)', 'exports.foo', 'foo', 'bar', './src/api.js:bar']) {
      expect(store.queryCall(name, {}).function).toBe('exports.foo (function bar)');
    }
    // a method by the name its class's source gives it
    expect(store.queryCall('Parser.next', {}).function).toBe('Parser.prototype.next');
  });

  it("tells a class's static member from its instance member of the same name", () => {
    const store = runOf({ './src/p.js': [{ name: 'Parser.parse', line: 2 }, { name: 'static Parser.parse', line: 3 }, { name: 'static get Parser.options', line: 4 }] });
    expect(store.queryCall('Parser.parse', {}).calls[0]!.line).toBe(2);
    expect(store.queryCall('static Parser.parse', {}).calls[0]!.line).toBe(3);
    expect(store.queryCall('Parser.options', {}).function).toBe('static get Parser.options');
    expect(roundTrip(store, 'parse')).toEqual(['./src/p.js:Parser.parse', './src/p.js:static Parser.parse']);
  });

  it('lists anonymous functions by their display names, which --call takes as they are', () => {
    const store = runOf({ './src/a.js': [{ name: '<anonymous>', line: 3, column: 4 }, { name: '<anonymous>', line: 8, column: 0 }] });
    expect(roundTrip(store, '<anonymous>')).toEqual(['<anonymous@src/a.js:3:5>', '<anonymous@src/a.js:8:1>']);
  });
});

describe('lists that show names', () => {
  /** main calls the two `helper`s of a.js and b.js's `helper`; `format` is unique. */
  function nestedRun(): Store {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const a = p.module('./src/a.js', '/app/src/a.js', [
      { name: 'main', line: 1 },
      { name: 'helper', line: 3 },
      { name: 'helper', line: 12 },
      { name: 'format', line: 20 },
    ]);
    const b = p.module('./src/b.js', '/app/src/b.js', [{ name: 'helper', line: 3 }]);
    const [main, helper3, helper12, format] = a.fns as [number, number, number, number];
    p.enter(main);
    for (const fn of [helper3, helper12, b.fns[0]!, format, helper12]) {
      p.enter(fn);
      p.leave(fn, 1);
    }
    // the second helper throws once, main catches it
    p.enter(helper12);
    p.throwFrom(helper12, { name: 'RangeError', message: 'too far' });
    p.leave(main);
    const edge = (callee: number, count: number) => ({ caller: main, callee, count, timed: count, totalNs: 1000 * count });
    p.aggregates({ edges: [{ caller: 0, callee: main, count: 1, timed: 1, totalNs: 9000 }, edge(helper3, 1), edge(helper12, 3), edge(b.fns[0]!, 1), edge(format, 1)] });
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    store.finishRun(runId, { status: 'completed', exitCode: 0, endedAtMs: Date.now() + 10 });
    return store;
  }

  it('--performance gives a name that is not unique the --call argument that picks it', () => {
    const store = nestedRun();
    const byCall = new Map(store.queryPerformance({}).functions.map((f) => [f.call ?? f.function, f]));
    expect([...byCall.keys()].sort()).toEqual(['./src/a.js:helper@12', './src/a.js:helper@3', './src/b.js:helper', 'format', 'main']);
    expect(byCall.get('./src/a.js:helper@12')).toMatchObject({ function: 'helper', module: './src/a.js', line: 12, calls: 3 });
    expect(byCall.get('format')).not.toHaveProperty('call');
    for (const [call, entry] of byCall) {
      expect(store.queryCall(call, {}).total_calls).toBe(entry.calls);
      const caller = entry.function === 'main' ? { function: '(root)', module: null, calls: 1 } : { function: 'main', module: './src/a.js', calls: entry.calls };
      expect(entry.callers).toEqual([caller]);
    }
  });

  it("--call's callees and the function itself say which helper", () => {
    const store = nestedRun();
    const callees = store.queryCall('main', {}).callees;
    expect(callees.map((c) => c.call ?? c.function).sort()).toEqual(['./src/a.js:helper@12', './src/a.js:helper@3', './src/b.js:helper', 'format']);
    expect(store.queryCall('helper@12', {})).toMatchObject({ function: 'helper', call: './src/a.js:helper@12', total_calls: 3 });
    expect(store.queryCall('./src/a.js:helper@12', {}).callers).toEqual([{ function: 'main', module: './src/a.js', calls: 3 }]);
    expect(store.queryCall('format', {})).not.toHaveProperty('call');
  });

  it('--exceptions says which helper threw', () => {
    const store = nestedRun();
    expect(store.queryExceptions({}).exceptions).toMatchObject([{ function: 'helper', call: './src/a.js:helper@12', module: './src/a.js', type: 'RangeError', caught_by: 'main' }]);
  });

  it('the run report lists them so, in its data and its text', () => {
    const store = nestedRun();
    const report = store.runReport(1);
    expect(report.top_called.map((f) => f.call ?? f.function).sort()).toEqual(['./src/a.js:helper@12', './src/a.js:helper@3', './src/b.js:helper', 'format', 'main']);
    expect(report.slowest.find((f) => f.call === './src/a.js:helper@12')).toMatchObject({ function: 'helper', calls: 3 });
    const text = renderReport(report, { project: 'app' });
    expect(text).toContain('  ./src/a.js:helper@12: 3 calls\n');
    expect(text).toContain('  format: 1 call  (./src/a.js)\n');
  });
});
