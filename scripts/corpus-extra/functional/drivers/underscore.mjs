// underscore 1.13 (ESM build, modules/index-all; _.chain wrappers, _.mixin,
// _.template compiled with Function, _.debounce/_.throttle/_.delay on real
// timers, _.memoize, _.iteratee shorthands, isEqual deep recursion): seeded
// collections through chains and grouping, templates, timer ordering, and
// errors thrown inside templates and iteratees.
import _ from 'underscore';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(777001);
const d = new Digest('underscore');

const kinds = ['apple', 'pear', 'fig', 'kiwi', 'plum', 'lime'];
const rows = Array.from({ length: 20000 }, (_x, i) => ({
  id: i,
  kind: kinds[Math.floor(rand() * kinds.length)],
  qty: Math.floor(rand() * 50),
  price: Math.round(rand() * 1000) / 100,
  meta: { ok: rand() < 0.7, tags: _.first(['a', 'b', 'c', 'd'], Math.floor(rand() * 4)) },
}));

d.add('groupBy', _.mapObject(_.groupBy(rows, 'kind'), (v) => v.length));
d.add('countBy', _.countBy(rows, (r) => (r.qty > 25 ? 'big' : 'small')));
d.add('indexBy', _.keys(_.indexBy(_.first(rows, 30), 'id')).length);
d.add('chain', _.chain(rows).filter((r) => r.meta.ok).sortBy('price').reverse().first(40).pluck('id').value());
d.add('where', _.where(rows, { kind: 'fig', qty: 7 }).map((r) => r.id));
d.add('partition', _.partition(_.range(50), (x) => x % 3 === 0));
d.add('totals', _.chain(rows).groupBy('kind').map((rs, k) => [k, _.reduce(rs, (a, r) => a + r.qty * r.price, 0).toFixed(2)]).sortBy(_.first).value());
d.add('zip', [_.zip(['a', 'b'], [1, 2], [true]), _.unzip([[1, 2], [3, 4]]), _.object(['x', 'y'], [1, 2]), _.invert({ a: 'b' })]);
d.add('sets', [_.union([1, 2], [2, 3]), _.intersection([1, 2, 3], [2, 3, 4]), _.difference(_.range(10), [1, 5]), _.uniq([3, 1, 3, 2, 1], false), _.without([1, 2, 3], 2)]);
d.add('isEqual', [_.isEqual({ a: [1, { b: new Date(5) }] }, { a: [1, { b: new Date(5) }] }), _.isEqual(new Map([[1, 2]]), new Map([[1, 2]])), _.isEqual([NaN], [NaN])]);

// Mixins and chaining a mixin.
_.mixin({
  capitalize(s) { return s.charAt(0).toUpperCase() + s.slice(1); },
  sumBy(list, it) { return _.reduce(list, (a, x) => a + _.iteratee(it)(x), 0); },
});
d.add('mixin', [_.chain(kinds).map(_.capitalize).join('|').value(), _.sumBy(rows, 'qty')]);

// Templates (compiled with Function) with helpers, escapes and evaluate blocks.
const tpl = _.template('<ul><% _.each(items, function(it, i) { %><li class="<%= i % 2 ? \'odd\' : \'even\' %>"><%- it.kind %>:<%= it.qty %></li><% }); %></ul>');
for (let i = 0; i < 200; i++) d.add(`tpl${i}`, tpl({ items: _.filter(rows.slice(i * 10, i * 10 + 30), () => rand() < 0.2).concat([{ kind: '<b>&"x"</b>', qty: i }]) }));
d.add('tplSource', tpl.source.length);
_.templateSettings.interpolate = /\{\{(.+?)\}\}/g;
d.add('mustache', _.template('Hello {{ name }}!')({ name: 'world' }));
_.templateSettings.interpolate = /<%=([\s\S]+?)%>/g;

// Memoize, once, after, before, partial with placeholders, compose, negate.
let calls = 0;
const slow = _.memoize((n) => { calls++; return n < 2 ? n : slow(n - 1) + slow(n - 2); });
const once = _.once(() => ++calls);
const sub = _.partial((a, b, c) => a - b - c, _, 5, _);
d.add('fns', [slow(70), once(), once(), calls, sub(20, 1), _.compose(_.negate(_.isNull), _.first)([null]), _.bind(function (x) { return this.k + x; }, { k: 'k' })('!')]);

// Iterators: _.each over a generator's array, _.toArray of arguments and Sets.
class Bag {
  constructor(xs) { this.xs = xs; }
  *[Symbol.iterator]() { yield* this.xs; }
  get size() { return this.xs.length; }
}
d.add('toArray', [_.toArray(new Bag([1, 2, 3])), _.toArray(new Set(['q', 'r'])), _.size(new Bag([1])), (function () { return _.toArray(arguments); })(1, 2)]);

// Timers: delay, defer, debounce and throttle in a fixed order.
const order = [];
await new Promise((resolve) => {
  const deb = _.debounce((tag) => order.push(`debounce:${tag}`), 20);
  const thr = _.throttle((tag) => order.push(`throttle:${tag}`), 30, { trailing: false });
  deb('a'); deb('b'); thr(1); thr(2);
  _.delay((x) => order.push(`delay:${x}`), 5, 'five');
  _.defer(() => order.push('defer'));
  setTimeout(() => { deb('c'); order.push('timeout40'); }, 40);
  setTimeout(() => { order.push('timeout120'); resolve(); }, 120);
  queueMicrotask(() => order.push('micro'));
});
d.add('timers', order);
console.log(order.join(' '));

// Errors from a template and from an iteratee.
const errors = [];
const frames = [];
for (const bad of [
  () => _.template('<%= missing.deep %>')({}),
  () => _.template('<% if ( { %>'),
  () => _.map([1, 2, 3], (x) => { if (x === 2) throw new TypeError(`bad ${x}`); return x; }),
  () => _.chain(rows).sortBy((r) => r.meta.nope.x).value(),
]) {
  try { bad(); errors.push('no error'); } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ rows: rows.length, calls });
printStackLines(frames);
