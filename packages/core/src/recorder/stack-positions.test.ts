import { describe, expect, it } from 'vitest';
import { instrument } from '@breadcrumb/instrumenter';
import { patchFunctionToString } from './function-to-string.js';
import { callSiteWith, installStackPositionRemap, keepStackPositionRemap, originalColumn, programCallSites, programFrameTexts, registerColumnShifts, withOwnPrepareStackTrace } from './stack-positions.js';

/**
 * `source` instrumented as `file`, its column table registered, and run as a script of its own (a
 * wrapper on the same line would move every column): its code and what it put in `module.exports`.
 */
function loadInstrumented<T>(file: string, source: string): { code: string; exports: T; table: { x: string; p?: string; w?: string } } {
  const { code } = instrument(source, { filename: file, moduleId: `./${file.split('/').pop()}`, sourceType: 'script' });
  const table = JSON.parse(/g\.m\((\{.*?\})\);/.exec(code)![1]!);
  registerColumnShifts(file, table.x, table.p, undefined, table.w);
  const module = { exports: null as unknown as T };
  const vm = require('node:vm') as typeof import('node:vm');
  globalThis.__breadcrumb__ = undefined;
  (globalThis as Record<string, unknown>).module = module;
  try {
    vm.runInThisContext(code, { filename: file });
  } finally {
    delete (globalThis as Record<string, unknown>).module;
  }
  return { code, exports: module.exports, table };
}

describe('stack positions', () => {
  it('maps generated columns back over the inserted text', () => {
    // 10 characters inserted at generated column 4, 5 more at generated column 20.
    const shifts = [4, 10, 20, 5];
    expect(originalColumn(shifts, 1)).toBe(1);
    expect(originalColumn(shifts, 15)).toBe(5); // right after the first insertion
    expect(originalColumn(shifts, 9)).toBe(5); // inside it: where it was inserted
    expect(originalColumn(shifts, 30)).toBe(15);
  });

  it("gives Error.stack and the CallSite API the original columns, the program's own formatter included", () => {
    patchFunctionToString();
    installStackPositionRemap();
    const file = '/virtual/stack-positions-fixture.js';
    const source = 'module.exports = function make(x) { return [x].map((v) => new Error(String(v)))[0]; };';
    const module = loadInstrumented<(x: number) => Error>(file, source);
    const original = source.indexOf('new Error') + 1;
    const frame = module.exports(1).stack!.split('\n').find((l) => l.includes(file))!;
    expect(frame, frame).toContain(`${file}:1:${original}`);
    const mine = (_e: Error, sites: NodeJS.CallSite[]) => sites.map((s) => `${s.getLineNumber()}:${s.getColumnNumber()}`)[0];
    Error.prepareStackTrace = mine;
    try {
      // Read back, it is a wrapper of the same name and text (V8 reads the property the same way as the program).
      expect(Error.prepareStackTrace?.name).toBe('mine');
      expect(String(Error.prepareStackTrace)).toBe(String(mine));
      expect(module.exports(2).stack).toBe(`1:${original}`);
    } finally {
      Error.prepareStackTrace = undefined;
    }
  });

  it('keeps the original columns when the program sets Error.prepareStackTrace to undefined or null', () => {
    patchFunctionToString();
    installStackPositionRemap();
    const file = '/virtual/stack-positions-cleared.js';
    const source = 'module.exports = function make(x) { return [x].map((v) => new Error(String(v)))[0]; };';
    const module = loadInstrumented<(x: number) => Error>(file, source);
    const original = source.indexOf('new Error') + 1;
    const saved = Error.prepareStackTrace;
    try {
      for (const cleared of [undefined, null]) {
        (Error as { prepareStackTrace?: unknown }).prepareStackTrace = cleared;
        // Node's default formatter, read back wrapped: with no function there, Node formatted unmapped.
        expect(typeof Error.prepareStackTrace).toBe('function');
        // its text is the formatter's, not the wrapper's (CoffeeScript's require hook looks for Node's,
        // `function ErrorPrepareStackTrace(`)
        expect(String(Error.prepareStackTrace).startsWith(`function ${Error.prepareStackTrace!.name}(`)).toBe(true);
        const frame = module.exports(1).stack!.split('\n').find((l) => l.includes(file))!;
        expect(frame.endsWith(`${file}:1:${original}`), frame).toBe(true);
      }
    } finally {
      Error.prepareStackTrace = saved;
    }
  });

  it('puts the accessor back when the program deletes Error.prepareStackTrace or defines a data property over it, and leaves its own accessor or a read-only formatter alone', () => {
    patchFunctionToString();
    installStackPositionRemap();
    const file = '/virtual/stack-positions-deleted.js';
    const source = 'module.exports = function make(x) { return [x].map((v) => new Error(String(v)))[0]; };';
    const module = loadInstrumented<(x: number) => Error>(file, source);
    const original = `${file}:1:${source.indexOf('new Error') + 1}`;
    const frameOf = (error: Error) => error.stack!.split('\n').find((l) => l.includes(file))!;
    const ours = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace')!;
    const holder = Error as { prepareStackTrace?: unknown };
    try {
      delete holder.prepareStackTrace;
      // deleted, Node formats with the generated columns, until the runtime looks again
      expect(frameOf(module.exports(1)).endsWith(original)).toBe(false);
      keepStackPositionRemap();
      expect(frameOf(module.exports(1)).endsWith(original), frameOf(module.exports(1))).toBe(true);
      expect(typeof holder.prepareStackTrace).toBe('function'); // Node's formatter, as after `= undefined`

      const mine = (_e: Error, sites: NodeJS.CallSite[]) => `${sites[0]!.getColumnNumber()}`;
      Object.defineProperty(Error, 'prepareStackTrace', { value: mine, writable: true, configurable: true });
      keepStackPositionRemap();
      expect(holder.prepareStackTrace).not.toBe(mine);
      expect(String(holder.prepareStackTrace)).toBe(String(mine));
      expect(module.exports(1).stack).toBe(original.split(':').pop());

      // a read-only formatter stays so (assigning to it must still fail), and an accessor of the program's own
      for (const descriptor of [{ value: mine, writable: false, configurable: true }, { get: () => mine, configurable: true }]) {
        Object.defineProperty(Error, 'prepareStackTrace', descriptor);
        keepStackPositionRemap();
        expect(Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace')).toEqual({ enumerable: false, ...descriptor, ...('get' in descriptor ? { set: undefined } : {}) });
      }
      // once put back, the accessor is the one installed: another check changes nothing
      delete holder.prepareStackTrace;
      keepStackPositionRemap();
      const back = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace')!;
      keepStackPositionRemap();
      expect(Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace')!.get).toBe(back.get);
    } finally {
      Object.defineProperty(Error, 'prepareStackTrace', ours);
    }
  });

  it('gives the frame texts Node prints, columns mapped back, without a call site wrapper per frame', () => {
    const file = '/virtual/stack-positions-frame-texts.js';
    const source = 'module.exports = function make(x) { return [x].map((v) => new Error(String(v)))[0]; };';
    const module = loadInstrumented<(x: number) => Error>(file, source);
    const sites = withOwnPrepareStackTrace((_e, callSites) => callSites, () => module.exports(1).stack) as unknown as NodeJS.CallSite[];
    const texts = programFrameTexts(sites);
    expect(texts).toEqual(programCallSites(sites).map(String));
    const original = source.indexOf('new Error') + 1;
    const shown = new RegExp(`${file}:1:${original}\\)?$`);
    expect(texts.find((t) => t.includes(file))).toMatch(shown);
    // the column V8 gave (generated) is not the one shown
    expect(sites.map(String).find((t) => t.includes(file))).not.toMatch(shown);
  });

  it('gives code made by Function or eval in an instrumented file its maker\'s original position (pug templates)', () => {
    installStackPositionRemap();
    const file = '/virtual/stack-positions-eval-origin.js';
    // As pug-runtime/wrap.js makes every template: `Function(...)(runtime)`, inside a traced function.
    const source = 'module.exports = function wrap(body) { return Function("x", body)(1); }; module.exports.nested = function maker(src) { return eval(src); };';
    const { code, exports } = loadInstrumented<((body: string) => unknown) & { nested: (src: string) => unknown }>(file, source);
    const module = { exports };
    const thrown = (run: () => unknown): Error => {
      try {
        run();
      } catch (error) {
        return error as Error;
      }
      throw new Error('did not throw');
    };
    // Node's own default formatter (an earlier test left none): each frame's text
    Error.prepareStackTrace = (e: Error, sites: NodeJS.CallSite[]) => [String(e), ...sites.map((site) => `    at ${site}`)].join('\n');
    const functionAt = source.indexOf('Function(') + 1;
    const evalAt = source.indexOf('eval(') + 1;
    expect(code.indexOf('Function(')).toBeGreaterThan(source.indexOf('Function(')); // it did move
    const stack = thrown(() => module.exports('return null.x')).stack!;
    expect(stack).toContain(`at eval (eval at wrap (${file}:1:${functionAt}), <anonymous>:3:13)`);
    // nested: an eval inside code an eval made names both makers
    const nested = thrown(() => module.exports.nested('(function inner() { return eval("null.y"); })()')).stack!;
    expect(nested).toContain(`(eval at inner (eval at maker (${file}:1:${evalAt})), <anonymous>:1:6)`);
    // the frame texts of captured error stacks name the same maker position
    const sites = withOwnPrepareStackTrace((_e, callSites) => callSites, () => thrown(() => module.exports('return null.w')).stack) as unknown as NodeJS.CallSite[];
    expect(programFrameTexts(sites)[0]).toContain(`eval at wrap (${file}:1:${functionAt})`);
    expect(programFrameTexts(sites)).toEqual(programCallSites(sites).map(String));
    Error.prepareStackTrace = (_e: Error, sites: NodeJS.CallSite[]) => `${sites[0]!.isEval()} ${sites[0]!.getEvalOrigin()}`;
    try {
      expect(thrown(() => module.exports('return null.z')).stack).toBe(`true eval at wrap (${file}:1:${functionAt})`);
    } finally {
      Error.prepareStackTrace = undefined;
    }
  });

  it('shows a throw with no position of its own where a plain run does: at the statement, after a call at the call, at `new`\'s callee', () => {
    installStackPositionRemap();
    const source = [
      'module.exports = [',
      '  function () { return missing(); },',
      '  function () { if (x) return 1 + missingToo(2); },',
      '  function () { return up() + missing(); },',
      '  function () { return [1, new Missing()]; },',
      '  function () { return new Missing(); },',
      '  () => new (class { static { missing(); } })(),',
      '];',
      'var x = 1; function up() { return 1; }',
    ].join('\n');
    const where = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return /:(\d+:\d+)\)?\n/.exec((error as Error).stack!)![1]!;
      }
      return 'no throw';
    };
    const vm = require('node:vm') as typeof import('node:vm');
    const plainModule = { exports: [] as Array<() => unknown> };
    (globalThis as Record<string, unknown>).module = plainModule;
    try {
      vm.runInThisContext(source, { filename: '/virtual/stack-positions-plain-run.js' });
    } finally {
      delete (globalThis as Record<string, unknown>).module;
    }
    const plain = plainModule.exports.map(where);
    expect(plain).toEqual(['2:17', '3:24', '4:24', '5:32', '6:17', '7:31']);
    const module = loadInstrumented<Array<() => unknown>>('/virtual/stack-positions-plain.js', source);
    expect(module.table.w).toBeDefined();
    expect(module.exports.map(where)).toEqual(plain);
  });

  it('keeps the message V8 makes of a call without arguments on a variable or `this`: `obj.nofn is not a function`', () => {
    const source = [
      'var obj = { n: 1 };',
      'module.exports = [function () { return obj.nofn(); }, function () { this.n(); }, function () { return obj.n?.(); }];',
    ].join('\n');
    const module = loadInstrumented<Array<() => unknown>>('/virtual/stack-positions-messages.js', source);
    const messages = module.exports.map((run) => {
      try {
        run.call({ n: 2 });
      } catch (error) {
        return (error as Error).message;
      }
      return 'no throw';
    });
    expect(messages).toEqual(['obj.nofn is not a function', 'this.n is not a function', 'obj.n is not a function']);
  });

  it("shows a generator delegating to a call on a later line where a plain run does: at the operand's call", () => {
    installStackPositionRemap();
    const file = '/virtual/stack-positions-yield-star.js';
    // The frame of `outer` is shown at its last recorded position before `yield*` delegates: `.inner`'s.
    const source = [
      'function* inner() { throw new Error("inner"); }',
      'const o = { inner };',
      'module.exports = function* outer() { yield* o',
      '  .inner(); };',
    ].join('\n');
    const module = loadInstrumented<() => Generator>(file, source);
    expect(module.table.p).toMatch(/^3:\d+,4,3$/);
    const outerFrame = (_e: Error, sites: NodeJS.CallSite[]) => {
      const site = sites.find((s) => s.getFunctionName() === 'outer')!;
      return `${site.getLineNumber()}:${site.getColumnNumber()} ${String(site)}`;
    };
    Error.prepareStackTrace = outerFrame;
    let stack = '';
    try {
      module.exports().next();
    } catch (error) {
      stack = (error as Error).stack!;
    } finally {
      Error.prepareStackTrace = undefined;
    }
    expect(stack).toBe(`4:4 Object.outer [as exports] (${file}:4:4)`);
  });

  it('a call site wrapper answers every method as the call site does, but the overridden ones, also when cloned as source-map-support clones', () => {
    const saved = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
    let sites: NodeJS.CallSite[] = [];
    Object.defineProperty(Error, 'prepareStackTrace', { value: (_e: Error, s: NodeJS.CallSite[]) => (sites = s), configurable: true, writable: true });
    try {
      void (function namedFrame() { return new Error('x').stack; })();
    } finally {
      if (saved) Object.defineProperty(Error, 'prepareStackTrace', saved);
    }
    const [site] = sites;
    const wrapped = callSiteWith(site!, { getColumnNumber: () => 99, toString: () => 'text' });
    const other = callSiteWith(sites[1]!, {});
    for (const w of [wrapped, other]) {
      expect(w.getFileName()).toBe(w === wrapped ? site!.getFileName() : sites[1]!.getFileName());
      expect(w.isNative()).toBe(false);
    }
    expect([wrapped.getFunctionName(), wrapped.getLineNumber(), wrapped.getColumnNumber(), String(wrapped)]).toEqual(['namedFrame', site!.getLineNumber(), 99, 'text']);
    // two wrappers of one prototype do not answer for each other
    expect(other.getFunctionName()).toBe(sites[1]!.getFunctionName());
    // source-map-support: copies every method of the prototype, calling it on the frame
    const clone: Record<string, unknown> = {};
    const proto = Object.getPrototypeOf(wrapped) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      clone[name] = /^(?:is|get)/.test(name) ? () => (wrapped as unknown as Record<string, () => unknown>)[name]!.call(wrapped) : proto[name];
    }
    expect((clone.getFunctionName as () => string)()).toBe('namedFrame');
    expect((clone.getColumnNumber as () => number)()).toBe(99);
    expect(Object.getOwnPropertyNames(proto)).toEqual(expect.arrayContaining(['getFileName', 'getLineNumber', 'isNative', 'getColumnNumber', 'toString']));
    // a method taken off the wrapper and called on something else is refused, as V8's own are
    expect(() => (wrapped.getFileName as () => unknown).call({})).toThrow(TypeError);
  });
});

