// mathjs (ESM): a created instance with config, expression parsing and
// evaluation with scopes and user functions, compiled expressions, node
// transforms and toString/toTex, matrices (dense/sparse, det, inv, lusolve),
// units and conversions, BigNumber/Fraction/Complex, typed-function dispatch
// errors, derivative/simplify, syntax errors with positions.
import { create, all } from 'mathjs';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const d = new Digest('mathjs');
const rand = prng(2718);
const math = create(all, { number: 'number', precision: 32 });
const big = create(all, { number: 'BigNumber', precision: 40 });

const ops = ['+', '-', '*', '/', '^', 'mod'];
const fns = ['sin', 'cos', 'sqrt', 'abs', 'log', 'exp', 'round'];
function expr(depth) {
  const r = rand();
  if (depth > 3 || r < 0.25) return rand() < 0.5 ? String(Math.floor(rand() * 20) + 1) : ['x', 'y', 'pi', 'e'][Math.floor(rand() * 4)];
  if (r < 0.5) return `${fns[Math.floor(rand() * fns.length)]}(${expr(depth + 1)})`;
  return `(${expr(depth + 1)} ${ops[Math.floor(rand() * ops.length)]} ${expr(depth + 1)})`;
}
const fmt = (v) => math.format(v, { precision: 12 });

let evaluated = 0;
for (let i = 0; i < 300; i++) {
  const src = expr(0);
  const node = math.parse(src);
  const code = node.compile();
  const scope = { x: i / 7, y: 3 - i / 11 };
  let value;
  try { value = fmt(code.evaluate(scope)); } catch (e) { value = `error:${e.message}`; }
  d.add(`expr${i}`, { src, str: node.toString(), tex: node.toTex(), value });
  evaluated++;
}

// Scopes, assignments, user-defined functions, multi-line blocks.
const scope = new Map();
const results = math.evaluate(['a = 3', 'b = [1, 2; 3, 4]', 'f(x, y) = x^2 + y', 'f(a, 2)', 'b * b', 'det(b)', 'c = a:2:11', 'sum(c)', 'g(n) = n <= 1 ? 1 : n * g(n - 1)', 'g(10)'], scope);
d.add('block', results.map(fmt));
d.add('scopeKeys', [...scope.keys()].sort());

// Matrices.
const n = 6;
const A = math.matrix(Array.from({ length: n }, (_r, i) => Array.from({ length: n }, (_c, j) => (i === j ? 10 : Math.floor(rand() * 5)))));
const b = math.matrix(Array.from({ length: n }, () => [Math.floor(rand() * 10)]));
d.add('det', fmt(math.det(A)));
d.add('inv', fmt(math.inv(A)));
d.add('lusolve', fmt(math.lusolve(A, b)));
d.add('transpose', fmt(math.transpose(A)));
d.add('eigs', fmt(math.eigs(math.matrix([[2, 0], [0, 3]])).values));
const S = math.sparse([[1, 0, 0], [0, 0, 2], [0, 3, 0]]);
d.add('sparse', { str: fmt(math.multiply(S, S)), nnz: S.density() });
d.add('map', fmt(math.map(A, (v, idx) => v * (idx[0] + 1))));
d.add('size', fmt(math.size(A)));

// Units.
const units = ['5 cm to inch', '2 kg * 9.81 m/s^2', '100 km/h to m/s', '1 lightyear to km'.replace('lightyear', 'mile'), '37 degC to degF', 'sqrt(16 m^2)', '3 N * 2 m to J'];
d.add('units', units.map((u) => fmt(math.evaluate(u))));
d.add('unitObj', math.unit('12.5 kN').toJSON());

// Other number types.
d.add('bignum', big.evaluate('1/3 + 2^100').toString());
d.add('fraction', math.format(math.fraction('1/3').add(math.fraction('1/6'))));
d.add('complex', fmt(math.evaluate('sqrt(-4) + (2+3i)*(1-i)')));
d.add('simplify', math.simplify('2x + 3x + x*y/y').toString());
d.add('derivative', math.derivative('x^3 + sin(x) * x', 'x').toString());
d.add('rationalize', math.rationalize('(2x+1)/(x-1) + 1').toString());

// Node transforms and traversal.
const tree = math.parse('a * (b + 2) - sqrt(c) / 4');
const names = [];
tree.traverse((node) => { if (node.isSymbolNode) names.push(node.name); });
const swapped = tree.transform((node) => (node.isConstantNode ? new math.ConstantNode(node.value * 10) : node));
d.add('traverse', { names, swapped: swapped.toString() });

// Errors: syntax, dimension, typed-function dispatch, undefined symbol.
const errors = [];
let caught;
for (const bad of ['2 + * 3', '[1, 2] * [3, 4, 5]', 'undefinedThing + 1', 'sqrt("x", 2)', 'unit(5, "notaunit")', '(1 + 2']) {
  try { math.evaluate(bad); errors.push(`ok:${bad}`); } catch (e) { errors.push(`${e.constructor.name}:${e.message}`); caught ??= e; }
}
try { math.add(); } catch (e) { errors.push(`${e.constructor.name}:${e.message}`); }
d.add('errors', errors);

d.print({ evaluated, errors: errors.length });
printStackLines(stackLines(caught));
