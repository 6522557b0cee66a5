// Instruments a build's files: in this thread for small builds (a worker's start, loading Babel, costs
// more than it saves), else in worker threads, one per core up to four, biggest files first so that
// the workers finish together.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { BuildWriteError } from './errors.js';
import { instrumentFile, type FileJob, type FileOutcome } from './instrument-file.js';
import type { Instrumenter } from './instrumenter.js';

const WORKER_FILE = path.join(__dirname, 'instrument-worker.js');
/** Below this much JavaScript the build stays in one thread. */
const PARALLEL_FROM_BYTES = 1_000_000;
const MAX_WORKERS = 4;

export interface PoolOptions {
  /** The instrumenter of this thread; a test's own one also keeps the build in this thread. */
  instrumenter: () => Instrumenter;
  inThreadOnly?: boolean;
  /** Worker threads to use (1: none); default: one per core, up to four, for builds over 1 MB. */
  workers?: number;
  onOutcome(job: FileJob, outcome: FileOutcome): void;
}

export async function instrumentAll(jobs: FileJob[], options: PoolOptions): Promise<void> {
  const sizes = new Map(jobs.map((job) => [job, sizeOf(job.source)]));
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const workers =
    options.workers !== undefined
      ? Math.min(options.workers, jobs.length)
      : total < PARALLEL_FROM_BYTES
        ? 1
        : Math.min(MAX_WORKERS, os.availableParallelism(), Math.ceil(jobs.length / 4));
  if (options.inThreadOnly || workers < 2 || !fs.existsSync(WORKER_FILE)) {
    const instrumenter = options.instrumenter();
    for (const job of jobs) options.onOutcome(job, instrumentFile(job, instrumenter));
    return;
  }
  const queue = [...jobs].sort((a, b) => sizes.get(b)! - sizes.get(a)!);
  await Promise.all(Array.from({ length: workers }, () => drain(queue, options)));
}

/** One worker taking jobs from the shared queue until it is empty. */
async function drain(queue: FileJob[], options: PoolOptions): Promise<void> {
  const worker = new Worker(WORKER_FILE);
  try {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      const current = job;
      const reply = await new Promise<{ outcome?: FileOutcome; error?: string }>((resolve, reject) => {
        const onError = (error: Error): void => reject(error);
        worker.once('error', onError);
        worker.once('message', (message: { outcome?: FileOutcome; error?: string }) => {
          worker.off('error', onError);
          resolve(message);
        });
        worker.postMessage({ id: 0, job: current });
      });
      if (reply.error !== undefined) throw new BuildWriteError(current.target, reply.error);
      options.onOutcome(current, reply.outcome!);
    }
  } finally {
    await worker.terminate();
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
