// bignumber.js 11 (ESM; a constructor function made by a clone() factory with
// its own CONFIG, values as base-1e14 digit arrays, prototype methods in one
// closure, valueOf/toJSON/Symbol.toPrimitive and util.inspect.custom, DEBUG
// mode errors): seeded arithmetic (exact money sums, continued fractions, a
// square-root/Newton iteration, pow/mod), rounding modes, base conversion,
// formats, independent clones with different configs, and errors thrown by
// invalid input under DEBUG.
import BigNumber from 'bignumber.js';
import { inspect } from 'node:util';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(1234567);
const d = new Digest('bignumber');

// Exact money arithmetic on seeded amounts.
let total = new BigNumber(0);
let float = 0;
const amounts = Array.from({ length: 20000 }, () => (Math.floor(rand() * 1e7) / 100).toFixed(2));
for (const a of amounts) { total = total.plus(a); float += Number(a); }
d.add('money', [total.toFixed(2), float.toFixed(2), total.dividedBy(amounts.length).toFixed(6, BigNumber.ROUND_HALF_EVEN)]);

// A precise clone for Newton iterations and series.
const Big = BigNumber.clone({ DECIMAL_PLACES: 60, ROUNDING_MODE: BigNumber.ROUND_HALF_UP });
function sqrtNewton(n) {
  let x = new Big(n);
  for (let i = 0; i < 12; i++) x = x.plus(new Big(n).div(x)).div(2);
  return x;
}
d.add('sqrt', [2, 3, 10, '12345.6789'].map((n) => [sqrtNewton(n).toFixed(50), new Big(n).sqrt().toFixed(50)]));
let e = new Big(1);
let term = new Big(1);
for (let k = 1; k < 60; k++) { term = term.div(k); e = e.plus(term); }
d.add('e', e.toFixed(55));
d.add('pow', [new Big(2).pow(200).toFixed(), new Big('1.0001').pow(10000).toPrecision(40), new Big(7).pow(-3).toString(), new Big(3).pow(1000, 1000007).toString()]);
function* continued(x, n) { let v = new Big(x); for (let i = 0; i < n; i++) { const a = v.integerValue(BigNumber.ROUND_FLOOR); yield a.toNumber(); const f = v.minus(a); if (f.isZero()) return; v = new Big(1).div(f); } }
d.add('continued', [...continued(sqrtNewton(2), 20)]);

// Rounding modes, formats, bases.
const modes = ['ROUND_UP', 'ROUND_DOWN', 'ROUND_CEIL', 'ROUND_FLOOR', 'ROUND_HALF_UP', 'ROUND_HALF_DOWN', 'ROUND_HALF_EVEN', 'ROUND_HALF_CEIL', 'ROUND_HALF_FLOOR'];
const samples = Array.from({ length: 200 }, () => new BigNumber((rand() - 0.5) * 1e6).decimalPlaces(5));
d.add('rounding', samples.slice(0, 40).map((x) => modes.map((m) => x.decimalPlaces(1, BigNumber[m]).toString())));
const Fmt = BigNumber.clone({ FORMAT: { prefix: '€ ', decimalSeparator: ',', groupSeparator: '.', groupSize: 3, secondaryGroupSize: 2, fractionGroupSeparator: ' ', fractionGroupSize: 3 } });
d.add('format', samples.slice(0, 30).map((x) => [new Fmt(x).toFormat(4), x.toExponential(3), x.toPrecision(8), x.toFraction(1000).join('/')]));
const Alpha = BigNumber.clone({ ALPHABET: '0123456789abcdefghijklmnopqrstuvwxyz_$' });
d.add('bases', samples.slice(0, 30).map((x) => { const i = x.integerValue().abs(); return [i.toString(2), i.toString(16), new Alpha(i).toString(38), new BigNumber(i.toString(36), 36).isEqualTo(i)]; }));
d.add('compare', [BigNumber.max(...samples).toString(), BigNumber.min(...samples).toString(), BigNumber.sum(...samples).toString(), samples.filter((x) => x.isNegative()).length, new BigNumber(NaN).isNaN(), new BigNumber(-0).isZero(), new BigNumber(Infinity).comparedTo(1)]);

// Coercions: toJSON, valueOf, inspect, Symbol.toPrimitive (string hint), instanceof across clones.
const x = new BigNumber('-1234.5678');
d.add('coerce', [JSON.stringify({ x }), x.valueOf(), `${x}`, inspect(x), BigNumber.isBigNumber(new Big(1)), new Big(1) instanceof BigNumber, Object.keys(x).sort()]);
console.log(`total=${total.toFixed(2)} e=${e.toFixed(20)} sqrt2=${sqrtNewton(2).toFixed(20)}`);

// Errors: DEBUG mode throws on bad input; config validation throws always.
const Strict = BigNumber.clone({ DEBUG: true });
const errors = [];
const frames = [];
for (const bad of [
  () => new Strict('12abc'),
  () => new Strict(0.1 + 0.2 + 1e-30).plus('1e+99999999999'),
  () => BigNumber.config({ DECIMAL_PLACES: -1 }),
  () => new Strict(12345678901234567890),
  () => new BigNumber(5).toFixed(1.5),
  () => new Strict('ff', 99),
]) {
  try { bad(); errors.push('no error'); } catch (err) {
    errors.push(`${err.name}: ${err.message}`);
    frames.push(...stackLines(err));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ amounts: amounts.length });
printStackLines(frames);
