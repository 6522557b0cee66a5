// The name of every function form: what `--call`, `--performance`, `--flow` and the report show.
import { describe, expect, it } from 'vitest';
import { instrument } from './index.js';

const script = { filename: '/app/src/mod.js', moduleId: './src/mod.js', sourceType: 'script' as const };
const module = { ...script, sourceType: 'module' as const };

function names(source: string, options: typeof script | typeof module = script): string[] {
  return instrument(source, options).functions.map((f) => `${f.name}|${f.kind}`);
}

describe('function names', () => {
  it("tells acorn's three `parse` functions apart: the export, the static and the method", () => {
    const source = `
      var Parser = function Parser(options, input) {};
      Parser.prototype.parse = function parse() {};
      Parser.parse = function parse(input, options) { return new this(options, input).parse(); };
      var pp = Parser.prototype;
      pp.parseTopLevel = function (node) {};
      pp.parseStatement = function parseStatement(context) {};
      function parse(input, options) { return Parser.parse(input, options); }
    `;
    expect(names(source)).toEqual([
      'Parser|function',
      'Parser.prototype.parse|function',
      'Parser.parse|function',
      'Parser.prototype.parseTopLevel|function',
      'Parser.prototype.parseStatement|function',
      'parse|function',
    ]);
  });

  it('keeps both names when a function is named otherwise than where it is assigned, as V8 shows it', () => {
    const source = `
      exports.foo = function bar() {};
      const handler = function onRequest(req) {};
      const api = { get: function fetchOne(id) {}, list: function list() {} };
      function withDefault(cb = function fallback() {}) {}
      fs[name] = function patchedByTheProgram() {};
      handlers['on' + type] = function dispatch() {};
      routes['/users'] = function listUsers() {};
    `;
    expect(names(source)).toEqual([
      'exports.foo (function bar)|function',
      'handler (function onRequest)|function',
      'api.get (function fetchOne)|function',
      'api.list|function',
      'withDefault|function',
      'cb (function fallback)|function',
      // a computed place says less than the function's own name
      'patchedByTheProgram|function',
      'dispatch|function',
      'listUsers|function',
    ]);
  });

  it('names declarations, expressions, arrows and object members by where they are', () => {
    const source = `
      function add(a, b) {}
      const mul = function () {};
      const sub = function sub() {};
      const arrow = () => {};
      module.exports = { parse: function parse() {}, stringify() {}, format: (x) => x };
      exports.x = x; function x() {}
      const api = { get price() { return 1; }, set price(v) {}, nested: { deep: () => 1 }, ['computed' + 1]() {} };
      [1].map(function () {});
      [1].map(function each() {});
    `;
    expect(names(source)).toEqual([
      'add|function',
      'mul|function',
      'sub|function',
      'arrow|arrow',
      'module.exports.parse|function',
      'module.exports.stringify|method',
      'module.exports.format|arrow',
      'x|function',
      'get api.price|getter',
      'set api.price|setter',
      'api.nested.deep|arrow',
      "api.['computed' + 1]|method",
      '<anonymous>|function',
      'each|function',
    ]);
  });

  it('names class members: methods, accessors, static and private members, fields', () => {
    const source = `
      class Cart {
        constructor(items) {}
        total() {}
        static of() {}
        get size() { return 0; }
        set size(v) {}
        static get empty() { return new Cart(); }
        #secret() {}
        static #count() {}
        handler = () => {};
        static make = function make() {};
        #priv = function () {};
      }
      const Named = class Inner { run() {} };
      const Anonymous = class { run() {} };
    `;
    expect(names(source)).toEqual([
      'Cart.constructor|constructor',
      'Cart.total|method',
      'Cart.of|method',
      'get Cart.size|getter',
      'set Cart.size|setter',
      'get Cart.empty|getter',
      'Cart.#secret|method',
      'Cart.#count|method',
      'Cart.handler|class-field',
      'Cart.make|class-field',
      'Cart.#priv|class-field',
      'Inner.run|method',
      'Anonymous.run|method',
    ]);
  });

  it('marks a static member static where its class has an instance member of that name', () => {
    const source = `
      class Parser {
        parse() {}
        static parse(input) {}
        static get options() {}
        get options() {}
        static tokenizer = () => {};
        tokenizer() {}
        static of() {}
      }
    `;
    expect(names(source)).toEqual([
      'Parser.parse|method',
      'static Parser.parse|method',
      'static get Parser.options|getter',
      'get Parser.options|getter',
      'static Parser.tokenizer|class-field',
      'Parser.tokenizer|method',
      'Parser.of|method',
    ]);
  });

  it("names esbuild's export getters apart from the functions they export", () => {
    const source = `
      var __export = (target, all) => { for (var name in all) __defProp(target, name, { get: all[name], enumerable: true }); };
      var src_exports = {};
      __export(src_exports, { parse: () => parse, Parser: () => Parser });
      function parse(x) { return x; }
    `;
    expect(names(source)).toEqual(['__export|arrow', 'get src_exports.parse|arrow', 'get src_exports.Parser|arrow', 'parse|function']);
    // and Babel's: Object.defineProperty(exports, "parse", { enumerable: true, get: function () {...} })
    expect(names('Object.defineProperty(exports, "parse", { enumerable: true, get: function () { return _parse.default; } });')).toEqual(['get exports.parse|function']);
  });

  it('names default exports', () => {
    expect(names('export default function () {}', module)).toEqual(['default export|function']);
    expect(names('export default function main() {}', module)).toEqual(['main|function']);
    expect(names('export default (function main() {});', module)).toEqual(['main|function']);
    expect(names('export default () => 1;', module)).toEqual(['default export|arrow']);
  });

  it("names TypeScript's, esbuild's and Babel's compiled classes as their source's members", () => {
    // tsc --target es5
    const typescript = `
      var Cart = /** @class */ (function () {
        function Cart(items) { this.items = items; }
        Cart.prototype.total = function () { return 0; };
        Cart.of = function () { return new Cart([]); };
        Object.defineProperty(Cart.prototype, "size", { get: function () { return 0; }, enumerable: false, configurable: true });
        return Cart;
      }());
      exports.Cart = Cart;
    `;
    // the class's IIFE has no name of its own; its members do
    expect(names(typescript)).toEqual([
      '<anonymous>|function',
      'Cart|function',
      'Cart.prototype.total|function',
      'Cart.of|function',
      'get Cart.prototype.size|function',
    ]);
    // Babel, loose mode
    const loose = `
      var Cart = /*#__PURE__*/function () {
        function Cart() {}
        var _proto = Cart.prototype;
        _proto.total = function total() { return 0; };
        Cart.of = function of() { return new Cart(); };
        return Cart;
      }();
    `;
    expect(names(loose)).toEqual(['<anonymous>|function', 'Cart|function', 'Cart.prototype.total|function', 'Cart.of|function']);
    // Babel, spec mode
    const spec = `
      var Cart = /*#__PURE__*/function () {
        function Cart() { _classCallCheck(this, Cart); }
        return _createClass(Cart, [{ key: "total", value: function total() { return 0; } }, { key: "size", get: function get() { return 0; } }],
          [{ key: "of", value: function of() { return new Cart(); } }]);
      }();
    `;
    expect(names(spec)).toEqual(['<anonymous>|function', 'Cart|function', 'Cart.prototype.total|function', 'get Cart.prototype.size|function', 'Cart.of|function']);
  });

  it('names the members Object.assign mixes into a prototype', () => {
    const source = `
      var proto = Emitter.prototype;
      Object.assign(Parser.prototype, { parse() {}, next: function next() {}, skip: () => {} });
      Object.assign(proto, { on() {} });
      Object.assign({}, { plain() {} });
    `;
    expect(names(source)).toEqual([
      'Parser.prototype.parse|method',
      'Parser.prototype.next|function',
      'Parser.prototype.skip|arrow',
      'Emitter.prototype.on|method',
      'plain|method',
    ]);
  });

  it('keeps the names of a block where the prototype alias is declared twice: no guess', () => {
    const source = `
      var p = A.prototype; p.run = function () {};
      var p = B.prototype; p.stop = function () {};
      function inner() { var q = C.prototype; q.go = function go() {}; }
      q.go = function () {};
    `;
    expect(names(source)).toEqual(['p.run|function', 'p.stop|function', 'inner|function', 'C.prototype.go|function', 'q.go|function']);
  });
});
