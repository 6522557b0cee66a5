// A build worker: instruments the files the CLI's thread sends it (Babel is CPU-bound; one worker per
// core divides a large build's time). Started by instrument-pool.ts.

import { parentPort } from 'node:worker_threads';
import { instrumentFile, type FileJob } from './instrument-file.js';
import { loadInstrumenter } from './instrumenter.js';

const instrumenter = loadInstrumenter();

parentPort!.on('message', ({ id, job }: { id: number; job: FileJob }) => {
  try {
    parentPort!.postMessage({ id, outcome: instrumentFile(job, instrumenter) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
