// What the single-pass writer does differently from the former pipeline, on purpose, and what only a
// writer that walks once has to get right (re-entry, state after a failure). The shared contract is in
// capture.test.ts; byte-for-byte agreement with the former pipeline in writer.differential.test.ts.
import { describe, expect, it } from 'vitest';
import { createRedactionRules } from '../redact/index.js';
import { DEFAULT_CAPTURE, type CaptureLimits, type RedactionSettings } from '../settings.js';
import { CaptureWriter, createCapturer } from './index.js';
import { createReferenceCapturer } from './reference/pipeline.js';

const BUILT_IN: RedactionSettings = { patterns: [], allowKeys: [] };
const capturer = (limits: Partial<CaptureLimits> = {}, redaction = BUILT_IN) => createCapturer({ ...DEFAULT_CAPTURE, ...limits }, redaction);

describe('deliberate differences from the former pipeline', () => {
  it('a user pattern never rewrites the tags Breadcrumb writes ($type, reasons, kinds, flags), only program text', () => {
    const redaction = { patterns: ['Error|undefined|Promise|truncated|async|gi|NaN'], allowKeys: [] };
    class Oops extends Error {}
    const value = [new Oops('an Error here'), undefined, Promise.resolve(), async () => 1, /x/gi, NaN, { a: { b: {} } }];
    const text = capturer({ maxDepth: 2 }, redaction).value(value);
    const parsed = JSON.parse(text);
    // the class and the inherited name are the program's text: those the pattern may rewrite
    expect(parsed[0]).toMatchObject({ $type: 'Error', class: 'Oops', name: '[REDACTED:custom]', message: 'an [REDACTED:custom] here' });
    expect(parsed.slice(1, 4)).toEqual([{ $type: 'undefined' }, { $type: 'Promise' }, { $type: 'function', name: '', kind: 'async' }]);
    expect(parsed[4]).toEqual({ $type: 'RegExp', source: 'x', flags: 'gi' });
    expect(parsed[5]).toEqual({ $type: 'number', value: 'NaN' });
    expect(parsed[6]).toEqual({ a: { $type: 'truncated', reason: 'depth', of: 'Object' } });
    // the former pipeline ran the patterns over its own tags
    expect(createReferenceCapturer({ ...DEFAULT_CAPTURE, maxDepth: 2 }, redaction).value(value)).toContain('"$type":"[REDACTED:custom]"');
  });
  it('with the built-in rules, no tag text is anything a rule would redact (so both pipelines agree)', () => {
    const { strings } = createRedactionRules(BUILT_IN);
    const vocabulary = [
      'undefined', 'number', 'bigint', 'symbol', 'function', 'async', 'generator', 'async generator', 'accessor', 'Map', 'Set', 'Date',
      'RegExp', 'Error', 'Buffer', 'Uint8Array', 'Float64Array', 'BigUint64Array', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
      'Promise', 'WeakMap', 'WeakSet', 'WeakRef', 'String', 'Number', 'Boolean', 'BigInt', 'Symbol', 'Proxy', 'empty', 'truncated',
      'depth', 'size', 'Array', 'Object', 'string', 'NaN', 'Infinity', '-Infinity', '-0', 'dgimsuvy', 'capture-error', 'not-captured',
    ];
    for (const word of vocabulary) expect(strings.redact(word), word).toBe(word);
  });
  it('an array cut by the limits keeps the meaning of the name it sits under, like a short one', () => {
    const passwords = Array.from({ length: 25 }, (_, i) => `Hunter${i}pass`);
    const out = JSON.parse(capturer().args(['password'], [passwords]));
    expect(out.password).toMatchObject({ $type: 'Array', length: 25, truncated: true });
    expect(new Set(out.password.items)).toEqual(new Set(['[REDACTED:key-context]']));
    expect(JSON.parse(capturer().value({ secret: passwords.slice(0, 3) })).secret).toEqual(Array(3).fill('[REDACTED:key-context]'));
  });
  it('a hole in an array of a subclass is a hole (was shown as an accessor)', () => {
    class List extends Array<unknown> {}
    const list = new List();
    list[0] = 1;
    list[2] = 3;
    expect(JSON.parse(capturer().value(list))).toEqual([1, { $type: 'empty' }, 3]);
  });
  it('an ArrayBuffer subclass with its own byteLength getter: the getter does not run', () => {
    let calls = 0;
    class Sneaky extends ArrayBuffer {
      override get byteLength(): number {
        calls++;
        return 99;
      }
    }
    expect(JSON.parse(capturer().value(new Sneaky(8)))).toEqual({ $type: 'ArrayBuffer', byteLength: 8 });
    expect(calls).toBe(0);
  });
  it('built-ins replaced by the program after load are not used (Array.isArray, Object.keys, ArrayBuffer.isView)', () => {
    const saved = { isArray: Array.isArray, keys: Object.keys, isView: ArrayBuffer.isView };
    let calls = 0;
    Array.isArray = ((v: unknown) => (calls++, saved.isArray(v))) as typeof Array.isArray;
    Object.keys = ((o: object) => (calls++, saved.keys(o))) as typeof Object.keys;
    ArrayBuffer.isView = ((v: unknown) => (calls++, saved.isView(v))) as typeof ArrayBuffer.isView;
    const c = capturer();
    let text = '';
    try {
      text = c.value({ list: [1], bytes: new Uint16Array(1) });
    } finally {
      Object.assign(Array, { isArray: saved.isArray });
      Object.assign(Object, { keys: saved.keys });
      Object.assign(ArrayBuffer, { isView: saved.isView });
    }
    expect(calls).toBe(0);
    expect(JSON.parse(text)).toEqual({ list: [1], bytes: { $type: 'Uint16Array', length: 1, items: [0] } });
  });
});

describe('one walk, one writer', () => {
  it('a capture never runs the program\'s Error.prepareStackTrace: the stack is formatted on the program\'s first read', () => {
    const c = capturer();
    const savedPrepare = Error.prepareStackTrace;
    let inner = '';
    // traced, this formatter would capture its own arguments: a capture inside a capture
    Error.prepareStackTrace = (error) => {
      inner = c.args(['user', 'password'], [{ name: 'ann' }, 'S3cret-pass']);
      return `${(error as Error).message}\n    at somewhere`;
    };
    try {
      const e = new Error('boom');
      const outer = JSON.parse(c.value({ before: [1, 2], error: e, after: { k: 'v' } }));
      expect(outer).toMatchObject({ before: [1, 2], error: { $type: 'Error', class: 'Error', name: 'Error', message: 'boom' }, after: { k: 'v' } });
      expect(outer.error.stack).toMatch(/^Error: boom\n {4}at /);
      expect(inner).toBe('');
      e.message = 'bang';
      expect(e.stack).toBe('bang\n    at somewhere');
      expect(inner).toBe('{"user":{"name":"ann"},"password":"[REDACTED:key-context]"}');
      // formatted now: the capture reads what the program's formatter made
      expect(JSON.parse(c.value(e)).stack).toBe('bang\n    at somewhere');
    } finally {
      Error.prepareStackTrace = savedPrepare;
    }
  });
  it('an error captured again and again gets the same redacted stack each time, a changed message included', () => {
    const c = capturer();
    // a long stack (its text is past the plain text cache's length) whose message holds a token
    const e = (function deep(n: number): Error {
      return n === 0 ? new Error('token ghp_abcdefghijklmnopqrstuvwxyz0123456789 rejected') : deep(n - 1);
    })(12);
    const first = JSON.parse(c.value({ e }));
    expect(first.e.stack.length).toBeGreaterThan(256);
    expect(first.e.stack).toMatch(/^Error: token \[REDACTED:[a-z-]+\] rejected\n {4}at deep /);
    for (let i = 0; i < 3; i++) expect(JSON.parse(c.value([e])).at(0).stack).toBe(first.e.stack);
    e.message = 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789 retried';
    expect(JSON.parse(c.value(e)).stack).toMatch(/^Error: token \[REDACTED:[a-z-]+\] retried\n/);
    expect(e.stack).toMatch(/^Error: token ghp_\w+ retried\n/);
  });
  it('after a capture fails part-way, the next one starts clean and no program object stays referenced', () => {
    // reading a detached buffer throws inside the walk, three containers deep
    const detached = new ArrayBuffer(8);
    const bytes = new Uint8Array(detached);
    structuredClone(detached, { transfer: [detached] });
    const failing = { a: { b: [1, bytes] } };
    const writer = new CaptureWriter(DEFAULT_CAPTURE, createRedactionRules(BUILT_IN));
    expect(() => writer.write(failing, null, 'none')).toThrow(TypeError);
    // the capture's walk (its text, the containers it was in) is dropped whichever way it ends
    const walk = () => (writer as unknown as { walk: { out: string; ancestors: unknown[] } }).walk;
    expect(walk()).toEqual({ out: '', ancestors: [] });
    expect(writer.write({ a: [1] }, 'x', 'none')).toBe('{"a":[1]}');
    expect(walk()).toEqual({ out: '', ancestors: [] });
    const c = capturer();
    expect(c.value(failing)).toBe('{"$type":"capture-error","reason":"internal error"}');
    expect(c.args(['x', 'y'], [[1], { b: 2 }])).toBe('{"x":[1],"y":{"b":2}}');
  });
  it('the limits count per value: each argument has its own maxValues', () => {
    const wide = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, i]));
    const out = JSON.parse(capturer({ maxValues: 5 }).args(['a', 'b'], [wide, wide]));
    expect(out.a).toEqual(out.b);
    expect(out.a.$moreKeys).toBe(4);
  });
  it('a class instance with integer keys: "$class" after them, as the former JSON.stringify wrote it', () => {
    class Row {
      [k: string]: unknown;
      constructor() {
        this.name = 'r';
        this[1] = 'one';
        this[0] = 'zero';
      }
    }
    expect(capturer().value(new Row())).toBe('{"0":"zero","1":"one","$class":"Row","name":"r"}');
  });
});

describe('an object with thousands of keys, captured again and again', () => {
  // Object.keys is the one read whose cost follows the value (16 ms at 100,000 keys): a lookup table
  // passed on every call paid it at every capture. Its key list is now read at the 1st, 2nd, 4th, 8th...
  const table = (n: number): Record<string, number> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
  const listed = (captured: Record<string, unknown>) => Object.keys(captured).filter((k) => k !== '$moreKeys');
  // a budget with room for all maxKeys members: these tests are about the key lists
  const capturer = () => createCapturer({ ...DEFAULT_CAPTURE, maxValues: 40 }, BUILT_IN);

  it('reads the values at every capture and the key list at the 1st, 2nd, 4th... capture', () => {
    const c = capturer();
    const big = table(5000);
    const read = () => JSON.parse(c.value(big)) as Record<string, unknown>;
    expect(read()).toMatchObject({ k0: 0, k19: 19, $moreKeys: 4980 });
    big.extra = 1;
    big.k1 = 100;
    // the 2nd capture reads the list again: the added key is counted
    expect(read()).toMatchObject({ k1: 100, $moreKeys: 4981 });
    delete big.k0;
    big.k2 = 200;
    // the 3rd uses the list of the 2nd: the value is the current one, the deleted key is left out
    const third = read();
    expect(listed(third)).toEqual(Array.from({ length: 19 }, (_, i) => `k${i + 1}`));
    expect(third.k2).toBe(200);
    // the 4th reads it again: the first 20 keys are now k1...k20
    const fourth = read();
    expect(listed(fourth)).toEqual(Array.from({ length: 20 }, (_, i) => `k${i + 1}`));
    expect(fourth.$moreKeys).toBe(4980);
  });

  it('keeps no list for an object below the threshold, nor for one that shrank below it', () => {
    const c = capturer();
    const small = table(900);
    expect(JSON.parse(c.value(small)).$moreKeys).toBe(880);
    small.added = 1;
    expect(JSON.parse(c.value(small)).$moreKeys).toBe(881);
    const shrinking = table(1100);
    expect(JSON.parse(c.value(shrinking)).$moreKeys).toBe(1080);
    for (let i = 0; i < 300; i++) delete shrinking[`k${i}`];
    // the 2nd capture reads the list (800 keys): no longer kept, so every later capture reads it whole
    expect(JSON.parse(c.value(shrinking))).toMatchObject({ k300: 300, $moreKeys: 780 });
    shrinking.late = 1;
    expect(JSON.parse(c.value(shrinking)).$moreKeys).toBe(781);
  });

  it('a class instance with thousands of keys and a large object as an argument take the same way', () => {
    class Bag {
      [k: string]: number;
      constructor() {
        for (let i = 0; i < 2000; i++) this[`f${i}`] = i;
      }
    }
    const c = capturer();
    const bag = new Bag();
    for (let i = 0; i < 3; i++) expect(JSON.parse(c.args(['bag', 'i'], [bag, i]))).toMatchObject({ bag: { $class: 'Bag', f0: 0, $moreKeys: 1980 }, i });
  });
});

describe('an object key longer than maxStringLength (and than 256 characters)', () => {
  it('is cut like a string and marked with how much was left out; its value is written under it', () => {
    // a cache keyed by content (JSON of the arguments) held 50 KB keys: each capture wrote 1 MB
    const long = JSON.stringify({ payload: 'p'.repeat(50_000) });
    const cache: Record<string, number> = { [long]: 1, short: 2 };
    const out = JSON.parse(capturer({ maxStringLength: 300 }).value(cache)) as Record<string, unknown>;
    expect(out).toEqual({ [`${long.slice(0, 300)}…[+${long.length - 300} chars]`]: 1, short: 2 });
    // under small limits a name is still read whole up to 256 characters
    const named = { description: 1, ['k'.repeat(256)]: 2, ['k'.repeat(257)]: 3 };
    expect(JSON.parse(capturer({ maxStringLength: 12 }).value(named))).toEqual({ description: 1, ['k'.repeat(256)]: 2, [`${'k'.repeat(256)}…[+1 chars]`]: 3 });
  });
});

describe('function texts', () => {
  it('are computed once per function: a renamed function keeps its first name; a Proxy of a captured function is still a Proxy', () => {
    const c = capturer();
    function handler(): void {}
    const proxy = new Proxy(handler, {});
    expect(JSON.parse(c.value([handler, proxy]))).toEqual([{ $type: 'function', name: 'handler' }, { $type: 'Proxy' }]);
    Object.defineProperty(handler, 'name', { value: 'renamed' });
    expect(JSON.parse(c.value({ handler }))).toEqual({ handler: { $type: 'function', name: 'handler' } });
    // a writer that never saw it reads the name as it is now
    expect(JSON.parse(capturer().value(handler))).toEqual({ $type: 'function', name: 'renamed' });
  });
});
