// tinypool 2 (ESM only): a worker_threads pool running an ES module worker (default and named
// exports, async tasks queued past maxThreads, a task that throws, a transferred ArrayBuffer, a
// cancelled queue, isolateWorkers re-creating a worker per task, a teardown export), then the same
// worker file in a child_process pool (runtime 'child_process', json and advanced serialization).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import util from './_util.cjs';

const { Digest, stackLines, printStackLines } = util;
const d = new Digest('tinypool');
const here = path.dirname(fileURLToPath(import.meta.url));
const SET = path.dirname(here);
const filename = new URL('./_tinypool-worker.mjs', import.meta.url).href;

const threads = new Tinypool({ filename, minThreads: 2, maxThreads: 2, teardown: 'teardown' });
d.add('tasks', await Promise.all([15, 20, 25].map((arg) => threads.run({ op: 'fib', arg })).concat([threads.run({ op: 'primes', arg: 30000 })])));
d.add('named', await Promise.all([threads.run(21, { name: 'fib' }), threads.run({ id: 't', items: [{ qty: 2, price: 4 }] }, { name: 'validate' })]));
d.add('async', await Promise.all(Array.from({ length: 6 }, (_x, n) => threads.run({ n: n + 1, ticks: 3 - (n % 3) }, { name: 'slowSquare' }))));
let caught;
try {
  await threads.run({ id: '', items: [] }, { name: 'validate' });
} catch (err) {
  caught = err;
  d.add('thrown', { name: err.name, message: err.message, stack: String(err.stack).split(SET).join('<set>').split('\n').filter((l) => !l.includes('node:internal')) });
}
const buffer = new Uint8Array(2048).map((_x, i) => i % 200).buffer;
const sent = threads.run(buffer, { name: 'reverse', transferList: [buffer] });
d.add('transfer', { detached: buffer.byteLength, back: await sent });
d.add('where', (await threads.run(null, { name: 'where' })).childProcess);
const pending = Array.from({ length: 6 }, (_x, n) => threads.run({ n, ticks: 20 }, { name: 'slowSquare' }).then(String, (err) => err.message));
threads.cancelPendingTasks();
// how many started before the cancel depends on how fast the second thread came up
d.add('cancelled', (await Promise.all(pending)).filter((r) => /cancel/i.test(r)).length >= 3);
await threads.destroy();

const isolated = new Tinypool({ filename, maxThreads: 1, isolateWorkers: true });
d.add('isolated', await Promise.all([1, 2, 3].map(() => isolated.run(null, { name: 'where' }))));
await isolated.destroy();

for (const serialization of ['json', 'advanced']) {
  const children = new Tinypool({ filename, runtime: 'child_process', maxThreads: 2, serialization });
  d.add(`child_process:${serialization}`, await Promise.all([children.run(null, { name: 'where' }), children.run(18, { name: 'fib' }), children.run({ op: 'primes', arg: 2000 })]));
  d.add(`child_process:${serialization}:thrown`, await children.run({ op: 'boom' }).then(String, (err) => `${err.name}: ${err.message}`));
  await children.destroy();
}

d.print();
printStackLines(stackLines(caught));
