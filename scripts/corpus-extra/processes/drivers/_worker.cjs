'use strict';
// The worker thread worker-threads.cjs starts (not a driver); workerData.mode picks what it does.
const wt = require('node:worker_threads');

const { mode, ...data } = wt.workerData || {};

function collatz(n) {
  let steps = 0;
  while (n !== 1) { n = n % 2 ? 3 * n + 1 : n / 2; steps++; }
  return steps;
}

function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }

function explode(what) { throw new SyntaxError(`worker could not read ${what}`); }
function parse(what) { return explode(`<${what}>`); }

const post = (m) => wt.parentPort.postMessage(m);

switch (mode) {
  case 'collatz':
    post({ longest: data.numbers.map((n) => [n, collatz(n)]).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 3) });
    break;
  case 'describe':
    // what a program sees of its own thread: these must not show the tracer
    post({
      isMainThread: wt.isMainThread,
      execArgv: process.execArgv,
      env: Object.fromEntries((data.keys || []).map((k) => [k, process.env[k] ?? null])),
      resourceLimits: wt.resourceLimits,
      hasEnvData: wt.getEnvironmentData('corpus') ?? null,
    });
    break;
  case 'share-env':
    post({ seen: process.env.FROM_PARENT ?? null });
    process.env.FROM_WORKER = `set by worker ${data.tag}`;
    delete process.env.TO_DELETE;
    break;
  case 'deep':
    post({ depth: depth(data.n) });
    break;
  case 'throw':
    parse(data.what);
    break;
  case 'exit':
    process.exit(data.code);
    break;
  case 'ports': {
    // a MessagePort arrives in workerData's transfer list; answers go through it
    const { port } = data;
    port.on('message', (m) => {
      if (m === 'close') { port.close(); return; }
      const view = new Uint8Array(m.buffer);
      let sum = 0;
      for (const b of view) sum += b;
      port.postMessage({ sum, length: view.length, received: m.buffer.byteLength }, []);
    });
    break;
  }
  case 'transfer': {
    wt.parentPort.once('message', (buffer) => {
      const view = new Float64Array(buffer);
      for (let i = 0; i < view.length; i++) view[i] = Math.sqrt(view[i]);
      wt.parentPort.postMessage(buffer, [buffer]);
    });
    break;
  }
  case 'console':
    console.log('worker says hello on stdout');
    console.error('worker says hello on stderr');
    process.stdout.write(`lines ${data.lines}\n`);
    break;
  case 'nested': {
    const inner = new wt.Worker(__filename, { workerData: { mode: 'collatz', numbers: data.numbers } });
    inner.once('message', (m) => post({ inner: m }));
    inner.once('exit', (code) => post({ innerExit: code }));
    break;
  }
  case 'busy':
    post('busy');
    for (;;) collatz(27);
  default:
    post({ error: `unknown mode ${mode}` });
}
