import { parseSync } from '@babel/core';
import { describe, expect, it } from 'vitest';
import { HoistedFunctions } from './hoisted-functions.js';
import { instrument } from './instrument.js';

const opts = { filename: '/app/src/mod.mjs', moduleId: './src/mod.mjs', sourceType: 'module' as const };

/**
 * Each function's enter, by name: `guarded` (binds a local probe and id base: the constants once the
 * module's first statement ran, else what init returns and sets) or `constant` (the bound constants).
 */
function enterShapes(source: string): Record<string, string> {
  const { code, functions } = instrument(source, opts);
  const shapes: Record<string, string> = {};
  const guarded = /const __bc\$p=(__bc\$\w+)r===void 0\?\1i\(\):\1P,__bc\$q=\1r===void 0\?\1f:\1F,__bc\$c=__bc\$p\.[we]\(__bc\$q\+(\d+)\)/g;
  for (const match of code.matchAll(guarded)) shapes[functions[Number(match[2])]!.name] = 'guarded';
  const constant = /const __bc\$c=(__bc\$\w+)P\.[we]\(\1F\+(\d+)\)/g;
  for (const match of code.matchAll(constant)) shapes[functions[Number(match[2])]!.name] = 'constant';
  expect(Object.keys(shapes)).toHaveLength(functions.length);
  return shapes;
}

describe('HoistedFunctions', () => {
  it("holds what is inside a top-level function declaration, exported or not, and nothing else", () => {
    const source = [
      'function a() { return () => 1; }',
      'const b = function () {};',
      'export function c() {}',
      'export default function () {}',
      '{ function d() {} }',
      'export const e = () => {};',
    ].join('\n');
    const program = parseSync(source, { sourceType: 'module', babelrc: false, configFile: false })!.program;
    const hoisted = new HoistedFunctions(program);
    const [a, b, c, def, block, e] = program.body as Array<{ start: number; end: number; type: string }>;
    expect(hoisted.holds({ start: a!.start } as never)).toBe(true);
    expect(hoisted.holds({ start: a!.end - 2 } as never)).toBe(true); // the arrow inside a
    expect(hoisted.holds({ start: a!.end } as never)).toBe(false); // right after it
    expect(hoisted.holds({ start: b!.start } as never)).toBe(false);
    expect(hoisted.holds({ start: c!.start + 'export '.length } as never)).toBe(true);
    expect(hoisted.holds({ start: def!.end - 1 } as never)).toBe(true);
    expect(hoisted.holds({ start: block!.start + 2 } as never)).toBe(false);
    expect(hoisted.holds({ start: e!.end - 2 } as never)).toBe(false);
  });
});

describe("an ES module's probes in the load shape", () => {
  it('check in the functions created when the module is instantiated, and what those create', () => {
    const shapes = enterShapes(
      [
        'export function exported(a = () => 1) { return () => a; }',
        'function inner() { class Local { m() {} } return { o() {}, f: function () {} }; }',
        'export default function () {}',
        'async function later() {}',
        'function* steps() {}',
        'async function* stream() {}',
      ].join('\n'),
    );
    expect(shapes).toEqual({
      exported: 'guarded',
      a: 'guarded', // a default parameter's arrow: made when exported is called
      '<anonymous>': 'guarded', // the closure it returns
      inner: 'guarded',
      'Local.m': 'guarded', // a class declared inside a hoisted function
      o: 'guarded',
      f: 'guarded',
      'default export': 'guarded',
      later: 'guarded',
      steps: 'guarded',
      stream: 'guarded',
    });
  });

  it('read the bound constants everywhere else: created by the module code, after its first statement', () => {
    const shapes = enterShapes(
      [
        "import { x } from './x.mjs';",
        'const expression = function () {};',
        'export const arrow = () => {};',
        'class Shape { constructor() {} area() {} static of() {} get size() { return 1; } #hidden() {} field = () => 1; static { (function () {})(); } }',
        'const object = { method() {}, get value() { return 1; } };',
        '{ function inBlock() {} }',
        'if (x) { function inIf() {} }',
        'export default class { m() {} }',
      ].join('\n'),
    );
    expect(Object.values(shapes).every((shape) => shape === 'constant')).toBe(true);
    expect(Object.keys(shapes)).toEqual(
      expect.arrayContaining(['expression', 'arrow', 'Shape.constructor', 'Shape.area', 'Shape.of', 'Shape.#hidden', 'object.method', 'inBlock', 'inIf']),
    );
    // an expression as the default export is evaluated in order too
    expect(enterShapes('export default (function () {});')).toEqual({ 'default export': 'constant' });
  });

  it("bind the constants in the module's first statement, before its imports, and use them at every probe outside hoisted functions", () => {
    const source = "import { g } from './g.mjs';\nexport const f = (x) => g(x);\nexport function h(y) { return g(y); }\ng(1);";
    const { code } = instrument(source, opts);
    const start = /^\/\*@bc\*\/const (__bc\$\w+)P=\1i\(\),\1F=\1f,\1S=\1s;\1r=1;\/\*bc@\*\/import/.exec(code);
    expect(start).not.toBeNull();
    const name = start![1]!;
    const [arrowLine, hoistedLine, topLine] = code.split('\n').slice(1, 4);
    // the arrow: probe, ids and call site through the constants
    expect(arrowLine).toContain(`${name}P.w(${name}F+0)`);
    expect(arrowLine).toContain(`(0,${name}P.a)(${name}S+0,`);
    expect(arrowLine).toContain(`finally{${name}P.r(__bc$c)}`);
    // the hoisted function: its enter checks the module's flag and binds the probe and id base it
    // chose, which its body's probes read; its call sites add to the hoisted base, which init sets
    const enter = `const __bc$p=${name}r===void 0?${name}i():${name}P,__bc$q=${name}r===void 0?${name}f:${name}F,__bc$c=__bc$p.w(__bc$q+1)||__bc$p.E(__bc$q+1,[y]);`;
    expect(hoistedLine).toContain(enter);
    expect(hoistedLine).toContain(`(0,__bc$p.a)(${name}s+1,`);
    expect(hoistedLine).toContain(`finally{__bc$p.r(__bc$c)}`);
    expect(code).toContain(`var ${name}, ${name}f, ${name}s, ${name}r;`);
    // top-level code runs after the first statement: the constant, not a call of init
    expect(topLine).toContain(`(0,${name}P.a)(${name}S+2,`);
    expect(topLine).not.toContain(`${name}i()`);
  });

  it("reach the probe through init outside a hoisted function's traced body (its parameters, a class field in it)", () => {
    const source = 'export function f(a = g(1)) { class C { x = g(2); } return [new C(), g(3)]; }';
    const code = instrument(source, opts).code.replace(/\/\*@bc\*\/|\/\*bc@\*\//g, '');
    const name = /const (__bc\$\w+)P=/.exec(code)![1]!;
    // the default parameter's call: no local probe in scope there, nor a bound constant before the first statement
    expect(code).toContain(`(0,${name}i().a)(${name}s+0,g((0,${name}.b)(${name}s+0,1)))`);
    expect(code).toContain(`x = (0,${name}i().a)(${name}s+1,g((0,${name}.b)(${name}s+1,2)));`);
    expect(code).toContain(`(0,__bc$p.a)(${name}s+2,g((0,__bc$p.b)(${name}s+2,3)))`); // in the body
  });
});
