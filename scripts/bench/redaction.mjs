#!/usr/bin/env node
// µs per value for Breadcrumb's redactor next to the Python original's rules
// (../shared/redaction/baseline-original.mjs), measured in the same run on the same inputs:
//   typical: what traced functions pass around (numbers, short strings, small records, request options);
//   corpus:  the labelled dev corpus (secret-heavy, long PEM blocks: an upper bound, not the norm).
//   node scripts/bench/redaction.mjs [--reps N]
import { readFileSync, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = path.resolve(root, '..', 'shared', 'redaction');
const repsArg = process.argv.indexOf('--reps');
const reps = repsArg > 0 ? Number(process.argv[repsArg + 1]) : 200;

const ours = (await import(pathToFileURL(path.join(root, 'packages/core/dist/redact/index.js')).href)).redact;
const baselinePath = path.join(shared, 'baseline-original.mjs');
const baseline = existsSync(baselinePath) ? (await import(pathToFileURL(baselinePath).href)).redact : null;

const typical = [
  42, 3.14, true, null, 'ok', 'alice', 'GET', '/api/orders/17', 'application/json', 'Ann Smith',
  { id: 17, name: 'Ann', email: 'ann@example.com' },
  { a: 7, b: 6 },
  [1, 2, 3, 4, 5],
  ['src/index.ts', 'src/pay.ts'],
  { method: 'POST', url: 'https://api.example.com/v1/orders?limit=20', headers: { 'content-type': 'application/json', accept: '*/*' } },
  { orderId: 'ord_123', items: [{ sku: 'A-1', qty: 2, price: 9.99 }], total: 19.98, currency: 'EUR', createdAt: '2024-06-01T08:30:00Z' },
  'The order was created and will ship within 3 business days.',
  { user: { id: 4821, roles: ['admin'], settings: { theme: 'dark', locale: 'en-GB' } } },
];
const corpus = existsSync(path.join(shared, 'corpus-dev.jsonl'))
  ? readFileSync(path.join(shared, 'corpus-dev.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).sample)
  : [];

// Fresh clones per repetition (as the scorer does); CPU time of this process, not wall time (the
// machine is shared: waiting for a core says nothing about the code), the best of five rounds.
function measure(fn, values) {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const inputs = Array.from({ length: reps }, () => values.map((v) => structuredClone(v)));
    for (const v of values) fn(structuredClone(v)); // warm-up
    const c0 = process.cpuUsage();
    for (let r = 0; r < reps; r++) for (const v of inputs[r]) fn(v);
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / (reps * values.length));
  }
  return best;
}

console.log(`loadavg ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${reps} reps, node ${process.version}`);
for (const [name, values] of [['typical', typical], ['corpus', corpus]]) {
  if (values.length === 0) continue;
  const o = measure(ours, values);
  const b = baseline ? measure(baseline, values) : NaN;
  console.log(`${name.padEnd(8)} ${values.length} values: breadcrumb ${o.toFixed(2)} µs/value, original's rules ${b.toFixed(2)} µs/value, ratio ${(o / b).toFixed(2)}`);
}
