// decimal.js 10 (ESM build: one Decimal class whose prototype methods are
// defined on a `P` object with aliases, clone() creating configured
// constructors, static functions, DecimalError throws): seeded arithmetic at
// several precisions and rounding modes, transcendental functions, every
// toString form, configured clones, and the errors the class throws.
import Decimal from 'decimal.js';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(314159);
const d = new Digest('decimal');

function randomDecimal() {
  const digits = Array.from({ length: 1 + Math.floor(rand() * 40) }, () => Math.floor(rand() * 10)).join('');
  const exp = Math.floor(rand() * 60) - 30;
  return new Decimal(`${rand() < 0.3 ? '-' : ''}${digits}e${exp}`);
}

const modes = [Decimal.ROUND_UP, Decimal.ROUND_DOWN, Decimal.ROUND_HALF_UP, Decimal.ROUND_HALF_EVEN, Decimal.ROUND_CEIL, Decimal.EUCLID];
let ops = 0;
for (let i = 0; i < 300; i++) {
  const D = Decimal.clone({ precision: 10 + (i % 50), rounding: modes[i % 4], toExpNeg: -7 - (i % 5), toExpPos: 21 + (i % 3), modulo: modes[i % modes.length] });
  const a = new D(randomDecimal());
  const b = new D(randomDecimal());
  const row = [
    a.plus(b), a.minus(b), a.times(b), b.isZero() ? 'z' : a.div(b), b.isZero() ? 'z' : a.mod(b), a.abs().sqrt(), a.cbrt(), a.neg().pow(3),
    a.cmp(b), a.eq(b), a.gt(b), a.lte(b), a.isInteger(), a.isNeg(), a.sd(true), a.dp(), a.toDP(5, Decimal.ROUND_HALF_DOWN),
    a.toFixed(8), a.toExponential(6), a.toPrecision(12), a.toSD(4), a.toNearest(b.abs().plus(1)), a.round(), a.floor(), a.ceil(), a.trunc(),
    a.toHex(), a.toBinary(20), a.toOctal(), a.toFraction(1000).map(String), a.valueOf(), a.toJSON(), a.toNumber(), a.sign && D.sign(a),
  ];
  ops += row.length;
  d.add(`arith${i}`, row.map((x) => (x instanceof Decimal ? x.toString() : x)));
}

// Transcendental functions at high precision (the expensive part).
Decimal.set({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
for (let i = 0; i < 40; i++) {
  const x = new Decimal(rand().toFixed(12)).times(i % 7 === 0 ? -3 : 3);
  const row = [x.exp(), x.abs().plus(0.001).ln(), x.abs().plus(1).log(2), x.sin(), x.cos(), x.tan(), x.div(4).asin(), x.div(4).acos(), x.atan(), x.sinh(), x.cosh(), x.tanh(), x.div(4).atanh(), x.asinh(), x.abs().plus(1).acosh(), Decimal.atan2(x, i - 20), Decimal.hypot(x, i)];
  ops += row.length;
  d.add(`trans${i}`, row.map(String));
}
d.add('pi', Decimal.acos(-1).toString());
d.add('statics', [Decimal.max(...[1, '2e3', -4, '0x1f']).toString(), Decimal.min('0b101', '0o17', 3).toString(), Decimal.sum(1, 2, '3.5').toString(), Decimal.random === undefined, Decimal.isDecimal(new Decimal(1)), Decimal.isDecimal(1), Decimal.sign(-0), Decimal.ROUND_HALF_FLOOR]);
d.add('special', ['Infinity', '-Infinity', 'NaN', '-0', '0x1.8p1', '1e-9000000', '1e900'].map((s) => { const x = new Decimal(s); return [x.toString(), x.isFinite(), x.isNaN(), x.isNeg(), x.toFixed(2)]; }));

// Subclassing and a configured clone with a crypto-free random (seeded).
class Money extends Decimal {
  get cents() { return this.times(100).toFixed(0); }
  toString() { return `$${this.toFixed(2)}`; }
}
const wallet = [1.005, 2.675, 10, 0.1].map((v) => new Money(v));
d.add('money', wallet.map((m) => [m.cents, String(m), m instanceof Decimal, m.plus(1) instanceof Money]));

const errors = [];
const frames = [];
const attempts = [
  () => new Decimal('12abc'),
  () => Decimal.set({ precision: 0 }),
  () => new Decimal(1).toFixed(1e10),
  () => Decimal.clone({ rounding: 9 }),
  () => new Decimal(2).toSD(0),
  () => Decimal.set({ crypto: true }),
];
// Context added on the way out, as a CLI does before printing err.stack.
function withContext(label, fn) {
  try {
    return fn();
  } catch (e) {
    e.message = `${label}: ${e.message}`;
    throw e;
  }
}
for (const [i, attempt] of attempts.entries()) {
  try {
    withContext(`attempt ${i}`, attempt);
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${e.message} | ${e.stack.split('\n')[0]}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ ops });
printStackLines(frames);
