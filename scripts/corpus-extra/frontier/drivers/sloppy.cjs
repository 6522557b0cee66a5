// Sloppy-mode code (no 'use strict'), as old libraries and bundles are written: `with` over objects
// and over a Proxy that claims every name (the probes' own names included), direct eval reading and
// declaring locals, arguments objects mapped to parameters, fn.caller and arguments.callee, `this`
// as the global object, function declarations in blocks (Annex B), a var and a function of one name
// in one body, duplicate parameter names, octal-like escapes, getters named by assignment, and
// what all of it does to stacks.
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('sloppy');
const frames = [];

function withScope(o) {
  var out = [];
  with (o) {
    out.push(a + b);
    out.push(typeof missing === 'undefined');
    c = a * b;
    out.push(helper(a));
  }
  return out;
}
var scope = { a: 2, b: 3, c: 0, helper: function (x) { return x * 10; } };
d.add('with', [withScope(scope), scope.c]);
var lookups = [];
var everything = new Proxy({ a: 5, b: 7 }, {
  has: function (target, key) { if (typeof key === 'string') lookups.push(key); return key !== 'withProxy' && key !== 'lookups' && key !== 'Object'; },
  get: function (target, key) { if (key === Symbol.unscopables) return undefined; return key in target ? target[key] : function () { return 'from proxy: ' + String(key); }; },
});
function withProxy(p) {
  with (p) {
    return [a + b, helper(1), anything()];
  }
}
d.add('with-proxy', withProxy(everything));
d.add('with-proxy:lookups', lookups.filter(function (k) { return !/^__bc\$/.test(k); }));
d.add('with-proxy:ours', lookups.filter(function (k) { return /^__bc\$/.test(k); }).length);

function evaluator(x) {
  var local = x * 2;
  var read = eval('local + x');
  eval('var declared = read + 1');
  return [read, declared, eval('typeof arguments'), eval('this === globalThis')];
}
d.add('eval', evaluator(5));
d.add('indirect-eval', (0, eval)('typeof evaluator'));

function mapped(a, b) {
  arguments[0] = 'changed';
  b = 'also';
  return [a, arguments[1], arguments.length, arguments.callee === mapped];
}
d.add('arguments', [mapped(1, 2), mapped(1)]);
function dup(a, a) { return a; }
d.add('duplicate-params', dup(1, 2));

function inner() { return inner.caller === outer ? 'caller is outer' : 'caller is ' + (inner.caller && inner.caller.name); }
function outer() { return inner(); }
d.add('caller', [outer(), (function named() { return inner(); })()]);
d.add('this', (function () { return this === globalThis; })());

function annexB(flag) {
  var before = typeof later;
  if (flag) {
    function later() { return 'block function'; }
  }
  return [before, typeof later, flag ? later() : null];
}
d.add('annex-b', [annexB(true), annexB(false)]);

function promisifyLike(original) {
  if (original && original.custom) {
    var fn = original.custom;
    return fn;
  }
  function fn() { return 'wrapped ' + original(); }
  return fn;
}
d.add('var-and-function', [promisifyLike(function () { return 'x'; })(), promisifyLike({ custom: 'given' })]);
function twice() { function h() { return 1; } function h() { return 2; } return h(); }
d.add('twice', twice());

d.add('escapes', ['\101\102', '\0', 010 + 0o10]);
var accessors = {};
Object.defineProperty(accessors, 'val', { get: function () { return 42; }, configurable: true });
d.add('getter-name', [Object.getOwnPropertyDescriptor(accessors, 'val').get.name, withScope.name, dup.length]);

function thrower(n) { with ({ n: n }) { if (n > 1) return thrower(n - 1); throw new Error('from with ' + n); } }
try { thrower(3); } catch (e) { d.add('with-error', e.message); frames.push.apply(frames, stackLines(e)); }
try { eval('(function () {\n  undefinedFunction();\n})()'); } catch (e) { d.add('eval-error', [e.name, e.message]); frames.push.apply(frames, stackLines(e)); }
try { mapped.caller; } catch (e) { d.add('caller-error', e.name); }
d.print();
printStackLines(frames);
