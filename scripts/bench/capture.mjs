#!/usr/bin/env node
// ns per capture (redacted JSON text of a value) of small and big values, side by side in one run:
//   - the single-pass writer (what the runtime uses, packages/core/src/capture/writer.ts),
//   - the former three-pass pipeline (snapshot tree, redaction walk, JSON.stringify; kept for tests in
//     packages/core/src/capture/reference/), and the writer's speed-up over it,
//   - a bare JSON.stringify of the same value (the floor any capture pays, and what an unbounded capture
//     would cost: big values must cost in proportion to the limits, not to their size).
// The parser and AST cases model what acorn passes on almost every call: its Parser instance (a long
// `input` string, option objects, token types, positions, a context stack) and AST nodes.
// The first table is the workload itself (run first, before the big values below fill the heap): acorn parsing its own source with every Parser method's first
// 1,000 calls captured (arguments by parameter name, return value), as the recorder's detailed calls are,
// each text encoded into its batch's bytes as it is captured, batches of 8,192 encoded as spool frames. Per detailed call: the parse's CPU time
// with capture minus without, so it includes the garbage collection that capture causes the program.
// With --receivers each call's receiver (the Parser) is captured with its arguments, as the recorder
// does for a method (capture.this_values, by default its class alone).
//   node scripts/bench/capture.mjs [--reps N] [--parses N] [--receivers]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const core = (p) => import(pathToFileURL(path.join(root, 'packages/core/dist', p)).href);
const { createCapturer } = await core('capture/index.js');
const { createReferenceCapturer } = await core('capture/reference/pipeline.js');
const { DEFAULT_CAPTURE } = await core('settings.js');
const { encodeEventsFrame, ValueBytes } = await core('spool/format.js');
const repsArg = process.argv.indexOf('--reps');
const reps = repsArg > 0 ? Number(process.argv[repsArg + 1]) : 10000;

const capturer = createCapturer(DEFAULT_CAPTURE, { patterns: [], allowKeys: [] });
const reference = createReferenceCapturer(DEFAULT_CAPTURE, { patterns: [], allowKeys: [] });
// --- acorn parsing itself, its Parser methods' first 1,000 calls captured ---
const require = createRequire(import.meta.url);
const acornFile = require.resolve('acorn');
const acorn = require(acornFile);
const acornSource = fs.readFileSync(acornFile, 'utf8');
const parsesArg = process.argv.indexOf('--parses');
const parses = parsesArg > 0 ? Number(process.argv[parsesArg + 1]) : 5;
const DETAILED = 1000;
const receivers = process.argv.includes('--receivers');
const BATCH = 8192;
const columns = {
  kind: new Uint8Array(BATCH), depth: new Uint16Array(BATCH), id: new Uint32Array(BATCH), call: new Uint32Array(BATCH),
  parent: new Uint32Array(BATCH), value: new Int32Array(BATCH), ts: new Float64Array(BATCH), aux: new Float64Array(BATCH),
};
let active = null; // the capturer of this round, or null
// as the recorder does (EventBuffer): each text is encoded into the batch's bytes as it is captured
const held = new ValueBytes(256 << 10);
let detailedCalls = 0;
let textBytes = 0;
function hold(text) {
  held.add(text);
  textBytes += text.length;
  if (held.count === BATCH) flushHeld();
}
function flushHeld() {
  if (held.count > 0) encodeEventsFrame({ seqStart: 0, count: held.count, ...columns, values: [], encodedValues: held.view() });
  held.clear(2 << 20);
}
const paramNames = (fn) => {
  const m = /^[^(]*\(([^)]*)\)/.exec(Function.prototype.toString.call(fn));
  return m ? m[1].split(',').map((p) => p.trim().replace(/\s*=.*$/, '')).filter(Boolean) : [];
};
const calls = [];
const proto = acorn.Parser.prototype;
for (const key of Object.getOwnPropertyNames(proto)) {
  const d = Object.getOwnPropertyDescriptor(proto, key);
  if (!('value' in d) || typeof d.value !== 'function' || key === 'constructor') continue;
  const original = d.value;
  const names = paramNames(original);
  const index = calls.push(0) - 1;
  proto[key] = function (...args) {
    const capturer = active !== null && calls[index]++ < DETAILED ? active : null;
    if (capturer !== null) {
      detailedCalls++;
      hold(receivers ? capturer.argsWithReceiver(names, args, this) : capturer.args(names, args));
    }
    const result = original.apply(this, args);
    if (capturer !== null) hold(capturer.value(result));
    return result;
  };
}
function parseRound(capturer) {
  active = capturer;
  calls.fill(0);
  detailedCalls = 0;
  textBytes = 0;
  const c0 = process.cpuUsage();
  for (let i = 0; i < parses; i++) acorn.parse(acornSource, { ecmaVersion: 'latest', locations: true });
  flushHeld();
  const c = process.cpuUsage(c0);
  active = null;
  return (c.user + c.system) / 1000;
}
// Each mode in a process of its own (a capture round leaves garbage that would slow the next round's
// program), alternating, best of three processes of five rounds each.
const modes = { 'no capture': null, writer: capturer, 'former pipeline': reference };
const modeArg = process.argv.indexOf('--acorn-mode');
if (modeArg > 0) {
  const mode = modes[process.argv[modeArg + 1]];
  let ms = Infinity;
  for (let round = 0; round < 5; round++) ms = Math.min(ms, parseRound(mode));
  process.stdout.write(JSON.stringify({ ms, calls: detailedCalls, chars: textBytes }));
  process.exit(0);
}
const results = {};
for (let run = 0; run < 3; run++) {
  for (const name of Object.keys(modes)) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--acorn-mode', name, '--parses', String(parses), ...(receivers ? ['--receivers'] : [])], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`acorn round (${name}) failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout);
    if (!results[name] || r.ms < results[name].ms) results[name] = r;
  }
}
console.log(`loadavg ${loadavg().map((x) => x.toFixed(2)).join(' ')}, node ${process.version}`);
console.log(`acorn ${require('acorn/package.json').version} parsing itself ${parses} times, each Parser method's first ${DETAILED} calls captured${receivers ? ' with its receiver' : ''} (CPU time, best of 3 processes x 5 rounds)`);
const plain = results['no capture'].ms;
for (const [name, r] of Object.entries(results)) {
  const per = name === 'no capture' ? '' : `  ${(((r.ms - plain) * 1e6) / r.calls).toFixed(0).padStart(6)} ns per detailed call (${r.calls} calls, ${(r.chars / 2 / r.calls).toFixed(0)} chars per value)`;
  console.log(`${name.padEnd(16)} ${r.ms.toFixed(0).padStart(6)} ms${per}`);
}
console.log('');

class Order { constructor() { this.id = 17; this.items = [{ sku: 'A-1', qty: 2 }]; this.total = 19.98; } }
const bigArray = Array.from({ length: 100_000 }, (_, i) => ({ i, name: `item ${i}` }));
const bigObject = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
const bigString = 'lorem ipsum dolor sit amet '.repeat(40_000); // ~1 MB
const bigMap = new Map(Array.from({ length: 50_000 }, (_, i) => [i, { v: i }]));

// acorn-like values
class TokenType {
  constructor(label, conf = {}) {
    this.label = label; this.keyword = conf.keyword; this.beforeExpr = !!conf.beforeExpr; this.startsExpr = !!conf.startsExpr;
    this.isLoop = false; this.isAssign = false; this.prefix = false; this.postfix = false; this.binop = conf.binop ?? null; this.updateContext = null;
  }
}
class Position { constructor(line, column) { this.line = line; this.column = column; } }
class SourceLocation { constructor(start, end) { this.start = start; this.end = end; this.source = null; } }
class TokContext { constructor(token, isExpr) { this.token = token; this.isExpr = isExpr; this.preserveSpace = false; this.override = null; this.generator = false; } }
class Scope { constructor(flags) { this.flags = flags; this.var = []; this.lexical = []; this.functions = []; this.inClassFieldInit = false; } }
const source = 'function parse(input, options) { return new Parser(options, input).parse(); }\n'.repeat(2500); // ~200 KB
const options = {
  ecmaVersion: 2022, sourceType: 'module', onInsertedSemicolon: null, onTrailingComma: null, allowReserved: null,
  allowReturnOutsideFunction: false, allowImportExportEverywhere: false, allowAwaitOutsideFunction: null, allowSuperOutsideMethod: null,
  allowHashBang: false, checkPrivateFields: true, locations: true, onToken: null, onComment: null, ranges: false, program: null,
  sourceFile: null, directSourceFile: null, preserveParens: false,
};
class Parser {
  constructor() {
    this.options = options; this.sourceFile = null;
    this.keywords = /^(?:break|case|catch|continue|debugger|default|do|else|finally|for|function|if|return|switch|throw|try|var|while|with)$/;
    this.reservedWords = /^(?:enum|await)$/; this.reservedWordsStrict = /^(?:implements|interface|let|package)$/;
    this.input = source; this.containsEsc = false; this.pos = 123456; this.lineStart = 123400; this.curLine = 1543;
    this.type = new TokenType('name', { startsExpr: true }); this.value = 'parse'; this.start = 123451; this.end = 123456;
    this.startLoc = new Position(1543, 51); this.endLoc = new Position(1543, 56);
    this.lastTokEndLoc = new Position(1543, 50); this.lastTokStartLoc = new Position(1543, 42); this.lastTokStart = 123442; this.lastTokEnd = 123450;
    this.context = [new TokContext('{', false), new TokContext('function', true)]; this.exprAllowed = false; this.inModule = true; this.strict = true;
    this.potentialArrowAt = -1; this.potentialArrowInForAwait = false; this.yieldPos = 0; this.awaitPos = 0; this.awaitIdentPos = 0;
    this.labels = []; this.undefinedExports = Object.create(null); this.scopeStack = [new Scope(259), new Scope(2)]; this.regexpState = null; this.privateNameStack = [];
  }
}
class Node {
  constructor(type, start, end) { this.type = type; this.start = start; this.end = end; this.loc = new SourceLocation(new Position(1, start), new Position(1, end)); }
}
function astTree(depth) {
  if (depth === 0) return Object.assign(new Node('Identifier', 10, 15), { name: 'input' });
  return Object.assign(new Node(depth % 2 ? 'CallExpression' : 'MemberExpression', 0, 40), {
    callee: astTree(depth - 1), arguments: [astTree(depth - 1), Object.assign(new Node('Literal', 20, 25), { value: 42, raw: '42' })], optional: false,
  });
}
const parser = new Parser();
const ast = astTree(6);
const identifier = Object.assign(new Node('Identifier', 10, 15), { name: 'input' });

const cases = [
  ['args(a, b) = (7, 6)', (c) => c.args(['a', 'b'], [7, 6]), () => JSON.stringify({ a: 7, b: 6 })],
  ['args(name, n) = ("alice", 3)', (c) => c.args(['name', 'n'], ['alice', 3]), () => JSON.stringify({ name: 'alice', n: 3 })],
  ['value(true)', (c) => c.value(true), () => JSON.stringify(true)],
  ['value(short sentence)', (c) => c.value('The order was created.'), () => JSON.stringify('The order was created.')],
  ['value({id, name, email})', (c) => c.value({ id: 17, name: 'Ann', email: 'ann@example.com' }), () => JSON.stringify({ id: 17, name: 'Ann', email: 'ann@example.com' })],
  ['value(new Order())', (c) => c.value(new Order()), () => JSON.stringify(new Order())],
  ['value([1..10])', (c) => c.value([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), () => JSON.stringify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])],
  ['value(request options)', (c) => c.value({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer abc123def456ghi789' } }), () => JSON.stringify({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer abc123def456ghi789' } })],
  ['value(AST leaf: Identifier)', (c) => c.value(identifier), () => JSON.stringify(identifier)],
  ['args(node) = (AST tree)', (c) => c.args(['node'], [ast]), () => JSON.stringify({ node: ast }), 2000],
  ['args(parser, node) (acorn)', (c) => c.args(['this', 'node'], [parser, identifier]), () => JSON.stringify({ node: identifier }), 2000],
  ['value(Parser instance)', (c) => c.value(parser), () => JSON.stringify({ ...parser, input: source.slice(0, 200) }), 2000],
  ['value(100k-element array)', (c) => c.value(bigArray), () => JSON.stringify(bigArray), 20],
  ['value(10k-key object)', (c) => c.value(bigObject), () => JSON.stringify(bigObject), 200],
  ['value(1 MB string)', (c) => c.value(bigString), () => JSON.stringify(bigString), 200],
  ['value(50k-entry Map)', (c) => c.value(bigMap), () => JSON.stringify([...bigMap]), 20],
];

// CPU time of this process (not wall time: the machine is shared, and time spent waiting for a core
// says nothing about the code), the best of five rounds.
function nsPer(fn, n) {
  for (let i = 0; i < Math.min(n, 1000); i++) fn();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, ((c.user + c.system) * 1000) / n);
  }
  return best;
}

console.log(`loadavg ${loadavg().map((x) => x.toFixed(2)).join(' ')}, node ${process.version}, limits ${JSON.stringify(DEFAULT_CAPTURE)}`);
console.log('(the parser row: JSON.stringify of the instance with its input cut to 200 characters; whole, it is ~200 KB)');
console.log(`${'case'.padEnd(30)} ${'writer'.padStart(10)} ${'former'.padStart(10)} ${'speed-up'.padStart(9)} ${'JSON.stringify'.padStart(15)}   (ns per capture, CPU time)`);
let logSum = 0;
let large = 0;
for (const [name, capture, stringify, fewer] of cases) {
  if (capturer.value !== undefined && capture(capturer) !== capture(reference)) console.log(`  !! ${name}: the writer's text differs from the former pipeline's`);
  const n = fewer ? Math.max(5, Math.round((reps * fewer) / 20000)) : reps;
  // interleaved, so that both see the same machine load
  let w = Infinity;
  let f = Infinity;
  for (let round = 0; round < 2; round++) {
    w = Math.min(w, nsPer(() => capture(capturer), n));
    f = Math.min(f, nsPer(() => capture(reference), n));
  }
  const s = nsPer(stringify, n);
  if (fewer === 2000) {
    logSum += Math.log(f / w);
    large++;
  }
  console.log(`${name.padEnd(30)} ${w.toFixed(0).padStart(10)} ${f.toFixed(0).padStart(10)} ${(f / w).toFixed(2).padStart(8)}x ${s.toFixed(0).padStart(15)}`);
}
console.log(`speed-up on the parser/AST values (geometric mean): ${Math.exp(logSum / large).toFixed(2)}x`);
