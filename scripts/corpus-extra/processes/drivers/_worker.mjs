// An ES module worker (not a driver) for worker-threads.cjs: top-level await, a dynamic import of
// the CommonJS worker's neighbour, import.meta.
import { parentPort, workerData } from 'node:worker_threads';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.basename(fileURLToPath(import.meta.url));
const { Digest } = (await import('./_util.cjs')).default;
const d = new Digest('in-worker');
for (const word of workerData.words) d.add('word', word.split('').reverse().join(''));
const hash = await new Promise((resolve) => setImmediate(() => resolve(`${d.items}`)));
parentPort.postMessage({ here, items: hash, words: workerData.words.map((w) => w.toUpperCase()) });
