'use strict';
// Packages that read functions' source text or make code with `new Function`: serialize-javascript 7
// (functions, methods, arrows, async and generator functions, classes, written out through
// `Function.prototype.toString` and revived by eval, also in a `node:vm` context), fast-json-stringify
// 7 and ajv 8 (serializers and validators compiled with `new Function`; ajv's standalone code written
// out and loaded as a module), lodash.template 4 (templates compiled with a `sourceURL`, their
// `source`, errors thrown from inside a template), and a vm sandbox that runs functions of this file
// by their text. Every generated text goes into the digest.
const vm = require('node:vm');
const path = require('node:path');
const Module = require('node:module');
const serialize = require('serialize-javascript');
const fastJson = require('fast-json-stringify');
const Ajv = require('ajv');
const standaloneCode = require('ajv/dist/standalone').default;
const template = require('lodash.template');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('function-source');
const rand = prng(1234);
const frames = [];
const SET = path.dirname(__dirname);
const ourLines = (stack) => String(stack).split(SET).join('<set>').split('\n').filter((l) => /<set>\/drivers|<anonymous>|lodash\.templateSources|vm/.test(l)).map((l) => l.trim());

// --- serialize-javascript
class Point {
  constructor(x, y) { this.x = x; this.y = y; }
  norm() { return Math.hypot(this.x, this.y); }
  static origin() { return new Point(0, 0); }
}
const payload = {
  fn: function add(a, b) { return a + b; },
  arrow: (s) => s.toUpperCase(),
  concise: (x) => ({ x, twice: x * 2 }),
  method(n) { return n > 0 ? this.method(n - 1) + n : 0; },
  async fetchLater(v) { await null; return v; },
  *count(n) { for (let i = 0; i < n; i++) yield i; },
  withDefault(a = 1, { b = 2 } = {}) { return a + b; },
  klass: Point,
  regexp: /a[bc]+/gi,
  date: new Date(Date.UTC(2020, 1, 29)),
  map: new Map([['k', 1]]),
  set: new Set([1, 2]),
  big: 10n ** 20n,
  undef: undefined,
  inf: -Infinity,
  url: new URL('https://example.test/a?b=1'),
};
const text = serialize(payload, { space: 1 });
d.add('serialize:text', text);
const revived = eval(`(${text})`);
d.add('serialize:revived', [revived.fn(2, 3), revived.arrow('up'), revived.concise(4), revived.method(4), [...revived.count(3)], revived.withDefault(), new revived.klass(3, 4).norm(), revived.klass.origin().x, String(revived.regexp), revived.big.toString()]);
d.add('serialize:sources', Object.entries(payload).filter(([, v]) => typeof v === 'function').map(([k, v]) => [k, v.toString(), v.name, v.length]));
const sandbox = vm.createContext({});
const inVm = vm.runInContext(`(${serialize({ fn: payload.fn, klass: Point, arrow: payload.arrow })})`, sandbox, { filename: 'revived-in-vm.js' });
d.add('serialize:vm', [inVm.fn(1, 1), new inVm.klass(6, 8).norm(), inVm.arrow('vm'), inVm.fn instanceof Function]);
try { serialize({ fn: Math.max }); d.add('serialize:native', serialize({ fn: Math.max })); } catch (err) { d.add('serialize:native', err.message); }

// --- fast-json-stringify
const personSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' }, age: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } },
    address: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } }, required: ['city'] },
    when: { type: 'string', format: 'date-time' }, kind: { anyOf: [{ type: 'string' }, { type: 'number' }] },
  },
  required: ['name'],
  additionalProperties: { type: 'number' },
};
const stringify = fastJson(personSchema);
const people = Array.from({ length: 20 }, (_, i) => ({ name: `p${i}`, age: Math.floor(rand() * 90), tags: ['a', 'b'].slice(0, i % 3), address: { city: `c${i % 4}` }, kind: i % 2 ? 'k' : i, extra: i, when: new Date(Date.UTC(2021, 0, 1 + i)) }));
d.add('fjs:out', people.map((p) => stringify(p)));
try { stringify({ age: 3 }); } catch (err) { frames.push(...stackLines(err)); d.add('fjs:missing', [err.message, ourLines(err.stack)]); }
const codeOnly = fastJson(personSchema, { mode: 'standalone' });
d.add('fjs:standalone', [codeOnly.length, codeOnly.includes('function'), typeof codeOnly]);

// --- ajv, compiled and standalone
const ajv = new Ajv({ allErrors: true, code: { source: true, lines: true } });
ajv.addKeyword({ keyword: 'even', type: 'number', validate: function even(schema, data) { return !schema || data % 2 === 0; }, errors: false });
const validate = ajv.compile({ ...personSchema, properties: { ...personSchema.properties, age: { type: 'integer', even: true, minimum: 0 }, when: { type: 'string' } } });
const checks = [{ name: 'a', age: 4 }, { name: 'b', age: 3 }, { age: -2 }, { name: 'c', address: { zip: 'x' } }, { name: 'd', extra: 'str' }];
d.add('ajv:results', checks.map((c) => [validate(c), (validate.errors || []).map((e) => [e.instancePath, e.keyword, e.message])]));
d.add('ajv:source', validate.source && validate.source.validateCode ? validate.source.validateCode.length : null);
const ajvStandalone = new Ajv({ code: { source: true, esm: false } });
const v2 = ajvStandalone.compile({ type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] });
const moduleCode = standaloneCode(ajvStandalone, v2);
d.add('ajv:standalone', moduleCode);
const sm = new Module(path.join(__dirname, 'ajv-generated.js'), module);
sm._compile(moduleCode, path.join(__dirname, 'ajv-generated.js'));
d.add('ajv:standalone-run', [sm.exports({ id: 3 }), sm.exports({ id: 0 }), sm.exports.errors]);

// --- lodash.template
const tpl = template('<% for (const u of users) { %><li data-i="<%= u.i %>"><%- u.name %></li><% } %>${ footer }', { sourceURL: 'lodash.templateSources[corpus]' });
d.add('template:render', tpl({ users: [{ i: 1, name: '<b>' }, { i: 2, name: 'x&y' }], footer: 'end' }));
d.add('template:source', tpl.source);
const failing = template('<%= value.deep.missing %>', { sourceURL: 'lodash.templateSources[failing]' });
try { failing({ value: {} }); } catch (err) { frames.push(...stackLines(err)); d.add('template:error', [err.name, err.message, ourLines(err.stack)]); }
const imports = template('<%= _.upper(name) %> <%= helper(1) %>', { imports: { _: { upper: (s) => s.toUpperCase() }, helper: function helper(n) { return n + 1; } } });
d.add('template:imports', imports({ name: 'ada' }));
try { template('<% if ( %>'); } catch (err) { d.add('template:syntax', [err.name, err.source ? err.source.length : null]); }

// --- a vm sandbox running this file's functions by their text
function scoreFn(items) { let s = 0; for (const it of items) { if (typeof it !== 'number') throw new TypeError(`not a number: ${it}`); s += it * it; } return s; }
const ctx = vm.createContext({ console: { log: () => {} } });
const sandboxed = vm.runInContext(`(${scoreFn.toString()})`, ctx, { filename: 'sandbox.js', lineOffset: 10, columnOffset: 4 });
d.add('vm:run', [sandboxed([1, 2, 3]), sandboxed.toString() === scoreFn.toString(), sandboxed.name]);
try { sandboxed([1, 'x']); } catch (err) { d.add('vm:throws', [err.name, err.message, err instanceof TypeError, ourLines(err.stack)]); }
const fnFromText = new Function('items', `return (${scoreFn.toString()})(items) + 1;`);
d.add('vm:new-function', [fnFromText([2]), fnFromText.toString().split('\n')[0]]);
const script = new vm.Script(`${Point.toString()}; new Point(1, 1).norm()`, { filename: 'point-script.js' });
d.add('vm:script', script.runInNewContext({}));

d.print();
printStackLines(frames);
