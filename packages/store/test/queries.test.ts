import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventKind } from '@breadcrumb/core';
import { openStore, renderReport } from '../src/index.js';
import { SyntheticProcess, busyRun, newRun, storeError, testStore } from './helpers.js';

/** A project on disk whose main.js requires packages and built-ins, traced with untraced calls. */
function gapsRun() {
  const { store, dir } = testStore();
  const root = path.join(dir, 'project');
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  const source = [
    "const axios = require('axios');",
    "const fs = require('node:fs');",
    "import { readFile as rf } from 'fs/promises';",
    "const { helper } = require('./src/helper');",
    "import * as _ from '@scope/lodash';",
  ].join('\n');
  fs.writeFileSync(path.join(root, 'main.js'), source);
  fs.writeFileSync(path.join(root, 'src', 'helper.js'), 'exports.helper = () => 1;');
  const { runId, spool } = newRun(store, dir);
  const p = new SyntheticProcess(spool, { runId });
  const { fns, sites } = p.module('./main.js', path.join(root, 'main.js'), [{ name: 'send' }, { name: 'main' }], [
    { callee: 'axios.get', fn: 0, line: 10, column: 2 },
    { callee: 'fs.readFileSync', fn: 1, line: 11, column: 2 },
    { callee: 'rf', fn: 1, line: 12, column: 2 },
    { callee: 'helper', fn: 1, line: 13, column: 2 },
    { callee: '_.map', fn: 1, line: 14, column: 2 },
    { callee: 'JSON.parse', fn: 1, line: 15, column: 2 },
    { callee: 'client.send', fn: 1, line: 16, column: 2 },
  ]);
  p.enter(fns[1]!);
  for (let i = 0; i < 3; i++) {
    p.enter(fns[0]!, { url: `https://x/${i}` });
    p.untraced(sites[0]!, 1_000_000);
    p.leave(fns[0]!, { status: 200 });
  }
  for (const s of sites.slice(1)) p.untraced(s, 1000);
  p.leave(fns[1]!);
  p.end();
  store.ingester(spool, { runId, project: 'app' }).drain();
  return { store, runId };
}

describe('--call', () => {
  it('with a match, lists only the calls whose arguments, value or exception hold the text, and counts them', () => {
    const { store } = busyRun(60);
    // multiply(100, i) then multiply(100 * i, 0.15): "b": 0.15 in half of the 120 calls; text copied from
    // the CLI's spaced output matches the stored compact JSON
    const spaced = store.queryCall('multiply', { limit: 3, match: '"b": 0.15' });
    expect(spaced.matched_calls).toBe(60);
    expect(spaced.calls.map((c) => c.args)).toEqual([{ a: 0, b: 0.15 }, { a: 100, b: 0.15 }, { a: 200, b: 0.15 }]);
    expect(spaced.note).toBe("60 of the 120 recorded calls have '\"b\": 0.15' in their arguments, return value or exception; showing the first 3: pass --limit N for more");
    expect(store.queryCall('multiply', { match: '{"a":100,"b":59}' }).calls.map((c) => c.return_value)).toEqual([5900]);
    // return values, and the exception a call threw
    expect(store.queryCall('multiply', { match: '885' }).calls.map((c) => [c.args, c.return_value])).toEqual([[{ a: 5900, b: 0.15 }, 885]]);
    // (one call in 50 throws: the 50th)
    const threw = store.queryCall('parseQuantity', { match: 'not a quantity' });
    expect(threw).toMatchObject({ total_calls: 1, matched_calls: 1 });
    expect(threw.calls[0]!.exception).toEqual({ type: 'RangeError', message: 'not a quantity: "three"' });
    const none = store.queryCall('multiply', { match: 'no such text' });
    expect(none).toMatchObject({ total_calls: 120, matched_calls: 0, calls: [], note: "none of the 120 recorded calls has 'no such text' in its arguments, return value or exception" });
    // without a match the answer has no matched_calls
    expect(store.queryCall('multiply', { limit: 1 })).not.toHaveProperty('matched_calls');
  });

  it("with a match, looks at a method's arguments and result, not its receiver", () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./orders.js', path.join(dir, 'orders.js'), [{ name: 'Order.ship' }]);
    // the order D-4 ships to D-5, and D-5 to D-4: only the second call has D-4 in its arguments
    const ships = [
      { to: 'D-5', this: { $class: 'Order', id: 'D-4', note: 'a, "this": b' } },
      { to: 'D-4', this: { $class: 'Order', id: 'D-5', note: 'this' } },
      { to: 'D-6', this: { $type: 'truncated', reason: 'depth', of: 'Order' } },
    ];
    for (const args of ships) {
      p.enter(fns[0]!, args);
      p.leave(fns[0]!, 'shipped');
    }
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const d4 = store.queryCall('Order.ship', { match: 'D-4' });
    expect(d4.matched_calls).toBe(1);
    expect(d4.calls.map((c) => [c.args, c.this])).toEqual([[{ to: 'D-4' }, { $class: 'Order', id: 'D-5', note: 'this' }]]);
    expect(d4.note).toBe("1 of the 3 recorded calls has 'D-4' in its arguments, return value or exception");
    // the receiver's class is in every call's receiver: no match
    expect(store.queryCall('Order.ship', { match: 'Order' }).matched_calls).toBe(0);
    // the arguments as the answer prints them, without the receiver, match
    expect(store.queryCall('Order.ship', { match: '{"to": "D-6"}' }).calls.map((c) => c.args)).toEqual([{ to: 'D-6' }]);
  });

  it("answers in the seed's shape: args, return value, duration, caller, callees", () => {
    const { store, runId } = busyRun(60);
    const result = store.queryCall('multiply', { limit: 2 });
    expect(result).toMatchObject({ function: 'multiply', module: './main.js', run_id: runId, total_calls: 120, detailed_calls: 120 });
    expect(result.calls).toHaveLength(2);
    expect(result.calls[0]).toMatchObject({ args: { a: 100, b: 0 }, return_value: 0, called_by: 'calculateTotal', calls_made: [], file: './main.js', run_id: runId });
    expect(result.calls[1]).toMatchObject({ args: { a: 0, b: 0.15 }, return_value: 0 });
    expect(result.calls[0]!.duration_ms).toBe(0.0015);
    expect(result.calls[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(result.note).toMatch(/first 2 of 120/);
    const calc = store.queryCall('calculateTotal', { limit: 1 }).calls[0]!;
    expect(calc.calls_made).toEqual(['multiply', 'multiply', 'add']);
    const handle = store.queryCall('handle', { limit: 1 }).calls[0]!;
    expect(handle.calls_made).toEqual(['calculateTotal', 'JSON.stringify']);
  });

  it('reads on past the calls the ingest lists per function, in order', () => {
    const { store } = busyRun(2600);
    expect(store.querySql('SELECT COUNT(*) AS n FROM function_calls c JOIN functions f ON f.id = c.fn WHERE f.name = ?'.replace('?', "'multiply'")).rows[0]).toEqual({ n: 5000 });
    const result = store.queryCall('multiply', { limit: 5200 });
    expect(result.calls).toHaveLength(5200);
    const ids = result.calls.map((c) => c.call_id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(result.calls[5100]!.args).toEqual({ a: 100, b: 2550 });
  });

  it('shows an exception instead of a return value', () => {
    const { store } = busyRun(60);
    const call = store.queryCall('parseQuantity', {}).calls[0]!;
    expect(call.exception).toEqual({ type: 'RangeError', message: 'not a quantity: "three"' });
    expect(call).not.toHaveProperty('return_value');
    expect(call.called_by).toBe('handle');
  });

  it('finds Class.method, a method by its own name, and module:name; lists candidates when ambiguous', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const a = p.module('./src/cart.js', '/app/src/cart.js', [{ name: 'Cart.total', kind: 'method' }, { name: 'get Cart.count', kind: 'getter' }, { name: 'format' }]);
    const b = p.module('./src/order.js', '/app/src/order.js', [{ name: 'format' }]);
    for (const fn of [...a.fns, ...b.fns]) {
      p.enter(fn);
      p.leave(fn, 1);
    }
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    expect(store.queryCall('Cart.total', {}).function).toBe('Cart.total');
    expect(store.queryCall('total', {}).function).toBe('Cart.total');
    expect(store.queryCall('Cart.count', {}).function).toBe('get Cart.count');
    expect(store.queryCall('./src/order.js:format', {}).module).toBe('./src/order.js');
    expect(store.queryCall('cart.js:format', {}).module).toBe('./src/cart.js');
    const ambiguous = storeError(() => store.queryCall('format', {}));
    expect(ambiguous.code).toBe('AMBIGUOUS_FUNCTION');
    expect(ambiguous.message).toContain('./src/cart.js:format');
    expect(ambiguous.message).toContain('./src/order.js:format');
    expect(ambiguous.exitCode).toBe(2);
  });

  it('names the closest functions for an unknown one, and the runs that exist for an unknown run', () => {
    const { store } = busyRun(10);
    const unknown = storeError(() => store.queryCall('multply', {}));
    expect(unknown.code).toBe('UNKNOWN_FUNCTION');
    expect(unknown.message).toMatch(/closest: multiply/);
    expect(unknown.message.split('\n')).toHaveLength(1);
    const run = storeError(() => store.queryCall('multiply', { runId: 99 }));
    expect(run.code).toBe('UNKNOWN_RUN');
    expect(run.message).toMatch(/runs that exist: 1/);
  });

  it('suggests the anonymous functions nearest a misspelled <anonymous@file:line:column>, not short names', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./lib/walk.js', '/app/lib/walk.js', [
      { name: '<anonymous>', line: 10, column: 30 },
      { name: '<anonymous>', line: 42, column: 2 },
      { name: 'c', line: 3, column: 0 },
      { name: 'nm', line: 4, column: 0 },
      { name: 'get', line: 5, column: 0 },
    ]);
    for (const fn of fns) {
      p.enter(fn!);
      p.leave(fn!);
    }
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    expect(store.queryCall('<anonymous@lib/walk.js:10:31>', {}).function).toBe('<anonymous@lib/walk.js:10:31>');
    const typo = storeError(() => store.queryCall('<anonymous@lib/walk.js:10:32>', {}));
    expect(typo.message).toMatch(/closest: <anonymous@lib\/walk\.js:10:31>, <anonymous@lib\/walk\.js:42:3>/);
  });

  it('shows the settled value and time of an async call', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./a.js', '/app/a.js', [{ name: 'fetchUser', async: true }]);
    const call = p.enter(fns[0]!, { id: 7 });
    p.leave(fns[0]!, { promise: true });
    p.settle(fns[0]!, call, { name: 'Ada' });
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const result = store.queryCall('fetchUser', {}).calls[0]!;
    expect(result).toMatchObject({ args: { id: 7 }, return_value: { name: 'Ada' }, settled: true, duration_ms: 0.003 });
  });

  it('does not call an async call settled when its body returned a promise or thenable its promise adopts', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./a.js', '/app/a.js', [{ name: 'relay', async: true }]);
    const returned = [{ $type: 'Promise' }, { then: { $type: 'function', name: 'then' } }, { then: 1 }];
    for (const value of returned) {
      const call = p.enter(fns[0]!, {});
      p.leave(fns[0]!, { promise: true });
      p.settle(fns[0]!, call, value);
    }
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    expect(store.queryCall('relay', {}).calls.map((c) => [c.return_value, c.settled])).toEqual([
      [returned[0], undefined],
      [returned[1], undefined],
      [{ then: 1 }, true],
    ]);
  });

  it('shows the rejection of an async call as its exception', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./a.js', '/app/a.js', [{ name: 'load', async: true }]);
    p.enter(fns[0]!, { id: 1 });
    p.leave(fns[0]!);
    p.flush();
    const ingester = store.ingester(spool, { runId, project: 'app' });
    ingester.poll();
    // Still pending when the first poll ran: an open call, then rejected in a later batch.
    expect(store.queryCall('load', {}).calls[0]).toMatchObject({ unfinished: true });
    const capturedError = { $type: 'Error', class: 'TypeError', name: 'TypeError', message: { $type: 'string', value: 'fetch failed', truncated: true } };
    p.push(EventKind.Exception, fns[0]!, 1, 0, capturedError, 0);
    p.end();
    ingester.drain();
    expect(store.queryCall('load', {}).calls[0]).toMatchObject({ exception: { type: 'TypeError', message: 'fetch failed…' }, duration_ms: 0.003 });
    expect(store.runReport(runId).metrics).toMatchObject({ calls: 1, returns: 0, exceptions: 1 });
  });
});

describe('--gaps', () => {
  it('groups untraced calls by callee with the package or file that would trace them', () => {
    const { store } = gapsRun();
    const gaps = store.queryGaps({ project: 'shop' });
    const byName = Object.fromEntries(gaps.untraced_calls.map((g) => [g.function, g]));
    expect(byName['axios.get']).toMatchObject({ module: 'axios', called_by: 'send', call_count: 3, suggested_include: 'axios/**', builtin: false });
    expect(byName['axios.get']!.total_ms).toBe(3);
    expect(byName['fs.readFileSync']).toMatchObject({ module: 'node:fs', builtin: true, suggested_include: null, called_by: 'main' });
    expect(byName['rf']).toMatchObject({ module: 'node:fs/promises', builtin: true, suggested_include: null });
    expect(byName['helper']).toMatchObject({ module: './src/helper.js', suggested_include: './src/helper.js' });
    expect(byName['_.map']).toMatchObject({ module: '@scope/lodash', suggested_include: '@scope/lodash/**' });
    expect(byName['JSON.parse']).toMatchObject({ module: 'global', builtin: true, suggested_include: null });
    expect(byName['client.send']).toMatchObject({ module: null, suggested_include: null });
    expect(gaps.untraced_calls[0]!.function).toBe('axios.get');
    expect(gaps.total_untraced_calls).toBe(9);
    expect(gaps.tip).toContain("breadcrumb config edit shop --add-include 'axios/**'");
    expect(gaps.tip).toContain("breadcrumb config edit shop --add-include '@scope/lodash/**'");
    expect(gaps.tip).not.toContain('node:fs');
    // each include on a line of its own, then all of them in one command
    const lines = gaps.tip.split('\n');
    const single = lines.filter((line) => /^ {2}breadcrumb config edit shop --add-include '[^']+'$/.test(line));
    expect(single).toHaveLength(3);
    expect(lines.slice(-2)).toEqual(['or all at once:', `  breadcrumb config edit shop ${single.map((line) => line.replace('  breadcrumb config edit shop ', '')).join(' ')}`]);
    expect(byName['helper']!.excluded_by).toBeUndefined();
  });

  it('names the exclude that keeps a callee untraced, and suggests removing it instead of an include', () => {
    const { store } = gapsRun();
    const gaps = store.queryGaps({ project: 'shop', excludes: ['./src/helper.js', 'axios/**', 'node:*'] });
    const byName = Object.fromEntries(gaps.untraced_calls.map((g) => [g.function, g]));
    expect(byName['helper']).toMatchObject({ suggested_include: './src/helper.js', excluded_by: './src/helper.js' });
    expect(byName['axios.get']).toMatchObject({ suggested_include: 'axios/**', excluded_by: 'axios/**' });
    expect(byName['_.map']!.excluded_by).toBeUndefined();
    expect(byName['fs.readFileSync']!.excluded_by).toBeUndefined(); // a built-in stays untraceable
    expect(gaps.tip).toContain("breadcrumb config edit shop --remove-exclude 'axios/**'");
    expect(gaps.tip).toContain("breadcrumb config edit shop --remove-exclude './src/helper.js'");
    expect(gaps.tip).toContain("breadcrumb config edit shop --add-include '@scope/lodash/**'");
    expect(gaps.tip).not.toContain("--add-include 'axios/**'");
    expect(gaps.tip).toContain("or all at once:\n  breadcrumb config edit shop --remove-exclude 'axios/**' --remove-exclude './src/helper.js' --add-include '@scope/lodash/**'");
  });

  it('the run report names the exclude too, and recommends removing it', () => {
    const { store } = gapsRun();
    const report = store.runReport(1, { excludes: ['axios/**'] });
    expect(report.gaps.top.find((g) => g.function === 'axios.get')).toMatchObject({ excluded_by: 'axios/**' });
    const text = renderReport(report, { project: 'shop' });
    expect(text).toContain("axios.get [axios]: 3 calls -> excluded by 'axios/**'");
    expect(text).toContain("Trace a gap:        breadcrumb config edit shop --remove-exclude 'axios/**'");
    expect(renderReport(store.runReport(1), { project: 'shop' })).toContain("Trace a gap:        breadcrumb config edit shop --add-include 'axios/**'");
  });
});

describe('--call on an untraced callee', () => {
  it('says it was called but not traced, and the include that traces it', () => {
    const { store } = gapsRun();
    const error = storeError(() => store.queryCall('axios.get', {}));
    expect(error.code).toBe('UNKNOWN_FUNCTION');
    expect(error.message).toBe("'axios.get' (from axios) was called 3 times in run 1 but not traced: trace it with `breadcrumb config edit app --add-include 'axios/**'` and run again");
    expect(storeError(() => store.queryCall('readFileSync', {})).message).toMatch(/'fs.readFileSync' \(from node:fs\) was called once .* cannot be traced/);
  });

  it('says which exclude keeps it untraced when one does', () => {
    const { store } = gapsRun();
    const error = storeError(() => store.queryCall('axios.get', { excludes: ['./test/**', 'axios/**'] }));
    expect(error.message).toBe(
      "'axios.get' (from axios) was called 3 times in run 1 but not traced: the config excludes it ('axios/**'; excludes win over includes): trace it with `breadcrumb config edit app --remove-exclude 'axios/**'` and run again",
    );
  });
});

describe('--flow', () => {
  it('lists events in order with depth, each call end after its callees', () => {
    const { store } = busyRun(5);
    const flow = store.queryFlow({ limit: 13 });
    expect(flow.events.map((e) => `${e.type} ${e.function} ${e.depth}`)).toEqual([
      'call main 0',
      'call handle 1',
      'call calculateTotal 2',
      'call multiply 3',
      'return multiply 3',
      'call multiply 3',
      'return multiply 3',
      'call add 3',
      'return add 3',
      'return calculateTotal 2',
      'call_site JSON.stringify 2',
      'return handle 1',
      'call handle 1',
    ]);
    expect(flow.events[1]!.args).toEqual({ n: 0 });
    expect(flow.events[4]!.return_value).toBe(0);
    expect(flow.truncated).toBe(true);
    expect(flow.total_events).toBe(58);
    const all = store.queryFlow({ limit: 1000 });
    expect(all.events.at(-1)).toMatchObject({ type: 'return', function: 'main' });
    expect(all.events).toHaveLength(58);
  });

  it('names each event\'s process only in a run of several processes', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const root = new SyntheticProcess(spool, { runId, pid: 10 });
    const [main] = root.module('./main.js', '/app/main.js', [{ name: 'main' }]).fns as [number];
    root.enter(main);
    root.throwFrom(main, { $type: 'Error', class: 'Error', message: 'x', stack: null });
    root.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    // one process: nothing to tell apart
    expect(store.queryFlow({}).events.map((e) => e.process)).toEqual([undefined, undefined]);
    expect(store.queryCall('main', {}).calls[0]!.process).toBeUndefined();
    expect(store.queryExceptions({}).exceptions[0]!.process).toBeUndefined();
    const child = new SyntheticProcess(spool, { runId, pid: 11, parentKey: root.processKey });
    const [work] = child.module('./work.js', '/app/work.js', [{ name: 'work' }]).fns as [number];
    child.enter(work);
    child.leave(work);
    child.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    expect(new Set(store.queryFlow({}).events.map((e) => e.process))).toEqual(new Set([root.processKey, child.processKey]));
    expect(store.queryCall('work', {}).calls[0]!.process).toBe(child.processKey);
    expect(store.queryExceptions({}).exceptions[0]!.process).toBe(root.processKey);
  });

  it('filters by a module glob and marks capped functions', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const main = p.module('./main.js', '/app/main.js', [{ name: 'main' }]);
    const pay = p.module('./src/pay/charge.js', '/app/src/pay/charge.js', [{ name: 'charge' }]);
    p.enter(main.fns[0]!);
    for (let i = 0; i < 3; i++) {
      p.enter(pay.fns[0]!, { amount: i });
      p.leave(pay.fns[0]!, true);
    }
    p.countOnly(pay.fns[0]!, 10);
    p.leave(main.fns[0]!);
    p.aggregates();
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const flow = store.queryFlow({ module: './src/pay/**' });
    expect(flow.events.map((e) => `${e.type} ${e.function}`)).toEqual(['call charge', 'return charge', 'call charge', 'return charge', 'call charge', 'return charge']);
    expect(flow.capped).toEqual([{ function: 'charge', module: './src/pay/charge.js', calls: 13, detailed: 3 }]);
    expect(flow.note).toMatch(/detail cap/);
    const none = store.queryFlow({ module: 'src/nothing/**' });
    expect(none.events).toEqual([]);
    // a glob that matches no module says what module ids look like
    expect(none.note).toBe("no traced module of run 1 matches 'src/nothing/**': globs match whole module ids, such as ./main.js, ./src/pay/charge.js");
    expect(store.queryFlow({ module: 'charge.js' }).note).toContain("(e.g. '**/charge.js')");
    expect(store.queryFlow({ module: '**/charge.js' }).events).toHaveLength(6);
  });
});

describe('--exceptions', () => {
  it('reports where an exception was thrown, its chain, what caught it, once however far it propagated', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'main' }, { name: 'route' }, { name: 'validate', line: 42, column: 2 }]);
    const [main, route, validate] = fns as [number, number, number];
    const error = { name: 'TypeError', message: 'bad input', stack: 'TypeError: bad input\n    at validate (/app/main.js:44:11)\n    at route (/app/main.js:20:3)' };
    p.enter(main);
    p.enter(route);
    p.enter(validate);
    p.throwFrom(validate, error);
    p.throwFrom(route, error);
    p.enter(validate);
    p.throwFrom(validate, 'plain string');
    p.leave(main);
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const result = store.queryExceptions({});
    expect(result.total).toBe(2);
    expect(result.exceptions[0]).toMatchObject({
      function: 'validate', type: 'TypeError', message: 'bad input', file: './main.js', line: 44, column: 11,
      caught: true, caught_by: 'main', propagated_through: ['route'], call_chain: ['main', 'route', 'validate'],
    });
    // the project's files, in the file and the stack, as module ids write them
    expect(result.exceptions[0]!.stack).toBe('TypeError: bad input\n    at validate (./main.js:44:11)\n    at route (./main.js:20:3)');
    expect(result.exceptions[1]).toMatchObject({ function: 'validate', type: 'string', message: 'plain string', file: './main.js', line: 42, column: 3, caught_by: 'main' });
  });

  it('gives exceptions alike one record with their count, other messages and last time', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'main' }, { name: 'parse' }]);
    const [main, parse] = fns as [number, number];
    const thrown = (message: string, line: number) => ({ $type: 'Error', class: 'SyntaxError', name: 'SyntaxError', message, stack: `SyntaxError: ${message}\n    at parse (/app/main.js:${line}:9)\n    at main (/app/main.js:30:5)` });
    p.enter(main);
    // a loop: the same error from the same place three times (its position in the input differs),
    // another one between them, two with no stack
    for (const error of [thrown('bad (1:5)', 12), thrown('bad (1:5)', 12), thrown('worse', 14), thrown('bad (2:17)\n 2 | x: [', 12), { $type: 'Error', class: 'Error', message: 'x', stack: null }, { $type: 'Error', class: 'Error', message: 'x', stack: null }]) {
      p.enter(parse);
      p.throwFrom(parse, error);
    }
    p.leave(main);
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const result = store.queryExceptions({});
    expect(result).toMatchObject({ total: 6, total_groups: 3 });
    expect(result.exceptions.map((e) => [e.message, e.count, e.other_messages, e.line])).toEqual([
      ['bad (1:5)', 3, ['bad (2:17)\n 2 | x: ['], 12],
      ['worse', 1, undefined, 14],
      ['x', 2, undefined, 15],
    ]);
    expect(result.exceptions[0]!.stack).toBe('SyntaxError: bad (1:5)\n    at parse (./main.js:12:9)\n    at main (./main.js:30:5)');
    expect(result.exceptions[0]!.last_timestamp! >= result.exceptions[0]!.timestamp).toBe(true);
    expect(result.exceptions[1]!.last_timestamp).toBeUndefined();
    // the limit counts records; the note says how many exceptions the ones shown stand for
    const cut = store.queryExceptions({ limit: 1 });
    expect(cut.exceptions.map((e) => e.count)).toEqual([3]);
    expect(cut.note).toBe('showing 1 of 3 groups of alike exceptions (3 of 6 exceptions): pass --limit N for more');
  });

  it('keeps one chain when a caller past the detail cap is recorded only as the exception leaves it', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'main' }, { name: 'route' }, { name: 'validate' }]);
    const [main, route, validate] = fns as [number, number, number];
    const error = { name: 'TypeError', message: 'bad input', stack: 'TypeError: bad input\n    at validate (/app/main.js:44:11)' };
    const mainCall = p.enter(main);
    // route's call (id 100) is past the cap: validate, detailed, starts with a parent not recorded yet
    p.push(EventKind.Call, validate, 101, 100, undefined, 2);
    p.flush();
    const ingester = store.ingester(spool, { runId, project: 'app' });
    ingester.poll(); // validate's row is written while open, without its parent's row
    // the runtime records route when the exception leaves it (after validate's Call)
    p.push(EventKind.Call, route, 100, mainCall, undefined, 1);
    p.push(EventKind.Exception, validate, 101, 0, error, 2);
    p.push(EventKind.Exception, route, 100, 0, error, 1);
    p.leave(main);
    p.end();
    ingester.drain();
    const result = store.queryExceptions({});
    expect(result.total).toBe(1);
    expect(result.exceptions[0]).toMatchObject({
      function: 'validate', caught: true, caught_by: 'main', propagated_through: ['route'], call_chain: ['main', 'route', 'validate'],
    });
  });

  it('keeps one chain when a call threw to a caller past the detail cap that is recorded only after (its catch rethrew)', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'main' }, { name: 'callSync' }, { name: 'listener' }]);
    const [main, callSync, listener] = fns as [number, number, number];
    const error = { name: 'RangeError', message: 'boom', stack: 'RangeError: boom\n    at listener (/app/main.js:9:11)' };
    const mainCall = p.enter(main);
    // callSync's call (id 100) is past the cap; its catch takes the listener's exception (the listener's
    // row is written, its parent not recorded yet), then throws it on: callSync is recorded only then
    p.push(EventKind.Call, listener, 101, 100, undefined, 2);
    p.push(EventKind.Exception, listener, 101, 0, error, 2);
    p.flush();
    const ingester = store.ingester(spool, { runId, project: 'app' });
    ingester.poll();
    p.push(EventKind.Call, callSync, 100, mainCall, undefined, 1);
    p.push(EventKind.Exception, callSync, 100, 0, error, 1);
    p.leave(main);
    p.end();
    ingester.drain();
    const result = store.queryExceptions({});
    expect(result.total).toBe(1);
    expect(result.exceptions[0]).toMatchObject({
      function: 'listener', caught: true, caught_by: 'main', propagated_through: ['callSync'], call_chain: ['main', 'callSync', 'listener'],
    });
  });

  it('keeps one record when the exception passes a call that returned its rejected promise (a middleware dispatch)', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./app.js', '/app/app.js', [{ name: 'main' }, { name: 'outer' }, { name: 'dispatch' }, { name: 'inner' }, { name: 'other' }]);
    const [main, outer, dispatch, inner, other] = fns as [number, number, number, number, number];
    const error = { name: 'HttpError', message: 'not found', stack: 'HttpError: not found\n    at inner (/app/app.js:30:11)' };
    p.enter(main);
    p.enter(outer);
    p.enter(dispatch);
    p.enter(inner);
    p.throwFrom(inner, error); // inner's promise rejects...
    p.leave(dispatch); // ...which dispatch handed back as it was
    p.throwFrom(outer, error); // and `await next()` in outer rejects with it again
    // a different value above a normal return is a throw of its own
    p.enter(other);
    p.enter(dispatch);
    p.enter(inner);
    p.throwFrom(inner, error);
    p.leave(dispatch);
    p.throwFrom(other, { name: 'Error', message: 'wrapped' });
    p.leave(main);
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const result = store.queryExceptions({});
    expect(result.total).toBe(3);
    expect(result.exceptions[0]).toMatchObject({
      function: 'inner', message: 'not found', caught_by: 'main', propagated_through: ['dispatch', 'outer'], call_chain: ['main', 'outer', 'dispatch', 'inner'],
    });
    expect(result.exceptions[1]).toMatchObject({ function: 'other', message: 'wrapped', caught_by: 'main' });
    expect(result.exceptions[2]).toMatchObject({ function: 'inner', message: 'not found', caught_by: 'dispatch', propagated_through: [] });
  });

  it("names no catcher when an async function's rejection was handed on in a promise, and the awaiting caller when it caught it", () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./app.js', '/app/app.js', [
      { name: 'handleRequest' }, { name: 'dispatch' }, { name: 'middleware', async: true }, { name: 'handler', async: true },
      { name: 'careful', async: true }, { name: 'load', async: true }, { name: 'onerror' },
    ]);
    const [handleRequest, dispatch, middleware, handler, careful, load, onerror] = fns as [number, number, number, number, number, number, number];
    const error = { name: 'HttpError', message: 'teapot', stack: 'HttpError: teapot\n    at handler (/app/app.js:9:11)' };
    p.enter(handleRequest); // koa: fnMiddleware(ctx).then(respond).catch(onerror)
    p.enter(dispatch);
    p.enter(middleware);
    p.enter(handler);
    p.throwFrom(handler, error);
    p.throwFrom(middleware, error); // await next()
    p.leave(dispatch); // the rejected promise
    p.leave(handleRequest);
    p.enter(onerror, { err: error }); // the .catch(onerror) callback, later
    p.leave(onerror);
    p.enter(careful); // try { await load() } catch {}
    p.enter(load);
    p.throwFrom(load, { name: 'Error', message: 'offline' });
    p.leave(careful);
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const result = store.queryExceptions({});
    expect(result.total).toBe(2);
    expect(result.exceptions[0]).toMatchObject({ function: 'handler', caught: true, caught_by: null, propagated_through: ['middleware'] });
    // no traced caller caught it: the first traced call that received it did
    expect(result.exceptions[0]!.handled_by).toBe('onerror');
    expect(result.exceptions[1]).toMatchObject({ function: 'load', caught: true, caught_by: 'careful' });
    expect(result.exceptions[1]).not.toHaveProperty('handled_by');
  });

  it('marks an exception that ended the process as uncaught', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'main' }, { name: 'boom' }]);
    p.enter(fns[0]!);
    p.enter(fns[1]!);
    p.throwFrom(fns[1]!, { name: 'Error', message: 'boom' });
    p.end({ reason: 'uncaught', exitCode: 1 });
    store.ingester(spool, { runId, project: 'app' }).drain();
    expect(store.queryExceptions({}).exceptions[0]).toMatchObject({ caught: false, caught_by: null, propagated_through: ['main'] });
  });

  it("names no catcher for a timer's exception: the call that scheduled it had returned (a listener handled it, or the process died)", () => {
    for (const died of [false, true]) {
      const { store, dir } = testStore();
      const { runId, spool } = newRun(store, dir);
      const p = new SyntheticProcess(spool, { runId });
      const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'main' }, { name: 'failLater' }, { name: 'onUncaught' }]);
      const [main, failLater, onUncaught] = fns as [number, number, number];
      const error = { name: 'SyntaxError', message: 'thrown from a timer', stack: 'SyntaxError: thrown from a timer\n    at failLater (/app/main.js:7:9)' };
      const scheduled = p.enter(main); // setTimeout(failLater)
      p.leave(main);
      p.elapse(1_000_000);
      p.enter(failLater, undefined, scheduled);
      p.throwFrom(failLater, error);
      if (died) p.end({ reason: 'uncaught', exitCode: 1 });
      else {
        p.enter(onUncaught, { error }); // process.on('uncaughtException', onUncaught)
        p.leave(onUncaught);
        p.end();
      }
      store.ingester(spool, { runId, project: 'app' }).drain();
      const [record] = store.queryExceptions({}).exceptions;
      expect(record).toMatchObject({ function: 'failLater', caught: !died, caught_by: null, propagated_through: [], call_chain: ['main', 'failLater'] });
      if (!died) expect(record!.handled_by).toBe('onUncaught');
    }
  });

  it('marks only the exception the process died of as uncaught: earlier ones went up to untraced code that caught them', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'check' }, { name: 'boom' }]);
    const [check, boom] = fns as [number, number];
    // main.js's top level: try { boom() } catch {}; try { check(3) } catch {}; check(5) twice, the
    // second uncaught
    const early = { name: 'TypeError', message: 'exploded', stack: 'TypeError: exploded\n    at boom (/app/main.js:6:13)' };
    const fatal = { name: 'RangeError', message: 'too big: 5', stack: 'RangeError: too big: 5\n    at check (/app/main.js:2:20)' };
    p.enter(boom);
    p.throwFrom(boom, early);
    p.enter(check);
    p.throwFrom(check, fatal);
    p.enter(check);
    p.throwFrom(check, fatal);
    p.end({ reason: 'uncaught', exitCode: 1, error: { ...fatal, value: JSON.stringify(fatal) } });
    store.ingester(spool, { runId, project: 'app' }).drain();
    const { exceptions } = store.queryExceptions({});
    expect(exceptions.map((e) => [e.function, e.caught])).toEqual([
      ['boom', true],
      ['check', true],
      ['check', false],
    ]);
    expect(store.runReport(runId).metrics.uncaught).toEqual({ type: 'RangeError', message: 'too big: 5', file: '/app/main.js', line: 2 });
  });

  it('marks the fatal exception uncaught where it was first thrown, when traced callers passed it on', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'main' }, { name: 'load' }, { name: 'parse' }]);
    const [main, load, parse] = fns as [number, number, number];
    const fatal = { name: 'SyntaxError', message: 'bad config', stack: 'SyntaxError: bad config\n    at parse (/app/main.js:9:11)' };
    p.enter(main);
    p.enter(load);
    p.enter(parse);
    p.throwFrom(parse, fatal);
    p.throwFrom(load, fatal);
    p.throwFrom(main, fatal);
    p.end({ reason: 'uncaught', exitCode: 1, error: { ...fatal, value: JSON.stringify(fatal) } });
    store.ingester(spool, { runId, project: 'app' }).drain();
    const { exceptions, total } = store.queryExceptions({});
    expect(total).toBe(1);
    expect(exceptions[0]).toMatchObject({ function: 'parse', caught: false, caught_by: null, propagated_through: ['load', 'main'] });
  });

  it('takes every exception nothing traced caught for the fatal one when the end does not carry its value', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'boom' }]);
    p.enter(fns[0]!);
    p.throwFrom(fns[0]!, { name: 'Error', message: 'first' });
    p.enter(fns[0]!);
    p.throwFrom(fns[0]!, { name: 'Error', message: 'second' });
    // values not captured: the end names the error but has no captured value to match
    p.end({ reason: 'uncaught', exitCode: 1, error: { name: 'Error', message: 'second', stack: null } });
    store.ingester(spool, { runId, project: 'app' }).drain();
    expect(store.queryExceptions({}).exceptions.map((e) => e.caught)).toEqual([false, false]);
    expect(store.runReport(runId).metrics.uncaught).toEqual({ type: 'Error', message: 'second', file: null, line: null });
  });
});

describe('--performance', () => {
  it('gives exact counts (capped calls included) and total, self, avg, p95, max', () => {
    const { store } = busyRun(100);
    const perf = store.queryPerformance({});
    const byName = Object.fromEntries(perf.functions.map((f) => [f.function, f]));
    expect(byName.multiply).toMatchObject({ calls: 200, detailed_calls: 200, total_ms: 0.3, avg_ms: 0.0015, max_ms: 0.0015 });
    expect(byName.calculateTotal!.total_ms).toBeCloseTo(1.05, 6);
    // calculateTotal runs 7 ticks of 1.5 µs; its callees take 3 of them.
    expect(byName.calculateTotal!.self_ms).toBeCloseTo(0.6, 6);
    expect(byName.multiply!.p95_ms).toBe(0.0015);
    expect(perf.functions[0]!.function).toBe('main');
  });

  it('counts the time of a recursive function once: a nested call is in its outermost call already', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'walk' }]);
    // walk -> walk -> walk: 6 events, 1.5 µs apart; the outer call lasts 5 ticks (7.5 µs)
    p.enter(fns[0]!);
    p.enter(fns[0]!);
    p.enter(fns[0]!);
    p.leave(fns[0]!);
    p.leave(fns[0]!);
    p.leave(fns[0]!);
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const walk = store.queryPerformance({}).functions[0]!;
    expect(walk).toMatchObject({ function: 'walk', calls: 3, max_ms: 0.0075 });
    // counted again, the total was 7.5 + 4.5 + 1.5 µs
    expect(walk.total_ms).toBeCloseTo(0.0075, 9);
    expect(walk.self_ms).toBeCloseTo(0.0075, 9);
  });

  it("leaves the runtime's own work during a call out of its duration and its caller's self time", () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'outer' }, { name: 'inner' }]);
    // 4 events 1.5 µs apart: outer lasts 4.5 µs, inner 1.5 µs, of which capture took 1 µs
    p.enter(fns[0]!);
    p.enter(fns[1]!, { big: 1 });
    p.leave(fns[1]!, 2, 1000);
    p.leave(fns[0]!, 4, 1000);
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const byName = Object.fromEntries(store.queryPerformance({}).functions.map((f) => [f.function, f]));
    expect(byName.inner!.total_ms).toBeCloseTo(0.0005, 9);
    expect(byName.outer!.total_ms).toBeCloseTo(0.0035, 9);
    expect(byName.outer!.self_ms).toBeCloseTo(0.003, 9);
    expect(store.queryCall('inner', {}).calls[0]).toMatchObject({ duration_ms: 0.0005 });
  });

  it('uses the runtime aggregates for calls only counted after the detail cap', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'hot' }]);
    p.enter(fns[0]!);
    p.leave(fns[0]!);
    p.countOnly(fns[0]!, 999);
    p.aggregates();
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    expect(store.queryPerformance({}).functions[0]).toMatchObject({ function: 'hot', calls: 1000, detailed_calls: 1, total_ms: 1 });
    expect(store.queryCall('hot', {})).toMatchObject({ total_calls: 1000, detailed_calls: 1 });
    expect(store.runReport(runId).metrics.capped_calls).toBe(999);
  });
});

describe('--performance, self time past the detail cap', () => {
  it("subtracts callees only counted (past their cap) by the runtime's edge totals", () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./parse.js', '/app/parse.js', [{ name: 'parse' }, { name: 'token' }]);
    const [parse, token] = fns as [number, number];
    // parse's one detailed call (4 events: 4.5 µs) made 500 calls of token, none of them detailed
    p.enter(parse);
    p.enter(token);
    p.leave(token);
    p.leave(parse);
    p.countOnly(token, 499);
    p.aggregates({
      functions: [
        { id: parse, count: 1, detailed: 1, timed: 1, totalNs: 4500, minNs: 4500, maxNs: 4500, histogram: [] },
        { id: token, count: 500, detailed: 1, timed: 500, totalNs: 3000, minNs: 6, maxNs: 1500, histogram: [] },
      ],
      edges: [
        { caller: 0, callee: parse, count: 1, timed: 1, totalNs: 4500 },
        { caller: parse, callee: token, count: 500, timed: 500, totalNs: 3000 },
      ],
    });
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const byName = Object.fromEntries(store.queryPerformance({}).functions.map((f) => [f.function, f]));
    // the detailed events alone saw one call of token (1.5 µs): parse's self time was 3 µs
    expect(byName.parse).toMatchObject({ total_ms: 0.0045, self_ms: 0.0015 });
    expect(byName.token).toMatchObject({ total_ms: 0.003, self_ms: 0.003 });
  });
});

describe('--performance, self time in mutual recursion', () => {
  it("subtracts the callees' nested calls too, which the outermost-only totals leave out", () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./yaml.js', '/app/yaml.js', [{ name: 'compose' }, { name: 'mapping' }]);
    const [compose, mapping] = fns as [number, number];
    // one detailed chain compose -> mapping -> compose -> mapping, 1.5 µs a tick: 7, 5, 3 and 1 ticks
    p.enter(compose);
    p.enter(mapping);
    p.enter(compose);
    p.enter(mapping);
    p.leave(mapping);
    p.leave(compose);
    p.leave(mapping);
    p.leave(compose);
    p.countOnly(compose, 999);
    p.countOnly(mapping, 999);
    // the runtime's aggregates of 500 such chains: the totals count the outermost calls only
    p.aggregates({
      nestedTimes: true,
      functions: [
        { id: compose, count: 1000, detailed: 2, timed: 1000, totalNs: 5_250_000, withNestedNs: 7_500_000, minNs: 4500, maxNs: 10500, histogram: [] },
        { id: mapping, count: 1000, detailed: 2, timed: 1000, totalNs: 3_750_000, withNestedNs: 4_500_000, minNs: 1500, maxNs: 7500, histogram: [] },
      ],
      edges: [
        { caller: 0, callee: compose, count: 500, timed: 500, totalNs: 5_250_000 },
        { caller: compose, callee: mapping, count: 1000, timed: 1000, totalNs: 3_750_000, withNestedNs: 4_500_000 },
        // every call of compose made by mapping is nested in the outer compose
        { caller: mapping, callee: compose, count: 500, timed: 500, totalNs: 0, withNestedNs: 2_250_000 },
      ],
    });
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const byName = Object.fromEntries(store.queryPerformance({}).functions.map((f) => [f.function, f]));
    // compose ran 2 of its 7 ticks and 2 of its 3 (mapping the rest): 3 ms in 500 chains, not the 1.5 ms
    // left of its total less mapping's outermost calls
    expect(byName.compose).toMatchObject({ total_ms: 5.25, self_ms: 3 });
    expect(byName.mapping).toMatchObject({ total_ms: 3.75, self_ms: 2.25 });
  });
});

describe('--performance, self time of a generator\'s consumer', () => {
  it('leaves out the generator\'s segments resumed inside it, which its edges do not have', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./read.js', '/app/read.js', [{ name: 'read' }, { name: 'lex', generator: true }]);
    const [read, lex] = fns as [number, number];
    // read: its first next() starts lex (1 tick inside read), then two more next() calls resume it
    p.enter(read);
    const g = p.enter(lex);
    p.suspend(lex, g);
    p.resume(lex, g);
    p.suspend(lex, g);
    p.resume(lex, g);
    p.leave(lex);
    p.leave(read);
    p.aggregates({
      functions: [
        { id: read, count: 1, detailed: 1, timed: 1, totalNs: 10500, minNs: 10500, maxNs: 10500, histogram: [] },
        { id: lex, count: 1, detailed: 1, timed: 1, totalNs: 4500, minNs: 4500, maxNs: 4500, histogram: [], waitedNs: 3000, elapsedMaxNs: 7500 },
      ],
      // the runtime's edge has lex's first segment only
      edges: [
        { caller: 0, callee: read, count: 1, timed: 1, totalNs: 10500 },
        { caller: read, callee: lex, count: 1, timed: 1, totalNs: 1500 },
      ],
    });
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const byName = Object.fromEntries(store.queryPerformance({}).functions.map((f) => [f.function, f]));
    expect(byName.lex).toMatchObject({ total_ms: 0.0045, self_ms: 0.0045 });
    // read ran 7 ticks; lex's 3 segments (1 tick each) ran inside it
    expect(byName.read).toMatchObject({ total_ms: 0.0105, self_ms: 0.006 });
  });
});

describe('--performance, the call graph', () => {
  it("gives exact callers from the runtime's edge counts and marks functions that recurse", () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./walk.js', '/app/walk.js', [{ name: 'main' }, { name: 'walk' }, { name: 'visit' }, { name: 'leaf' }]);
    const [main, walk, visit, leaf] = fns as [number, number, number, number];
    p.enter(main);
    p.enter(walk);
    p.enter(visit);
    p.enter(leaf);
    p.leave(leaf);
    p.leave(visit);
    p.leave(walk);
    p.leave(main);
    p.countOnly(walk, 40);
    p.countOnly(visit, 40);
    p.aggregates({
      edges: [
        { caller: 0, callee: main, count: 1, timed: 1, totalNs: 5000 },
        { caller: main, callee: walk, count: 1, timed: 1, totalNs: 4000 },
        { caller: visit, callee: walk, count: 40, timed: 2, totalNs: 40000 },
        { caller: walk, callee: visit, count: 41, timed: 2, totalNs: 41000 },
        { caller: visit, callee: leaf, count: 1, timed: 1, totalNs: 100 },
      ],
    });
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const byName = Object.fromEntries(store.queryPerformance({}).functions.map((f) => [f.function, f]));
    expect(byName.walk).toMatchObject({ recursive: true, callers: [{ function: 'visit', module: './walk.js', calls: 40 }, { function: 'main', module: './walk.js', calls: 1 }] });
    expect(byName.visit).toMatchObject({ recursive: true, callers: [{ function: 'walk', calls: 41 }] });
    expect(byName.leaf).toMatchObject({ recursive: false, callers: [{ function: 'visit', calls: 1 }] });
    expect(byName.main).toMatchObject({ recursive: false, callers: [{ function: '(root)', module: null, calls: 1 }] });
    // --call counts every call too: its one detailed call says only `called_by: main`
    const walkCalls = store.queryCall('walk', {});
    expect(walkCalls).toMatchObject({ total_calls: 41, detailed_calls: 1 });
    expect(walkCalls.calls.map((c) => c.called_by)).toEqual(['main']);
    expect(walkCalls.callers).toEqual([{ function: 'visit', module: './walk.js', calls: 40 }, { function: 'main', module: './walk.js', calls: 1 }]);
    expect(walkCalls.callees).toEqual([{ function: 'visit', module: './walk.js', calls: 41 }]);
    expect(store.queryCall('main', {})).toMatchObject({ callers: [{ function: '(root)', module: null, calls: 1 }], callees: [{ function: 'walk', calls: 1 }] });
    expect(store.queryCall('leaf', {}).callees).toEqual([]);
    const report = store.runReport(runId);
    expect(report.slowest.find((f) => f.function === 'walk')).toMatchObject({ recursive: true });
    // deleting the run deletes its edges too
    expect(store.querySql('SELECT COUNT(*) AS n FROM edge_stats').rows[0]).toEqual({ n: 5 });
    store.finishRun(runId, { status: 'completed', exitCode: 0, endedAtMs: Date.now() });
    expect(store.clearRuns({ keep: 0 })).toEqual({ deleted: 1 });
    expect(store.querySql('SELECT COUNT(*) AS n FROM edge_stats').rows[0]).toEqual({ n: 0 });
  });
});

describe('--sql', () => {
  it("runs the seed's SQL on its tables", () => {
    const { store } = busyRun(10);
    expect(store.querySql("SELECT id, status FROM traces WHERE status = 'completed'").rows).toEqual([{ id: 1, status: 'completed' }]);
    const slow = store.querySql('SELECT function_name, AVG(duration_ms) AS avg FROM trace_events GROUP BY function_name ORDER BY AVG(duration_ms) DESC LIMIT 10');
    expect(slow.columns).toEqual(['function_name', 'avg']);
    expect(slow.rows.slice(0, 2).map((r) => r.function_name)).toEqual(['axios.get', 'main']);
    const data = store.querySql("SELECT data FROM trace_events WHERE event_type = 'call' AND function_name = 'multiply' LIMIT 1").rows[0]!.data as string;
    expect(JSON.parse(data)).toMatchObject({ args: { a: 100, b: 0 }, caller: 'calculateTotal' });
    expect(store.querySql('SELECT * FROM events', { limit: 5 })).toMatchObject({ truncated: true });
  });

  it('names functions in trace_events as the answers do: anonymous ones by place, shared names by their --call argument', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const a = p.module('./a.js', '/app/a.js', [{ name: 'main' }, { name: 'helper', line: 12, column: 2 }, { name: 'helper', line: 20, column: 2 }, { name: '<anonymous>', line: 30, column: 8 }], [
      { callee: 'JSON.parse', fn: 3, line: 31, column: 2 },
    ]);
    const b = p.module('./b.js', '/app/b.js', [{ name: 'helper' }, { name: 'parse' }]);
    const [main, helper12, helper20, anonymous] = a.fns as [number, number, number, number];
    const [helperB, parse] = b.fns as [number, number];
    p.enter(main);
    for (const fn of [helper12, helper20, helperB, parse]) {
      p.enter(fn);
      p.enter(anonymous);
      p.untraced(a.sites[0]!, 1000);
      p.leave(anonymous);
      p.leave(fn);
    }
    p.leave(main);
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const rows = store.querySql(
      "SELECT event_type, function_name, json_extract(data, '$.caller') AS caller FROM trace_events WHERE event_type IN ('call', 'call_site') ORDER BY id",
    ).rows;
    const helpers = ['./a.js:helper@12', './a.js:helper@20', './b.js:helper', 'parse'];
    expect(rows).toEqual([
      { event_type: 'call', function_name: 'main', caller: null },
      ...helpers.flatMap((helper) => [
        { event_type: 'call', function_name: helper, caller: 'main' },
        { event_type: 'call', function_name: '<anonymous@a.js:30:9>', caller: helper },
        { event_type: 'call_site', function_name: 'JSON.parse', caller: '<anonymous@a.js:30:9>' },
      ]),
    ]);
    // every name passes back to --call
    for (const helper of helpers) expect(store.queryCall(helper, {}).calls).toHaveLength(1);
    // and the view of the names alone
    expect(store.querySql("SELECT name FROM function_names WHERE name LIKE '%helper%' ORDER BY name").rows.map((r) => r.name)).toEqual(helpers.slice(0, 3));
  });

  it.each([
    ["DELETE FROM runs", /a statement that writes|'DELETE'/],
    ["INSERT INTO runs (command, started_at_ms) VALUES ('x', 1)", /'INSERT'/],
    ["ATTACH DATABASE '/tmp/x.db' AS x", /ATTACH/],
    ['PRAGMA journal_mode = DELETE', /: a PRAGMA write is not allowed/],
    ['pragma user_version', /: a PRAGMA statement is not allowed/],
    ["SELECT load_extension('/tmp/evil')", /load_extension/],
    ['WITH x AS (SELECT 1) DELETE FROM runs', /writes/],
    ['SELECT 1; DROP TABLE runs', /more than one statement/],
  ])('refuses %s with one line', (sql, pattern) => {
    const { store } = busyRun(2);
    const error = storeError(() => store.querySql(sql));
    expect(error.code).toBe('SQL_REFUSED');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(pattern);
    expect(error.message).not.toContain('\n');
    expect(store.listRuns()).toHaveLength(1);
  });

  it('allows comments, CTEs and strings that mention refused words', () => {
    const { store } = busyRun(2);
    expect(store.querySql("/* runs */ SELECT 'attach; pragma x = 1' AS s -- delete").rows).toEqual([{ s: 'attach; pragma x = 1' }]);
    expect(store.querySql('WITH n AS (SELECT COUNT(*) AS c FROM traces) SELECT c FROM n').rows).toEqual([{ c: 1 }]);
    expect(store.querySql("SELECT name FROM pragma_table_info('runs') LIMIT 1").rows).toEqual([{ name: 'id' }]);
  });

  it('reports SQL errors in one line', () => {
    const { store } = busyRun(2);
    const error = storeError(() => store.querySql('SELECT nope FROM traces'));
    expect(error).toMatchObject({ code: 'SQL_ERROR', exitCode: 2 });
    expect(error.message).toMatch(/no such column: nope/);
  });

  it('can read while the connection is read-only at the engine level', () => {
    const { dbPath } = busyRun(2);
    const store = openStore(dbPath, { readonly: true });
    try {
      expect(store.querySql('SELECT COUNT(*) AS n FROM runs').rows[0]).toEqual({ n: 1 });
      expect(() => store.createRun({ project: 'x', command: [], cwd: '/', startedAtMs: 0 })).toThrow(/read-only/);
    } finally {
      store.close();
    }
  });
});

describe('runs', () => {
  it('lists newest first and clears all but the newest N', () => {
    const { store, dir } = testStore();
    for (let i = 0; i < 4; i++) {
      const { runId, spool } = newRun(store, dir);
      const p = new SyntheticProcess(spool, { runId, pid: 100 + i });
      const { fns } = p.module('./m.js', '/app/m.js', [{ name: 'f' }]);
      p.enter(fns[0]!);
      p.leave(fns[0]!);
      p.end();
      store.ingester(spool, { runId, project: 'app' }).drain();
      store.finishRun(runId, { status: i === 3 ? 'failed' : 'completed', exitCode: i === 3 ? 1 : 0, endedAtMs: Date.now() });
    }
    expect(store.listRuns().map((r) => [r.id, r.status])).toEqual([[4, 'failed'], [3, 'completed'], [2, 'completed'], [1, 'completed']]);
    expect(store.listRuns({ limit: 1 })).toHaveLength(1);
    expect(store.latestRunId()).toBe(4);
    expect(store.clearRuns({ keep: 2 })).toEqual({ deleted: 2 });
    expect(store.listRuns().map((r) => r.id)).toEqual([4, 3]);
    expect(store.querySql('SELECT COUNT(*) AS n FROM events').rows[0]).toEqual({ n: 2 });
    expect(store.querySql('SELECT COUNT(*) AS n FROM functions').rows[0]).toEqual({ n: 2 });
    expect(storeError(() => store.clearRuns({ keep: -1 })).code).toBe('BAD_ARGUMENT');
    expect(storeError(() => store.finishRun(1, { status: 'completed', exitCode: 0, endedAtMs: 0 })).code).toBe('UNKNOWN_RUN');
  });

  it('says how to get a first run when there is none', () => {
    const { store } = testStore();
    const error = storeError(() => store.queryGaps({ project: 'app' }));
    expect(error.code).toBe('NO_RUNS');
    expect(error.message).toMatch(/breadcrumb run/);
    expect(store.latestRunId()).toBeNull();
    expect(store.listRuns()).toEqual([]);
  });

  it('returns the run, its process tree and its first events from getTrace', () => {
    const { store, runId } = busyRun(20);
    const trace = store.getTrace(runId, { limit: 10 });
    expect(trace.run).toMatchObject({ id: runId, status: 'completed', command: 'node main.js' });
    expect(trace.processes).toHaveLength(1);
    expect(trace.events).toHaveLength(10);
    expect(trace.truncated).toBe(true);
    expect(trace.note).toMatch(/first 10 of/);
    expect(trace.events[0]!.type).toBe('call');
    expect(EventKind.Call).toBe(0);
  });
});
