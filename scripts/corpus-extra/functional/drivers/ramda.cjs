'use strict';
// ramda 0.32 (CJS; every function curried through _curry1/2/3 and _curryN
// placeholders, transducers (_xmap/_xfilter/_xtake objects with @@transducer
// methods), lenses built from functors, R.memoizeWith, R.converge, deep
// equality with cycles, invoker/construct over classes): seeded records run
// through pipes, transducers, lenses and groupings; errors from deep inside
// (R.pipe with no arguments, a lens over a throwing getter) are caught.
const R = require('ramda');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(424242);
const d = new Digest('ramda');
const names = ['ada', 'bob', 'cyd', 'dee', 'eve', 'fay', 'gus', 'hal'];
const tags = ['x', 'y', 'z', 'w'];
const people = Array.from({ length: 12000 }, (_x, i) => ({
  id: i,
  name: names[Math.floor(rand() * names.length)] + i,
  age: 18 + Math.floor(rand() * 60),
  score: Math.round(rand() * 10000) / 100,
  tags: R.uniq(Array.from({ length: Math.floor(rand() * 4) }, () => tags[Math.floor(rand() * tags.length)])),
  address: { city: ['Oslo', 'Lima', 'Pune', 'Kobe'][Math.floor(rand() * 4)], zip: String(10000 + Math.floor(rand() * 89999)) },
}));

// Pipes and point-free compositions with placeholders.
const byCityAvg = R.pipe(
  R.groupBy(R.path(['address', 'city'])),
  R.map(R.pipe(R.pluck('score'), R.mean, (x) => Math.round(x * 100) / 100)),
);
d.add('byCityAvg', byCityAvg(people));
const adults = R.filter(R.propSatisfies(R.gte(R.__, 40), 'age'));
const topN = (n) => R.pipe(R.sortWith([R.descend(R.prop('score')), R.ascend(R.prop('id'))]), R.take(n), R.map(R.pick(['id', 'name', 'score'])));
d.add('top', topN(25)(adults(people)));
d.add('countBy', R.countBy(R.pipe(R.prop('tags'), R.length, String))(people));
d.add('evolve', R.map(R.evolve({ age: R.inc, name: R.toUpper, address: { city: R.toLower } }), R.take(50, people)));

// Transducers.
const xf = R.compose(R.filter((p) => p.age % 3 === 0), R.map(R.prop('score')), R.take(300));
d.add('transduce', R.transduce(xf, R.add, 0, people));
d.add('into', R.into([], R.compose(R.map(R.prop('name')), R.dropRepeats, R.take(40)), people));

// Lenses, over and set.
const cityLens = R.lensPath(['address', 'city']);
const scoreLens = R.lensProp('score');
const moved = R.map(R.pipe(R.over(cityLens, (c) => c + '!'), R.set(scoreLens, 0)), R.take(200, people));
d.add('lenses', [R.view(cityLens, moved[3]), R.view(scoreLens, moved[3]), R.view(R.lensIndex(2), [1, 2, 3])]);

// Classes: invoker, construct, is, and a memoised recursive function.
class Vec {
  constructor(x, y) { this.x = x; this.y = y; }
  add(o) { return new Vec(this.x + o.x, this.y + o.y); }
  get len() { return Math.hypot(this.x, this.y); }
  static of(x, y) { return new Vec(x, y); }
}
class Vec3 extends Vec {
  constructor(x, y, z) { super(x, y); this.z = z; }
  get len() { return Math.hypot(super.len, this.z); }
}
const mk = R.construct(Vec);
const mk3 = R.constructN(3, Vec3);
const addV = R.invoker(1, 'add');
const vs = Array.from({ length: 500 }, () => mk(Math.floor(rand() * 10), Math.floor(rand() * 10)));
const total = R.reduce((acc, v) => addV(v, acc), mk(0, 0), vs);
d.add('vec', [total.x, total.y, total.len, mk3(1, 2, 2).len, R.is(Vec, mk3(0, 0, 0)), R.map(R.prop('len'), R.take(5, vs))]);
let fibCalls = 0;
const fib = R.memoizeWith(String, (n) => { fibCalls++; return n < 2 ? n : fib(n - 1) + fib(n - 2); });
d.add('fib', [fib(90), fibCalls]);

// Deep equality, cyclic structures, converge, cond, curryN with placeholders.
const cyc1 = { a: 1 }; cyc1.self = cyc1;
const cyc2 = { a: 1 }; cyc2.self = cyc2;
d.add('equals', [R.equals(cyc1, cyc2), R.equals(new Map([[1, { a: [1] }]]), new Map([[1, { a: [1] }]])), R.equals(new Vec(1, 2), new Vec3(1, 2, undefined))]);
const avg = R.converge(R.divide, [R.sum, R.length]);
const classify = R.cond([[R.gt(R.__, 90), R.always('A')], [R.gt(R.__, 50), R.always('B')], [R.T, (s) => `C${Math.floor(s)}`]]);
d.add('classify', R.map(R.pipe(R.prop('score'), classify), R.take(100, people)));
d.add('avg', avg(R.pluck('age', people)));
const f3 = R.curryN(3, (a, b, c) => `${a}-${b}-${c}`);
d.add('curry', [f3(1)(2)(3), f3(R.__, 2)(1, 3), f3(R.__, R.__, 3)(1)(2), f3.length]);
d.add('misc', [R.range(0, 10), R.aperture(3, [1, 2, 3, 4, 5]), R.zipObj(['a', 'b'], [1, 2]), R.splitEvery(3, 'abcdefgh'), R.toPairs({ b: 2, a: 1 }), R.partition((x) => x % 2 === 0, R.range(0, 9)), R.xprod([1, 2], ['a', 'b']), R.sortBy(R.identity, ['b', 'a', 'c'])]);
d.add('toString', [R.toString({ a: [1, 'x', null], b: new Date(0), c: new Set([1]) }), R.toString(mk(1, 2))]);

// Generators and iterables through R.into / R.reduce.
function* gen(n) { for (let i = 0; i < n; i++) yield i * i; }
d.add('gen', [R.into([], R.map(R.inc), [...gen(10)]), R.reduce(R.add, 0, gen(100))]);

// Errors thrown from inside ramda and from callbacks ramda calls.
const errors = [];
const frames = [];
for (const bad of [
  () => R.pipe(),
  () => R.compose(),
  () => R.map(R.pipe(R.prop('address'), R.prop('city'), R.toUpper))([{ address: null }]),
  () => R.over(R.lens(() => { throw new RangeError('getter exploded'); }, R.assoc('x')), R.inc, {}),
  () => R.reduce((acc, x) => { if (x > 3) throw new Error(`stop at ${x}`); return acc + x; }, 0, R.range(0, 10)),
]) {
  try { bad(); errors.push('no error'); } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ people: people.length, fibCalls });
printStackLines(frames);
