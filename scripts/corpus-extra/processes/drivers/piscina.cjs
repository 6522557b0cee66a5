'use strict';
// piscina 5 (CJS): a pool of 2 worker threads running a task file's default and named exports
// (recursion, a sieve, async tasks queued past the pool's size), a task that throws (its stack lines
// come from the worker), an ArrayBuffer sent in a transferList and one moved back with Piscina.move,
// workerData, an aborted task, a second pool with its own env and execArgv, then close() and destroy().
const path = require('node:path');
const { Piscina } = require('piscina');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('piscina');
const SET = path.dirname(__dirname);
const filename = path.join(__dirname, '_piscina-worker.cjs');

(async () => {
  const pool = new Piscina({ filename, minThreads: 2, maxThreads: 2, workerData: { pool: 'main' }, recordTiming: false });
  const ops = [];
  for (let i = 0; i < 12; i++) ops.push(i % 3 === 0 ? { op: 'fib', arg: 15 + i } : i % 3 === 1 ? { op: 'primes', arg: 1000 * i } : { op: 'validate', arg: { id: `o${i}`, items: [{ qty: i, price: 2.5 }, { qty: 1, price: i }] } });
  d.add('tasks', await Promise.all(ops.map((t) => pool.run(t))));
  d.add('named', await Promise.all([pool.run(20, { name: 'fib' }), pool.run({ id: 'n', items: [] }, { name: 'validate' })]));
  d.add('async', await Promise.all(Array.from({ length: 8 }, (_x, n) => pool.run({ n, ticks: n % 4 }, { name: 'slowSquare' }))));
  d.add('whoami', await pool.run(null, { name: 'whoami' }));

  let caught;
  try {
    await pool.run({ op: 'validate', arg: { items: [{ qty: 1, price: 1 }] } });
  } catch (err) {
    caught = err;
    d.add('thrown', { name: err.name, message: err.message, stack: err.stack.split(SET).join('<set>').split('\n').filter((l) => !l.includes('node:internal')) });
  }
  try {
    await pool.run({ op: 'nope' });
  } catch (err) {
    d.add('unknown-op', `${err.name}: ${err.message}`);
  }

  const bytes = new Uint8Array(4096).map((_x, i) => (i * 31) % 251);
  const sent = pool.run(bytes.buffer, { name: 'reverse', transferList: [bytes.buffer] });
  d.add('detached-after-send', bytes.byteLength);
  const back = await sent;
  d.add('moved-back', { type: back.constructor.name, length: back.length, first: Array.from(back.subarray(0, 6)), sum: back.reduce((s, b) => s + b, 0) });

  // aborted before it is posted (aborting a running task races its result on Node 24)
  const controller = new AbortController();
  controller.abort();
  const aborted = pool.run({ n: 3, ticks: 50 }, { name: 'slowSquare', signal: controller.signal });
  d.add('aborted', await aborted.then((v) => `resolved ${v}`, (err) => `${err.name}: ${err.message}`));
  d.add('stats', { threads: pool.threads.length, queueSize: pool.queueSize, completed: pool.completed });
  await pool.close();

  const other = new Piscina({ filename, maxThreads: 1, env: { POOL: 'other' }, execArgv: ['--no-warnings'] });
  d.add('other', await Promise.all([other.run(10, { name: 'fib' }), other.run({ op: 'primes', arg: 50 })]));
  await other.destroy();

  d.print();
  printStackLines(stackLines(caught));
})();
