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

describe('plain lists of names', () => {
  /**
   * relay.js's two nested `helper`s call and throw through each other: run → first → helper@4 →
   * second → helper@11 → first → helper@4, which throws; the exception passes up through first,
   * helper@11 and second, and the outer helper@4 catches it. Each helper, and other.js's `helper`,
   * calls the untraced Math.max.
   */
  function relayRun(): Store {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const relay = p.module(
      './src/relay.js',
      '/app/src/relay.js',
      [
        { name: 'run', line: 1 },
        { name: 'first', line: 3 },
        { name: 'helper', line: 4 },
        { name: 'second', line: 10 },
        { name: 'helper', line: 11 },
      ],
      [
        { callee: 'Math.max', fn: 2, line: 5, column: 4 },
        { callee: 'Math.max', fn: 4, line: 12, column: 4 },
      ],
    );
    const other = p.module('./src/other.js', '/app/src/other.js', [{ name: 'helper', line: 3 }], [{ callee: 'Math.max', fn: 0, line: 4, column: 2 }]);
    const [run, first, helper4, second, helper11] = relay.fns as [number, number, number, number, number];
    const [max4, max11] = relay.sites as [number, number];
    const tooFar = { name: 'RangeError', message: 'too far' };
    p.enter(run);
    p.enter(first);
    p.enter(helper4);
    p.untraced(max4, 1000);
    p.enter(second);
    p.enter(helper11);
    p.untraced(max11, 1000);
    p.enter(first);
    p.enter(helper4);
    p.untraced(max4, 1000);
    for (const fn of [helper4, first, helper11, second]) p.throwFrom(fn, tooFar);
    p.leave(helper4, 'caught');
    p.leave(first, 'caught');
    p.enter(other.fns[0]!);
    p.untraced(other.sites[0]!, 1000);
    p.leave(other.fns[0]!, 1);
    p.leave(run);
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    store.finishRun(runId, { status: 'completed', exitCode: 0, endedAtMs: Date.now() + 10 });
    return store;
  }

  /** The function `name` picks: its `--call` argument where it has one, else its name. */
  const picked = (store: Store, name: string) => {
    const found = store.queryCall(name, {});
    return found.call ?? found.function;
  };

  it("--exceptions' call chain, propagated_through and caught_by say which helper", () => {
    const store = relayRun();
    const [exception] = store.queryExceptions({}).exceptions;
    expect(exception).toMatchObject({
      function: 'helper',
      call: './src/relay.js:helper@4',
      type: 'RangeError',
      caught: true,
      caught_by: './src/relay.js:helper@4',
      propagated_through: ['first', './src/relay.js:helper@11', 'second'],
      call_chain: ['run', 'first', './src/relay.js:helper@4', 'second', './src/relay.js:helper@11', 'first', './src/relay.js:helper@4'],
    });
    for (const name of [exception!.caught_by!, ...exception!.propagated_through, ...exception!.call_chain]) expect(picked(store, name)).toBe(name);
    // the field order stays as documented
    expect(Object.keys(exception!)).toEqual(['function', 'call', 'module', 'type', 'message', 'count', 'file', 'line', 'column', 'stack', 'caught', 'caught_by', 'propagated_through', 'call_chain', 'timestamp']);
  });

  it("--call's called_by and calls_made say which helper; unique names stay bare", () => {
    const store = relayRun();
    const second = store.queryCall('second', {});
    expect(second.calls).toMatchObject([{ called_by: './src/relay.js:helper@4', calls_made: ['./src/relay.js:helper@11'] }]);
    const first = store.queryCall('first', {});
    expect(first.calls.map((c) => c.called_by)).toEqual(['run', './src/relay.js:helper@11']);
    expect(first.calls.map((c) => c.calls_made)).toEqual([['./src/relay.js:helper@4'], ['./src/relay.js:helper@4']]);
    const outer = store.queryCall('./src/relay.js:helper@4', {});
    // untraced callees keep their names: `--call Math.max` says how to trace it
    expect(outer.calls.map((c) => c.calls_made)).toEqual([['Math.max', 'second'], ['Math.max']]);
    expect(store.queryCall('helper@11', {}).calls).toMatchObject([{ called_by: 'second', calls_made: ['Math.max', 'first'] }]);
    expect(store.queryCall('run', {}).calls[0]!.calls_made).toEqual(['first', './src/other.js:helper']);

    const listed = [second, first, outer, store.queryCall('run', {})].flatMap((answer) =>
      answer.calls.flatMap((c) => [c.called_by, ...c.calls_made]).filter((name): name is string => name !== null && name !== 'Math.max'),
    );
    expect(new Set(listed).size).toBe(6);
    for (const name of listed) expect(picked(store, name)).toBe(name);
  });

  it("--gaps' callers are one per function, each named so that --call picks it", () => {
    const store = relayRun();
    const [max] = store.queryGaps({ project: 'app' }).untraced_calls;
    expect(max).toMatchObject({
      function: 'Math.max',
      call_count: 4,
      called_by: './src/relay.js:helper@4',
      callers: ['./src/relay.js:helper@4', './src/relay.js:helper@11', './src/other.js:helper'],
    });
    for (const name of max!.callers) expect(picked(store, name)).toBe(name);
  });

  it("the run report's exceptions say which helper threw, in its data and its text", () => {
    const store = relayRun();
    const report = store.runReport(1);
    expect(report.exceptions).toMatchObject([{ function: 'helper', call: './src/relay.js:helper@4', type: 'RangeError', count: 1 }]);
    expect(renderReport(report, { project: 'app' })).toMatch(/^ {4}in \.\/src\/relay\.js:helper@4 at .* \(caught\)$/m);
  });
});

describe('names that hold a colon or end in @LINE', () => {
  /** main calls a route handler of each module (`routes.GET /users/:id` in both) and a.js's `routes.x@12`. */
  function routesRun(): Store {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const a = p.module('./src/a.js', '/app/src/a.js', [
      { name: 'main', line: 1 },
      { name: 'routes.GET /users/:id', line: 3 },
      { name: 'routes.x@12', line: 5 },
      { name: 'routes.POST /users/:id', line: 7 },
      { name: 'routes.POST /users/:id', line: 9 },
    ]);
    const b = p.module('./src/b.js', '/app/src/b.js', [{ name: 'routes.GET /users/:id', line: 3 }]);
    const [main, ...handlers] = a.fns as [number, ...number[]];
    p.enter(main);
    for (const fn of [...handlers, b.fns[0]!]) {
      p.enter(fn);
      p.leave(fn, 1);
    }
    p.leave(main);
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    return store;
  }

  it('passes each name a list shows back to --call, which picks that one function', () => {
    const store = routesRun();
    const listed = store.queryCall('main', {}).calls[0]!.calls_made;
    expect(listed).toEqual([
      './src/a.js:routes.GET /users/:id',
      'routes.x@12',
      './src/a.js:routes.POST /users/:id@7',
      './src/a.js:routes.POST /users/:id@9',
      './src/b.js:routes.GET /users/:id',
    ]);
    const lines = listed.map((name) => {
      const found = store.queryCall(name, {});
      expect(found.call ?? found.function).toBe(name);
      return `${found.module}:${found.calls[0]!.line}`;
    });
    expect(lines).toEqual(['./src/a.js:3', './src/a.js:5', './src/a.js:7', './src/a.js:9', './src/b.js:3']);
    // the candidates of an ambiguity error are such names too
    expect(roundTrip(store, 'routes.GET /users/:id')).toEqual(['./src/a.js:routes.GET /users/:id', './src/b.js:routes.GET /users/:id']);
    expect(roundTrip(store, 'routes.POST /users/:id')).toEqual(['./src/a.js:routes.POST /users/:id@7', './src/a.js:routes.POST /users/:id@9']);
  });
});
