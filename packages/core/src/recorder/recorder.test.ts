import { afterEach, describe, expect, it } from 'vitest';
import { instrument } from '@breadcrumb/instrumenter';
import {
  CALL_NESTED,
  decodeFrames,
  EventKind,
  FrameType,
  type Aggregates,
  type EventBatch,
  type Frame,
  type ModuleTable,
} from '../spool/format.js';
import type { RuntimeSettings } from '../settings.js';
import { installRecorder, type Recorder, type RecorderSink, type ValueCapturer } from './index.js';
import { estimatedTotal } from './aggregates.js';
import { TIMING_SAMPLE_MEAN, createRecorder } from './recorder.js';

function settings(overrides: Partial<RuntimeSettings> = {}): RuntimeSettings {
  return {
    enabled: true,
    project: null,
    runId: null,
    spoolDir: '',
    root: '/',
    include: ['**'],
    exclude: [],
    sampleRate: 1,
    maxDetailedCallsPerFunction: 1000,
    gapIntrinsics: false,
    capture: { enabled: true, maxDepth: 4, maxKeys: 20, maxItems: 20, maxStringLength: 200 },
    redaction: { patterns: [], allowKeys: [] },
    cacheDir: null,
    spoolFileBytes: 1 << 26,
    spoolMaxBytes: 1 << 28,
    ...overrides,
  };
}

class MemorySink implements RecorderSink {
  chunks: Uint8Array[] = [];
  write(frame: Uint8Array): void {
    this.chunks.push(frame.slice());
  }
  frames(): Frame[] {
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return decodeFrames(all).frames;
  }
}

const jsonCapturer: ValueCapturer = {
  args: (names, values) => JSON.stringify(Object.fromEntries(names.map((n, i) => [n, values[i]]))),
  argsWithReceiver: (names, values, receiver) => JSON.stringify({ ...Object.fromEntries(names.map((n, i) => [n, values[i]])), this: receiver ?? '(none)' }),
  value: (v) => JSON.stringify(v instanceof Error ? { error: v.message } : v ?? null),
};

interface RecordedEvent {
  kind: string;
  fn: string;
  call: number;
  parent: number;
  depth: number;
  value: string | null;
  aux: number;
}

function setup(options: { capturer?: ValueCapturer | null; overrides?: Partial<RuntimeSettings>; sink?: MemorySink; now?: () => number } = {}) {
  const sink = options.sink ?? new MemorySink();
  const recorder = installRecorder({
    settings: settings(options.overrides),
    sink,
    context: { rootParent: () => 0, rootDepth: () => -1 },
    capturer: options.capturer === undefined ? null : options.capturer,
    now: options.now,
  });
  return { sink, recorder };
}

/** Instruments `source` (CommonJS) and runs it with `require`-less scope; returns module.exports. */
function load(source: string, name = 'mod.js'): Record<string, any> {
  const { code } = instrument(source, { filename: `/virtual/${name}`, moduleId: `./${name}`, sourceType: 'script' });
  const module = { exports: {} as Record<string, any> };
  new Function('module', 'exports', code)(module, module.exports);
  return module.exports;
}

function events(frames: Frame[]): RecordedEvent[] {
  const modules = frames.filter((f) => f.type === FrameType.Module).map((f) => f.body as ModuleTable);
  const fnName = (id: number) => {
    for (const m of modules) if (id >= m.fnBase && id < m.fnBase + m.functions.length) return m.functions[id - m.fnBase]!.name;
    return `#${id}`;
  };
  const siteName = (id: number) => {
    for (const m of modules) if (id >= m.siteBase && id < m.siteBase + m.callSites.length) return m.callSites[id - m.siteBase]!.callee;
    return `#${id}`;
  };
  const out: RecordedEvent[] = [];
  for (const frame of frames) {
    if (frame.type !== FrameType.Events) continue;
    const b = frame.body as EventBatch;
    for (let i = 0; i < b.count; i++) {
      const kind = b.kind[i]!;
      out.push({
        kind: ['call', 'return', 'exception', 'call_site', 'suspend', 'resume', 'settle'][kind]!,
        fn: kind === EventKind.CallSite ? siteName(b.id[i]!) : fnName(b.id[i]!),
        call: b.call[i]!,
        parent: b.parent[i]!,
        depth: b.depth[i]!,
        value: b.value[i]! >= 0 ? b.values[b.value[i]!]! : null,
        aux: b.aux[i]!,
      });
    }
  }
  return out;
}

function aggregates(frames: Frame[]): Aggregates {
  const last = frames.filter((f) => f.type === FrameType.Aggregates).pop();
  return last!.body as Aggregates;
}

let recorder: Recorder | null = null;
afterEach(() => {
  recorder = null;
  delete (globalThis as Record<string, unknown>).__breadcrumb__;
});

describe('recorder', () => {
  it('records calls, returns, depth, causal parent and captured values', () => {
    const ctx = setup({ capturer: jsonCapturer });
    recorder = ctx.recorder;
    const m = load(`
      function add(a, b) { return a + b; }
      function twice(x) { return add(x, x); }
      module.exports = { twice };
    `);
    expect(m.twice(3)).toBe(6);
    recorder.finish();
    const frames = ctx.sink.frames();
    const table = frames.find((f) => f.type === FrameType.Module)!.body as ModuleTable;
    expect(table.fnBase).toBe(1);
    expect(table.functions.map((f) => f.name)).toEqual(['add', 'twice']);
    const ev = events(frames);
    expect(ev.map((e) => `${e.kind} ${e.fn}`)).toEqual(['call twice', 'call add', 'return add', 'return twice']);
    const [callTwice, callAdd, retAdd] = ev;
    expect(callTwice!.parent).toBe(0);
    expect(callTwice!.depth).toBe(0);
    expect(callAdd!.parent).toBe(callTwice!.call);
    expect(callAdd!.depth).toBe(1);
    expect(JSON.parse(callAdd!.value!)).toEqual({ a: 3, b: 3 });
    expect(retAdd!.value).toBe('6');
    const agg = aggregates(frames);
    expect(agg.functions.map((f) => [f.id, f.count, f.detailed])).toEqual([
      [1, 1, 1],
      [2, 1, 1],
    ]);
    expect(agg.edges).toContainEqual(expect.objectContaining({ caller: 2, callee: 1, count: 1 }));
    expect(agg.edges).toContainEqual(expect.objectContaining({ caller: 0, callee: 2, count: 1 }));
  });

  it('without capture, tells a detailed call that returned from one left by an exception', () => {
    const ctx = setup({ capturer: null });
    recorder = ctx.recorder;
    const m = load(`
      function ok(a) { return a + 1; }
      function bad(a) { if (a > 1) throw new Error('no'); return a; }
      function run() { let s = 0; for (let i = 0; i < 3; i++) { s += ok(i); try { s += bad(i); } catch { s -= 1; } } return s; }
      module.exports = { run };
    `);
    expect(m.run()).toBe(6);
    recorder.finish();
    const ends = events(ctx.sink.frames()).filter((e) => e.kind !== 'call').map((e) => `${e.kind} ${e.fn} ${e.value}`);
    expect(ends).toEqual([
      'return ok null', 'return bad null', 'return ok null', 'return bad null', 'return ok null', 'exception bad null', 'return run null',
    ]);
  });

  it('captures the receiver of a detailed call of a function that reads `this`, and only of those', () => {
    const ctx = setup({ capturer: jsonCapturer, overrides: { maxDetailedCallsPerFunction: 1 } });
    recorder = ctx.recorder;
    const m = load(`
      'use strict';
      class Cart { constructor() { this.items = [1]; } count() { return this.items.length; } }
      function plain(a) { return a; }
      function detached() { return this; }
      module.exports = { Cart, plain, detached };
    `);
    const cart = new m.Cart();
    expect(cart.count()).toBe(1);
    expect(cart.count()).toBe(1); // past the cap: counted only
    expect(m.plain(2)).toBe(2);
    const { detached } = m;
    expect(detached()).toBe(undefined);
    recorder.finish();
    const calls = events(ctx.sink.frames()).filter((e) => e.kind === 'call');
    expect(calls.map((e) => [e.fn, e.value === null ? null : JSON.parse(e.value)])).toEqual([
      ['Cart.constructor', { this: {} }],
      ['Cart.count', { this: { items: [1] } }],
      ['plain', { a: 2 }],
      ['detached', { this: '(none)' }],
    ]);
  });

  it('records exceptions with the thrown value (learned where traced code catches it) and rethrows it unchanged', () => {
    const ctx = setup({ capturer: jsonCapturer });
    recorder = ctx.recorder;
    const m = load(`
      function fail() { throw new Error('boom'); }
      function outer() { return fail(); }
      function run() { try { outer(); } catch (e) { return e; } return null; }
      module.exports = { run };
    `);
    const thrown = m.run() as Error | null;
    expect(thrown?.message).toBe('boom');
    recorder.flush();
    const ev = events(ctx.sink.frames());
    expect(ev.map((e) => `${e.kind} ${e.fn}`)).toEqual(['call run', 'call outer', 'call fail', 'exception fail', 'exception outer', 'return run']);
    expect(JSON.parse(ev[3]!.value!)).toEqual({ error: 'boom' });
    expect(JSON.parse(ev[4]!.value!)).toEqual({ error: 'boom' });
    expect(ev[3]!.depth).toBe(2);
    expect(ev[4]!.depth).toBe(1);
  });

  it('learns the value of an exception from a bare `catch {}` and at the await of a traced async caller', async () => {
    const ctx = setup({ capturer: jsonCapturer });
    recorder = ctx.recorder;
    const m = load(`
      function fail(x) { if (x) throw new RangeError('bad ' + x); return x; }
      function bare() { try { fail(1); } catch { return 'bare'; } }
      function pattern() { try { fail(2); } catch ({ message }) { return message; } }
      async function rethrows() { fail(3); }
      async function caller() { try { await rethrows(); } catch (e) { return e.message; } }
      module.exports = { bare, pattern, caller };
    `);
    expect(m.bare()).toBe('bare');
    expect(m.pattern()).toBe('bad 2');
    expect(await m.caller()).toBe('bad 3');
    recorder.flush();
    const ev = events(ctx.sink.frames());
    const exceptions = ev.filter((e) => e.kind === 'exception');
    expect(exceptions.map((e) => e.fn)).toEqual(['fail', 'fail', 'fail', 'rethrows']);
    expect(JSON.parse(exceptions[0]!.value!)).toEqual({ error: 'bad 1' });
    expect(JSON.parse(exceptions[1]!.value!)).toEqual({ $type: 'unknown', description: 'the thrown value was not seen where it was caught' });
    expect(JSON.parse(exceptions[2]!.value!)).toEqual({ error: 'bad 3' });
    expect(JSON.parse(exceptions[3]!.value!)).toEqual({ error: 'bad 3' });
    // The caller: its await threw into it, its catch resumed it, it settled with the message.
    const callerEvents = ev.filter((e) => e.fn === 'caller').map((e) => `${e.kind}${e.kind === 'settle' ? ' ' + e.value : ''}`);
    expect(callerEvents).toEqual(['call', 'return', 'suspend', 'resume', 'settle "bad 3"']);
  });

  it('records an async function whose await throws and is not caught as rejected, and resumed', async () => {
    const ctx = setup({ capturer: jsonCapturer });
    recorder = ctx.recorder;
    const m = load(`
      async function inner() { await null; throw new TypeError('late'); }
      async function outer() { await inner(); return 'never'; }
      async function top() { try { return await outer(); } catch (e) { return 'caught ' + e.message; } }
      module.exports = { top };
    `);
    expect(await m.top()).toBe('caught late');
    recorder.flush();
    const ev = events(ctx.sink.frames());
    const seq = (fn: string) => ev.filter((e) => e.fn === fn).map((e) => `${e.kind}${e.kind === 'exception' || e.kind === 'settle' ? ' ' + e.value : ''}`);
    expect(seq('inner')).toEqual(['call', 'return', 'suspend', 'resume', 'exception {"error":"late"}']);
    expect(seq('outer')).toEqual(['call', 'return', 'suspend', 'resume', 'exception {"error":"late"}']);
    expect(seq('top')).toEqual(['call', 'return', 'suspend', 'resume', 'settle "caught late"']);
  });

  it('records a generator that throws, one closed by return(), and a yield* whose inner generator throws', () => {
    const ctx = setup({ capturer: jsonCapturer });
    recorder = ctx.recorder;
    const m = load(`
      function* throws() { yield 1; throw new Error('gen'); }
      function* delegates() { yield* throws(); }
      function* endless() { while (true) yield 0; }
      function run() {
        const out = [];
        try { for (const x of delegates()) out.push(x); } catch (e) { out.push(e.message); }
        for (const x of endless()) { out.push(x); break; }
        return out;
      }
      module.exports = { run };
    `);
    expect(m.run()).toEqual([1, 'gen', 0]);
    recorder.flush();
    const ev = events(ctx.sink.frames());
    const last = (fn: string) => ev.filter((e) => e.fn === fn).pop()!;
    expect([last('throws').kind, last('throws').value]).toEqual(['exception', '{"error":"gen"}']);
    expect([last('delegates').kind, last('delegates').value]).toEqual(['exception', '{"error":"gen"}']);
    expect(last('endless').kind).toBe('return');
    expect(last('run').kind).toBe('return');
  });

  it('records a generator closed by return() whose `finally` yields as a return, not an exception (redux-saga cancellation)', () => {
    const ctx = setup({ capturer: jsonCapturer });
    recorder = ctx.recorder;
    const m = load(`
      function* ticker() {
        try { while (true) yield 'take'; } finally { const cancelled = yield 'cancelled?'; if (!cancelled) throw new Error('not cancelled'); }
      }
      function run() {
        const it = ticker();
        it.next();
        const out = [it.return('cancel').value, it.next(true).done];
        return out;
      }
      module.exports = { run };
    `);
    expect(m.run()).toEqual(['cancelled?', true]);
    recorder.flush();
    const ev = events(ctx.sink.frames());
    expect(ev.filter((e) => e.fn === 'ticker' && e.kind === 'exception')).toEqual([]);
    expect(ev.filter((e) => e.fn === 'ticker').pop()!.kind).toBe('return');
    expect(ev.filter((e) => e.fn === 'run').pop()!.kind).toBe('return');
  });

  it('keeps the value of a `return` through an await in a `finally` and through a `for await` closing', async () => {
    const ctx = setup({ capturer: jsonCapturer });
    recorder = ctx.recorder;
    const m = load(`
      async function cleanup() { await null; }
      async function withFinally() { try { return 'kept'; } finally { await cleanup(); } }
      async function* three() { yield 1; yield 2; yield 3; }
      async function firstOver(n) { for await (const x of three()) if (x > n) return x; return 0; }
      module.exports = { withFinally, firstOver };
    `);
    expect(await m.withFinally()).toBe('kept');
    expect(await m.firstOver(1)).toBe(2);
    recorder.flush();
    const settled = events(ctx.sink.frames()).filter((e) => e.kind === 'settle').map((e) => `${e.fn} ${e.value}`);
    expect(settled).toContain('withFinally "kept"');
    expect(settled).toContain('firstOver 2');
  });

  it('suspends a `for await` loop while it waits for the next value and when it closes the iterator', async () => {
    const ctx = setup();
    recorder = ctx.recorder;
    const m = load(`
      async function* source() { yield 1; yield 2; yield 3; }
      async function sum(stopAt) {
        let total = 0;
        for await (const x of source()) { if (x === stopAt) break; total += x; }
        return total;
      }
      module.exports = { sum };
    `);
    expect(await m.sum(0)).toBe(6);
    expect(await m.sum(2)).toBe(1);
    recorder.flush();
    const ev = events(ctx.sink.frames());
    const sums = ev.filter((e) => e.fn === 'sum').map((e) => e.kind);
    // call, promise handed back at the first wait; one wait per value and one for the end (or close)
    expect(sums.slice(0, 2)).toEqual(['call', 'return']);
    expect(sums.filter((k) => k === 'suspend').length).toBe(sums.filter((k) => k === 'resume').length);
    expect(sums.filter((k) => k === 'suspend').length).toBe(4 + 3);
    expect(sums.filter((k) => k === 'settle').length).toBe(2);
    // each call's suspensions pair up with its resumptions, in order, and it settles once
    for (const call of new Set(ev.filter((e) => e.fn === 'sum').map((e) => e.call))) {
      const kinds = ev.filter((e) => e.call === call && e.kind !== 'call_site').map((e) => e.kind).join(' ');
      expect(kinds).toMatch(/^call return (suspend resume )+settle$/);
    }
  });

  // `await using` parses on Node 24 (V8 13.6) and later only.
  const awaitUsing = (() => {
    try {
      new Function('return async function f() { await using x = null; }');
      return true;
    } catch {
      return false;
    }
  })();
  /** The events so far, once checked that every `meanwhile()` call is `main()`'s, not a suspended callee's. */
  function eventsWithMeanwhileInMain(ctx: ReturnType<typeof setup>): RecordedEvent[] {
    ctx.recorder.flush();
    const ev = events(ctx.sink.frames());
    const main = ev.find((e) => e.fn === 'main' && e.kind === 'call')!;
    for (const call of ev.filter((e) => e.fn === 'meanwhile' && e.kind === 'call')) expect(call.parent).toBe(main.call);
    return ev;
  }
  it.runIf(awaitUsing)('suspends a call while `await using` disposes its resources: what its caller does meanwhile is not inside it', async () => {
    const ctx = setup();
    recorder = ctx.recorder;
    const m = load(`
      class Res { async [Symbol.asyncDispose]() { await null; } }
      async function scoped(n) {
        { await using inner = new Res(); }
        await using outer = new Res();
        return n;
      }
      function meanwhile() { return 0; }
      async function main() { const p = scoped(1); meanwhile(); await p; meanwhile(); return scoped(2); }
      module.exports = { main };
    `);
    expect(await m.main()).toBe(2);
    const ev = eventsWithMeanwhileInMain(ctx);
    for (const call of new Set(ev.filter((e) => e.fn === 'scoped').map((e) => e.call))) {
      const kinds = ev.filter((e) => e.call === call && e.kind !== 'call_site').map((e) => e.kind).join(' ');
      // the inner block resumes after its disposal; the body's last disposal ends in the exit probe
      expect(kinds).toBe('call return suspend resume suspend settle');
    }
  });

  it.runIf(awaitUsing)('suspends a call while a `for (await using …; …; …)` head disposes, however the loop ends, and only once', async () => {
    const ctx = setup();
    recorder = ctx.recorder;
    const m = load(`
      let disposed = 0;
      class Res { async [Symbol.asyncDispose]() { disposed++; await null; } }
      function more(i) { return i < 2; }
      async function byTest() { for (await using r = new Res(), s = new Res(); more(r && s ? 0 : 9); ) { return 1; } }
      async function byBreak() { let i = 0; L: for (await using r = new Res(); ; i++) { if (i === 1) break L; } return i; }
      async function byEnd() { let i = 0; for (await using r = new Res(); more(i); i++) { if (i === 0) continue; } return i; }
      function meanwhile() { return 0; }
      async function main() {
        for (const f of [byTest, byBreak, byEnd]) { const p = f(); meanwhile(); await p; }
        return disposed;
      }
      module.exports = { main };
    `);
    expect(await m.main()).toBe(4);
    const ev = eventsWithMeanwhileInMain(ctx);
    // `more` runs while its loop's call is on the stack
    const loops = new Set(ev.filter((e) => e.fn.startsWith('by') && e.kind === 'call').map((e) => e.call));
    for (const call of ev.filter((e) => e.fn === 'more' && e.kind === 'call')) expect(loops.has(call.parent)).toBe(true);
    // suspended at each body's end (the loop may end there) and so while the loop's resources are
    // disposed, resumed by the next update or test, and after the loop (a `return` in it too)
    for (const [fn, bodies] of [['byTest', 1], ['byBreak', 2], ['byEnd', 3]] as const) {
      const kinds = ev.filter((e) => e.fn === fn && e.kind !== 'call_site').map((e) => e.kind).join(' ');
      expect(kinds).toBe(`call return ${'suspend resume '.repeat(bodies)}settle`);
    }
    expect(ev.filter((e) => e.kind === 'exception')).toEqual([]);
  });

  it('writes an exception caught by untraced code with an unknown value when traced code runs next', () => {
    const ctx = setup({ capturer: jsonCapturer });
    recorder = ctx.recorder;
    const m = load(`
      function fail() { throw new Error('boom'); }
      function next() { return 1; }
      module.exports = { fail, next };
    `);
    expect(() => m.fail()).toThrow('boom');
    expect(m.next()).toBe(1);
    expect(() => m.fail()).toThrow('boom');
    recorder.finish();
    const ev = events(ctx.sink.frames());
    expect(ev.map((e) => `${e.kind} ${e.fn}`)).toEqual(['call fail', 'exception fail', 'call next', 'return next', 'call fail', 'exception fail']);
    const unknown = { $type: 'unknown', description: 'the thrown value was not seen where it was caught' };
    expect(JSON.parse(ev[1]!.value!)).toEqual(unknown);
    expect(JSON.parse(ev[5]!.value!)).toEqual(unknown);
    const agg = aggregates(ctx.sink.frames());
    expect(agg.functions.map((f) => f.count)).toEqual([2, 1]);
  });

  it('takes the value of an uncaught exception from the uncaught handler', () => {
    const ctx = setup({ capturer: jsonCapturer });
    recorder = ctx.recorder;
    const m = load(`
      function fail() { throw new Error('uncaught'); }
      function outer() { fail(); }
      module.exports = { outer };
    `);
    let error: unknown = null;
    try {
      m.outer();
    } catch (e) {
      error = e;
    }
    recorder.thrown(error); // what the runtime's uncaughtExceptionMonitor does
    recorder.finish();
    const ev = events(ctx.sink.frames());
    expect(ev.map((e) => `${e.kind} ${e.fn}`)).toEqual(['call outer', 'call fail', 'exception fail', 'exception outer']);
    expect(JSON.parse(ev[2]!.value!)).toEqual({ error: 'uncaught' });
    expect(JSON.parse(ev[3]!.value!)).toEqual({ error: 'uncaught' });
  });

  it('writes the waiting exceptions unknown when more than its bound wait', () => {
    const ctx = setup({ capturer: jsonCapturer });
    recorder = ctx.recorder;
    const m = load(`
      function down(n) { if (n === 0) throw new Error('deep'); down(n - 1); }
      function run() { try { down(300); } catch (e) { return e.message; } }
      module.exports = { run };
    `);
    expect(m.run()).toBe('deep');
    recorder.finish();
    const ev = events(ctx.sink.frames()).filter((e) => e.kind === 'exception');
    expect(ev).toHaveLength(301);
    const values = ev.map((e) => JSON.parse(e.value!));
    expect(values[0]).toEqual({ $type: 'unknown', description: 'the thrown value was not seen where it was caught' });
    expect(values[300]).toEqual({ error: 'deep' });
    expect(ev.map((e) => e.depth)).toEqual(ev.map((e) => e.depth).sort((a, b) => b - a));
  });

  it('keeps exact counts but only the first maxDetailedCallsPerFunction calls in detail', () => {
    const ctx = setup({ overrides: { maxDetailedCallsPerFunction: 5 } });
    recorder = ctx.recorder;
    const m = load(`function tick(i) { return i; } module.exports = { tick };`);
    for (let i = 0; i < 20; i++) m.tick(i);
    recorder.finish();
    const frames = ctx.sink.frames();
    expect(events(frames).filter((e) => e.kind === 'call')).toHaveLength(5);
    const fn = aggregates(frames).functions[0]!;
    expect(fn.count).toBe(20);
    expect(fn.detailed).toBe(5);
    // every detailed call is timed; of the counted ones, a random sample
    expect(fn.timed).toBeGreaterThanOrEqual(5);
    expect(fn.timed).toBeLessThanOrEqual(20);
    expect(fn.histogram.reduce((a, b) => a + b, 0)).toBe(fn.timed);
    expect(fn.minNs).toBeLessThanOrEqual(fn.maxNs);
  });

  it('records an exception leaving calls past the detail cap, with those calls, up to the detailed caller that catches it', () => {
    const ctx = setup({ capturer: jsonCapturer, overrides: { maxDetailedCallsPerFunction: 3 } });
    recorder = ctx.recorder;
    const m = load(`
      function check(n) { if (n === 7) throw new RangeError('bad ' + n); return n; }
      function step(n) { return check(n) + 1; }
      function loop(from, to) { let sum = 0; for (let i = from; i < to; i++) { try { sum += step(i); } catch (e) { sum -= 100; } } return sum; }
      module.exports = { loop };
    `);
    expect(m.loop(0, 10)).toBe(0 + 1 + 1 + 1 + 2 + 1 + 3 + 1 + 4 + 1 + 5 + 1 + 6 + 1 - 100 + 8 + 1 + 9 + 1);
    recorder.finish();
    const frames = ctx.sink.frames();
    const ev = events(frames);
    const stepCalls = ev.filter((e) => e.kind === 'call' && e.fn === 'step');
    expect(stepCalls).toHaveLength(4); // the 3 within the cap, and the 8th, recorded when the exception left it
    const late = ev.slice(ev.indexOf(stepCalls[3]!));
    expect(late.map((e) => `${e.kind} ${e.fn}`)).toEqual(['call step', 'call check', 'exception check', 'exception step', 'return loop']);
    const loopCall = ev.find((e) => e.kind === 'call' && e.fn === 'loop')!;
    expect(late[0]!.parent).toBe(loopCall.call);
    expect(late[1]!.parent).toBe(late[0]!.call);
    expect(late[1]!.value).toBeNull(); // no argument values: the call was not recorded when it started
    expect(JSON.parse(late[2]!.value!)).toEqual({ error: 'bad 7' });
    expect(JSON.parse(late[3]!.value!)).toEqual({ error: 'bad 7' });
    // counts stay exact; the detail counts include the two calls recorded late
    expect(aggregates(frames).functions.map((f) => [f.count, f.detailed]).sort()).toEqual([[1, 1], [10, 4], [10, 4]]);
  });

  it('records an exception past the detail cap in detail at most once more than the cap per function', () => {
    const ctx = setup({ capturer: jsonCapturer, overrides: { maxDetailedCallsPerFunction: 2 } });
    recorder = ctx.recorder;
    const m = load(`
      function fail(n) { throw new Error('no ' + n); }
      module.exports = { fail };
    `);
    for (let i = 0; i < 10; i++) {
      try {
        m.fail(i);
      } catch {
        // caught by untraced code: the value stays unknown
      }
    }
    recorder.finish();
    const frames = ctx.sink.frames();
    expect(events(frames).filter((e) => e.kind === 'exception')).toHaveLength(4);
    expect(aggregates(frames).functions.map((f) => [f.count, f.detailed])).toEqual([[10, 4]]);
  });

  it('times a random sample of the counted calls and scales the totals; counts and edges stay exact', () => {
    const ctx = setup({ overrides: { maxDetailedCallsPerFunction: 10 } });
    recorder = ctx.recorder;
    const m = load(`
      function leaf(i) { return i + 1; }
      function a(i) { return leaf(i); }
      function b(i) { return leaf(i) + leaf(i); }
      function run(n) { let s = 0; for (let i = 0; i < n; i++) s += a(i) + b(i); return s; }
      module.exports = { run };
    `);
    m.run(40000);
    recorder.finish();
    const agg = aggregates(ctx.sink.frames());
    const byCount = new Map(agg.functions.map((f) => [f.count, f]));
    const leaf = byCount.get(120000)!;
    expect(leaf).toBeDefined();
    expect(byCount.get(40000)).toBeDefined();
    // 10 detailed + ~1/TIMING_SAMPLE_MEAN of the rest: well inside half to twice that
    expect(leaf.timed!).toBeGreaterThan((120000 / TIMING_SAMPLE_MEAN) * 0.5);
    expect(leaf.timed!).toBeLessThan((120000 / TIMING_SAMPLE_MEAN) * 2);
    expect(leaf.histogram.reduce((x, y) => x + y, 0)).toBe(leaf.timed);
    expect(leaf.totalNs).toBeGreaterThan(0);
    const leafEdges = agg.edges.filter((e) => e.callee === leaf.id);
    expect(leafEdges.map((e) => e.count).sort((x, y) => x - y)).toEqual([40000, 80000]);
    for (const e of leafEdges) {
      expect(e.timed!).toBeGreaterThan(0);
      expect(e.timed!).toBeLessThan(e.count);
    }
  });

  it("keeps counts, edges, gaps and recursion marks exact once a function's calls are only counted (enter's short path)", () => {
    const ctx = setup({ capturer: jsonCapturer, overrides: { maxDetailedCallsPerFunction: 10 } });
    recorder = ctx.recorder;
    const external = { work: (n: number) => n * 2 };
    const m = load(`
      function leaf(i) { if (i === 4321) throw new Error('late'); return i + 1; }
      function rec(n) { return n === 0 ? 0 : 1 + rec(n - 1); }
      const o = { leaf };
      function step(ext, i) { try { return o.leaf(i) + ext.work(i) + rec(i < 4900 ? 0 : 40); } catch (e) { return -1; } }
      function run(ext, n) { let s = 0; for (let i = 0; i < n; i++) s += step(ext, i); return s; }
      module.exports = { run };
    `);
    const started = process.hrtime.bigint();
    m.run(external, 5000);
    const wallNs = Number(process.hrtime.bigint() - started);
    recorder.finish();
    const frames = ctx.sink.frames();
    const agg = aggregates(frames);
    const names = ['leaf', 'rec', 'step', 'run'];
    const count = (name: string) => agg.functions.find((f) => f.id === names.indexOf(name) + 1)!.count;
    // rec(0) 4,899 times (the exception skips one), then rec(40) 100 times: 41 calls each, 40 of them
    // nested (its recursion first seen past its measured calls, when its calls were only counted)
    expect([count('leaf'), count('rec'), count('step'), count('run')]).toEqual([5000, 4899 + 4100, 5000, 1]);
    const edges = agg.edges.map((e) => `${e.caller ? names[e.caller - 1] : '(root)'}->${names[e.callee - 1]} ${e.count}`);
    expect(edges.sort()).toEqual(['(root)->run 1', 'rec->rec 4000', 'run->step 5000', 'step->leaf 5000', 'step->rec 4999']);
    // o.leaf reached a traced function every time (no gap); ext.work, untraced, is one each time
    // but the 4,321st, which the thrown exception skipped
    const sites = agg.sites.filter((s) => s.count > 0).map((s) => s.count);
    expect(sites).toEqual([4999]);
    // the exception on leaf's 4,322nd call (past its cap) is in the trace, with the call it left
    const thrown = events(frames).filter((e) => e.kind === 'exception');
    expect(thrown.map((e) => [e.fn, e.value])).toEqual([['leaf', JSON.stringify({ error: 'late' })]]);
    for (const f of agg.functions) {
      expect(f.histogram.reduce((x, y) => x + y, 0)).toBe(f.timed);
      expect(f.timed!).toBeGreaterThan(0);
    }
    // the outermost run: every call of it timed and measured, inside the run's own time
    expect(agg.functions.find((f) => f.id === 4)!.totalNs).toBeLessThan(wallNs);
  });

  it('keeps counts, edges, the timed sample and late exceptions exact for the nested calls of a recursion whose outermost calls are rare', () => {
    // 3 outermost calls of walk, each 3,000 deep: its outermost calls stay measured (fewer than
    // MEASURED_OUTER_CALLS), its nested ones past the first 1,000 measured take enter's short path
    const ctx = setup({ capturer: jsonCapturer, overrides: { maxDetailedCallsPerFunction: 5 } });
    recorder = ctx.recorder;
    const m = load(`
      function leaf(n) { if (n === -1) throw new RangeError('deep'); return n & 1; }
      function walk(n, bad) { return n === 0 ? leaf(bad ? -1 : 0) : leaf(n) + walk(n - 1, bad); }
      function run() { let s = 0; for (let i = 0; i < 3; i++) { try { s += walk(3000, i === 2); } catch (e) { s -= 1; } } return s; }
      module.exports = { run };
    `);
    expect(m.run()).toBe(1500 * 2 - 1);
    recorder.finish();
    const frames = ctx.sink.frames();
    const agg = aggregates(frames);
    const names = ['leaf', 'walk', 'run'];
    const fn = (name: string) => agg.functions.find((f) => f.id === names.indexOf(name) + 1)!;
    expect([fn('leaf').count, fn('walk').count, fn('run').count]).toEqual([3 * 3001, 3 * 3001, 1]);
    const edges = agg.edges.map((e) => `${e.caller ? names[e.caller - 1] : '(root)'}->${names[e.callee - 1]} ${e.count}`);
    expect(edges.sort()).toEqual(['(root)->run 1', 'run->walk 3', 'walk->leaf 9003', 'walk->walk 9000']);
    // walk: its 5 detailed calls, its 3 outermost ones, 1,000 nested ones measured, ~1 in 64 of the rest
    const walk = fn('walk');
    expect(walk.timed!).toBeGreaterThan(3 + 1000 + (9000 - 1005) / 64 / 2);
    expect(walk.timed!).toBeLessThan(3 + 1000 + (9000 - 1005) / 64 * 2);
    expect(walk.histogram.reduce((x, y) => x + y, 0)).toBe(walk.timed);
    // the exception from the deepest leaf of the last recursion: every frame it left is in the trace
    const thrown = events(frames).filter((e) => e.kind === 'exception');
    expect(thrown.map((e) => e.fn)).toEqual(['leaf', ...Array(63).fill('walk')]);
    expect(JSON.parse(thrown[0]!.value!)).toEqual({ error: 'deep' });
  });

  it('keeps edge counts exact when more edges than the edge cache holds take turns in its entries', () => {
    const ctx = setup({ capturer: jsonCapturer, overrides: { maxDetailedCallsPerFunction: 2 } });
    recorder = ctx.recorder;
    // 80 callers x 80 callees: 6,400 edges for 4,096 entries, each edge called 50 times in rounds
    const leaves = Array.from({ length: 80 }, (_, i) => `function l${i}(x) { return x + ${i}; }`).join('\n');
    const callers = Array.from({ length: 80 }, (_, i) => `function c${i}(x) { let s = 0; for (let j = 0; j < 80; j++) s += leaves[j](x); return s; }`).join('\n');
    const m = load(`
      ${leaves}
      const leaves = [${Array.from({ length: 80 }, (_, i) => `l${i}`).join(', ')}];
      ${callers}
      const callers = [${Array.from({ length: 80 }, (_, i) => `c${i}`).join(', ')}];
      function run(rounds) { let s = 0; for (let r = 0; r < rounds; r++) for (const c of callers) s += c(r); return s; }
      module.exports = { run };
    `);
    m.run(50);
    recorder.finish();
    const agg = aggregates(ctx.sink.frames());
    const pairs = agg.edges.filter((e) => e.caller >= 81 && e.caller <= 160);
    expect(pairs.length).toBe(6400);
    expect(new Set(pairs.map((e) => e.count))).toEqual(new Set([50]));
    expect(agg.functions.filter((f) => f.id <= 80).map((f) => f.count)).toEqual(Array(80).fill(80 * 50));
  });

  it('leaves a module untraced (its probes record nothing) when its functions would pass the most it has room for, with one warning', () => {
    const sink = new MemorySink();
    const { probe, recorder: rec } = createRecorder({ settings: settings(), sink, context: { rootParent: () => 0, rootDepth: () => -1 }, capturer: null }, () => 0, 5);
    const table = (file: string, n: number) => ({ moduleId: file, file, f: Array.from({ length: n }, (_, i) => [`f${i}`, 0, 0, 1, 0, []]), s: [] });
    expect(probe.m(table('/a.js', 3))).toEqual([1, 1]);
    // the generated code catches what m throws and runs the module with probes of its own that record nothing
    expect(() => probe.m(table('/b.js', 3))).toThrow();
    expect(probe.m(table('/c.js', 1))).toEqual([4, 1]);
    expect(() => probe.m(table('/d.js', 2))).toThrow();
    (globalThis as Record<string, unknown>).__breadcrumb__ = probe;
    const m = load(`function add(a, b) { return a + b; } function twice(x) { return add(x, x); } module.exports = { twice };`, 'e.js');
    expect(m.twice(21)).toBe(42);
    rec.finish();
    expect(events(sink.frames())).toEqual([]);
    const frames = sink.frames();
    expect(frames.filter((f) => f.type === FrameType.Module).map((f) => (f.body as ModuleTable).file)).toEqual(['/a.js', '/c.js']);
    const warnings = frames.filter((f) => f.type === FrameType.Warning).map((f) => f.body as { message: string; file: string });
    expect(warnings.map((w) => w.file)).toEqual(['/b.js']);
    expect(warnings[0]!.message).toMatch(/more than 5 functions/);
  });

  it('leaves a module untraced, with a warning, when its function table cannot be registered: never under made-up function ids', () => {
    const sink = new MemorySink();
    const { probe, recorder: rec } = createRecorder({ settings: settings(), sink, context: { rootParent: () => 0, rootDepth: () => -1 }, capturer: null }, () => 0);
    class Unreadable extends Array {
      override map(): never {
        throw new Error('unreadable rows');
      }
    }
    expect(probe.m({ moduleId: '/a.js', file: '/a.js', f: [['f0', 0, 0, 1, 0, []]], s: [] })).toEqual([1, 1]);
    expect(() => probe.m({ moduleId: '/b.js', file: '/b.js', f: new Unreadable(), s: [] })).toThrow('unreadable rows');
    expect(probe.m({ moduleId: '/c.js', file: '/c.js', f: [['g0', 0, 0, 1, 0, []]], s: [] })).toEqual([2, 1]);
    rec.finish();
    const frames = sink.frames();
    expect(frames.filter((f) => f.type === FrameType.Module).map((f) => (f.body as ModuleTable).file)).toEqual(['/a.js', '/c.js']);
    const warnings = frames.filter((f) => f.type === FrameType.Warning).map((f) => f.body as { message: string; file: string });
    expect(warnings).toEqual([{ message: 'its function table could not be registered (Error: unreadable rows): this module is not traced', file: '/b.js' }]);
  });

  it('counts an edge when its call starts: calls past the cap that return, throw or are still running all count', () => {
    const ctx = setup({ capturer: jsonCapturer, overrides: { maxDetailedCallsPerFunction: 5 } });
    recorder = ctx.recorder;
    const m = load(`
      function leaf(i) { if (i % 7 === 0) throw new Error('seven'); return i; }
      function mid(i) { try { return leaf(i); } catch (e) { return -1; } }
      function run(n, done) { let s = 0; for (let i = 0; i < n; i++) s += mid(i); done(); return s; }
      module.exports = { run };
    `);
    // finish() while run is on the stack, as at process.exit(): run's own call never ends
    m.run(700, () => recorder!.finish());
    const agg = aggregates(ctx.sink.frames());
    const names = ['leaf', 'mid', 'run'];
    const edges = agg.edges.map((e) => `${e.caller ? names[e.caller - 1] : '(root)'}->${names[e.callee - 1]} ${e.count}`);
    expect(edges.sort()).toEqual(['(root)->run 1', 'mid->leaf 700', 'run->mid 700']);
    expect(agg.functions.map((f) => f.count)).toEqual([700, 700, 1]);
  });

  it('marks a call of a function already running below it, and leaves its time out of the totals', () => {
    // A clock that only the program moves (1 µs at the bottom of each recursion): exact durations.
    let clock = 0;
    const ctx = setup({ overrides: { maxDetailedCallsPerFunction: 50 }, now: () => clock });
    recorder = ctx.recorder;
    (globalThis as Record<string, unknown>).__tick = () => (clock += 1000);
    const m = load(`
      function depth(n) { return n === 0 ? (__tick(), 0) : 1 + depth(n - 1); }
      function leaf(i) { return i + 1; }
      function run(rounds) { let s = 0; for (let i = 0; i < rounds; i++) s += depth(200) + leaf(i); return s; }
      module.exports = { run };
    `);
    m.run(200);
    recorder.finish();
    delete (globalThis as Record<string, unknown>).__tick;
    const frames = ctx.sink.frames();
    // the first call is the outer one; the 49 detailed calls below it are nested
    const calls = events(frames).filter((e) => e.kind === 'call' && e.fn === 'depth');
    expect(calls.map((e) => e.aux)).toEqual([0, ...Array(49).fill(CALL_NESTED)]);
    const agg = aggregates(frames);
    const depth = agg.functions.find((f) => f.count === 200 * 201)!;
    // every timed call is in the histogram, nested or not; the total is the time of the outer calls,
    // each of them timed (counting the nested ones again made it about 100 times the run's length)
    expect(depth.histogram.reduce((x, y) => x + y, 0)).toBe(depth.timed);
    const run = agg.functions.find((f) => f.count === 1)!;
    expect(run.totalNs).toBe(200 * 1000);
    expect(depth.totalNs).toBe(200 * 1000);
    // the 201 calls of each recursion contain its tick, each of them: kept apart for self times (the
    // nested calls past the detail cap are a 1-in-64 sample, whose estimate comes close)
    expect(depth.withNestedNs! / (200 * 201 * 1000)).toBeGreaterThan(0.8);
    expect(depth.withNestedNs! / (200 * 201 * 1000)).toBeLessThan(1.2);
  });

  it("keeps nested calls' time apart, so that self times add up in mutual recursion", () => {
    // A clock that only the program moves (`spin`: 20 µs): durations are exact, whatever the machine does.
    let clock = 0;
    const ctx = setup({ overrides: { maxDetailedCallsPerFunction: 1_000_000 }, now: () => clock });
    recorder = ctx.recorder;
    (globalThis as Record<string, unknown>).__spin = () => (clock += 20_000);
    // run -> a -> b -> a -> b ...: b spins, a does nothing else
    const m = load(`
      function spin() { __spin(); }
      function a(n) { return n === 0 ? 0 : b(n - 1); }
      function b(n) { spin(); return n === 0 ? 0 : a(n - 1); }
      function run(k) { let s = 0; for (let i = 0; i < k; i++) s += a(9); return s; }
      module.exports = { run };
    `);
    m.run(40);
    recorder.finish();
    delete (globalThis as Record<string, unknown>).__spin;
    const agg = aggregates(ctx.sink.frames());
    expect(agg.nestedTimes).toBe(true);
    const names = ['spin', 'a', 'b', 'run'];
    const fn = (name: string) => agg.functions.find((f) => f.id === names.indexOf(name) + 1)!;
    const withNested = (x: { totalNs: number; withNestedNs?: number }) => x.withNestedNs ?? x.totalNs;
    const self = (name: string) =>
      withNested(fn(name)) - agg.edges.filter((e) => e.caller === names.indexOf(name) + 1).reduce((sum, e) => sum + withNested(e), 0);
    // 40 chains of a9 b8 a7 b6 a5 b4 a3 b2 a1 b0: the outermost b8 spins 5 times, b6 4 times ... b0 once
    expect(fn('spin').totalNs).toBe(40 * 5 * 20_000);
    expect(fn('b').totalNs).toBe(40 * 5 * 20_000);
    expect(fn('b').withNestedNs).toBe(40 * (5 + 4 + 3 + 2 + 1) * 20_000);
    expect(fn('a').withNestedNs).toBe(40 * (5 + 4 + 3 + 2 + 1) * 20_000);
    // the spinning is spin's own, none of it a's or b's (the outermost-only totals gave b all of it:
    // its edge to a, every call of it nested, has no time outside withNestedNs)
    expect(names.map(self)).toEqual([40 * 5 * 20_000, 0, 0, 0]);
    expect(agg.edges.find((e) => e.caller === 3 && e.callee === 2)).toMatchObject({ totalNs: 0, withNestedNs: 40 * (4 + 3 + 2 + 1) * 20_000 });
  });

  it('knows a call is outermost again after its recursion ended by an exception or across awaits', async () => {
    const ctx = setup({ capturer: jsonCapturer });
    recorder = ctx.recorder;
    const m = load(`
      function down(n) { if (n === 0) throw new Error('bottom'); return down(n - 1); }
      function tryDown(n) { try { return down(n); } catch (e) { return -1; } }
      async function rec(n) { if (n > 0) { await null; return rec(n - 1); } return 0; }
      module.exports = { tryDown, rec };
    `);
    m.tryDown(3);
    m.tryDown(2);
    await m.rec(2);
    await m.rec(1);
    recorder.finish();
    const marks = (fn: string) => events(ctx.sink.frames()).filter((e) => e.kind === 'call' && e.fn === fn).map((e) => e.aux);
    expect(marks('down')).toEqual([0, 1, 1, 1, 0, 1, 1].map((x) => x * CALL_NESTED));
    // a call made after an await is nested in the resumed one; the next top-level call is outermost
    expect(marks('rec')).toEqual([0, 1, 1, 0, 1].map((x) => x * CALL_NESTED));
  });

  it("leaves Breadcrumb's own work (value capture) out of durations, and says how much it was", () => {
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    // a capture that takes 10 ms: the calls themselves take microseconds, and a scheduling pause of a
    // loaded machine (a few ms) cannot pass for a capture left in
    const slowCapturer: ValueCapturer = {
      args: (names, values) => (busy(10), jsonCapturer.args(names, values)),
      value: (v) => (busy(10), jsonCapturer.value(v)),
    };
    const ctx = setup({ capturer: slowCapturer });
    recorder = ctx.recorder;
    // objects: a number or a short string is captured faster than the clock reads that would time it
    const m = load(`
      function inner(x) { return { n: x.n + 1 }; }
      function outer(x) { return { n: inner(x).n * 2 }; }
      module.exports = { outer };
    `);
    expect(m.outer({ n: 1 })).toEqual({ n: 4 });
    recorder.finish();
    const frames = ctx.sink.frames();
    const ends = events(frames).filter((e) => e.kind === 'return');
    // inner: its arguments and its value (20 ms); outer: those, and its own (40 ms)
    expect(ends.map((e) => e.fn)).toEqual(['inner', 'outer']);
    expect(ends[0]!.aux).toBeGreaterThanOrEqual(20e6);
    expect(ends[1]!.aux).toBeGreaterThanOrEqual(40e6);
    // one capture left in would be 10 ms
    for (const f of aggregates(frames).functions) expect(f.totalNs).toBeLessThan(8e6);
  });

  it("leaves the capture of a thrown value out of the call's time once, not twice", async () => {
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    // capturing an Error takes 10 ms; each function runs 15 ms before it throws
    const slowCapturer: ValueCapturer = {
      args: (names, values) => jsonCapturer.args(names, values),
      value: (v) => (v instanceof Error ? busy(10) : undefined, jsonCapturer.value(v)),
    };
    const ctx = setup({ capturer: slowCapturer });
    recorder = ctx.recorder;
    (globalThis as Record<string, unknown>).busyFor = busy;
    try {
      const m = load(`
        function fails() { busyFor(15); throw new Error('plain'); }
        async function failsLater() { await null; busyFor(15); throw new Error('async'); }
        module.exports = { fails, failsLater };
      `);
      expect(() => m.fails()).toThrow('plain');
      await expect(m.failsLater()).rejects.toThrow('async');
    } finally {
      delete (globalThis as Record<string, unknown>).busyFor;
    }
    recorder.finish();
    const frames = ctx.sink.frames();
    const ends = events(frames).filter((e) => e.kind === 'exception');
    expect(ends.map((e) => e.fn)).toEqual(['fails', 'failsLater']);
    // the busy loop is a call into untraced code: its call_site event says how long it took here (on
    // a loaded machine, more than 15 ms)
    const busyNs = events(frames).filter((e) => e.kind === 'call_site').map((e) => e.aux);
    expect(busyNs).toHaveLength(2);
    // each call's time is its busy loop: the capture (taken after the exit was timed) used to be
    // subtracted from it as well, and an async call that threw after an await showed 0 ms running
    ['fails', 'failsLater'].forEach((name, i) => {
      const table = frames.filter((f) => f.type === FrameType.Module).map((f) => f.body as ModuleTable)[0]!;
      const id = table.fnBase + table.functions.findIndex((f) => f.name === name);
      const total = aggregates(frames).functions.find((f) => f.id === id)!.totalNs;
      expect(total).toBeGreaterThanOrEqual(busyNs[i]! - 1e6);
      // and no capture is left in (10 ms)
      expect(total).toBeLessThan(busyNs[i]! + 8e6);
    });
  });

  it('samples whole root calls for the detail; counts stay exact', () => {
    const ctx = setup({ overrides: { sampleRate: 0 } });
    recorder = ctx.recorder;
    const m = load(`function leaf() { return 1; } function root() { return leaf(); } module.exports = { root };`);
    for (let i = 0; i < 10; i++) m.root();
    recorder.finish();
    const frames = ctx.sink.frames();
    expect(events(frames)).toHaveLength(0);
    const agg = aggregates(frames);
    expect(agg.functions.map((f) => f.count)).toEqual([10, 10]);
    expect(agg.sampledOut).toBe(20);
  });

  it('records calls to uninstrumented code as call sites with a duration, and none between traced functions', () => {
    const ctx = setup();
    recorder = ctx.recorder;
    const external = { work: (n: number) => { let s = 0; for (let i = 0; i < n; i++) s += i; return s; } };
    const m = load(`
      function traced(x) { return x + 1; }
      function run(ext) { return ext.work(1000) + helper.traced(1); }
      const helper = { traced };
      module.exports = { run };
    `);
    expect(m.run(external)).toBe(499500 + 2);
    recorder.flush();
    const ev = events(ctx.sink.frames());
    const sites = ev.filter((e) => e.kind === 'call_site');
    expect(sites.map((e) => e.fn)).toEqual(['ext.work']);
    expect(sites[0]!.aux).toBeGreaterThan(0);
    expect(sites[0]!.call).toBe(ev[0]!.call);
  });

  it('counts every untraced call past the detail cap and times a sample of them, scaling the total', () => {
    const ctx = setup({ overrides: { maxDetailedCallsPerFunction: 10 } });
    recorder = ctx.recorder;
    const external = { work: (n: number) => n * 2 };
    const m = load(`
      function run(ext, n) { let s = 0; for (let i = 0; i < n; i++) s += ext.work(i); return s; }
      module.exports = { run };
    `);
    m.run(external, 20000);
    recorder.finish();
    expect(events(ctx.sink.frames()).filter((e) => e.kind === 'call_site')).toHaveLength(10);
    const site = aggregates(ctx.sink.frames()).sites[0]!;
    expect(site.count).toBe(20000);
    expect(site.timed!).toBeGreaterThan((20000 / TIMING_SAMPLE_MEAN) * 0.5);
    expect(site.timed!).toBeLessThan((20000 / TIMING_SAMPLE_MEAN) * 2);
    expect(site.totalNs).toBeGreaterThan(0);
  });

  it('records an untraced emit that calls back into a traced listener as a gap, the listener still its caller\'s child', () => {
    const ctx = setup();
    recorder = ctx.recorder;
    const m = load(`
      function onData(value) { return value * 2; }
      function fire(emitter) { emitter.emit('data', 21); return 'fired'; }
      class Bus { emit(name) { return name; } }
      function direct() { const bus = new Bus(); return bus.emit('x'); }
      module.exports = { onData, fire, direct };
    `);
    const { EventEmitter } = require('node:events') as typeof import('node:events');
    const emitter = new EventEmitter();
    emitter.on('data', m.onData);
    expect(m.fire(emitter)).toBe('fired');
    expect(m.direct()).toBe('x');
    recorder.flush();
    const ev = events(ctx.sink.frames());
    const fireCall = ev.find((e) => e.kind === 'call' && e.fn === 'fire')!;
    const listener = ev.find((e) => e.kind === 'call' && e.fn === 'onData')!;
    expect(listener.parent).toBe(fireCall.call);
    const sites = ev.filter((e) => e.kind === 'call_site');
    expect(sites.map((e) => e.fn)).toEqual(['emitter.emit']);
    expect(sites[0]!.call).toBe(fireCall.call);
    expect(sites[0]!.aux).toBeGreaterThan(0);
  });

  it('does not count constructing an instrumented class without a constructor as a gap', () => {
    const ctx = setup();
    recorder = ctx.recorder;
    const { Cart } = load(`
      class Cart { #items = []; add(x) { this.#items.push(x); return this.#items.length; } }
      module.exports = { Cart };
    `, 'cart.js');
    class Untraced { x = 1; }
    const m = load(`
      function make(Cart, Untraced) { const c = new Cart(); c.add(1); return [c, new Untraced(), new Date(0)]; }
      module.exports = { make };
    `);
    const [cart, untraced] = m.make(Cart, Untraced);
    expect(cart).toBeInstanceOf(Cart);
    expect(untraced).toBeInstanceOf(Untraced);
    recorder.flush();
    const sites = events(ctx.sink.frames()).filter((e) => e.kind === 'call_site').map((e) => e.fn);
    expect(sites).toEqual(['new Untraced']);
  });

  it('does not count creating a generator as a gap: its body runs, as a call of its own, when iterated', () => {
    const ctx = setup();
    recorder = ctx.recorder;
    const m = load(`
      class Lexer {
        *lex(s) { for (const ch of s) yield* this.token(ch); }
        *token(ch) { yield ch.toUpperCase(); }
      }
      function run(helper) { return [...new Lexer().lex('ab'), helper.list().length]; }
      module.exports = { run };
    `);
    expect(m.run({ list: () => [1, 2] })).toEqual(['A', 'B', 2]);
    recorder.flush();
    const ev = events(ctx.sink.frames());
    expect(ev.filter((e) => e.kind === 'call_site').map((e) => e.fn)).toEqual(['helper.list']);
    expect(ev.filter((e) => e.kind === 'call' && e.fn === 'Lexer.token')).toHaveLength(2);
  });

  it('records an async function: promise handed back at its first await, then settled', async () => {
    const ctx = setup({ capturer: jsonCapturer });
    recorder = ctx.recorder;
    const m = load(`
      async function later(v) { await null; await null; return v * 2; }
      module.exports = { later };
    `);
    expect(await m.later(21)).toBe(42);
    recorder.flush();
    const ev = events(ctx.sink.frames()).map((e) => `${e.kind}${e.value !== null && e.kind !== 'call' ? ' ' + e.value : ''}`);
    expect(ev).toEqual(['call', 'return', 'suspend', 'resume', 'suspend', 'resume', 'settle 42']);
  });

  it('records undefined as the value of a call that falls off its end, sync or async (it showed as null)', async () => {
    const ctx = setup({ capturer: { ...jsonCapturer, value: (v) => (v === undefined ? 'UNDEFINED' : JSON.stringify(v)) } });
    recorder = ctx.recorder;
    const m = load(`
      let n = 0;
      function fallsOff() { n++; }
      function returnsNull() { return null; }
      function bareReturn() { n++; return; }
      async function asyncFallsOff() { await null; n++; }
      function* gen() { yield 1; }
      module.exports = { fallsOff, returnsNull, bareReturn, asyncFallsOff, gen };
    `);
    m.fallsOff();
    m.returnsNull();
    m.bareReturn();
    await m.asyncFallsOff();
    expect([...m.gen()]).toEqual([1]);
    recorder.flush();
    const ends = events(ctx.sink.frames()).filter((e) => e.kind === 'return' || e.kind === 'settle').map((e) => `${e.fn} ${e.kind} ${e.value}`);
    expect(ends).toEqual([
      'fallsOff return UNDEFINED',
      'returnsNull return null',
      'bareReturn return UNDEFINED',
      'asyncFallsOff return null',
      'asyncFallsOff settle UNDEFINED',
      'gen return UNDEFINED',
    ]);
  });

  it('records generators suspending and resuming, and closing early', () => {
    const ctx = setup();
    recorder = ctx.recorder;
    const m = load(`function* count() { yield 1; yield 2; } module.exports = { count };`);
    expect([...m.count()]).toEqual([1, 2]);
    const early = m.count();
    early.next();
    early.return(undefined);
    recorder.flush();
    const ev = events(ctx.sink.frames()).map((e) => e.kind);
    expect(ev).toEqual([
      'call', 'suspend', 'resume', 'suspend', 'resume', 'return',
      'call', 'suspend', 'return',
    ]);
  });

  it('times async functions and generators by the time they ran; their elapsed time is kept apart', async () => {
    const ctx = setup({ capturer: jsonCapturer, overrides: { maxDetailedCallsPerFunction: 2 } });
    recorder = ctx.recorder;
    const m = load(`
      function spin(ms) { const end = performance.now() + ms; while (performance.now() < end); }
      function pause(ms) {
        const until = performance.now() + ms;
        return new Promise(function check(resolve) { const left = until - performance.now(); if (left <= 0) resolve(); else setTimeout(() => check(resolve), Math.ceil(left)); });
      }
      let wake;
      async function sleeper() { spin(2); await new Promise((r) => (wake = r)); spin(2); return 1; }
      async function sleepFor(ms) { const slept = sleeper(); await pause(ms); wake(); return slept; }
      async function step(i) { if (i % 2) await null; return i; }
      function* ticks() { spin(1); yield 1; spin(1); yield 2; }
      async function many(n) { const all = []; for (let i = 0; i < n; i++) all.push(step(i)); return (await Promise.all(all)).length; }
      async function child() { spin(1); await null; spin(5); }
      async function parent() { await child(); }
      module.exports = { sleepFor, ticks, many, parent, pause };
    `);
    const started = process.hrtime.bigint();
    // sleeper waits 50 ms from its suspension (timed by the real clock: a timer may fire early)
    expect(await m.sleepFor(50)).toBe(1);
    // a generator consumed slowly: 30 ms between its next() calls
    const it = m.ticks();
    it.next();
    await m.pause(30);
    it.next();
    await m.pause(30);
    it.next();
    // overlapping calls past the detail cap: each waits for the whole loop
    expect(await m.many(3000)).toBe(3000);
    await m.parent();
    const wallNs = Number(process.hrtime.bigint() - started);
    recorder.finish();
    const frames = ctx.sink.frames();
    const table = frames.find((f) => f.type === FrameType.Module)!.body as ModuleTable;
    const byName = (name: string) => aggregates(frames).functions.find((f) => f.id === table.fnBase + table.functions.findIndex((t) => t.name === name))!;
    const sleeper = byName('sleeper');
    // it ran about 4 ms (more on a loaded machine: the thread's time is the wall clock's) and waited 50
    expect(sleeper.totalNs).toBeGreaterThan(0);
    expect(sleeper.maxNs).toBe(sleeper.totalNs);
    // its elapsed time is the time it ran plus its wait
    expect(sleeper.waitedNs).toBeGreaterThanOrEqual(50e6);
    expect(sleeper.elapsedMaxNs).toBe(sleeper.totalNs + sleeper.waitedNs!);
    const ticks = byName('ticks');
    expect(ticks.totalNs).toBeGreaterThan(0);
    expect(ticks.waitedNs).toBeGreaterThanOrEqual(60e6);
    expect(ticks.elapsedMaxNs).toBe(ticks.totalNs + ticks.waitedNs!);
    const step = byName('step');
    // past the detail cap, timed 1 in 64 once the first 1,000 are measured: a call that suspends counts
    // the time it ran, and its wait is kept apart
    expect(step.count).toBe(3000);
    expect(step.timed).toBeLessThan(step.count);
    // each of the 1,500 calls that awaited waited for the rest of the loop: summed, their elapsed time
    // is far more than the run; the time they ran is microseconds (the histogram's buckets are powers
    // of two ns: bucket 20 starts at ~1 ms; a preempted call may land higher)
    const under1ms = step.histogram.slice(0, 20).reduce((a, b) => a + b, 0);
    expect(under1ms).toBeGreaterThanOrEqual(step.timed! * 0.9);
    // (the mean wait is the loop's length, ~1 ms here, less on a fast machine: the sum is what is pinned)
    expect(step.waitedNs! / step.timed!).toBeGreaterThan(1e5);
    expect(step.waitedNs! * (step.count / step.timed!)).toBeGreaterThan(wallNs);
    // a function whose calls never suspended has no wait
    expect(byName('spin').waitedNs).toBeUndefined();
    const many = byName('many');
    expect(many.totalNs).toBeLessThan(wallNs);
    // an async callee ran inside its caller until its first await; after it, inside the event loop
    const edge = (caller: string, callee: string) => aggregates(frames).edges.find((e) => e.caller === byName(caller).id && e.callee === byName(callee).id)!;
    const child = byName('child');
    expect(child.totalNs).toBeGreaterThanOrEqual(6e6);
    expect(edge('parent', 'child').totalNs).toBeGreaterThanOrEqual(1e6);
    expect(edge('parent', 'child').totalNs).toBeLessThanOrEqual(child.totalNs - 5e6);
    expect(edge('parent', 'child').totalNs).toBeLessThanOrEqual(byName('parent').totalNs);
    expect(edge('many', 'step').totalNs).toBeLessThanOrEqual(many.totalNs);
  });

  it("leaves out of an async call's own work what Breadcrumb did for other calls while it was suspended", async () => {
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const slowCapturer: ValueCapturer = {
      args: (names, values) => (typeof values[0] === 'object' ? busy(10) : undefined, jsonCapturer.args(names, values)),
      value: (v) => jsonCapturer.value(v),
    };
    const ctx = setup({ capturer: slowCapturer });
    recorder = ctx.recorder;
    const m = load(`
      function other(x) { return 1; }
      async function waits() { await null; return 2; }
      module.exports = { other, waits };
    `);
    const pending = m.waits();
    // runs while waits() is suspended: its 10 ms capture is no work done for waits()
    m.other({ big: 1 });
    expect(await pending).toBe(2);
    recorder.finish();
    const settle = events(ctx.sink.frames()).find((e) => e.kind === 'settle')!;
    expect(settle.fn).toBe('waits');
    expect(settle.aux).toBeLessThan(5e6);
  });

  it('drops batches and counts them when the sink is behind', () => {
    const sink = new MemorySink();
    let pending = 0;
    const behind: RecorderSink = { write: (f) => sink.write(f), pendingBytes: () => pending };
    const installed = installRecorder({
      settings: settings(),
      sink: behind,
      context: { rootParent: () => 0, rootDepth: () => -1 },
      capturer: null,
    });
    recorder = installed;
    const m = load(`function f() { return 1; } module.exports = { f };`);
    m.f();
    pending = 1 << 30;
    installed.flush();
    expect(installed.stats().dropped).toBe(2);
    pending = 0;
    installed.finish();
    expect(aggregates(sink.frames()).droppedEvents).toBe(2);
  });

  it('writes each batch once when the sink runs traced code while it writes (a program that patched fs)', () => {
    const sink = new MemorySink();
    let inSink: (() => void) | null = null;
    // Like graceful-fs's closeSync under the spool writer: traced code runs inside every write.
    const patched: RecorderSink = { write: (f) => { sink.write(f); inSink?.(); } };
    const installed = installRecorder({
      settings: settings({ maxDetailedCallsPerFunction: 1_000_000 }),
      sink: patched,
      context: { rootParent: () => 0, rootDepth: () => -1 },
      capturer: null,
    });
    recorder = installed;
    const m = load(`function work(k) { return k + 1; } function onWrite() { return 0; } module.exports = { work, onWrite };`);
    inSink = m.onWrite;
    for (let k = 0; k < 20_000; k++) m.work(k);
    installed.finish();
    const batches = sink.frames().filter((f) => f.type === FrameType.Events).map((f) => f.body as EventBatch);
    const starts = batches.map((b) => b.seqStart);
    expect(new Set(starts).size).toBe(starts.length);
    const recorded = events(sink.frames());
    expect(recorded.filter((e) => e.fn === 'work' && e.kind === 'call')).toHaveLength(20_000);
    // every write ran onWrite once, recorded in the next batch (the last one's, at finish, is counted)
    const onWrite = aggregates(sink.frames()).functions.find((f) => f.id === 2)!;
    expect(onWrite.count).toBe(batches.length);
    expect(recorded.filter((e) => e.fn === 'onWrite' && e.kind === 'call')).toHaveLength(batches.length - 1);
    expect(installed.stats().dropped).toBe(0);
  });

  it('gives instrumented functions back their original toString()', () => {
    recorder = setup().recorder;
    const m = load(`const f = (a) => a + 1; function g(x) { /* keep */ return x; } module.exports = { f, g };`);
    expect(m.f.toString()).toBe('(a) => a + 1');
    expect(String(m.g)).toBe('function g(x) { /* keep */ return x; }');
    expect(Function.prototype.toString.call(Math.max)).toBe('function max() { [native code] }');
    expect(Function.prototype.toString.toString()).toBe('function toString() { [native code] }');
  });

  it('exposes the running call for the async context and a root parent from the causal context', () => {
    const sink = new MemorySink();
    const installed = installRecorder({
      settings: settings(),
      sink,
      context: { rootParent: () => 77, rootDepth: () => 3 },
      capturer: null,
    });
    recorder = installed;
    const seen: number[] = [];
    const m = load(`function cb(probe) { probe(); } module.exports = { cb };`);
    m.cb(() => seen.push(installed.currentCall(), installed.currentDepth()));
    expect(installed.currentCall()).toBe(0);
    installed.flush();
    const call = events(sink.frames())[0]!;
    expect(call.parent).toBe(77);
    expect(call.depth).toBe(4);
    expect(seen).toEqual([call.call, 4]);
  });

  it("captures a parameterless function's arguments when it reads them", () => {
    const counting: ValueCapturer = { args: (names, values) => JSON.stringify({ names, count: values.length }), value: () => 'null' };
    const ctx = setup({ capturer: counting });
    recorder = ctx.recorder;
    const m = load(`function variadic() { return arguments.length; } const arrow = () => 1; module.exports = { variadic, arrow };`);
    expect(m.variadic(1, 2, 3)).toBe(3);
    m.arrow();
    recorder.flush();
    const calls = events(ctx.sink.frames()).filter((e) => e.kind === 'call');
    expect(JSON.parse(calls[0]!.value!)).toEqual({ names: [], count: 3 });
    expect(calls[1]!.value).toBeNull();
  });

  it('captures the arguments past the parameters of a function that reads its arguments, every parameter when fewer', () => {
    const listing: ValueCapturer = { args: (names, values) => JSON.stringify({ names, values: Array.from(values) }), value: () => 'null' };
    const ctx = setup({ capturer: listing });
    recorder = ctx.recorder;
    const m = load(`
      function emit(event, a1, a2) { return arguments.length; }
      function destructured(a, { b }) { return arguments.length; }
      module.exports = { emit, destructured };
    `);
    expect(m.emit('data', 1, 2, 3, 4)).toBe(5);
    expect(m.emit('end')).toBe(1);
    expect(m.destructured(1, { b: 2 }, 3)).toBe(3);
    recorder.flush();
    const calls = events(ctx.sink.frames()).filter((e) => e.kind === 'call');
    expect(JSON.parse(calls[0]!.value!)).toEqual({ names: ['event', 'a1', 'a2'], values: ['data', 1, 2, 3, 4] });
    expect(JSON.parse(calls[1]!.value!)).toEqual({ names: ['event', 'a1', 'a2'], values: ['end', null, null] });
    // a pattern's bindings are not its argument: the parameters' values as before
    expect(JSON.parse(calls[2]!.value!)).toEqual({ names: ['a', 'b'], values: [1, 2] });
  });
});

describe('estimatedTotal', () => {
  it('is the measured total when every call was timed, the measured mean times the count otherwise', () => {
    expect(estimatedTotal(500, 10, 10)).toBe(500);
    expect(estimatedTotal(500, 10, 40)).toBe(2000);
    expect(estimatedTotal(0, 0, 40)).toBe(0);
  });
});
