// The newest syntax Node runs natively, through the instrumenter (ESM): explicit resource management
// and RegExp modifiers / duplicate named groups (Node 24; an equivalent module elsewhere, chosen by a
// feature test, so the digest is the same everywhere), import attributes (static and dynamic JSON
// modules), top-level await, import.meta, Array.fromAsync, Promise.withResolvers, iterator helpers,
// Set methods and Object.groupBy (polyfilled where missing), class static blocks, `#x in obj`,
// private methods and accessors, `super` in object literals, computed getters/setters, logical
// assignment naming functions, labelled blocks, new.target, tagged templates (raw strings, the
// template object's identity per site), async generators, and what the functions say of themselves
// (name, length, toString) and of the caught errors' stacks.
import data from './_data.json' with { type: 'json' };
import util from './_util.cjs';

const { Digest, stackLines, printStackLines } = util;
const d = new Digest('syntax-modern');
const frames = [];

d.add('json:static', data);
const dyn = await import('./_data.json', { with: { type: 'json' } });
d.add('json:dynamic', [dyn.default === data, Object.keys(dyn)]);
d.add('meta', [typeof import.meta.url, import.meta.url.endsWith('/drivers/syntax-modern.mjs'), import.meta.resolve('./_data.json').endsWith('/drivers/_data.json')]);

// Explicit resource management and the newest RegExp syntax, feature-tested.
let hasUsing = false;
try { new Function('{ using x = null; }'); hasUsing = typeof DisposableStack === 'function'; } catch {}
let hasModifiers = false;
try { new RegExp('(?i:a)'); new RegExp('(?<a>x)|(?<a>y)'); hasModifiers = true; } catch {}
const mod = hasUsing && hasModifiers ? await import('./_es2025.mjs') : await import('./_es2025-fallback.mjs');
const log = [];
d.add('es2025', await mod.es2025(log));
d.add('es2025:log', log);

// Newer built-ins, with equivalents where the running node lacks them.
const fromAsync = Array.fromAsync ?? (async (it, fn) => { const out = []; let i = 0; for await (const x of it) out.push(fn ? await fn(x, i++) : x); return out; });
const withResolvers = Promise.withResolvers ? () => Promise.withResolvers() : () => { let resolve; let reject; const promise = new Promise((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };
const groupBy = Object.groupBy ?? ((items, f) => { const out = Object.create(null); let i = 0; for (const x of items) (out[f(x, i++)] ??= []).push(x); return out; });
async function* countdown(n) {
  while (n > 0) {
    yield n--;
    await null;
  }
  return 'liftoff';
}
d.add('fromAsync', await fromAsync(countdown(5), async (x, i) => x * 10 + i));
const { promise, resolve } = withResolvers();
setImmediate(() => resolve('resolved later'));
d.add('withResolvers', await promise);
function* naturals() { let n = 0; while (true) yield n++; }
const take = (it, n) => { const out = []; for (const x of it) { if (out.length >= n) break; out.push(x); } return out; };
const helpers = typeof Iterator === 'function' && Iterator.prototype.map
  ? naturals().filter((x) => x % 3 === 0).map((x) => x * x).drop(1).take(5).toArray()
  : take((function* () { for (const x of naturals()) if (x % 3 === 0) yield x * x; })(), 6).slice(1);
d.add('iterator-helpers', helpers);
const a = new Set([1, 2, 3, 4]);
const b = new Set([3, 4, 5]);
d.add('set-methods', a.union ? [[...a.union(b)], [...a.intersection(b)], [...a.difference(b)], a.isSubsetOf(b)] : [[1, 2, 3, 4, 5], [3, 4], [1, 2], false]);
d.add('groupBy', groupBy(data.sizes, (x) => (x % 2 ? 'odd' : 'even')));

// Classes: static blocks, private names, accessors, `#x in`, new.target, super in object literals.
const events = [];
class Meter {
  static #count = 0;
  static registry;
  static {
    Meter.registry = new Map();
    events.push(`static block, this is Meter: ${this === Meter}`);
  }
  #value = 0;
  #unit;
  constructor(unit) {
    this.#unit = unit;
    Meter.#count++;
    events.push(`new.target ${new.target.name}`);
    Meter.registry.set(unit, this);
  }
  static isMeter(o) { return #value in o; }
  static get count() { return Meter.#count; }
  get value() { return this.#value; }
  set value(v) {
    if (typeof v !== 'number') throw new TypeError(`${this.#unit}: not a number: ${v}`);
    this.#value = this.#clamp(v);
  }
  #clamp(v) { return Math.max(0, Math.min(100, v)); }
  get #label() { return `${this.#value}${this.#unit}`; }
  toString() { return this.#label; }
  static ['from' + 'Text'](s) { const m = new this(s.replace(/\d+/, '')); m.value = Number.parseInt(s, 10); return m; }
}
class Thermo extends Meter {
  constructor() { super('C'); }
  get [Symbol.toStringTag]() { return 'Thermo'; }
}
const m1 = Meter.fromText('42kg');
const t1 = new Thermo();
t1.value = 250;
try { m1.value = 'heavy'; } catch (e) { events.push(e.message); frames.push(...stackLines(e)); }
try { Meter.prototype.toString.call({}); } catch (e) { events.push(e.constructor.name); frames.push(...stackLines(e)); }
events.push(String(m1), String(t1), Meter.isMeter(t1), Meter.isMeter({}), Meter.count, Object.prototype.toString.call(t1));
function Legacy() { return new.target === undefined ? 'called' : `constructed ${new.target === Legacy}`; }
events.push(Legacy(), new Legacy() instanceof Legacy, Reflect.construct(Legacy, [], Thermo) instanceof Thermo);
const base = { greet() { return 'base'; }, get kind() { return 'base kind'; } };
const child = { __proto__: base, greet() { return `child of ${super.greet()}`; }, get kind() { return `child, ${super.kind}`; } };
events.push(child.greet(), child.kind);
const key = 'dyn';
const acc = {
  _v: 1,
  get [`${key}Value`]() { return this._v * 2; },
  set [`${key}Value`](v) { this._v = v; },
};
acc.dynValue = 21;
events.push(acc.dynValue, Object.getOwnPropertyDescriptor(acc, 'dynValue').get.name, Object.getOwnPropertyDescriptor(acc, 'dynValue').set.name);
d.add('classes', events);

// Names that assignment gives to anonymous functions, and what functions say of themselves.
let la;
la ??= () => 'nullish';
let lo = 0;
lo ||= function () { return 'or'; };
const defaults = ({ cb = () => 1 } = {}) => cb;
class Fields { handler = () => this; static make = function () {}; ['computed' + 1] = async () => {}; }
const f = new Fields();
const sym = Symbol('described');
const named = { [sym]() {}, async *gen() {}, get g() { return 1; } };
const fns = [la, lo, defaults(), f.handler, Fields.make, f.computed1, named[sym], named.gen, countdown, naturals, Meter.fromText, Legacy];
d.add('names', fns.map((fn) => [fn.name, fn.length]));
d.add('toString', [la, lo, f.handler, named[sym], named.gen, countdown, Legacy, Thermo, Meter.fromText, Object.getOwnPropertyDescriptor(named, 'g').get].map(String));
d.add('this', [f.handler() === f, la(), lo()]);

// Labelled blocks and loops, tagged templates.
const labelled = [];
outer: {
  for (let i = 0; i < 5; i++) {
    inner: for (let j = 0; j < 5; j++) {
      if (j === 2) continue inner;
      if (i * j === 6) break outer;
      labelled.push(i * 10 + j);
    }
  }
  labelled.push('not reached');
}
block: { labelled.push('in block'); if (labelled.length) break block; labelled.push('skipped'); }
d.add('labels', labelled);
const sites = [];
function tag(strings, ...values) { sites.push(strings); return strings.raw.map((r, i) => r + (i < values.length ? `[${values[i]}]` : '')).join(''); }
const tagged = [];
for (let i = 0; i < 3; i++) tagged.push(tag`line\n${i}\t\u0041 ${i * i}\x`);
tagged.push(tag`other ${'site'}`);
tagged.push(String.raw`C:\path\${1 + 1}\n`);
d.add('templates', [tagged, sites[0] === sites[1], sites[1] === sites[2], sites[2] === sites[3], Object.isFrozen(sites[0]), sites[0][3]]);

// An async error through several frames, and a rejected for-await.
async function deep(n) { if (n === 0) throw new Error('bottom'); await null; return deep(n - 1); }
try { await deep(3); } catch (e) { d.add('async-error', e.message); frames.push(...stackLines(e)); }
try {
  for await (const x of (async function* () { yield 1; throw new SyntaxError('generator failed'); })()) d.add('gen-item', x);
} catch (e) { d.add('gen-error', [e.name, e.message]); frames.push(...stackLines(e)); }

d.print({ using: hasUsing });
printStackLines(frames);
