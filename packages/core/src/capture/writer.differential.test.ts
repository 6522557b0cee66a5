// The single-pass writer against the former three-pass pipeline (reference/pipeline.ts): thousands of
// generated values, of every kind the capture knows and with secrets of every family the redaction
// tests use, must give the same text byte for byte, under several limits and redaction settings.
// Generation is seeded: a failure names the seed and the value's number, and prints both texts.
import * as pathModule from 'node:path';
import { types } from 'node:util';
import { describe, expect, it } from 'vitest';
import { githubToken, randomString } from '../redact/__fixtures__/test-tokens.js';
import { DEFAULT_CAPTURE, type CaptureLimits, type RedactionSettings } from '../settings.js';
import { createCapturer, type ValueCapturer } from './index.js';
import { createReferenceCapturer } from './reference/pipeline.js';

const token = githubToken('ghp_');
const pem = '-----BEGIN RSA PRIVATE KEY-----\n' + 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(12) + '\n-----END RSA PRIVATE KEY-----';
const reusedLong = 'const input = "a parser keeps its whole source"; '.repeat(30);

const STRINGS = [
  '', 'x', 'ok', 'Identifier', 'MemberExpression', 'hello world', 'The order was created.', 'null', 'include',
  token, `Bearer ${token}`, `token ${token}`, `using ${token} for the deploy`, 'Basic dXNlcjpwYXNz',
  'postgres://app:pw-98765432@db/app', 'https://user:hunter2pass@example.com/x', 'redis://localhost:6379',
  '4111 1111 1111 1111', '4111111111111111', '4111-1111-1111-1112', '078-05-1120', '123-45-6789', 'ssn 123456789',
  'DE89 3704 0044 0532 0130 00', 'DE89370400440532013000', 'password=Thistle&Tundra86', 'password: hunter2abc',
  'API_KEY=sk_live_' + randomString(24, 3), 'mysql -u root -pS3cretPass db', 'curl -u user:pa55word https://x',
  '--password', '--db-password', 'S3cretPass!', '-pS3cretPass', '-p', 'mysql', 'curl', 'redis-cli', '-a', '-u', 'user:pa55word',
  'root', 'Authorization', 'authorization', 'Cookie', 'Set-Cookie', 'session=abc123def456; theme=dark',
  'sid=s%3Aabc; Path=/; HttpOnly', 'Content-Type', 'application/json', 'Host', 'example.com', '${TOKEN}', '********',
  '[REDACTED:key-context]', 'password', 'email', 'username', 'apiKey', pem, pem.slice(0, 200),
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.' + randomString(43, 5), 'é☃😀 unicode', '\ud800 lone', 'line\nbreak\t"quoted"\\',
  '2024-06-01T08:30:00.000Z', 'AKIA' + randomString(16, 3, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
  `xoxb-1234567890-1234567890123-${randomString(24, 8)}`, 'sk_live_' + randomString(40, 9), 'ACME-123456', 'see internal-build42 here',
  'Forgot password?', 'Invalid token. Please log in again.', '550e8400-e29b-41d4-a716-446655440000', 'RSA', 'oct',
  '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318', '0x742d35Cc6634C0532925a3b844Bc454e4438f44e',
  'otpauth://totp/Acme?secret=5OOASRC2HRMTQ5HF', '5OOASRC2HRMTQ5HF',
  'x '.repeat(95) + token, 'lorem ipsum '.repeat(30), 'a'.repeat(3000), reusedLong, reusedLong, '-----BEGIN PRIVATE KEY-----\n' + 'QUJD'.repeat(400),
];
const KEYS = [
  'a', 'b', 'name', 'type', 'value', 'id', 'start', 'end', 'password', 'apiKey', 'api_key', 'token', 'secret', 'authorization',
  'Authorization', 'cookie', 'set-cookie', 'credentials', 'passwordResetUrl', 'tokenCount', 'pin', 'cardNumber', 'ssn',
  'kty', 'd', 'p', 'k', 'n', 'e', '$type', '$ref', '$class', '$moreKeys', '$$x', '__proto__', '0', '1', '10', '4294967295',
  'message', 'stack', 'session', 'PWD', 'errors.password.tooShort', 'k'.repeat(90), 'db.password', 'description', 'items',
  'entries', 'length', 'size', 'text', 'hex', 'props', 'cause', 'with space', 'ü', '...rest', '{a, b}',
  // a secret-named object's own secret members; wallet key lists
  'access', 'refresh', 'Value', 'accounts', 'signers',
  // provider tokens used as keys (two of one kind: both become the same marker and must not collide)
  token, githubToken('ghp_', 5), 'sk_live_' + randomString(24, 9),
  // a TOTP secret's encodings, secret only beside an otpauth_url
  'otpauth_url', 'base32', 'ascii',
];
const NUMBERS = [0, 1, -1, 7, 3.14, 1e21, 2 ** 53, 4111111111111111, 4024007103939509, 1344762335078483, 1e11, 123456789012, -4111111111111111, -0, NaN, Infinity, -Infinity, 1234];
const BIGINTS = [0n, 12n, 4111111111111111n, -5n, 2n ** 70n];
const ARGV = [
  ['mysql', '-u', 'root', '-pS3cretPass', 'db'], ['curl', '-u', 'user:pa55word', 'https://x'], ['node', 'app.js', '--password', 'S3cretPass!'],
  ['--db-password', 'hunter2abc'], ['password', 'hunter2abc'], ['authorization', `Bearer ${token}`], ['Cookie', 'sid=abc123; x=1'],
  ['Content-Type', 'application/json', 'Authorization', `Bearer ${token}`, 'Host', 'example.com'], ['password', 'email'],
  ['redis-cli', '-a', 'S3cretPass!', 'ping'], ['docker', 'login', '-u', 'me', '-p', 'S3cretPass!'], ['x', '-p', '2222'],
];

class Node {
  type = 'Identifier';
  start = 0;
  end = 3;
  name = 'foo';
}
class Parser {
  #hidden = 'private';
  constructor(public input: string, public options: object) {}
  get computed(): number {
    throw new Error('a getter ran');
  }
}
class Indexed {
  [k: string]: unknown;
  constructor() {
    this.b = 1;
    this[2] = 'two';
    this[0] = 'zero';
  }
}
class MyArray extends Array<unknown> {}
class HttpError extends Error {
  override name = 'HttpError';
}
class Bag {}

type Rng = () => number;

/** Copies own properties by their descriptors (no getter runs, read-only targets are skipped). */
function mixIn<T extends object>(target: T, source: object): T {
  for (const k of Object.getOwnPropertyNames(source)) {
    try {
      Object.defineProperty(target, k, Object.getOwnPropertyDescriptor(source, k)!);
    } catch {
      // a non-configurable property of the target: left as it is
    }
  }
  return target;
}

function rng(seed: number): Rng {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** Counts program code run by the capture: every getter, trap and hook below adds to it. */
let programCodeRuns = 0;
const ran = (): number => ++programCodeRuns;

function generator(seed: number) {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)];
  const int = (n: number): number => Math.floor(r() * n);

  function primitive(): unknown {
    switch (int(9)) {
      case 0: case 1: return pick(NUMBERS);
      case 2: case 3: case 4: return pick(STRINGS);
      case 5: return pick(BIGINTS);
      case 6: return pick([true, false, null, undefined]);
      case 7: return r() < 0.5 ? Symbol(pick(STRINGS)) : Symbol();
      default: return int(1000);
    }
  }

  function object(depth: number, proto: object | null = Object.prototype): Record<string, unknown> {
    const o = Object.create(proto) as Record<string, unknown>;
    const n = int(r() < 0.2 ? 30 : 7);
    for (let i = 0; i < n; i++) {
      const k = pick(KEYS);
      if (r() < 0.06) Object.defineProperty(o, k, { get: ran, set: r() < 0.5 ? ran : undefined, enumerable: true, configurable: true });
      else if (r() < 0.03) Object.defineProperty(o, k, { set: ran, enumerable: true, configurable: true });
      else Object.defineProperty(o, k, { value: value(depth + 1), enumerable: r() > 0.05, writable: true, configurable: true });
    }
    return o;
  }

  function array(depth: number): unknown[] {
    const roll = r();
    if (roll < 0.15) return [...pick(ARGV)];
    const n = int(roll < 0.3 ? 30 : 6);
    const a: unknown[] = roll < 0.4 ? new MyArray() : [];
    for (let i = 0; i < n; i++) a.push(value(depth + 1));
    if (r() < 0.1 && n > 1) delete a[int(n)];
    if (r() < 0.05) a[n + 2] = 'after a gap';
    if (r() < 0.05 && n > 0) Object.defineProperty(a, int(n), { get: ran, enumerable: true, configurable: true });
    if (r() < 0.05 && n > 0) Object.defineProperty(a, int(n), { set: ran, enumerable: true, configurable: true });
    return a;
  }

  function error(depth: number): Error {
    const message = pick(STRINGS);
    let e: Error;
    switch (int(6)) {
      case 0: e = new TypeError(message, { cause: value(depth + 1) }); break;
      case 1: e = new AggregateError([value(depth + 1), new Error(pick(STRINGS))], message); break;
      case 2: e = new HttpError(message); break;
      case 3: e = mixIn(new Error(), { message, code: 'E_X', password: pick(STRINGS) }); break;
      case 4: e = new RangeError(message); Object.defineProperty(e, 'name', { value: 42 }); break;
      default: e = new Error(message);
    }
    // V8 formats a stack on its first read, reading name and message through any getter: that first
    // read is the program's here, not the capture's (see redact/error-stack.ts)
    void e.stack;
    if (r() < 0.2) mixIn(e, object(depth + 1));
    if (r() < 0.1) delete e.stack;
    try {
      if (r() < 0.05) Object.defineProperty(e, 'stack', { value: 'Error: x\n    at ' + pick(STRINGS), enumerable: true });
    } catch {
      // formatting the stack failed (a symbol as the name): the error keeps its own
    }
    return e;
  }

  function special(depth: number): unknown {
    switch (int(26)) {
      case 0: return new Map<unknown, unknown>(Array.from({ length: int(25) }, () => [r() < 0.7 ? pick(KEYS.concat(STRINGS)) : value(depth + 1), value(depth + 1)]));
      case 1: return new Set(Array.from({ length: int(25) }, () => (r() < 0.5 ? pick(STRINGS) : value(depth + 1))));
      case 2: return new Set(pick(ARGV));
      case 3: return error(depth);
      case 4: return Buffer.from(pick(STRINGS));
      case 5: return Buffer.from(Array.from({ length: int(300) }, () => int(256)));
      case 6: return new Uint8Array(Buffer.from(pick(STRINGS)));
      case 7: return new Float64Array([1.5, NaN, 4111111111111111, -0, Infinity].slice(0, int(6)));
      case 8: return new BigInt64Array([5n, 4111111111111111n, -7n]);
      case 9: return new Int16Array(int(40));
      case 10: return r() < 0.5 ? new DataView(new ArrayBuffer(4)) : r() < 0.5 ? new ArrayBuffer(8) : new SharedArrayBuffer(16);
      case 11: return new Date(r() < 0.8 ? int(2e12) : NaN);
      case 12: return r() < 0.5 ? /a+b/gi : new RegExp(pick(STRINGS).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'), 'msy');
      case 13: return pick([Promise.resolve(1), new WeakMap(), new WeakSet(), new WeakRef({})]);
      case 14: return pick([new String(pick(STRINGS)), new Number(pick(NUMBERS)), new Boolean(r() < 0.5), Object(1n), Object(Symbol('s'))]);
      case 15: {
        const handler = new Proxy({}, { get: () => { ran(); return ran; } });
        return pick([new Proxy({ a: 1 }, handler), new Proxy([1, 2], handler), new Proxy(function f() {}, handler)]);
      }
      case 16: return pick([function named() {}, () => 1, async () => 1, function* gen() {}, async function* agen() {}, class Foo {}, Math.max]);
      case 17: return mixIn(new Node(), r() < 0.3 ? { loc: { start: { line: 1, column: 0 } } } : {});
      case 18: return new Parser(pick(STRINGS), object(depth + 1));
      case 19: return new Indexed();
      case 20: return mixIn(new Bag(), object(depth + 1));
      case 21:
        if (r() < 0.5) return { kty: pick(['RSA', 'oct', reusedLong]), n: randomString(40, 3), e: 'AQAB', d: randomString(40, 4), p: pick(STRINGS), k: 12345, q: value(depth + 1) };
        // a variable as name/value members: `{name: 'DB_PASSWORD', value: …}` (env lists, SSM, CloudFormation)
        return mixIn({ [pick(['name', 'Name', 'Key', 'ParameterKey'])]: pick(['DB_PASSWORD', '/prod/db/password', 'NODE_ENV', 'token', 'Name', 12]) }, {
          [pick(['value', 'Value', 'ParameterValue'])]: pick([pick(STRINGS), pick(NUMBERS), value(depth + 1)]),
          ...(r() < 0.3 ? object(depth + 1) : {}),
        });
      case 22: {
        const o = object(depth + 1);
        Object.defineProperty(o, 'kty', { value: 'EC', enumerable: true, configurable: true });
        Object.defineProperty(o, 'd', { value: 'private-scalar-value', enumerable: true, configurable: true });
        return o;
      }
      case 23: return pathModule;
      case 24: return (function (this: unknown, ..._args: unknown[]) { return arguments; })(pick(STRINGS), 1, pick(STRINGS));
      default: return Object.create(new Proxy({}, { get: ran, getOwnPropertyDescriptor: () => { ran(); return undefined; } }), { own: { value: pick(STRINGS), enumerable: true } });
    }
  }

  function value(depth: number): unknown {
    if (depth > 5) return primitive();
    const roll = r();
    if (roll < 0.35) return primitive();
    if (roll < 0.55) return object(depth, r() < 0.1 ? null : Object.prototype);
    if (roll < 0.7) return array(depth);
    return special(depth);
  }

  /** A value, sometimes with cycles and shared references added. */
  function top(): unknown {
    const v = value(0);
    if (v !== null && typeof v === 'object' && !types.isProxy(v) && r() < 0.3 && !types.isMap(v) && !ArrayBuffer.isView(v) && !types.isModuleNamespaceObject(v)) {
      try {
        const o = v as Record<string, unknown>;
        const child = { back: o, list: [o, { deeper: o }] };
        if (Array.isArray(o)) o.push(child, o);
        else Object.defineProperty(o, pick(['self', 'parent', 'password', 'x y']), { value: r() < 0.5 ? o : child, enumerable: true, configurable: true });
      } catch {
        // a Proxy or a namespace: left as it is
      }
    }
    return v;
  }

  return { top, pick, int };
}

const LIMITS: [string, CaptureLimits][] = [
  ['default limits', DEFAULT_CAPTURE],
  ['small limits', { enabled: true, maxDepth: 3, maxKeys: 4, maxItems: 4, maxStringLength: 12, maxValues: 15 }],
  ['few values', { enabled: true, maxDepth: 6, maxKeys: 30, maxItems: 30, maxStringLength: 40, maxValues: 7 }],
  ['large limits', { enabled: true, maxDepth: 8, maxKeys: 50, maxItems: 50, maxStringLength: 500, maxValues: 1000 }],
];
const REDACTION: [string, RedactionSettings][] = [
  ['built-in rules', { patterns: [], allowKeys: [] }],
  ['user patterns and allowed keys', { patterns: ['ACME-[0-9]{6}', '/internal-\\w+/i'], allowKeys: ['session', 'PIN'] }],
];

function compare(seed: number, count: number, writer: ValueCapturer, reference: ValueCapturer): number {
  const g = generator(seed);
  let compared = 0;
  for (let i = 0; i < count; i++) {
    const v = g.top();
    const label = `seed ${seed}, value #${i}`;
    const names = Array.from({ length: g.int(4) }, () => g.pick(KEYS));
    const args = [v, g.top(), g.top()].slice(0, g.int(4));
    const runs = programCodeRuns;
    const texts = [writer.value(v), reference.value(v), writer.args(names, args), reference.args(names, args)];
    if (process.env.DEBUG_RUNS && programCodeRuns !== runs) {
      for (const f of [() => writer.value(v), () => reference.value(v), () => writer.args(names, args), () => reference.args(names, args)]) {
        const before = programCodeRuns;
        console.log(f(), programCodeRuns - before);
      }
    }
    expect(programCodeRuns - runs, `${label}: getters, traps or hooks of the program ran`).toBe(0);
    expect(texts[0], label).toBe(texts[1]);
    expect(texts[2], `${label} as arguments ${JSON.stringify(names)}`).toBe(texts[3]);
    compared += 2;
  }
  return compared;
}

describe('the single-pass writer writes what the three-pass pipeline wrote', () => {
  for (const [limitsName, limits] of LIMITS) {
    for (const [redactionName, redaction] of REDACTION) {
      it(`${limitsName}, ${redactionName}`, () => {
        const seed = 1 + LIMITS.findIndex(([n]) => n === limitsName) * 10 + REDACTION.findIndex(([n]) => n === redactionName);
        const compared = compare(seed, 700, createCapturer(limits, redaction), createReferenceCapturer(limits, redaction));
        expect(compared).toBe(1400);
      });
    }
  }
  it('the same capturer over many values in a row (caches warm, limits reset per value)', () => {
    const writer = createCapturer(DEFAULT_CAPTURE, REDACTION[0][1]);
    const reference = createReferenceCapturer(DEFAULT_CAPTURE, REDACTION[0][1]);
    for (let seed = 100; seed < 110; seed++) compare(seed, 100, writer, reference);
  });
});
