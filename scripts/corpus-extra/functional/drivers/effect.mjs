// effect 4 (Effect-TS; ESM only: a fiber runtime with its own scheduler,
// Effect.gen generators driven by yield*, services and Layers, Data tagged
// errors (classes extending Error), Queue, Ref, Deferred, Stream pipelines,
// Schedule retries, Schema decoding with issues): a seeded bank simulation
// with worker fibers, a layered service graph, streams, retries on real
// (short) timers, typed failures, defects, interruption, and an error thrown
// from deep inside (a defect squashed out of a Cause) caught by the driver.
import { Cause, Context, Data, Deferred, Duration, Effect, Exit, Fiber, Layer, Option, Queue, Ref, Schedule, Schema, Stream, Chunk } from 'effect';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(5150);
const d = new Digest('effect');

class InsufficientFunds extends Data.TaggedError('InsufficientFunds') {
  get summary() { return `${this.account} needs ${this.needed}`; }
}
class UnknownAccount extends Data.TaggedError('UnknownAccount') {}

class Ledger extends Context.Service()('Ledger') {}
class Audit extends Context.Service()('Audit') {}
class Rates extends Context.Service()('Rates') {}

const RatesLive = Layer.succeed(Rates, { rate: (c) => ({ EUR: 1, USD: 0.9, GBP: 1.15 })[c] ?? 1 });
const AuditLive = Layer.effect(Audit, Effect.gen(function* () {
  const log = yield* Ref.make([]);
  return {
    record: (line) => Ref.update(log, (l) => [...l, line]),
    lines: Ref.get(log),
  };
}));
const LedgerLive = Layer.effect(Ledger, Effect.gen(function* () {
  const audit = yield* Audit;
  const rates = yield* Rates;
  const balances = yield* Ref.make(new Map(Array.from({ length: 12 }, (_x, i) => [`a${i}`, 1000])));
  const get = (acc) => Effect.flatMap(Ref.get(balances), (m) => (m.has(acc) ? Effect.succeed(m.get(acc)) : Effect.fail(new UnknownAccount({ account: acc }))));
  const transfer = Effect.fn('transfer')(function* (from, to, amount, currency) {
    const eur = Math.round(amount * rates.rate(currency) * 100) / 100;
    const bal = yield* get(from);
    yield* get(to);
    if (bal < eur) return yield* new InsufficientFunds({ account: from, needed: eur - bal });
    yield* Ref.update(balances, (m) => new Map(m).set(from, Math.round((m.get(from) - eur) * 100) / 100).set(to, Math.round((m.get(to) + eur) * 100) / 100));
    yield* audit.record(`${from}->${to}:${eur}`);
    return eur;
  });
  return { transfer, snapshot: Effect.map(Ref.get(balances), (m) => [...m]) };
}));
const AppLayer = LedgerLive.pipe(Layer.provide(Layer.merge(AuditLive, RatesLive)), Layer.provideMerge(AuditLive));

const transfers = Array.from({ length: 3000 }, () => ({
  from: `a${Math.floor(rand() * 13)}`,
  to: `a${Math.floor(rand() * 12)}`,
  amount: Math.round(rand() * 40000) / 100,
  currency: ['EUR', 'USD', 'GBP'][Math.floor(rand() * 3)],
}));

const bank = Effect.gen(function* () {
  const ledger = yield* Ledger;
  const audit = yield* Audit;
  const queue = yield* Queue.bounded(16);
  const outcomes = yield* Ref.make({ ok: 0, insufficient: 0, unknown: 0 });
  const worker = (id) => Effect.gen(function* () {
    let done = 0;
    while (true) {
      const t = yield* Queue.take(queue);
      if (t === null) return `${id}:${done}`;
      const r = yield* ledger.transfer(t.from, t.to, t.amount, t.currency).pipe(
        Effect.map(() => 'ok'),
        Effect.catchTag('InsufficientFunds', (e) => Effect.succeed(e.summary.length > 0 ? 'insufficient' : '?')),
        Effect.catchTag('UnknownAccount', () => Effect.succeed('unknown')),
      );
      yield* Ref.update(outcomes, (o) => ({ ...o, [r]: o[r] + 1 }));
      done++;
      if (done % 50 === 0) yield* Effect.yieldNow;
    }
  });
  const fibers = [];
  for (let i = 0; i < 4; i++) fibers.push(yield* Effect.forkChild(worker(`w${i}`)));
  for (const t of transfers) yield* Queue.offer(queue, t);
  for (let i = 0; i < 4; i++) yield* Queue.offer(queue, null);
  const perWorker = yield* Fiber.joinAll(fibers);
  const lines = yield* audit.lines;
  return { perWorker: perWorker.map((s) => s.split(':')[1]).reduce((a, b) => a + Number(b), 0), outcomes: yield* Ref.get(outcomes), audit: lines.length, firstLines: lines.slice(0, 5), balances: yield* ledger.snapshot };
});

// Streams: chunked pipelines, mapEffect with concurrency, grouping.
const streams = Effect.gen(function* () {
  const squares = yield* Stream.range(1, 2000).pipe(
    Stream.map((n) => n * n),
    Stream.filter((n) => n % 3 !== 0),
    Stream.mapEffect((n) => Effect.succeed(n % 1000), { concurrency: 4 }),
    Stream.take(500),
    Stream.runCollect,
  );
  async function* ticks() { for (let i = 0; i < 20; i++) { await null; yield i; } }
  const fromAsync = yield* Stream.fromAsyncIterable(ticks(), (e) => e).pipe(Stream.map((n) => n * 2), Stream.runCollect);
  return { squares: Array.from(squares).slice(-10), sum: Array.from(squares).reduce((a, b) => a + b, 0), fromAsync: Array.from(fromAsync) };
});

// Retries with a schedule on real short timers, a Deferred, timeouts, interruption.
const timing = Effect.gen(function* () {
  const attempts = yield* Ref.make(0);
  const flaky = Effect.gen(function* () {
    const n = yield* Ref.updateAndGet(attempts, (x) => x + 1);
    if (n < 4) return yield* Effect.fail(`attempt ${n} failed`);
    return `succeeded after ${n}`;
  });
  const retried = yield* flaky.pipe(Effect.retry({ schedule: Schedule.spaced(Duration.millis(2)), times: 5 }));
  const gate = yield* Deferred.make();
  const order = [];
  const waiter = yield* Effect.forkChild(Effect.gen(function* () { const v = yield* Deferred.await(gate); order.push(`waiter got ${v}`); return v; }));
  yield* Effect.sleep(Duration.millis(5));
  order.push('opening gate');
  yield* Deferred.succeed(gate, 'open');
  yield* Fiber.join(waiter);
  const timedOut = yield* Effect.sleep(Duration.millis(200)).pipe(Effect.as('slept'), Effect.timeoutOption(Duration.millis(10)));
  const sleeper = yield* Effect.forkChild(Effect.sleep(Duration.seconds(30)));
  yield* Fiber.interrupt(sleeper);
  const interrupted = yield* Fiber.await(sleeper);
  return { retried, order, timedOut: Option.isNone(timedOut), interrupted: Exit.isFailure(interrupted) && Cause.hasInterrupts(interrupted.cause) };
});

// Schema decoding with failures.
const Person = Schema.Struct({ name: Schema.NonEmptyString, age: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 150 })), email: Schema.optional(Schema.String) });
const decode = Schema.decodeUnknownExit(Person);
const candidates = [{ name: 'ada', age: 36 }, { name: '', age: 3 }, { name: 'bob', age: 1.5 }, { name: 'cyd', age: 200, email: 'c@x' }, { age: 3 }, null];

const program = Effect.gen(function* () {
  const b = yield* bank;
  const s = yield* streams;
  const t = yield* timing;
  return { b, s, t };
});

const result = await Effect.runPromise(program.pipe(Effect.provide(AppLayer)));
d.add('bank', result.b);
d.add('streams', result.s);
d.add('timing', result.t);
console.log(`bank ok=${result.b.outcomes.ok} insufficient=${result.b.outcomes.insufficient} unknown=${result.b.outcomes.unknown} audit=${result.b.audit}`);
console.log(`timing ${result.t.retried} ${result.t.order.join(', ')} timedOut=${result.t.timedOut} interrupted=${result.t.interrupted}`);
const decoded = candidates.map((c) => { const e = decode(c); return Exit.isSuccess(e) ? 'ok' : String(Cause.squash(e.cause)).split('\n')[0]; });
d.add('schema', decoded);

// Failures: a typed failure seen through runPromiseExit, a defect from deep
// inside a generator, and runSync of an async effect.
const errors = [];
const frames = [];
const exit = await Effect.runPromiseExit(Effect.fail(new InsufficientFunds({ account: 'zz', needed: 5 })));
errors.push(`exit: ${Exit.isFailure(exit)} ${Cause.squash(exit.cause)._tag}`);
function deepParse(text) { return JSON.parse(text); }
const defect = Effect.gen(function* () {
  yield* Effect.sleep(Duration.millis(1));
  const x = yield* Effect.sync(() => deepParse('{"broken'));
  return x;
});
for (const run of [
  () => Effect.runPromise(defect),
  () => Effect.runPromise(Effect.gen(function* () { const v = yield* Effect.succeed(null); return v.field; })),
  async () => Effect.runSync(Effect.sleep(Duration.millis(1))),
  () => Effect.runPromise(Effect.tryPromise({ try: () => Promise.reject(new RangeError('rejected inside')), catch: (e) => new UnknownAccount({ account: String(e.message) }) })),
]) {
  try { await run(); errors.push('no error'); } catch (e) {
    errors.push(`${e.name}: ${String(e.message).split('\n')[0]}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ transfers: transfers.length });
printStackLines(frames);
