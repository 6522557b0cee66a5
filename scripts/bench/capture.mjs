#!/usr/bin/env node
// ns per capture (snapshot + redaction + JSON text) of small and big values, next to the cost of a bare
// JSON.stringify of the same value measured in the same run (the floor any capture pays, and what an
// unbounded capture would cost: big values must cost in proportion to the limits, not to their size).
//   node scripts/bench/capture.mjs [--reps N]
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const core = (p) => import(pathToFileURL(path.join(root, 'packages/core/dist', p)).href);
const { createCapturer } = await core('capture/index.js');
const { DEFAULT_CAPTURE } = await core('settings.js');
const repsArg = process.argv.indexOf('--reps');
const reps = repsArg > 0 ? Number(process.argv[repsArg + 1]) : 10000;

const capturer = createCapturer(DEFAULT_CAPTURE, { patterns: [], allowKeys: [] });
class Order { constructor() { this.id = 17; this.items = [{ sku: 'A-1', qty: 2 }]; this.total = 19.98; } }
const bigArray = Array.from({ length: 100_000 }, (_, i) => ({ i, name: `item ${i}` }));
const bigObject = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
const bigString = 'lorem ipsum dolor sit amet '.repeat(40_000); // ~1 MB
const bigMap = new Map(Array.from({ length: 50_000 }, (_, i) => [i, { v: i }]));

const cases = [
  ['args(a, b) = (7, 6)', () => capturer.args(['a', 'b'], [7, 6]), () => JSON.stringify({ a: 7, b: 6 })],
  ['args(name, n) = ("alice", 3)', () => capturer.args(['name', 'n'], ['alice', 3]), () => JSON.stringify({ name: 'alice', n: 3 })],
  ['value(true)', () => capturer.value(true), () => JSON.stringify(true)],
  ['value(short sentence)', () => capturer.value('The order was created.'), () => JSON.stringify('The order was created.')],
  ['value({id, name, email})', () => capturer.value({ id: 17, name: 'Ann', email: 'ann@example.com' }), () => JSON.stringify({ id: 17, name: 'Ann', email: 'ann@example.com' })],
  ['value(new Order())', () => capturer.value(new Order()), () => JSON.stringify(new Order())],
  ['value([1..10])', () => capturer.value([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), () => JSON.stringify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])],
  ['value(request options)', () => capturer.value({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer abc123def456ghi789' } }), () => JSON.stringify({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer abc123def456ghi789' } })],
  ['value(100k-element array)', () => capturer.value(bigArray), () => JSON.stringify(bigArray), 20],
  ['value(10k-key object)', () => capturer.value(bigObject), () => JSON.stringify(bigObject), 200],
  ['value(1 MB string)', () => capturer.value(bigString), () => JSON.stringify(bigString), 200],
  ['value(50k-entry Map)', () => capturer.value(bigMap), () => JSON.stringify([...bigMap]), 20],
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
for (const [name, capture, stringify, fewer] of cases) {
  const n = fewer ? Math.max(5, Math.round((reps * fewer) / 20000)) : reps;
  const c = nsPer(capture, n);
  const s = nsPer(stringify, n);
  console.log(`${name.padEnd(30)} capture ${c.toFixed(0).padStart(9)} ns   JSON.stringify ${s.toFixed(0).padStart(11)} ns   ratio ${(c / s).toFixed(2)}`);
}
