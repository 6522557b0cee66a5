// Cost of async causality (packages/core/src/context): a loop of `await null` (a promise and a
// reaction per turn) plain, then with the causal context on (nothing running, and inside a call),
// in the same process; prints ns per await and the ratio. Run it on each Node:
//   npx tsc -b && node scripts/bench/causal-context.mjs [--turns 1000000]
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { AsyncCausalContext } = require(path.join(repo, 'packages/core/dist/context/causal-context.js'));
const turnsAt = process.argv.indexOf('--turns');
const turns = turnsAt === -1 ? 1_000_000 : Number(process.argv[turnsAt + 1]);

async function loop(n) {
  let x = 0;
  for (let i = 0; i < n; i++) {
    await null;
    x++;
  }
  return x;
}
async function nsPerAwait() {
  await loop(turns / 10); // warm up
  const best = [];
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    await loop(turns);
    best.push(((performance.now() - started) * 1e6) / turns);
  }
  return Math.min(...best);
}

console.log(`causal context, node ${process.version}, ${turns} awaits x3 (best), loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const plain = await nsPerAwait();
console.log(`plain                    ${plain.toFixed(0)} ns/await`);
for (const [label, call] of [['context, no call running', 0], ['context, inside call 7  ', 7]]) {
  const context = new AsyncCausalContext();
  context.enable({ currentCall: () => call, currentDepth: () => (call === 0 ? -1 : 0) });
  const traced = await nsPerAwait();
  context.disable();
  console.log(`${label} ${traced.toFixed(0)} ns/await  ${(traced / plain).toFixed(2)}x  (+${(traced - plain).toFixed(0)} ns)`);
}
