'use strict';
// workerpool 10 (CJS): a thread pool on a worker script (registered methods, a method that throws,
// an unknown method, a Uint8Array transferred there and back with workerpool.Transfer, workerEmit
// progress events), functions offloaded to a default pool (their source sent to the worker and
// compiled there), a pool of child processes (workerType 'process', forkOpts with an env), a
// timeout that terminates a busy worker, then terminate().
const path = require('node:path');
const workerpool = require('workerpool');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('workerpool');
const SET = path.dirname(__dirname);
const script = path.join(__dirname, '_workerpool-worker.cjs');

function add(a, b) { return a + b; }
function collatzMax(limit) {
  let best = [0, 0];
  for (let n = 1; n <= limit; n++) {
    let x = n;
    let steps = 0;
    while (x !== 1) { x = x % 2 ? 3 * x + 1 : x / 2; steps++; }
    if (steps > best[1]) best = [n, steps];
  }
  return best;
}

(async () => {
  const pool = workerpool.pool(script, { maxWorkers: 2, workerType: 'thread' });
  d.add('methods', await Promise.all([pool.exec('fib', [18]), pool.exec('primes', [20000]), pool.exec('validate', [{ id: 'w1', items: [{ qty: 3, price: 1.5 }] }]), pool.exec('kind')]));

  let caught;
  try {
    await pool.exec('validate', [{ items: [] }]);
  } catch (err) {
    caught = err;
    d.add('thrown', { name: err.name, message: err.message, stack: String(err.stack).split(SET).join('<set>').split('\n').filter((l) => !l.includes('node:internal')) });
  }
  d.add('unknown', await pool.exec('nope', []).then(String, (err) => `${err.name}: ${err.message}`));

  const bytes = new Uint8Array(1000).map((_x, i) => (i * 13) % 256);
  const back = await pool.exec('reverse', [bytes], { transfer: [bytes.buffer] });
  d.add('transfer', { detached: bytes.byteLength, sum: back.sum, length: back.out.length, first: Array.from(back.out.subarray(0, 5)) });

  const events = [];
  d.add('progress', await pool.exec('progress', [4], { on: (payload) => events.push(payload) }));
  d.add('events', events);
  d.add('stats', { totalWorkers: pool.stats().totalWorkers <= 2, pending: pool.stats().pendingTasks });
  await pool.terminate();

  const offload = workerpool.pool({ maxWorkers: 1 });
  d.add('offloaded', await Promise.all([offload.exec(add, [2, 40]), offload.exec(collatzMax, [3000])]));
  d.add('offloaded-source', add.toString());
  const busy = offload.exec(collatzMax, [1e9]).timeout(200);
  d.add('timeout', await busy.then(String, (err) => `${err.name}: ${err.message}`));
  await offload.terminate();

  const processes = workerpool.pool(script, { maxWorkers: 2, workerType: 'process', forkOpts: { env: { ...process.env, POOL_KIND: 'process' } } });
  d.add('process-pool', await Promise.all([processes.exec('kind'), processes.exec('fib', [20]), processes.exec('primes', [5000])]));
  d.add('process-thrown', await processes.exec('validate', [{}]).then(String, (err) => `${err.name}: ${err.message}`));
  await processes.terminate();

  d.print();
  printStackLines(stackLines(caught));
})();
