'use strict';
// Stack traces as programs read them: Error.prepareStackTrace set by the program (every CallSite
// accessor of the frames in this folder, columns included), Error.captureStackTrace with a
// constructorOpt (frames above it cut), Error.stackTraceLimit changed, async stack traces through
// awaits and Promise.all, errors thrown from eval, new Function and node:vm code (runInNewContext with
// a filename and line offset, compileFunction, a context calling back into this file), and
// util.inspect of errors with causes. The `stacklines` digest drops columns; this one keeps them.
const path = require('node:path');
const util = require('node:util');
const vm = require('node:vm');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('stacks');
const frames = [];
const here = (f) => (f && f.startsWith(__dirname) ? `drivers/${path.relative(__dirname, f)}` : f && f.startsWith('/') ? '<elsewhere>' : f);

function callSites(fn) {
  const saved = Error.prepareStackTrace;
  Error.prepareStackTrace = (err, sites) => sites;
  try {
    return fn();
  } catch (e) {
    if (typeof e.stack === 'string') return columns(e);
    return e.stack.filter((s) => { const f = s.getFileName(); return f && f.startsWith(__dirname); }).map((s) => ({
      file: here(s.getFileName()), line: s.getLineNumber(), column: s.getColumnNumber(), fn: s.getFunctionName(),
      method: s.getMethodName(), type: s.getTypeName(), top: s.isToplevel(), eval: s.isEval(), native: s.isNative(),
      ctor: s.isConstructor(), async: s.isAsync(), all: s.isPromiseAll(), index: s.getPromiseIndex(),
      str: String(s).replace(__dirname, '<dir>'),
    }));
  } finally {
    Error.prepareStackTrace = saved;
  }
}

/** `name file:line:column` of each frame in this folder, from a stack already formatted. */
function columns(err) {
  return String(err.stack).split('\n').filter((l) => l.includes(__dirname)).map((l) => l.trim().split(__dirname).join('<dir>'));
}

class Shape {
  constructor(kind) { if (!kind) throw new TypeError('no kind'); this.kind = kind; }
  area() { return this.measure().value; }
  measure() { throw new RangeError(`cannot measure ${this.kind}`); }
  static make(kind) { return new Shape(kind); }
  get size() { return this.area(); }
}
const shapes = { square: (s) => s.size };
d.add('sites:method', callSites(() => shapes.square(new Shape('square'))));
d.add('sites:ctor', callSites(() => Shape.make('')));
d.add('sites:eval', callSites(() => eval('(function evaluated() { return [].x.y; })()')));
d.add('sites:function', callSites(() => new Function('a', 'b', 'return a.b.c')({})));
d.add('sites:arrow', callSites(() => [1, 2, 3].map((x) => (x === 3 ? null.x : x))));

// The program's own formatter: a string built from the call sites.
Error.prepareStackTrace = (err, sites) => `${err.name}|${err.message}|` + sites.filter((s) => (s.getFileName() || '').startsWith(__dirname)).map((s) => `${s.getFunctionName()}@${s.getLineNumber()}:${s.getColumnNumber()}`).join(',');
try { Shape.make('circle').area(); } catch (e) { d.add('custom-format', e.stack); }
Error.prepareStackTrace = undefined;

// captureStackTrace cuts the frames above (and including) the function given.
class ValidationError extends Error {
  constructor(message, field) {
    super(message);
    this.name = 'ValidationError';
    this.field = field;
    Error.captureStackTrace(this, ValidationError.raise);
  }
  static raise(message, field) { throw new ValidationError(message, field); }
}
function validate(o) { if (!o.id) ValidationError.raise('missing id', 'id'); return o.id; }
function handler(o) { return validate(o); }
try { handler({}); } catch (e) { d.add('captured', [e.name, e.field, e.message]); frames.push(...stackLines(e)); d.add('captured:cols', callSites(() => { throw e; })); }
const holder = {};
function capturer() { Error.captureStackTrace(holder); }
capturer();
d.add('holder', stackLines(holder).length > 0);
frames.push(...stackLines(holder));

// stackTraceLimit
function recurse(n) { if (n === 0) throw new Error('deep'); return recurse(n - 1) + 1; }
for (const limit of [0, 3, 25]) {
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = limit;
  try { recurse(30); } catch (e) { d.add(`limit:${limit}`, stackLines(e)); frames.push(...stackLines(e)); }
  Error.stackTraceLimit = saved;
}

// async stack traces
async function fetchOne(i) { await null; if (i === 2) throw new Error(`item ${i} failed`); return i; }
async function fetchAll() { return Promise.all([0, 1, 2, 3].map((i) => fetchOne(i))); }
async function service() { const r = await fetchAll(); return r; }
async function asyncPart() {
  try { await service(); } catch (e) { d.add('async', e.message); frames.push(...stackLines(e)); d.add('async:cols', callSites(() => { throw e; })); }
  const chain = async (n) => { if (n === 0) throw new Error('chain end'); await new Promise((r) => setImmediate(r)); return chain(n - 1); };
  try { await chain(3); } catch (e) { frames.push(...stackLines(e)); d.add('chain:cols', callSites(() => { throw e; })); }
}

// node:vm
function vmPart() {
  const script = new vm.Script('function inVm(x) { return x.missing.value; }\ninVm({});', { filename: path.join(__dirname, 'virtual-file.js'), lineOffset: 10, columnOffset: 4 });
  try { script.runInNewContext({}); } catch (e) { d.add('vm:script', [e.constructor.name === 'TypeError', e.message]); frames.push(...stackLines(e)); d.add('vm:cols', callSites(() => { throw e; })); }
  const fn = vm.compileFunction('return helper(a) + b', ['a', 'b'], { filename: path.join(__dirname, 'compiled.js'), contextExtensions: [{ helper: (v) => v * 2 }] });
  d.add('vm:compileFunction', [fn(20, 2), fn.length]);
  const context = vm.createContext({ callBack: (v) => Shape.make(v).area(), out: [] });
  try { vm.runInContext('out.push(1); callBack("hexagon")', context, { filename: 'ctx.js' }); } catch (e) { d.add('vm:callback', [e.message, context.out]); frames.push(...stackLines(e)); d.add('vm:callback:cols', callSites(() => { throw e; })); }
  d.add('vm:values', vm.runInNewContext('[typeof require, typeof globalThis.__proto__, Object.keys(this).sort()]', { a: 1, b: 2 }));
}

// util.inspect of errors (causes, extra properties, AggregateError)
function inspectPart() {
  const inner = new TypeError('inner problem');
  const outer = new Error('outer problem', { cause: inner });
  outer.code = 'E_OUTER';
  const agg = new AggregateError([inner, new RangeError('second')], 'many');
  const text = util.inspect([outer, agg], { depth: 4 }).split(__dirname).join('<dir>').replace(/\n\s+at (?!.*<dir>).*/g, '');
  d.add('inspect', text);
}

(async () => {
  await asyncPart();
  vmPart();
  inspectPart();
  d.print();
  printStackLines(frames);
})();
