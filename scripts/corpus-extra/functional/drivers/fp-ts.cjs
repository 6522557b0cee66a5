'use strict';
// fp-ts 2 (CJS; pipe/flow, Option/Either/These, TaskEither over real
// promises, ReaderTaskEither, Apply sequences, typeclass instances as plain
// objects of functions, do-notation with bind, NonEmptyArray, Ord/Eq/Monoid
// combinators, State): seeded account ledgers validated and folded, async
// pipelines with failures, and errors thrown from inside a callback that fp-ts
// calls (caught by tryCatch, and one that escapes).
const { pipe, flow, identity } = require('fp-ts/function');
const O = require('fp-ts/Option');
const E = require('fp-ts/Either');
const A = require('fp-ts/Array');
const NEA = require('fp-ts/NonEmptyArray');
const T = require('fp-ts/Task');
const TE = require('fp-ts/TaskEither');
const RTE = require('fp-ts/ReaderTaskEither');
const S = require('fp-ts/State');
const Ord = require('fp-ts/Ord');
const Eq = require('fp-ts/Eq');
const M = require('fp-ts/Monoid');
const N = require('fp-ts/number');
const Str = require('fp-ts/string');
const RR = require('fp-ts/ReadonlyRecord');
const Th = require('fp-ts/These');
const Sg = require('fp-ts/Semigroup');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(99123);
const d = new Digest('fp-ts');

const currencies = ['EUR', 'USD', 'JPY', 'XXX'];
const txs = Array.from({ length: 15000 }, (_x, i) => ({
  id: i,
  account: `acc${Math.floor(rand() * 40)}`,
  amount: Math.round((rand() - 0.4) * 100000) / 100,
  currency: currencies[Math.floor(rand() * currencies.length)],
  memo: rand() < 0.1 ? null : `memo ${i}`,
}));

// Validation with Either and an applicative that accumulates errors.
const V = E.getApplicativeValidation(NEA.getSemigroup());
const checkCurrency = (t) => (t.currency === 'XXX' ? E.left(NEA.of(`${t.id}: bad currency`)) : E.right(t.currency));
const checkAmount = (t) => (Math.abs(t.amount) > 500 ? E.left(NEA.of(`${t.id}: too large`)) : E.right(t.amount));
const checkMemo = (t) => pipe(O.fromNullable(t.memo), E.fromOption(() => NEA.of(`${t.id}: no memo`)));
const validate = (t) => pipe(
  E.Do,
  E.apS('currency', checkCurrency(t)),
  (x) => V.ap(V.map(x, (a) => (amount) => ({ ...a, amount })), checkAmount(t)),
  (x) => V.ap(V.map(x, (a) => (memo) => ({ ...a, memo })), checkMemo(t)),
);
const results = txs.map(validate);
const { left: bad, right: good } = A.separate(results);
d.add('validation', [bad.length, good.length, bad.slice(0, 20)]);

// Folding with monoids, grouped by account; Ord for sorting.
const byAccount = pipe(
  txs,
  NEA.groupBy((t) => t.account),
  RR.map((ts) => M.concatAll(M.struct({ n: N.MonoidSum, total: N.MonoidSum, max: M.max(N.Bounded) }))(ts.map((t) => ({ n: 1, total: t.amount, max: t.amount })))),
);
d.add('byAccount', RR.collect(Str.Ord)((k, v) => `${k}:${v.n}:${v.total.toFixed(2)}:${v.max}`)(byAccount));
const ordTx = pipe(Ord.reverse(N.Ord), Ord.contramap((t) => t.amount));
const ordId = pipe(N.Ord, Ord.contramap((t) => t.id));
d.add('sorted', pipe(txs.slice(0, 2000), A.sortBy([ordTx, ordId]), A.takeLeft(30), A.map((t) => t.id)));
d.add('uniq', pipe(txs.slice(0, 500), A.map((t) => t.account), A.uniq(Str.Eq), A.sort(Str.Ord)));
d.add('eq', [Eq.struct({ a: N.Eq, b: Str.Eq }).equals({ a: 1, b: 'x' }, { a: 1, b: 'x' }), A.getEq(N.Eq).equals([1, 2], [1, 3])]);

// Option chains and flow.
const parse = flow(O.fromPredicate((s) => /^-?\d+$/.test(s)), O.map(Number), O.filter((n) => n !== 0), O.map((n) => 1000 / n));
d.add('options', ['10', 'x', '0', '-4', ''].map((s) => pipe(parse(s), O.match(() => 'none', (n) => n.toFixed(3)))));

// These and a State machine counting parity.
d.add('these', [Th.both('w', 1), Th.left('e'), pipe(Th.both('w', 2), Th.map((n) => n * 10))].map((t) => Th.match(identity, String, (e, a) => `${e}&${a}`)(t)));
const step = (t) => pipe(S.modify((s) => ({ ...s, [t.amount >= 0 ? 'credit' : 'debit']: s[t.amount >= 0 ? 'credit' : 'debit'] + 1 })), S.chain(() => S.gets((s) => s.credit - s.debit)));
const [lastDiff, counts] = pipe(A.traverse(S.Applicative)(step)(txs.slice(0, 3000)), S.map(A.last))({ credit: 0, debit: 0 });
d.add('state', [lastDiff, counts]);
d.add('semigroup', Sg.concatAll(Sg.struct({ a: Str.Semigroup, n: N.SemigroupSum }))({ a: '', n: 0 })([{ a: 'x', n: 1 }, { a: 'y', n: 2 }]));

// Async: TaskEither pipelines over promises, a ReaderTaskEither with an
// environment, sequences in parallel and in sequence, and tryCatch around
// rejected promises and thrown errors.
class Store {
  #data = new Map();
  async get(k) { await null; if (k.startsWith('missing')) throw new Error(`no key ${k}`); return this.#data.get(k) ?? 0; }
  async put(k, v) { await new Promise((r) => setImmediate(r)); this.#data.set(k, v); return v; }
  get size() { return this.#data.size; }
}
const store = new Store();
const getTE = (k) => TE.tryCatch(() => store.get(k), (e) => `get failed: ${e.message}`);
const putTE = (k, v) => TE.tryCatch(() => store.put(k, v), String);
const apply = (t) => pipe(getTE(t.account), TE.chain((cur) => putTE(t.account, Math.round((cur + t.amount) * 100) / 100)));
const main = async () => {
  const seq = await pipe(txs.slice(0, 1500), A.map(apply), A.sequence(TE.ApplicativeSeq))();
  const par = await pipe(['acc1', 'missing1', 'acc2'], A.map(getTE), A.sequence(TE.ApplicativePar))();
  const rte = pipe(
    RTE.ask(),
    RTE.chainTaskEitherK((env) => getTE(env.key)),
    RTE.map((n) => n * 2),
    RTE.orElse((e) => RTE.right(`recovered ${e}`)),
  );
  const envs = await T.sequenceArray([rte({ key: 'acc3' }), rte({ key: 'missing-env' })])();
  const thrown = await TE.tryCatch(async () => { JSON.parse('{oops'); }, (e) => `${e.name}`)();
  return { seq: E.isRight(seq) ? seq.right.length : seq.left, par, envs, thrown, size: store.size };
};
main().then((r) => {
  d.add('async', r);
  console.log(`async seq=${r.seq} par=${E.isLeft(r.par) ? r.par.left : 'ok'} size=${r.size}`);
  const errors = [];
  const frames = [];
  for (const bad of [
    () => pipe(O.some(1), O.map(() => { throw new RangeError('inside Option.map'); })),
    () => E.getOrElseW((e) => { throw new Error(`unwrapped ${e}`); })(E.left('boom')),
    () => NEA.max(N.Ord)([]).toFixed(),
    () => pipe(txs, A.reduce(0, (acc, t) => (t.id === 77 ? t.missing.field : acc + 1))),
  ]) {
    try { bad(); errors.push('no error'); } catch (e) {
      errors.push(`${e.name}: ${e.message}`);
      frames.push(...stackLines(e));
    }
  }
  console.log(errors.join('\n'));
  d.add('errors', errors);
  d.print({ txs: txs.length, bad: bad.length });
  printStackLines(frames);
});
