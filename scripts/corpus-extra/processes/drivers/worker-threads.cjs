'use strict';
// node:worker_threads (CJS): workers with workerData, `env: SHARE_ENV` (the worker's writes seen by the
// parent) and a custom env object, `execArgv: []` and given flags, `resourceLimits` (read back, and a
// deep recursion under a larger stack), environment data, an ES module worker with top-level await,
// an eval'd worker, a worker's uncaught error (stack lines), process.exit(7) in a worker, a MessagePort
// handed over in a transfer list, an ArrayBuffer transferred both ways, captured worker stdio, a
// worker that starts a worker, and terminate() on a busy one. Everything a worker reports about
// itself (execArgv, env, limits) goes into the digest: a tracer must not show there.
const path = require('node:path');
const { Worker, SHARE_ENV, MessageChannel, setEnvironmentData } = require('node:worker_threads');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('worker-threads');
const WORKER = path.join(__dirname, '_worker.cjs');
const SET = path.dirname(__dirname);

function run(file, options, onStart) {
  return new Promise((resolve) => {
    const worker = new Worker(file, options);
    const messages = [];
    let error = null;
    worker.on('message', (m) => messages.push(m));
    worker.on('error', (err) => { error = err; });
    worker.on('exit', (code) => resolve({ code, messages, error, worker }));
    if (onStart) onStart(worker);
  });
}

const summary = (r) => ({ code: r.code, messages: r.messages, error: r.error && `${r.error.name}: ${r.error.message}` });

(async () => {
  d.add('collatz', summary(await run(WORKER, { workerData: { mode: 'collatz', numbers: [27, 97, 871, 6171, 77031, 1000] } })));

  setEnvironmentData('corpus', 'environment data from the main thread');
  const keys = ['FROM_PARENT', 'CUSTOM', 'LANG', 'TZ'];
  process.env.FROM_PARENT = 'parent value';
  d.add('describe:default', summary(await run(WORKER, { workerData: { mode: 'describe', keys } })));
  d.add('describe:no-execArgv', summary(await run(WORKER, { workerData: { mode: 'describe', keys }, execArgv: [] })));
  d.add('describe:execArgv', summary(await run(WORKER, { workerData: { mode: 'describe', keys }, execArgv: ['--no-warnings', '--no-deprecation'] })));
  d.add('describe:custom-env', summary(await run(WORKER, { workerData: { mode: 'describe', keys }, env: { CUSTOM: 'custom only' } })));
  d.add('describe:share-env', summary(await run(WORKER, { workerData: { mode: 'describe', keys }, env: SHARE_ENV })));
  d.add('describe:limits', summary(await run(WORKER, { workerData: { mode: 'describe', keys: [] }, resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16, stackSizeMb: 6 } })));

  process.env.TO_DELETE = 'x';
  const shared = await run(WORKER, { workerData: { mode: 'share-env', tag: 'a' }, env: SHARE_ENV });
  d.add('share-env', { ...summary(shared), after: { FROM_WORKER: process.env.FROM_WORKER ?? null, TO_DELETE: process.env.TO_DELETE ?? null } });
  process.env.TO_DELETE = 'y';
  const copied = await run(WORKER, { workerData: { mode: 'share-env', tag: 'b' } });
  d.add('copied-env', { ...summary(copied), after: { FROM_WORKER: process.env.FROM_WORKER ?? null, TO_DELETE: process.env.TO_DELETE ?? null } });

  d.add('deep:stack-8mb', summary(await run(WORKER, { workerData: { mode: 'deep', n: 2000 }, resourceLimits: { stackSizeMb: 8 } })));

  d.add('esm', summary(await run(path.join(__dirname, '_worker.mjs'), { workerData: { words: ['alpha', 'beta', 'gamma', 'delta'] } })));
  d.add('eval', summary(await run(`
    const { parentPort, workerData } = require('node:worker_threads');
    function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
    parentPort.postMessage(workerData.map(fib));
  `, { eval: true, workerData: [10, 15, 20] })));

  const thrown = await run(WORKER, { workerData: { mode: 'throw', what: 'config.json' } });
  d.add('throw', { ...summary(thrown), stack: thrown.error.stack.split(SET).join('<set>') });
  d.add('exit-7', summary(await run(WORKER, { workerData: { mode: 'exit', code: 7 } })));

  const { port1, port2 } = new MessageChannel();
  const portResults = [];
  const ports = run(WORKER, { workerData: { mode: 'ports', port: port2 }, transferList: [port2] });
  for (const size of [16, 1024, 65536]) {
    const bytes = new Uint8Array(size).map((_x, i) => (i * 7) % 256);
    portResults.push(await new Promise((resolve) => {
      port1.once('message', resolve);
      port1.postMessage({ buffer: bytes.buffer }, [bytes.buffer]);
    }));
    portResults.push({ detachedHere: bytes.byteLength });
  }
  port1.postMessage('close');
  port1.close();
  d.add('ports', { ...summary(await ports), portResults });

  const roots = new Float64Array([4, 9, 16, 2]);
  const transferred = await run(WORKER, { workerData: { mode: 'transfer' } }, (w) => w.postMessage(roots.buffer, [roots.buffer]));
  d.add('transfer', { code: transferred.code, back: Array.from(new Float64Array(transferred.messages[0])), detached: roots.length });

  const out = [];
  const err = [];
  d.add('console', { ...summary(await run(WORKER, { workerData: { mode: 'console', lines: 3 }, stdout: true, stderr: true }, (w) => {
    w.stdout.on('data', (c) => out.push(c));
    w.stderr.on('data', (c) => err.push(c));
  })), stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });

  const nested = await run(WORKER, { workerData: { mode: 'nested', numbers: [7, 9, 25] } });
  d.add('nested', summary(nested));

  const busy = await run(WORKER, { workerData: { mode: 'busy' } }, (w) => w.once('message', () => w.terminate()));
  d.add('terminated', summary(busy));

  d.print({ workers: 21 });
  printStackLines(stackLines(thrown.error));
})();
