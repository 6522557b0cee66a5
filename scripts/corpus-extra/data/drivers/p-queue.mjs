// p-queue 9 + p-limit 7 (ESM only; PQueue extends eventemitter3 with #private
// fields and getters, a PriorityQueue with binary search, AbortSignal
// support, per-task timeouts; p-limit's closure queue over yocto-queue):
// seeded async tasks through several queues (concurrency, priority, ids with
// setPriority, pause/start, intervalCap on a fake-free timer-less path), the
// queue's events, onEmpty/onIdle/onSizeLessThan, p-limit's counters and
// limitFunction, then aborted, timed-out and failing tasks.
import PQueue from 'p-queue';
import pLimit, { limitFunction } from 'p-limit';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(424242);
const d = new Digest('p-queue');
const tick = () => new Promise((r) => setImmediate(r));
async function work(id, steps) {
  for (let i = 0; i < steps; i++) await tick();
  return `${id}:${steps}`;
}

// 1. A concurrency-3 queue with priorities: completion order is a function of
// the (seeded) step counts, since every step is one setImmediate.
const q = new PQueue({ concurrency: 3 });
const events = [];
for (const ev of ['active', 'idle', 'empty', 'add', 'next', 'completed', 'error']) q.on(ev, (x) => { if (events.length < 4000) events.push(ev === 'completed' ? `completed ${x}` : ev); });
const started = [];
const results = [];
const tasks = [];
for (let i = 0; i < 400; i++) {
  const steps = 1 + Math.floor(rand() * 6);
  const priority = Math.floor(rand() * 5);
  tasks.push(q.add(async ({ signal }) => { started.push(i); return work(i, steps); }, { priority, id: `t${i}` }).then((r) => results.push(r)));
  if (i === 50) q.setPriority('t49', 10);
}
await q.onIdle();
await Promise.all(tasks);
d.add('started', started);
d.add('results', results);
d.add('events', events);
d.add('state', [q.size, q.pending, q.isPaused, q.concurrency]);

// 2. pause/start, addAll, onEmpty/onSizeLessThan, concurrency changed at run time.
const q2 = new PQueue({ concurrency: 2, autoStart: false });
const all = q2.addAll(Array.from({ length: 60 }, (_x, i) => () => work(`b${i}`, i % 4)));
d.add('paused', [q2.size, q2.pending, q2.isPaused]);
q2.start();
await q2.onSizeLessThan(30);
q2.concurrency = 5;
await q2.onEmpty();
d.add('addAll', await all);
d.add('sizeBy', [q2.sizeBy({ priority: 0 }), q2.size]);
q2.pause();
q2.add(() => 'never run');
q2.clear();
d.add('cleared', [q2.size, q2.isPaused]);

// 3. p-limit: counters and ordering.
const limit = pLimit(4);
const order = [];
const limited = await Promise.all(Array.from({ length: 300 }, (_x, i) => limit(async (n) => { order.push(`s${n}`); await work(n, n % 5); order.push(`e${n}`); return { n, active: limit.activeCount, pending: limit.pendingCount }; }, i)));
d.add('pLimit', limited);
d.add('pLimitOrder', order);
limit.concurrency = 2;
const limitedFn = limitFunction(async (x) => { await tick(); return x * 2; }, { concurrency: 1 });
d.add('limitFunction', await Promise.all([1, 2, 3, 4].map(limitedFn)));
d.add('clearQueue', (() => { const l = pLimit(1); l(() => new Promise(() => {})); l(() => 1); l(() => 2); const before = l.pendingCount; l.clearQueue(); return [before, l.pendingCount, l.concurrency]; })());
console.log(`started=${started.slice(0, 8).join(',')} results=${results.length} limited=${limited.length}`);

// 4. Errors: a failing task (error event + rejection), an aborted task,
// a timed-out task, and bad options.
const errors = [];
const frames = [];
class TaskError extends Error { constructor(m) { super(m); this.name = 'TaskError'; } }
const q3 = new PQueue({ concurrency: 1 });
q3.on('error', (e) => errors.push(`error event: ${e.message}`));
try {
  await q3.add(async function failingTask() { await tick(); throw new TaskError('task 3 failed'); });
} catch (e) {
  errors.push(`${e.constructor.name}/${e.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
const ac = new AbortController();
const blocker = q3.add(() => work('blocker', 3));
const aborted = q3.add(() => 'not run', { signal: ac.signal });
ac.abort(new Error('caller aborted'));
try {
  await aborted;
  errors.push('not aborted');
} catch (e) {
  errors.push(`abort: ${e.name}: ${e.message}`);
}
await blocker;
try {
  await q3.add(() => new Promise(() => {}), { timeout: 20 });
  errors.push('no timeout');
} catch (e) {
  errors.push(`timeout: ${e.constructor.name}/${e.name}: ${e.message}`);
}
for (const bad of [() => new PQueue({ concurrency: 0 }), () => pLimit(-1), () => new PQueue({ intervalCap: -5 }), () => { q3.concurrency = 'x'; }]) {
  try {
    bad();
    errors.push('accepted');
  } catch (e) {
    errors.push(`${e.constructor.name}/${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
await q3.onIdle();
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ tasks: tasks.length, events: events.length, limited: limited.length });
printStackLines(frames);
