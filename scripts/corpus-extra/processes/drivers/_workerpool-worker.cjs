'use strict';
// workerpool's worker script (not a driver): the shared tasks registered as methods, a transfer back
// with workerpool.Transfer, progress events with workerEmit.
const workerpool = require('workerpool');
const tasks = require('./_pool-tasks.cjs');

workerpool.worker({
  fib: tasks.fib,
  primes: (limit) => tasks.primes(limit).length,
  validate: tasks.validate,
  reverse(bytes) {
    const { sum, out } = tasks.reverseBytes(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return new workerpool.Transfer({ sum, out }, [out.buffer]);
  },
  progress(steps) {
    for (let i = 1; i <= steps; i++) workerpool.workerEmit({ step: i, of: steps });
    return 'done';
  },
  kind: () => (typeof process.send === 'function' ? 'process' : 'thread'),
});
