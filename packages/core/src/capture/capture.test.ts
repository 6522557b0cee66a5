import { inspect } from 'node:util';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { githubToken } from '../redact/__fixtures__/test-tokens.js';
import { DEFAULT_CAPTURE, type CaptureLimits } from '../settings.js';
import { createCapturer } from './index.js';

const NO_REDACTION_SETTINGS = { patterns: [], allowKeys: [] };
const capturer = (limits: Partial<CaptureLimits> = {}) => createCapturer({ ...DEFAULT_CAPTURE, ...limits }, NO_REDACTION_SETTINGS);
const value = (v: unknown, limits?: Partial<CaptureLimits>) => JSON.parse(capturer(limits).value(v));

describe('JSON-native values stay JSON', () => {
  it('args by parameter name', () => {
    const c = capturer();
    expect(c.args(['a', 'b'], [7, 6])).toBe('{"a":7,"b":6}');
    expect(JSON.parse(c.args(['s', 'flag', 'none', 'list', 'obj'], ['x', true, null, [1, 'two'], { k: { n: 1 } }]))).toEqual({
      s: 'x', flag: true, none: null, list: [1, 'two'], obj: { k: { n: 1 } },
    });
    expect(c.args([], [])).toBe('{}');
  });
  it('extra arguments without a parameter name, rest and destructured names as given', () => {
    expect(JSON.parse(capturer().args(['a', '...rest'], [1, [2, 3], 4]))).toEqual({ a: 1, '...rest': [2, 3], 'arguments[2]': 4 });
    expect(JSON.parse(capturer().args(['{a, b}'], [{ a: 1, b: 2 }]))).toEqual({ '{a, b}': { a: 1, b: 2 } });
  });
  it('arguments beyond the parameters are listed like keys: maxKeys members in all, the rest counted', () => {
    // sum.apply(null, list) on a function that reads `arguments`: 50,000 members were written at every call
    const list = Array.from({ length: 50_000 }, (_, i) => i);
    const out = JSON.parse(capturer().args([], list));
    expect(Object.keys(out)).toEqual([...Array.from({ length: 20 }, (_, i) => `arguments[${i}]`), '$moreKeys']);
    expect(out.$moreKeys).toBe(49_980);
    expect(JSON.parse(capturer({ maxKeys: 3 }).args(['a'], [1, 2, 3, 4, 5]))).toEqual({ a: 1, 'arguments[1]': 2, 'arguments[2]': 3, $moreKeys: 2 });
    // declared parameters are all written, however many
    const names = Array.from({ length: 25 }, (_, i) => `p${i}`);
    const declared = JSON.parse(capturer().args(names, [...list.slice(0, 25), 'extra']));
    expect(Object.keys(declared)).toEqual([...names, '$moreKeys']);
    expect(declared.$moreKeys).toBe(1);
    expect(JSON.parse(capturer().args(names, list.slice(0, 25)))).not.toHaveProperty('$moreKeys');
  });
});

describe('the receiver of a call', () => {
  it('comes last, under `this`, which no parameter can be named', () => {
    class Cart { items = [1]; }
    const c = capturer({ thisValues: 8 });
    expect(JSON.parse(c.argsWithReceiver(['a'], [7], new Cart()))).toEqual({ a: 7, this: { $class: 'Cart', items: [1] } });
    expect(JSON.parse(c.argsWithReceiver([], [], undefined))).toEqual({ this: { $type: 'undefined' } });
    // past maxKeys arguments, the count of the others comes first
    expect(Object.keys(JSON.parse(capturer({ maxKeys: 1 }).argsWithReceiver([], [1, 2, 3], null)))).toEqual(['arguments[0]', '$moreKeys', 'this']);
    expect(c.args(['a'], [7])).toBe('{"a":7}');
  });

  it('keeps fewer values of the receiver than of an argument (capture.this_values), and none at 0', () => {
    const big = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10 };
    const json = JSON.parse(capturer({ thisValues: 4 }).argsWithReceiver(['o'], [big], big));
    expect(json.o).toEqual(big);
    expect(json.this).toEqual({ a: 1, b: 2, c: 3, $moreKeys: 7 });
    expect(capturer({ thisValues: 0 }).argsWithReceiver(['o'], [1], big)).toBe('{"o":1}');
    expect(JSON.parse(capturer({ thisValues: 8 }).argsWithReceiver([], [], big)).this).toHaveProperty('$moreKeys');
  });

  it("keeps only the receiver's class by default (capture.this_values: 1)", () => {
    class Parser {
      pos = 3;
      input = 'x'.repeat(1000);
    }
    expect(JSON.parse(capturer().argsWithReceiver(['n'], [1], new Parser()))).toEqual({ n: 1, this: { $type: 'truncated', reason: 'depth', of: 'Parser' } });
    expect(JSON.parse(capturer().argsWithReceiver([], [], undefined))).toEqual({ this: { $type: 'undefined' } });
    // an argument keeps its fields
    expect(JSON.parse(capturer().value({ a: { b: 1 } }))).toEqual({ a: { b: 1 } });
  });

  it('writes the class-only receiver as a walk to depth 0 writes it, whatever came before (no walk is made for it)', () => {
    class Parser { pos = 3; }
    class Lexer {}
    const bare = Object.create(null) as object;
    const receivers: unknown[] = [new Parser(), new Parser(), new Lexer(), new Parser(), [1, 2], new Proxy({}, {}), new Proxy([], {}), bare, {}, new Map(), () => 1, 'text', 7, null, undefined, globalThis];
    const walked = createCapturer({ ...DEFAULT_CAPTURE, maxDepth: 0, thisValues: 20 }, NO_REDACTION_SETTINGS);
    const classOnly = capturer();
    for (const receiver of [...receivers, ...receivers.reverse()]) {
      expect(classOnly.argsWithReceiver(['n'], [1], receiver)).toBe(walked.argsWithReceiver(['n'], [1], receiver));
      expect(classOnly.argsWithReceiver([], [], receiver)).toBe(walked.argsWithReceiver([], [], receiver));
    }
    // no value allowed at all: the receiver is cut by size, as any value
    expect(JSON.parse(capturer({ maxValues: 0 }).argsWithReceiver([], [], new Parser())).this).toEqual({ $type: 'truncated', reason: 'size' });
  });

  it('names the global object rather than listing its keys (a sloppy function called plainly)', () => {
    expect(JSON.parse(capturer().argsWithReceiver(['x'], [1], globalThis))).toEqual({ x: 1, this: { $type: 'global' } });
  });

  it('is redacted as any value', () => {
    const json = capturer({ thisValues: 8 }).argsWithReceiver([], [], { password: 'hunter2', user: 'ada' });
    expect(json).not.toContain('hunter2');
    expect(JSON.parse(json).this.user).toBe('ada');
  });
});

describe('tagged types', () => {
  it('primitives JSON cannot hold', () => {
    expect(value([undefined, NaN, Infinity, -Infinity, -0, 12n, Symbol('s'), Symbol()])).toEqual([
      { $type: 'undefined' },
      { $type: 'number', value: 'NaN' },
      { $type: 'number', value: 'Infinity' },
      { $type: 'number', value: '-Infinity' },
      { $type: 'number', value: '-0' },
      { $type: 'bigint', value: '12' },
      { $type: 'symbol', description: 's' },
      { $type: 'symbol', description: null },
    ]);
  });
  it('functions with name and kind', () => {
    async function* agen() {}
    expect(value([function named() {}, async () => 1, function* gen() {}, agen, class Foo {}])).toEqual([
      { $type: 'function', name: 'named' },
      { $type: 'function', name: '', kind: 'async' },
      { $type: 'function', name: 'gen', kind: 'generator' },
      { $type: 'function', name: 'agen', kind: 'async generator' },
      { $type: 'function', name: 'Foo' },
    ]);
  });
  it('class instances: class name and own data properties; private fields stay private', () => {
    class Account {
      #balance = 100;
      static #count = 0;
      owner = 'ann';
      tags = ['a'];
      get balance() {
        return this.#balance;
      }
    }
    expect(value(new Account())).toEqual({ $class: 'Account', owner: 'ann', tags: ['a'] });
    expect(value(Object.create(null))).toEqual({});
  });
  it('Map, Set, Date, RegExp, Promise, Weak*, boxed primitives, ArrayBuffer', () => {
    expect(value(new Map<unknown, unknown>([['a', 1], [{ k: 1 }, [2]]]))).toEqual({ $type: 'Map', size: 2, entries: [['a', 1], [{ k: 1 }, [2]]] });
    expect(value(new Set([1, 'x']))).toEqual({ $type: 'Set', size: 2, values: [1, 'x'] });
    expect(value(new Date(0))).toEqual({ $type: 'Date', value: '1970-01-01T00:00:00.000Z' });
    expect(value(new Date(NaN))).toEqual({ $type: 'Date', value: null });
    expect(value(/a+b/gi)).toEqual({ $type: 'RegExp', source: 'a+b', flags: 'gi' });
    expect(value(Promise.resolve(1))).toEqual({ $type: 'Promise' });
    expect(value([new WeakMap(), new WeakSet(), new WeakRef({})])).toEqual([{ $type: 'WeakMap' }, { $type: 'WeakSet' }, { $type: 'WeakRef' }]);
    expect(value([new String('s'), new Number(2), new Boolean(false)])).toEqual([
      { $type: 'String', value: 's' }, { $type: 'Number', value: 2 }, { $type: 'Boolean', value: false },
    ]);
    expect(value(new ArrayBuffer(8))).toEqual({ $type: 'ArrayBuffer', byteLength: 8 });
  });
  it("URL and URLSearchParams: the href, and the query's pairs as a Map's entries (maxItems of them, size counting all)", () => {
    const url = new URL('http://localhost/products?page=2&limit=3&tag=a&tag=b');
    expect(value(url)).toEqual({ $type: 'URL', href: 'http://localhost/products?page=2&limit=3&tag=a&tag=b' });
    expect(value(url.searchParams)).toEqual({ $type: 'URLSearchParams', size: 4, entries: [['page', '2'], ['limit', '3'], ['tag', 'a'], ['tag', 'b']] });
    expect(value(new URLSearchParams('a=1&b=2&c=3'), { maxItems: 2 })).toEqual({ $type: 'URLSearchParams', size: 3, entries: [['a', '1'], ['b', '2']], truncated: true });
    expect(value({ q: new URLSearchParams() })).toEqual({ q: { $type: 'URLSearchParams', size: 0, entries: [] } });
    // objects made from the prototypes hold no URL: read as any instance, nothing thrown
    expect(value(Object.create(URL.prototype))).toEqual({ $class: 'URL' });
    expect(value(Object.create(URLSearchParams.prototype))).toEqual({ $class: 'URLSearchParams' });
    // a program's patched methods and getters do not run
    const patched = new URLSearchParams('x=1');
    let calls = 0;
    Object.defineProperty(patched, 'entries', { value: () => { calls++; return [][Symbol.iterator](); } });
    expect(value(patched)).toMatchObject({ $type: 'URLSearchParams', size: 1 });
    expect(calls).toBe(0);
  });
  it('Error: class, name, message, stack, cause and own properties', () => {
    const cause = new Error('root');
    const e = Object.assign(new RangeError('too big', { cause }), { code: 'E_BIG' });
    const out = value(e);
    expect(out).toMatchObject({ $type: 'Error', class: 'RangeError', name: 'RangeError', message: 'too big', props: { code: 'E_BIG' } });
    // not formatted by the program yet: Node's default format, and V8 still formats on the program's read
    expect(out.stack).toMatch(/^RangeError: too big\n {4}at /);
    expect(value(e).stack).toBe(out.stack);
    const formatted = e.stack;
    expect(value(e).stack).toBe(formatted);
    expect(out.cause).toMatchObject({ $type: 'Error', message: 'root' });
    class HttpError extends Error {
      override name = 'HttpError';
    }
    expect(value(new HttpError('nope'))).toMatchObject({ class: 'HttpError', name: 'HttpError', message: 'nope' });
  });
  it('an error made the ES5 way (js-yaml\'s YAMLException) is an Error too, with its stack; a stack getter of its own does not run', () => {
    function YAMLException(this: { name: string; reason: string; message: string }, reason: string) {
      Error.call(this);
      this.name = 'YAMLException';
      this.reason = reason;
      this.message = `${reason} (1:3)`;
      Error.captureStackTrace(this, YAMLException);
    }
    YAMLException.prototype = Object.create(Error.prototype);
    YAMLException.prototype.constructor = YAMLException;
    const made = () => new (YAMLException as unknown as new (reason: string) => Error)('bad indentation');
    const out = value(made());
    expect(out).toMatchObject({ $type: 'Error', class: 'YAMLException', name: 'YAMLException', message: 'bad indentation (1:3)', props: { reason: 'bad indentation' } });
    expect(out.stack).toMatch(/^YAMLException: bad indentation \(1:3\)\n {4}at made /);
    // one without a captured stack, and one whose stack is a getter of the program's: no stack, nothing run
    let reads = 0;
    const Getter = function (this: object) {} as unknown as { prototype: object; new (): object };
    Getter.prototype = Object.create(Error.prototype, { stack: { get: () => `${++reads}` }, constructor: { value: Getter } });
    expect(value(new Getter())).toEqual({ $type: 'Error', class: 'Getter', name: 'Error', message: '' });
    expect(reads).toBe(0);
    expect(value(Object.create(Error.prototype))).toMatchObject({ $type: 'Error', name: 'Error', message: '' });
  });
  it('Buffer and typed arrays: length and first bytes', () => {
    expect(value(Buffer.from('hello'))).toEqual({ $type: 'Buffer', length: 5, text: 'hello' });
    expect(value(new Uint8Array([0, 1, 2, 255]))).toEqual({ $type: 'Uint8Array', length: 4, hex: '000102ff' });
    expect(value(new Float64Array([1.5, 2]))).toEqual({ $type: 'Float64Array', length: 2, items: [1.5, 2] });
    expect(value(new BigInt64Array([5n]))).toEqual({ $type: 'BigInt64Array', length: 1, items: ['5'] });
    expect(value(new DataView(new ArrayBuffer(4)))).toEqual({ $type: 'DataView', byteLength: 4 });
    const big = value(Buffer.alloc(100_000, 1), { maxItems: 4 });
    expect(big).toEqual({ $type: 'Buffer', length: 100_000, hex: '01010101', truncated: true });
  });
  it('an own __proto__ key is data, not a prototype', () => {
    expect(capturer().value(JSON.parse('{"__proto__": {"password": "pw-12345678"}, "a": 1}'))).toBe('{"__proto__":{"password":"[REDACTED:key-context]"},"a":1}');
  });
  it('program keys that start with $ are escaped so they cannot pass for tags', () => {
    expect(value({ $type: 'Date', $ref: 'x' })).toEqual({ $$type: 'Date', $$ref: 'x' });
  });
});

describe('never running the program\'s code', () => {
  it('getters are shown as accessors, not called', () => {
    let calls = 0;
    const o = { plain: 1, get computed() { calls++; return 2; }, set onlySetter(_v: number) { calls++; } };
    expect(value(o)).toEqual({ plain: 1, computed: { $type: 'accessor', get: true, set: false }, onlySetter: { $type: 'accessor', get: false, set: true } });
    const arr = [1];
    Object.defineProperty(arr, 1, { get: () => { calls++; return 2; }, enumerable: true });
    expect(value(arr)).toEqual([1, { $type: 'accessor', get: true, set: false }]);
    expect(calls).toBe(0);
  });
  it('members read directly stay data, accessors stay accessors: per-object getters, setter-only members, undefined values', () => {
    let calls = 0;
    class Point { x = 1; y: unknown = undefined; }
    const p = new Point();
    Object.defineProperty(p, 'z', { get: () => { calls++; return 3; }, enumerable: true });
    Object.defineProperty(p, 'w', { set: () => { calls++; }, enumerable: true });
    const bare = Object.create(null) as Record<string, unknown>;
    bare.a = undefined;
    Object.defineProperty(bare, 'b', { get: () => { calls++; return 1; }, enumerable: true });
    expect(value([p, new Point(), bare])).toEqual([
      { $class: 'Point', x: 1, y: { $type: 'undefined' }, z: { $type: 'accessor', get: true, set: false }, w: { $type: 'accessor', get: false, set: true } },
      { $class: 'Point', x: 1, y: { $type: 'undefined' } },
      { a: { $type: 'undefined' }, b: { $type: 'accessor', get: true, set: false } },
    ]);
    expect(calls).toBe(0);
  });
  it("a vm context's global: the sandbox's getters do not run through the context's interceptors", () => {
    let calls = 0;
    const sandbox = { plain: 1, get computed() { calls++; return 2; } };
    const context = vm.createContext(sandbox);
    const global = vm.runInContext('globalThis', context) as object;
    const made = vm.runInContext('({ made: 1 })', context) as object;
    const out = value({ global, made });
    expect(out.global.computed).toEqual({ $type: 'accessor', get: true, set: false });
    expect(out.global.plain).toBe(1);
    expect(out.made).toEqual({ $class: 'Object', made: 1 });
    expect(calls).toBe(0);
  });
  it('Proxies are shown as Proxies, no trap runs', () => {
    let traps = 0;
    const handler: ProxyHandler<object> = new Proxy({}, { get: () => { traps++; return () => { traps++; return undefined; }; } });
    const proxy = new Proxy({ secret: 1 }, handler);
    const fnProxy = new Proxy(function f() {}, handler);
    expect(value({ proxy, fnProxy, list: new Proxy([1, 2], handler) })).toEqual({ proxy: { $type: 'Proxy' }, fnProxy: { $type: 'Proxy' }, list: { $type: 'Proxy' } });
    const inheritsFromProxy = Object.create(proxy, { own: { value: 1, enumerable: true } }) as object;
    expect(value(inheritsFromProxy)).toEqual({ $class: 'Object', own: 1 });
    expect(traps).toBe(0);
  });
  it('no toJSON, toString, valueOf, Symbol.toPrimitive, inspect hook, or patched built-in runs', () => {
    let calls = 0;
    const hostile = {
      toJSON: () => { calls++; return 'x'; },
      toString: () => { calls++; return 'x'; },
      valueOf: () => { calls++; return 1; },
      [Symbol.toPrimitive]: () => { calls++; return 1; },
      [inspect.custom]: () => { calls++; return 'x'; },
    };
    class Weird extends Map { override entries(): never { calls++; throw new Error('entries'); } override get size(): number { calls++; return 0; } }
    const d = new Date(0);
    d.toISOString = () => { calls++; return 'x'; };
    const out = value({ hostile, weird: new Weird([['k', 1]]), d });
    expect(out.hostile.toJSON).toEqual({ $type: 'function', name: 'toJSON' });
    expect(out.weird).toEqual({ $type: 'Map', size: 1, entries: [['k', 1]] });
    expect(out.d).toEqual({ $type: 'Date', value: '1970-01-01T00:00:00.000Z' });
    const savedToJSON = Object.getOwnPropertyDescriptor(Object.prototype, 'toJSON');
    Object.defineProperty(Object.prototype, 'toJSON', { value: () => { calls++; return 'hijacked'; }, configurable: true, writable: true });
    try {
      expect(value({ a: { b: 1 } })).toEqual({ a: { b: 1 } });
    } finally {
      if (savedToJSON) Object.defineProperty(Object.prototype, 'toJSON', savedToJSON);
      else delete (Object.prototype as { toJSON?: unknown }).toJSON;
    }
    expect(calls).toBe(0);
  });
  it('never mutates, freezes or keeps the program\'s objects', () => {
    const o = { a: [1, 2], m: new Map([['k', { v: 1 }]]), password: 'abc12345' };
    const before = inspect(o, { depth: 10 });
    capturer().value(o);
    expect(inspect(o, { depth: 10 })).toBe(before);
    expect(Object.isFrozen(o) || Object.isSealed(o) || !Object.isExtensible(o)).toBe(false);
  });
  it('cycles become a reference to the path', () => {
    const a: Record<string, unknown> = { name: 'a' };
    const b: Record<string, unknown> = { name: 'b', back: a, list: [] };
    a.child = b;
    (b.list as unknown[]).push(b);
    expect(value(a)).toEqual({ name: 'a', child: { name: 'b', back: { $ref: '$' }, list: [{ $ref: '$.child' }] } });
    expect(JSON.parse(capturer().args(['node'], [a])).node.child.back).toEqual({ $ref: '$.node' });
    const shared = { x: 1 };
    expect(value([shared, shared])).toEqual([{ x: 1 }, { x: 1 }]);
  });
});

describe('limits, with the truncation marked', () => {
  it('depth', () => {
    expect(value({ a: { b: { c: 1 } }, l: [[[]]] }, { maxDepth: 2 })).toEqual({
      a: { b: { $type: 'truncated', reason: 'depth', of: 'Object' } },
      l: [{ $type: 'truncated', reason: 'depth', of: 'Array' }],
    });
  });
  it('keys, items, string length', () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    const out = value(many, { maxKeys: 3 });
    expect(out).toEqual({ k0: 0, k1: 1, k2: 2, $moreKeys: 27 });
    expect(value(Array.from({ length: 10 }, (_, i) => i), { maxItems: 3 })).toEqual({ $type: 'Array', length: 10, items: [0, 1, 2], truncated: true });
    expect(value(new Set([1, 2, 3]), { maxItems: 2 })).toEqual({ $type: 'Set', size: 3, values: [1, 2], truncated: true });
    expect(value('abcdefghij', { maxStringLength: 4 })).toEqual({ $type: 'string', length: 10, value: 'abcd', truncated: true });
    expect(value(Array(3), { maxItems: 5 })).toEqual([{ $type: 'empty' }, { $type: 'empty' }, { $type: 'empty' }]);
  });
  it('huge strings and arrays cost in proportion to the limits', () => {
    const huge = 'x'.repeat(5_000_000);
    const big = Array.from({ length: 2_000_000 }, (_, i) => i);
    const c = capturer();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) {
      c.value(huge);
      c.value(big);
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    expect(JSON.parse(c.value(huge))).toMatchObject({ $type: 'string', length: 5_000_000, truncated: true });
    expect(JSON.parse(c.value(big))).toMatchObject({ $type: 'Array', length: 2_000_000, truncated: true });
    // JSON.stringify of either takes tens of milliseconds each; forty bounded captures take a few
    expect(ms).toBeLessThan(1000);
  });
  it('a snapshot holds at most maxValues values in all, whatever the shape', () => {
    // 20 keys to depth 4 would be 160,000 values: the total bound stops the walk and marks what is left
    const wide = (depth: number): object =>
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, depth === 0 ? i : wide(depth - 1)]));
    const snapshot = value(wide(4), { maxValues: 50 });
    // without the bound its JSON would take megabytes
    expect(JSON.stringify(snapshot).length).toBeLessThan(4000);
    expect(snapshot.$moreKeys).toBeGreaterThan(0);
    expect(JSON.stringify(snapshot)).toContain('"$moreKeys"');
    const list = value(Array.from({ length: 20 }, () => ({ a: 1, b: 2 })), { maxValues: 10 });
    expect(list).toMatchObject({ $type: 'Array', length: 20, truncated: true });
    expect(list.items.length).toBeLessThan(10);
  });
  it('capture disabled', () => {
    const c = createCapturer({ ...DEFAULT_CAPTURE, enabled: false }, NO_REDACTION_SETTINGS);
    expect(c.args(['a'], [1])).toBe('{}');
    expect(c.value(1)).toBe('{"$type":"not-captured"}');
  });
});

describe('redaction of captured values', () => {
  const token = githubToken('ghp_');
  it('arguments by their parameter names, values by their rules', () => {
    const c = capturer();
    expect(JSON.parse(c.args(['user', 'password'], ['ann', 'Thistle&Tundra86']))).toEqual({ user: 'ann', password: '[REDACTED:key-context]' });
    expect(JSON.parse(c.args(['pin', 'cardNumber'], [1234, 4111111111111111]))).toEqual({ pin: '[REDACTED:key-context]', cardNumber: '[REDACTED:key-context]' });
    expect(JSON.parse(c.args(['n', 'id'], [4111111111111111, 1344762335078483]))).toEqual({ n: '[REDACTED:card-number]', id: 1344762335078483 });
    expect(c.value({ headers: { authorization: `token ${token}` } })).not.toContain(token);
    expect(c.value(new Map([['apiKey', 'k-1234567890']]))).not.toContain('k-1234567890');
    expect(c.value(new URLSearchParams({ page: '2', api_key: 'k-1234567890' }))).not.toContain('k-1234567890');
    expect(c.value(new URL(`https://api.example.com/v1?access_token=${token}`))).not.toContain(token);
    expect(c.value(new URL('postgres://app:pw-98765432@db/app'))).not.toContain('pw-98765432');
    expect(c.value(Buffer.from(`Authorization: Bearer ${token}`))).not.toContain(token);
  });
  it('exceptions: message and stack', () => {
    const out = capturer().value(new Error(`login failed for postgres://app:pw-98765432@db/app with ${token}`));
    expect(out).not.toContain(token);
    expect(out).not.toContain('pw-98765432');
    expect(out).toContain('postgres://app:[REDACTED:url-password]@db/app');
  });
  it('a secret cut by the string limit is still redacted (redaction sees past the cut)', () => {
    const text = 'x '.repeat(95) + token;
    const out = JSON.parse(capturer().value(text));
    expect(out.value).not.toContain(token.slice(0, 10));
    expect(out.value).toBe('x '.repeat(95) + '[REDACTED:github-token]');
    const pem = '-----BEGIN PRIVATE KEY-----\n' + 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(40);
    expect(capturer().value({ key: pem })).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
  });
  it('a long string under a secret name is redacted whole', () => {
    expect(JSON.parse(capturer().args(['secret'], ['s'.repeat(1000)]))).toEqual({ secret: '[REDACTED:key-context]' });
  });
});
