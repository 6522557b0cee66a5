// Libraries that read call sites from V8's structured stacks (their own `Error.prepareStackTrace`
// and `Error.captureStackTrace`): callsites 4 and stack-trace 1 (ES modules), error-stack-parser 3
// (parses `err.stack` text), and depd 2 (deprecation messages naming the caller's file:line:column,
// received through `process.on('deprecation')`). Every call site is read whole: function, method
// and type names, `this` of a sloppy frame, eval origins, constructor/top-level/async/native flags,
// and columns, from plain functions, methods, getters, constructors, callbacks of native code
// (Array.prototype.map, JSON.parse revivers, String.replace), eval'd and `new Function` code, async
// functions after an await, and generators.
import { createRequire } from 'node:module';
import callsites from 'callsites';
import { get as stGet, parse as stParse } from 'stack-trace';

const require = createRequire(import.meta.url);
const ErrorStackParser = require('error-stack-parser').default;
const depd = require('depd');
const { Digest, rel, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('stack-readers');
const frames = [];
const ours = (f) => f && (f.startsWith('file://') ? f.slice(7) : f);
const inSet = (f) => { const r = f ? rel(ours(f)) : ''; return r.startsWith('drivers/') || r.startsWith('node_modules/') ? r : null; };
const SET = require('node:path').resolve(import.meta.dirname, '..');
const portable = (s) => (s == null ? s : String(s).split(`file://${SET}`).join('<set>').split(SET).join('<set>'));

function site(cs) {
  const file = inSet(cs.getFileName());
  if (!file) return null;
  let thisType;
  try { const t = cs.getThis(); thisType = t === undefined ? 'undefined' : t === globalThis ? 'global' : t && t.constructor ? t.constructor.name : typeof t; } catch { thisType = 'throws'; }
  return {
    file, line: cs.getLineNumber(), col: cs.getColumnNumber(), fn: cs.getFunctionName(), method: cs.getMethodName(), type: cs.getTypeName(),
    top: cs.isToplevel(), ctor: cs.isConstructor(), native: cs.isNative(), eval: cs.isEval(), async: cs.isAsync(), all: cs.isPromiseAll(),
    evalOrigin: portable(cs.getEvalOrigin()), this: thisType, fnName: cs.getFunction() ? cs.getFunction().name : null,
  };
}
const sites = (list) => list.map(site).filter(Boolean);

// callsites() from many kinds of frames
const seen = [];
function record(label) { seen.push([label, sites(callsites())]); }
function plain() { record('plain'); }
function sloppyThis() { return Function('record', 'return function sloppy() { record("sloppy"); }')(record); }
class Shape {
  constructor(n) { this.n = n; record('ctor'); }
  area() { record('method'); return this.n; }
  get size() { record('getter'); return this.n; }
  static make() { record('static'); return new Shape(2); }
}
const obj = { named() { record('object method'); }, ['comp' + 'uted']() { record('computed'); }, arrow: () => record('arrow property') };
plain();
sloppyThis()();
const s = Shape.make();
s.area();
void s.size;
obj.named();
obj.computed();
obj.arrow();
[1].map(function mapper() { record('native callback'); });
JSON.parse('{"a":1}', function reviver(k, v) { if (k === 'a') record('reviver'); return v; });
'x'.replace(/x/, function replacer() { record('replace callback'); return 'y'; });
eval('(function evaled() { record("eval"); })()');
new Function('record', 'record("new Function")')(record);
function* gen() { record('generator'); yield 1; record('generator resumed'); }
const g = gen(); g.next(); g.next();
async function later() { await null; record('after await'); }
async function outer() { await later(); record('outer after await'); }
await outer();
await Promise.all([1, 2].map(async (i) => { await null; if (i === 1) record('in Promise.all'); }));
d.add('callsites', seen);

// stack-trace: get() below a function, and parse() of thrown errors
function below() { return inner(); }
function inner() { return stGet(inner); }
d.add('stack-trace:get', sites(below()));
d.add('stack-trace:get-all', sites(stGet()));
function thrower(kind) {
  if (kind === 'type') return null.x;
  if (kind === 'range') return new Array(-1);
  if (kind === 'custom') { class Custom extends Error { constructor(m) { super(m); this.name = 'Custom'; } } throw new Custom('mine'); }
  throw new Error(`plain ${kind}`);
}
for (const kind of ['type', 'range', 'custom', 'plain']) {
  try { thrower(kind); } catch (err) {
    frames.push(...stackLines(err));
    d.add(`stack-trace:parse:${kind}`, stParse(err).map((f) => ({ file: inSet(f.getFileName()), line: f.getLineNumber(), col: f.getColumnNumber(), fn: f.getFunctionName(), type: f.getTypeName(), method: f.getMethodName(), native: f.isNative() })).filter((f) => f.file));
    d.add(`error-stack-parser:${kind}`, ErrorStackParser.parse(err).map((f) => ({ file: inSet(f.fileName), line: f.lineNumber, col: f.columnNumber, fn: f.functionName, src: f.source && portable(f.source) })).filter((f) => f.file));
  }
}

// Error.captureStackTrace with a constructorOpt, and a custom prepareStackTrace of the program
function captureBelow() { const o = {}; Error.captureStackTrace(o, captureBelow); return o.stack; }
function callsCapture() { return captureBelow(); }
d.add('capture:constructorOpt', portable(callsCapture()).split('\n').filter((l) => l.includes('<set>')));
const saved = Error.prepareStackTrace;
Error.prepareStackTrace = (err, cs) => `${err.name}|${sites(cs).map((x) => `${x.fn}@${x.file}:${x.line}:${x.col}`).join(';')}`;
function custom() { return new TypeError('x').stack; }
d.add('prepareStackTrace:custom', custom());
Error.prepareStackTrace = saved;
const oldLimit = Error.stackTraceLimit;
Error.stackTraceLimit = 3;
function deep(n) { return n === 0 ? new Error('deep').stack : deep(n - 1); }
d.add('stackTraceLimit:3', portable(deep(6)).split('\n').map((l) => l.trim()));
Error.stackTraceLimit = oldLimit;

// depd: the caller's location in deprecation messages
const deprecations = [];
process.on('deprecation', (err) => {
  frames.push(...stackLines(err));
  deprecations.push({ name: err.name, namespace: err.namespace, message: err.message, stack: portable(err.stack).split('\n').filter((l) => l.includes('<set>')) });
});
const deprecate = depd('corpus-lib');
function oldApi(a) { deprecate('oldApi() is going away'); return a * 2; }
const wrapped = deprecate.function(function legacySum(a, b) { return a + b; }, 'legacySum');
const o2 = { value: 1 };
deprecate.property(o2, 'value', 'o2.value');
const api = { call(i) { return oldApi(i); } };
for (let i = 0; i < 3; i++) api.call(i);
function fromElsewhere() { return oldApi(10); }
fromElsewhere();
d.add('depd:results', [wrapped(1, 2), wrapped(3, 4), o2.value, (o2.value = 5), o2.value, wrapped.length, wrapped.name]);
d.add('depd', deprecations);

d.print({ callsites: seen.length, deprecations: deprecations.length });
printStackLines(frames);
