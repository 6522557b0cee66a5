'use strict';
// qs 6 (CJS; recursive parse/stringify with side-channel for cycles,
// formats, decoders/encoders, array/object limits): stringify seeded nested
// objects with every arrayFormat and several option sets, parse them back
// (depth, allowDots, comma, charset sentinel, custom decoder), compare round
// trips, and catch the errors qs throws (cycles, limits, bad options).
const qs = require('qs');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(8642);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const keys = ['a', 'b', 'user', 'filter', 'sort', 'x y', 'ü', 'a.b', 'arr', 'page'];
const leaves = ['plain', 'a&b=c', 'spaces here', 'ünïcödé', '%20', '', '0', 'true', null, '😀', '[bracket]', 'comma,sep'];
function val(depth) {
  const r = rand();
  if (depth > 3 || r < 0.4) return pick(leaves);
  if (r < 0.65) return Array.from({ length: Math.floor(rand() * 4) }, () => val(depth + 1));
  const o = {};
  for (let i = 1 + Math.floor(rand() * 4); i > 0; i--) o[pick(keys)] = val(depth + 1);
  return o;
}
const d = new Digest('qs');
const stringifyOptions = [
  {},
  { arrayFormat: 'brackets', encodeValuesOnly: true },
  { arrayFormat: 'repeat', allowDots: true, skipNulls: true },
  { arrayFormat: 'comma', format: 'RFC1738', sort: (a, b) => (a < b ? -1 : a > b ? 1 : 0) },
  { arrayFormat: 'indices', charset: 'iso-8859-1', charsetSentinel: true, strictNullHandling: true },
  { encode: false, addQueryPrefix: true, delimiter: ';', encodeDotInKeys: true, allowDots: true },
  { filter: (prefix, value) => (prefix.endsWith('page') ? undefined : value), serializeDate: (dt) => String(dt.getTime()) },
];
const parseFor = [
  {},
  {},
  { allowDots: true, strictNullHandling: false },
  { comma: true },
  { charsetSentinel: true, strictNullHandling: true, interpretNumericEntities: true },
  { ignoreQueryPrefix: true, delimiter: /[;&]/, allowDots: true, decodeDotInKeys: true },
  { depth: 2, arrayLimit: 5, parameterLimit: 30, parseArrays: true },
];
let matches = 0;
for (let i = 0; i < 500; i++) {
  const obj = { id: i, when: new Date(Date.UTC(2024, 0, 1 + (i % 28))), ...val(0) };
  const k = i % stringifyOptions.length;
  const s = qs.stringify(obj, stringifyOptions[k]);
  const back = qs.parse(s, parseFor[k]);
  d.add(`s:${i}`, s);
  d.add(`p:${i}`, back);
  if (qs.stringify(back, stringifyOptions[k]) === s) matches++;
}
// Parsing hostile and odd query strings.
const odd = ['a[b][c][d][e][f][g]=1', 'a[]=1&a[]=2&a[5]=x', 'a[999]=big', '__proto__[x]=1&constructor[prototype][y]=2', 'a=1&a=2&a=3', 'a[=1', 'a]=1', '=x&&b', 'a%5Bb%5D=c', 'a.b.c=d', '%E9=%E9&utf8=%E2%9C%93', 'x=%F0%9F%98%80&y=%ZZ', 'a[0]=x&a[b]=y', 'a=' + 'b,'.repeat(30)];
for (const q of odd) {
  d.add(`odd:${q}`, [qs.parse(q), qs.parse(q, { allowPrototypes: false, plainObjects: true, allowDots: true, comma: true, duplicates: 'last' }), qs.parse(q, { charset: 'iso-8859-1', decoder: (str, dec, charset, type) => (type === 'key' ? dec(str).toUpperCase() : dec(str)) })]);
}
d.add('formats', [qs.formats.default, Object.keys(qs.formats.formatters), qs.stringify({ a: 'b c' }, { format: 'RFC3986' }), qs.stringify({ a: 'b c' }, { format: 'RFC1738' })]);

const errors = [];
const frames = [];
const cyclic = { a: {} };
cyclic.a.self = cyclic;
for (const attempt of [
  () => qs.stringify(cyclic),
  () => qs.parse('a=1&b=2&c=3', { parameterLimit: 2, throwOnLimitExceeded: true }),
  () => qs.parse('a[0]=1&a[1]=2&a[2]=3', { arrayLimit: 1, throwOnLimitExceeded: true }),
  () => qs.parse('a[b][c][d]=1', { depth: 1, strictDepth: true }),
  () => qs.stringify({ a: 1 }, { encoder: 'not a function' }),
  () => qs.parse('a=1', { charset: 'utf-16' }),
  () => qs.stringify({ a: [1] }, { arrayFormat: 'sideways' }),
  () => qs.stringify({ a: { b: 1 } }, { filter: () => { throw new TypeError('filter refused'); } }),
]) {
  try {
    attempt();
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ matches });
printStackLines(frames);
