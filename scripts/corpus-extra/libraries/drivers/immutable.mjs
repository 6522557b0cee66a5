// immutable 5 (ESM; persistent hash-array-mapped tries, List vector tries,
// Record classes, lazy Seq, value equality and hashing): seeded Map/List/Set
// updates, deep updateIn/mergeDeep, Seq laziness counted through callbacks,
// is/hashCode, Record with defaults and a class extending it, and an error.
import { Map, List, Set, OrderedMap, Record, Seq, Range, Repeat, Stack, fromJS, is, hash, isImmutable } from 'immutable';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(5150);
const d = new Digest('immutable');

let m = Map();
let l = List();
let s = Set();
for (let i = 0; i < 60000; i++) {
  const k = `k${Math.floor(rand() * 3000)}`;
  const r = rand();
  if (r < 0.5) m = m.set(k, (m.get(k) ?? 0) + 1);
  else if (r < 0.6) m = m.delete(k);
  else m = m.update(k, 0, (v) => v * 2);
  if (r < 0.7) l = l.push(i);
  else if (r < 0.8) l = l.shift();
  else l = l.set(Math.floor(rand() * Math.max(1, l.size)), -i);
  s = r < 0.5 ? s.add(k) : s.remove(k);
}
d.add('map', m.sortBy((v, k) => k).toArray());
d.add('list', { size: l.size, sum: l.reduce((a, b) => a + b, 0), slice: l.slice(100, 140).toJS() });
d.add('set', s.sort().toJS());
d.add('hashes', [hash('abc'), hash(12345), hash(m.take(10)), s.hashCode(), l.take(50).hashCode()]);

const a = fromJS({ users: [{ name: 'x', tags: ['a', 'b'] }, { name: 'y', tags: [] }], meta: { v: 1 } });
const b = a.updateIn(['users', 0, 'tags'], (t) => t.push('c')).setIn(['meta', 'v'], 2);
d.add('deep', { b: b.toJS(), eq: is(a, b), eq2: is(a, fromJS(a.toJS())), merged: a.mergeDeep({ meta: { w: 3 }, users: [{ age: 5 }] }).toJS() });
d.add('getIn', [b.getIn(['users', 0, 'tags', 2]), b.hasIn(['meta', 'v']), b.getIn(['nope', 1], 'dflt')]);

// Seq laziness: count how often the mapper runs
let calls = 0;
const seq = Seq(Range(0, Infinity)).map((x) => { calls++; return x * x; }).filter((x) => x % 3 === 1).take(25);
const first = seq.toArray();
d.add('seq', { first, calls });
const again = seq.toArray();
d.add('seqAgain', { same: is(List(first), List(again)), calls });
d.add('keyedSeq', Seq({ a: 1, b: 2, c: 3 }).mapKeys((k) => k.toUpperCase()).flip().toObject());
d.add('range', Range(10, 100, 7).toArray());
d.add('repeat', Repeat('z', 4).join(''));
d.add('groupBy', List(Range(0, 40)).groupBy((x) => x % 4).map((g) => g.toArray()).toJS());
d.add('stack', Stack([1, 2, 3]).push(0).pop().peek());
d.add('ordered', OrderedMap([['z', 1], ['a', 2]]).set('m', 3).keySeq().toArray());
d.add('zip', List([1, 2, 3]).zip(List(['a', 'b'])).toJS());
d.add('interpose', List(['a', 'b', 'c']).interpose('-').join(''));
d.add('flatten', fromJS([[1, [2]], [3]]).flatten().toJS());

const Point = Record({ x: 0, y: 0, label: 'p' }, 'Point');
class Vec extends Record({ x: 0, y: 0 }) {
  get length() { return Math.hypot(this.x, this.y); }
  plus(o) { return this.merge({ x: this.x + o.x, y: this.y + o.y }); }
}
const p = Point({ x: 3 });
d.add('record', { js: p.toJS(), str: p.toString(), eq: is(p, Point({ x: 3, y: 0 })), has: p.has('z'), set: p.set('y', 9).toJS() });
let v = new Vec({ x: 1, y: 1 });
for (let i = 0; i < 500; i++) v = v.plus(new Vec({ x: rand(), y: -rand() }));
d.add('vec', { x: v.x.toFixed(6), len: v.length.toFixed(6), imm: isImmutable(v), inst: v instanceof Vec });
d.add('toString', [Map({ a: 1 }).toString(), List([1, 2]).toString(), Set(['x']).toString()]);

let frames = [];
d.add('recordUnknownKey', p.set('nope', 1).toJS());
try {
  List([1]).setIn([0, 'x'], 2);
} catch (e) {
  d.add('setInErr', { name: e.name, message: e.message });
  frames = stackLines(e);
}
try { Map().updateIn(['a', 'b'], 5); } catch (e) { d.add('updaterErr', { name: e.name, message: e.message }); }
d.print({ mapSize: m.size, listSize: l.size });
printStackLines(frames);
