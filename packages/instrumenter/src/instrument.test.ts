import { transformSync } from '@babel/core';
import { describe, expect, it } from 'vitest';
import plugin, { instrument, InstrumentError, isInstrumented, INSTRUMENTED_MARKER } from './index.js';

const opts = { filename: '/app/src/mod.js', moduleId: './src/mod.js', sourceType: 'script' as const };
const NODE_24 = { v8: '13.6', importAssertions: false, usingDeclarations: true };
const INSERTION = /\/\*@bc\*\/[\s\S]*?\/\*bc@\*\//g;

/** The instrumented text minus the appended epilogue and every insertion: must be the input, exactly. */
function stripped(code: string): string {
  return code.slice(0, code.lastIndexOf('\n', code.length - 2)).replace(INSERTION, '');
}

describe('instrument', () => {
  it("leaves istanbul's coverage counter function alone (jest --coverage, nyc): plumbing, not the program", () => {
    const counter = [
      'function cov_2k3l9x() {',
      '  var path = "/app/src/mod.js";',
      '  var hash = "5e0a";',
      '  var global = new Function("return this")();',
      '  var gcv = "__coverage__";',
      '  var coverage = global[gcv] || (global[gcv] = {});',
      '  var actualCoverage = coverage[path] = coverage[path] || { s: { 0: 0 }, f: { 0: 0 } };',
      '  {',
      '    cov_2k3l9x = function () { return actualCoverage; };',
      '  }',
      '  return actualCoverage;',
      '}',
    ];
    const source = [...counter, 'cov_2k3l9x();', 'function add(a, b) {', '  cov_2k3l9x().f[0]++;', '  cov_2k3l9x().s[0]++;', '  return a + b;', '}'].join('\n');
    const { code, functions, callSites } = instrument(source, opts);
    expect(functions.map((f) => f.name)).toEqual(['add']);
    expect(callSites).toEqual([]);
    expect(code).toContain(counter.join('\n')); // not an insertion in it
    expect(stripped(code)).toBe(source);
    // a function of that name that is not istanbul's is the program's
    expect(instrument('function cov_abc() { return 1; }', opts).functions.map((f) => f.name)).toEqual(['cov_abc']);
  });

  it('only inserts: removing the insertions gives back the source, every line in place', () => {
    const source = [
      '#!/usr/bin/env node',
      '"use strict";',
      '/* a licence banner',
      ' * spanning lines */',
      'const fs = require("fs");',
      'function read(p) {',
      '  return fs.readFileSync(p, "utf8")',
      '}',
      'const f = async (x) => (await x, x)',
      'class A extends Object { constructor() { super(); } *g() { yield* [1]; } }',
      'export_ = { m() { return this?.x?.(); }, get y() { return; } }',
    ].join('\n');
    const { code } = instrument(source, opts);
    expect(code.startsWith('#!/usr/bin/env node\n"use strict";\n/* a licence banner')).toBe(true);
    expect(stripped(code)).toBe(source);
    // no line break at the end: the epilogue goes on a line of its own
    expect(code.split('\n').length).toBe(source.split('\n').length + 1);
  });

  it('keeps the line count of a source that ends with a line break: code put after it keeps its lines', () => {
    for (const end of ['\n', '\r\n', '\u2028']) {
      const source = `'use strict';\nfunction f(n) {\n  return n + 1;\n}\nmodule.exports = f;${end}`;
      const { code } = instrument(source, opts);
      expect(code.split(/\r\n|[\n\r\u2028]/).length).toBe(source.split(/\r\n|[\n\r\u2028]/).length);
      // as rewire does through Module.wrapper[1]: a function appended after the module, its frames on their lines
      const appended = `\nmodule.exports.where = function where() { return new Error('x').stack; };`;
      const lineOfWhere = (text: string): string | undefined => {
        const module = { exports: null as unknown as { where(): string } };
        new Function('module', text + appended)(module);
        return /<anonymous>:(\d+):/.exec(module.exports.where())?.[1];
      };
      expect(lineOfWhere(code)).toBe(lineOfWhere(source));
    }
  });

  it('leaves generators and plain functions through finally only, async functions also through a catch that rethrows, and brackets for await with suspend/resume', () => {
    const source = [
      'async function a(x) { try { await x; } catch (e) { return e; } }',
      'function* g() { yield 1; yield* [2]; }',
      'async function* ag(it) { L: for await (const v of it) { if (v) continue L; } }',
    ].join('\n');
    const { code } = instrument(source, opts);
    expect(stripped(code)).toBe(source);
    const inserted = (code.match(INSERTION) ?? []).join(' ');
    // An async function's only catch clause of ours hands the value to `x` and rethrows the same value.
    expect(inserted.match(/catch\(/g)).toHaveLength(1);
    expect(inserted).toMatch(/\}catch\(__bc\$t\)\{[^}]*\.x\(__bc\$c,__bc\$t\);throw __bc\$t\}finally\{/);
    const generators = instrument(source.split('\n').slice(1).join('\n'), opts).code;
    expect((generators.match(INSERTION) ?? []).join(' ')).not.toMatch(/catch\(/); // none in generators
    expect(inserted).toMatch(/\.k\(e,__bc\$c\);/); // the user's catch hands over the value and its call
    expect(code).toMatch(/yield \/\*@bc\*\/[^/]*\.s\)\(__bc\$c,\/\*bc@\*\/1\/\*@bc\*\/,1\)/);
    expect(code).toMatch(/yield\* \/\*@bc\*\/[^/]*\.s\)\(__bc\$c,\/\*bc@\*\/\[2\]\/\*@bc\*\/,2\)/);
    // the try goes before the label, and suspends first when the iterable is a variable (V8's `it is not
    // async iterable` prints the expression); the loop body resumes first and suspends in a finally
    expect(code).toMatch(/\/\*@bc\*\/try\{[^/]*\.s\(__bc\$c\);\/\*bc@\*\/L: for await \(const v of it\)/);
    expect(code).toMatch(/\/\*@bc\*\/\{[^/]*\.R\(__bc\$c\);try\{\/\*bc@\*\/\{ if \(v\)/);
  });

  it('suspends a call while `await using` disposes (a sync `using` of ours after the declaration) and resumes it after the block', () => {
    const source = [
      'async function body(r) { await using x = r(); return 1; }',
      'async function nested(r) { L: { before(); await using a = r(), b = r(); await using c = r(); } }',
      'async function loop(rs) { for (await using y of rs) work(y); for await (await using z of rs) work(z); }',
      'async function cond(r) { for (await using w = r(); ;) break; }',
      'async function head(r, more, next) { for (await using w = r(); more(); next()) work(w); }',
    ].join('\n');
    const { code } = instrument(source, opts);
    expect(stripped(code)).toBe(source);
    const lines = code.split('\n');
    const marker = String.raw`using __bc\$u\d+=\{\[Symbol\.dispose\]:\(\)=>\{[^}]*\.s\(__bc\$c\)\}\};`;
    // A function body is already in the enter probe's try, whose exit probes end a suspended call.
    expect(lines[0]).toMatch(new RegExp(String.raw`await using x = .*;/\*@bc\*/;${marker}/\*bc@\*/\n?\s*return`));
    expect(lines[0]!.match(/\.R\(/g)).toBeNull();
    // A nested block: one disposer per declaration, its statements in one try that resumes after them.
    expect(lines[1]!.match(new RegExp(marker, 'g'))).toHaveLength(2);
    expect(lines[1]).toMatch(/L: \{\/\*@bc\*\/try\{\/\*bc@\*\/ /);
    expect(lines[1]).toMatch(/\/\*@bc\*\/\}finally\{[^}]*\.R\(__bc\$c\)\}\/\*bc@\*\/\} /);
    // for (await using ...): each body resumes and suspends, the loop resumes after; for await does it already.
    expect(lines[2]).toMatch(/\/\*@bc\*\/try\{\/\*bc@\*\/for \(await using y of rs\) \/\*@bc\*\/\{using __bc\$u\d+=\([^,]*\.R\(__bc\$c\),\{\[Symbol\.dispose\]/);
    expect(lines[2]!.match(/using __bc\$u/g)).toHaveLength(1);
    // for (await using ...; ;): no `using` of ours in the body (V8 disposed the head twice on a `break`
    // then); the body resumes and suspends in a try, the update resumes, a false test suspends
    expect(lines[3]).not.toMatch(/using __bc\$u/);
    expect(lines[3]).toMatch(/\/\*@bc\*\/\{[^{};]*\.R\(__bc\$c\);try\{\/\*bc@\*\/break;\/\*@bc\*\/\}finally\{[^{}]*\.s\(__bc\$c\)\}\}/);
    const [test, update] = lines[4]!.split(';').filter((part) => /more\(\)|next\(\)/.test(part));
    expect(test).toMatch(/^ \/\*@bc\*\/\([^,]*\.R\(__bc\$c\),.*more\(\).*\)\|\|[^|]*\.s\(__bc\$c\)\/\*bc@\*\/$/);
    expect(update).toMatch(/^ \/\*@bc\*\/\([^,]*\.R\(__bc\$c\),.*next\(\)/);
  });

  it('leaves untraced a function whose top-level function shares its name with a `var` or another such function (a SyntaxError in the probes\' try block)', () => {
    const source = [
      '"use strict";',
      'function promisify(original) {',
      '  if (original.custom) { var fn = original.custom; return fn; }',
      '  function fn() { return original(); }',
      '  return fn;',
      '}',
      'function twice() { function h() { return 1; } function h() { return 2; } return h(); }',
      'function loop() { for (var i = 0, g; i < 1; i++) g = 1; function g() {} return typeof g; }',
      'module.exports = [promisify(() => 7)(), promisify({ custom: 8 }), twice(), loop()];',
    ].join('\n');
    const { code, functions } = instrument(source, opts);
    expect(stripped(code)).toBe(source);
    const module = { exports: null as unknown };
    new Function('module', code)(module);
    expect(module.exports).toEqual([7, 8, 2, 'number']);
    // the inner functions are traced; the three with a conflict are not
    expect(functions.map((f) => f.name)).toEqual(['fn', 'h', 'h', 'g', '<anonymous>']);
  });

  it('inserts nothing in a `with` body, where a Proxy claiming every name would claim the probes too', () => {
    const source = [
      'function render(scope) {',
      '  with (scope) { return [a + b, helper(1), (function inner() { return a; })()]; }',
      '}',
      'const claimsAll = new Proxy({ a: 5, b: 7 }, {',
      '  has: (t, k) => k !== "render",',
      '  get: (t, k) => (k === Symbol.unscopables ? undefined : k in t ? t[k] : () => `proxy ${String(k)}`),',
      '});',
      'module.exports = render(claimsAll);',
    ].join('\n');
    const { code, functions } = instrument(source, opts);
    expect(stripped(code)).toBe(source);
    const withBody = code.split('\n')[1]!;
    expect(withBody.slice(withBody.indexOf('with (scope)'))).not.toMatch(INSERTION);
    const module = { exports: null as unknown };
    new Function('module', code)(module);
    expect(module.exports).toEqual([12, 'proxy helper', 5]);
    // render is traced by the probes around its body; inner, made inside the with, is not
    expect(functions.map((f) => f.name)).toEqual(['render', 'has', 'get', '<anonymous>']);
  });

  it('names functions as a user would say them', () => {
    const source = `
      function add(a, b) {}
      const mul = function () {};
      const arrow = () => {};
      const api = { fetch() {}, get price() { return 1; }, set price(v) {}, nested: { deep: () => 1 } };
      class Cart { constructor(items) {} total() {} static of() {} get size() { return 0; } #secret() {} handler = () => {} }
      pp.parseStatement = function (context, topLevel) {};
      [1].map(function () {});
      export default function () {}
    `;
    const { functions } = instrument(source, { ...opts, sourceType: 'module' });
    expect(functions.map((f) => `${f.name}|${f.kind}`)).toEqual([
      'add|function',
      'mul|function',
      'arrow|arrow',
      'api.fetch|method',
      'get api.price|getter',
      'set api.price|setter',
      'api.nested.deep|arrow',
      'Cart.constructor|constructor',
      'Cart.total|method',
      'Cart.of|method',
      'get Cart.size|getter',
      'Cart.#secret|method',
      'Cart.handler|class-field',
      'pp.parseStatement|function',
      '<anonymous>|function',
      'default export|function',
    ]);
    expect(functions[0]).toMatchObject({ params: ['a', 'b'], line: 2, column: 6, file: '/app/src/mod.js', async: false });
    expect(functions[14]!.params).toEqual([]);
  });

  it('lists parameters, destructured ones by their bindings', () => {
    const { functions } = instrument('function f(a, { b, c: [d] }, e = 1, ...rest) {}', opts);
    expect(functions[0]!.params).toEqual(['a', 'b', 'd', 'e', 'rest']);
  });

  it('records call sites as written, skipping intrinsics, local functions, eval, super and import()', () => {
    const source = `
      const fs = require('fs');
      function local() {}
      async function f(axios, list) {
        local();
        fs.readFileSync('x');
        await axios.get('/u');
        fetch('/v');
        Math.max(1, 2); JSON.parse('1'); list.map(String); 'a'.toUpperCase();
        eval('1');
        new URL('http://x');
        new Map();
        await import('./x.js');
      }
      class B extends Object { constructor() { super(); super.toString(); } }
    `;
    const { callSites } = instrument(source, opts);
    expect(callSites.map((s) => s.callee)).toEqual(['fs.readFileSync', 'axios.get', 'fetch', 'new URL']);
    expect(callSites[0]).toMatchObject({ fn: 1, line: 6 });
    const all = instrument(source, { ...opts, gapIntrinsics: true }).callSites.map((s) => s.callee);
    expect(all).toEqual(expect.arrayContaining(['Math.max', 'JSON.parse', 'list.map', 'new Map']));
  });

  it('names a call on a parenthesized object as the program wrote it', () => {
    const source = 'function f(isExit, a, b, type) { (isExit ? a : b).get(type); (a || b).fetch(type); (await_ = a).run(); ((a)).go(); (a.b).c(); }';
    const { callSites } = instrument(source, opts);
    expect(callSites.map((s) => s.callee)).toEqual(['(isExit ? a : b).get', '(a || b).fetch', '(await_ = a).run', 'a.go', 'a.b.c']);
  });

  it("names a transpiler's `(0, _lib.fn)(x)` call by its function, and leaves Vite's module loading out", async () => {
    const source = [
      'async function main(_lib, lib_1) {',
      '  const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/lib.js");',
      '  (0, _lib.parse)("x"); (0, lib_1.format)(1); (0, __vite_ssr_import_0__.expect)(2);',
      '}',
    ].join('\n');
    const { callSites } = instrument(source, opts);
    expect(callSites.map((s) => s.callee)).toEqual(['_lib.parse', 'lib_1.format', '__vite_ssr_import_0__.expect']);
  });

  it("gives a computed key's await, calls and arguments to the function around the member, which evaluates it", () => {
    const source = `
      async function outer(api) {
        class C { [await api.key()]() { return 1; } static [api.other()] = 1; }
        return { [arguments[0].name]() { return 2; } };
      }`;
    const { callSites, functions, code } = instrument(source, opts);
    expect(functions.map((f) => f.name)).toEqual(['outer', 'C.[await api.key()]', '[arguments[0].name]']);
    expect(callSites.map((s) => [s.callee, s.fn])).toEqual([['api.key', 0], ['api.other', 0]]);
    // outer reads its arguments (so they are recorded whole); the methods do not
    expect(code.match(/arguments\.length>1\?arguments:\[api\]/g)).toHaveLength(1);
    // A top-level await in a key suspends no traced call: left as written (it ran into `__bc$c` before)
    const esm = instrument('class T { [await k()]() {} static [await k()] = 1; }', { ...opts, sourceType: 'module' });
    expect(esm.code).not.toMatch(/\.[Rs]\(/);
    expect(esm.callSites.map((s) => s.fn)).toEqual([-1, -1]);
  });

  it('hands `this` to the detailed enter of a function that reads it, and of no other', () => {
    const source = `
      class Base { constructor(n) { this.n = n; } size() { return this.n; } static of() { return new this(1); } }
      class Derived extends Base { constructor() { super(2); this.m = 1; } get twice() { return [1].map(() => this.n * 2); } }
      function plain(a) { return a; }
      function sloppy() { return arguments.length + this.k; }
      const o = { f() { return function inner() { return 1; }; }, g: () => this };
      class F { field = this; }`;
    const { code, functions } = instrument(source, opts);
    const entersOf = (name: string) => {
      const id = functions.findIndex((f) => f.name === name);
      return code.match(new RegExp(`const __bc\\$c=[^;]*?[fF]\\+${id}\\)(\\|\\|[^;]*)?;`))![0];
    };
    expect(entersOf('Base.constructor')).toMatch(/\.E\([^,]+,\[n\],this\);$/);
    // no parameters: an empty list, so that a detailed call still hands the receiver over
    expect(entersOf('Base.size')).toMatch(/\.w\([^)]+\)\|\|[^;]*\.E\([^,]+,\[\],this\);$/);
    expect(entersOf('Base.of')).toMatch(/,\[\],this\);$/);
    // `this` does not exist before super() returns: a derived constructor's enter cannot read it
    expect(entersOf('Derived.constructor')).not.toContain('this');
    // read in an arrow function: the receiver of the method around it
    expect(entersOf('get Derived.twice')).toMatch(/,\[\],this\);$/);
    expect(entersOf('sloppy')).toMatch(/,arguments,this\);$/);
    for (const name of ['plain', 'o.f', 'inner', 'o.g']) expect(entersOf(name)).not.toContain('this');
    expect(stripped(code)).toBe(source);
  });

  it("takes an intrinsic reached through an alias for the intrinsic (lodash's `var isArray = Array.isArray` with `var Array = context.Array`)", () => {
    const source = `
      var runInContext = function (context) {
        var Array = context.Array, Math = context.Math, Object = context.Object;
        var isArray = Array.isArray, nativeMax = Math.max, keys = Object.keys, other = context.other.fn;
        var later = Array.from; later = other;
        function f(x) { return [isArray(x), nativeMax(1, 2), Math.min(1, 2), Object(x), keys(x), Array.of(1), other(x), later(x)]; }
        return f;
      };
      var parse = JSON.parse, NotAGlobal = context.NotAGlobal, alsoNot = NotAGlobal.method;
      function g(s) { return [parse(s), alsoNot(s)]; }
    `;
    // a reassigned alias, a member of something else, a name that is no intrinsic: still gaps
    expect(instrument(source, opts).callSites.map((s) => s.callee)).toEqual(['other', 'later', 'alsoNot']);
    expect(instrument(source, { ...opts, gapIntrinsics: true }).callSites.map((s) => s.callee)).toEqual([
      'isArray', 'nativeMax', 'Math.min', 'Object', 'keys', 'Array.of', 'other', 'later', 'parse', 'alsoNot',
    ]);
  });

  it('keeps a module method a gap even when its name is also an intrinsic method (path.join, _.map)', () => {
    const script = `
      const path = require('node:path'); const _ = require('lodash'); const sub = require('pkg').sub;
      function f(list, name) { list.join(','); name.split('/'); path.join('a', 'b'); _.map(list, String); sub.find(1); }
    `;
    expect(instrument(script, opts).callSites.map((s) => s.callee)).toEqual(['path.join', '_.map', 'sub.find']);
    const esm = `
      import * as path from 'node:path'; import lodash from 'lodash'; import { db } from './db.js';
      export function f(list) { list.map(String); path.join('a'); lodash.filter(list, Boolean); db.users.find(); }
    `;
    expect(instrument(esm, { ...opts, sourceType: 'module' }).callSites.map((s) => s.callee)).toEqual([
      'path.join', 'lodash.filter', 'db.users.find',
    ]);
  });

  it('marks its output and never instruments twice', () => {
    const once = instrument('function f() { return 1; }', opts);
    expect(isInstrumented(once.code)).toBe(true);
    expect(isInstrumented('function f() {}')).toBe(false);
    const twice = instrument(once.code, opts);
    expect(twice.code).toBe(once.code);
    expect(twice.functions).toEqual([]);
    expect(once.code).toContain(INSTRUMENTED_MARKER);
  });

  it('runs unchanged without the runtime (probes are no-ops)', () => {
    const { code } = instrument('function sq(x) { return x * x; } module.exports = sq(7);', opts);
    const module = { exports: 0 };
    new Function('module', code)(module);
    expect(module.exports).toBe(49);
  });

  it("binds a CommonJS module's probe and bases as constants in its first statement, and keeps an ES module's hoisted function guarded", () => {
    const source = "'use strict';\nfunction sq(x) { return x * x; }\nmodule.exports = sq(7);";
    const { code } = instrument(source, { ...opts, sourceType: 'script' });
    const start = /^'use strict';\n\/\*@bc\*\/const (__bc\$\w+)P=\1i\(\),\1F=\1f,\1S=\1s;\/\*bc@\*\/function sq/.exec(code);
    expect(start).not.toBeNull();
    const name = start![1]!;
    expect(code).toContain(`const __bc$c=${name}P.w(${name}F+0)||${name}P.E(${name}F+0,[x]);`);
    expect(code).toContain(`finally{${name}P.r(__bc$c)}`);
    // with a recorder: the constants are what its init chose
    const seen: number[] = [];
    const probe = { pv: 5, m: () => [40, 7], w: (fn: number) => (seen.push(fn), 1), v: (_c: number, v: unknown) => v, n() {}, r() {} };
    const global = globalThis as { __breadcrumb__?: unknown };
    global.__breadcrumb__ = probe;
    try {
      const module = { exports: 0 };
      new Function('module', code)(module);
      expect(module.exports).toBe(49);
      expect(seen).toEqual([40]);
    } finally {
      delete global.__breadcrumb__;
    }
    // an ES module's hoisted function can run (through an import cycle) before its first statement
    // (hoisted-functions.test.ts has the shape of every other kind)
    const esm = instrument('export function sq(x) { return x * x; }', { ...opts, sourceType: 'module' }).code;
    expect(esm).toMatch(/const __bc\$p=(__bc\$\w+)r===void 0\?\1i\(\):\1P,__bc\$q=\1r===void 0\?\1f:\1F,__bc\$c=__bc\$p\.w\(__bc\$q\+0\)/);
  });

  it('throws InstrumentError with the position on a syntax error', () => {
    expect(() => instrument('function (', opts)).toThrow(InstrumentError);
    try {
      instrument('let x = ;', opts);
    } catch (error) {
      expect((error as InstrumentError).line).toBe(1);
      expect((error as InstrumentError).message).toMatch(/runs uninstrumented/);
    }
  });

  it('keeps the deprecated `assert` of import attributes as it is (Node 20 runs it), and refuses it where the Node running it does not', () => {
    const source = [
      "import data from './data.json' assert { type: 'json' };",
      "export { default as copy } from './data.json' assert { type: 'json' };",
      "import plain from './data.json' with { type: 'json' };",
      "function load(name) { return import(name, { assert: { type: 'json' } }); }",
    ].join('\n');
    const esm = { ...opts, sourceType: 'module' as const };
    const { code, functions } = instrument(source, esm);
    expect(stripped(code)).toBe(source);
    expect(functions.map((f) => f.name)).toEqual(['load']);
    // Node 22 and later: a SyntaxError plain, so the file runs as it is and Node reports it as plain.
    const node22 = { ...esm, nodeSyntax: { ...NODE_24, importAssertions: false } };
    expect(() => instrument(source, node22)).toThrow(/deprecatedImportAssert|`assert` keyword/);
    expect(instrument(source.split('\n').slice(2).join('\n'), node22).functions).toHaveLength(1);
  });

  it("leaves as it is a file whose syntax the Node running it rejects: `using` before Node 24, a regular expression its V8's RegExp rejects", () => {
    const node22 = { ...NODE_24, usingDeclarations: false };
    const using = 'function f(r) { { using x = r; } }\nasync function g(r) { for (await using y of r) ; }';
    expect(instrument(using, { ...opts, nodeSyntax: NODE_24 }).functions).toHaveLength(2);
    expect(() => instrument(using, { ...opts, nodeSyntax: node22 })).toThrow(/\(1:18\): this Node rejects `using` declarations; it runs uninstrumented/);
    expect(() => instrument(using.split('\n')[1]!, { ...opts, nodeSyntax: node22 })).toThrow(/rejects `await using` declarations/);
    // without nodeSyntax (a build, the Babel plugin): kept, for whatever Node runs the output
    expect(instrument(using, opts).functions).toHaveLength(2);
    // checked with this process's RegExp: one no V8 takes stands for one this V8 does not
    const regExps = 'function f(s) { return /(?<y>a)|b/u.test(s) && /[/]\\//.test(s); }';
    expect(instrument(regExps, { ...opts, nodeSyntax: NODE_24 }).functions).toHaveLength(1);
    expect(() => instrument('function f(s) { return /a(?<y/.test(s); }', { ...opts, nodeSyntax: NODE_24 })).toThrow(/rejects the regular expression \/a\(\?<y\//);
    expect(instrument('function f(s) { return /a(?<y/.test(s); }', opts).functions).toHaveLength(1);
  });

  it("restores Error.stackTraceLimit and Error.prepareStackTrace after Babel's first run", () => {
    const limit = Error.stackTraceLimit;
    const prepare = Error.prepareStackTrace;
    instrument('function f() {}', opts);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(Error.prepareStackTrace).toBe(prepare);
  });

  it('uses the input source map for the function table positions', () => {
    // Generated line 1 maps to original line 10, column 4 of src/a.ts.
    const map = { version: 3, sources: ['src/a.ts'], names: [], mappings: 'AASI' };
    const { functions } = instrument('function f() {}', { ...opts, inputSourceMap: map });
    expect(functions[0]).toMatchObject({ file: 'src/a.ts', line: 10, column: 4 });
  });

  it('returns a source map that maps every original token back', () => {
    const { map } = instrument('const a = 1;\nfunction f() { return a; }\n', opts);
    expect(map.version).toBe(3);
    expect(map.sources).toEqual(['/app/src/mod.js']);
    expect(map.mappings.split(';').length).toBeGreaterThanOrEqual(2);
  });
});

describe('the Babel plugin door', () => {
  it('instruments inside a Babel build and the output still runs', () => {
    const result = transformSync('function sq(x) { return x * x; } module.exports = [sq(3), sq.name, sq.length];', {
      filename: '/app/build.js',
      babelrc: false,
      configFile: false,
      plugins: [[plugin, { moduleId: './build.js' }]],
    });
    expect(isInstrumented(result!.code!)).toBe(true);
    const module = { exports: null as unknown };
    new Function('module', result!.code!)(module);
    expect(module.exports).toEqual([9, 'sq', 1]);
  });

  it('parses its output back with the file\'s parser options (TypeScript syntax left for other plugins)', () => {
    const result = transformSync('function id<T>(x: T): T { return x; }\nconst f = (a: number): number => a * 2;', {
      filename: '/app/src/a.ts',
      babelrc: false,
      configFile: false,
      parserOpts: { plugins: ['typescript'] },
      plugins: [plugin],
    });
    expect(isInstrumented(result!.code!)).toBe(true);
    expect(result!.code).toContain('x: T): T');
  });
});
