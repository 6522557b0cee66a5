import { describe, expect, it } from 'vitest';
import { instrument } from './index.js';

const opts = { filename: '/app/src/mod.js', moduleId: './src/mod.js', sourceType: 'script' as const };

/** The callees that get gap probes. */
function probed(source: string): string[] {
  return instrument(source, opts).callSites.map((site) => site.callee);
}

describe('calls of methods the module defines on what `this` is get no gap probes', () => {
  it('a class method, static method, constructor and arrow inside a method; `this["m"]()` too', () => {
    const source = [
      'class A {',
      '  constructor() { this.m(); }',
      '  m() { return 1; }',
      "  n() { return this.m() + this['m']() + [1].map(() => this.m())[0]; }",
      '  static s() { return 2; }',
      '  static t() { return this.s(); }',
      '}',
    ].join('\n');
    expect(probed(source)).toEqual([]);
  });

  it('an object literal method, a `k: function` property and an arrow property', () => {
    const source = 'const api = { m() {}, k: function () {}, a: () => 1, n() { this.m(); this.k(); this.a(); } };';
    expect(probed(source)).toEqual([]);
  });

  it('prototype assignments, through an alias (acorn), a constructor, a class and Object.assign of the same prototype', () => {
    const source = [
      'var Parser = function Parser(input) { this.input = input; this.next(); };',
      'var pp = Parser.prototype;',
      'pp.next = function () { return this.eat(); };',
      'Parser.prototype.eat = function () { return this.peek(); };',
      'Object.assign(Parser.prototype, { peek() { return this.mark(); } });',
      "Object.defineProperty(Parser.prototype, 'mark', { value: function () { return this.raiseRecoverable(); } });",
      'pp.raise = function () {};',
      'pp.raiseRecoverable = pp.raise;',
      'class Cart { add() { return this.total(); } }',
      'Cart.prototype.total = function () {};',
    ].join('\n');
    expect(probed(source)).toEqual([]);
  });

  it('a private method, on `this` or another instance', () => {
    expect(probed('class A { #m() {} n(other) { this.#m(); other.#m(); } }')).toEqual([]);
  });
});

describe('calls that may reach untraced code keep their gap probes', () => {
  it('a method the module does not define on that owner: inherited, another class’s, a static one, a getter', () => {
    const source = [
      'const { Base } = require("base");',
      'class A extends Base { n() { this.inherited(); } }',
      'class B { m() {} }',
      'class C { n() { this.m(); } static s() {} k() { this.s(); } get g() { return f; } h() { this.g(); } }',
    ].join('\n');
    expect(probed(source)).toEqual(['this.inherited', 'this.m', 'this.s', 'this.g']);
  });

  it('a name the module also sets to something else: on the instance, on the prototype, from a helper', () => {
    const source = [
      'class A { constructor() { this.m = this.m.bind(this); } m() {} n() { this.m(); } }',
      'function P() {}',
      'P.prototype.m = function () {};',
      "P.prototype.m = require('y');",
      'P.prototype.n = function () { this.m(); };',
      'function setup() { this.k = make(); }',
      'class K { k() {} n() { this.k(); } }',
    ].join('\n');
    expect(probed(source)).toEqual(['this.m', 'this.m', 'make', 'this.k']);
  });

  it('`this` in a plain function or at the top level, another receiver, `new this.m()`, a computed name, a private field', () => {
    const source = [
      'const o = { m() {} };',
      'function f() { this.m(); }',
      'this.m();',
      'const api = { m() {}, n(other, k) { other.m(); new this.m(); this[k](); } };',
      'class A { #f = () => 1; n() { this.#f(); } }',
    ].join('\n');
    expect(probed(source)).toEqual(['this.m', 'this.m', 'other.m', 'new this.m', 'this[k]', 'this.#f']);
  });

  it('in a `finally` block, where the recorder tells cleanup calls from a catch in untraced code by their site', () => {
    const source = 'class A { exit() {} run(cb) { try { return cb(); } finally { this.exit(); [1].map(() => this.exit()); } } }';
    expect(probed(source)).toEqual(['cb', 'this.exit']);
  });

  it('an alias declared twice (which one is meant is not known)', () => {
    const source = [
      'var A = (function () { var _proto = A.prototype; function A() {} _proto.m = function () {}; return A; })();',
      'var B = (function () { var _proto = B.prototype; function B() {} _proto.n = function () { this.m(); }; return B; })();',
    ].join('\n');
    expect(probed(source)).toContain('this.m');
  });
});
