// @babel/parser 7 (ESM importing a CJS bundle; one big class hierarchy of
// mixins: Tokenizer -> Parser with plugin classes for TypeScript, JSX, Flow):
// parse real files of the installed packages as module/script with tokens and
// comments, seeded TSX sources with the typescript plugin, estree output,
// error recovery, parseExpression, and catch syntax errors with their loc.
import fs from 'node:fs';
import { parse, parseExpression, tokTypes } from '@babel/parser';
import util from './_util.cjs';

const { Digest, nm, rel, prng, stackLines, printStackLines } = util;

const d = new Digest('babel-parser');
const real = [
  ['terser/lib/compress/index.js', 'module'], ['terser/lib/output.js', 'module'], ['uuid/dist/index.js', 'module'],
  ['moment/moment.js', 'script'], ['decimal.js/decimal.mjs', 'module'], ['semver/classes/range.js', 'script'],
  ['typescript/lib/lib.es2015.promise.d.ts', 'ts'],
];
// The first syntax error of the run, before any function's detail cap is reached: what a CLI prints.
try {
  parse('const x = ;', { sourceType: 'module' });
} catch (e) {
  d.add('first-error', e.stack.split('\n')[0]);
}
let nodes = 0;
function count(node, counts, depth = 0) {
  if (!node || typeof node.type !== 'string') return depth;
  counts[node.type] = (counts[node.type] || 0) + 1;
  nodes++;
  let max = depth;
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'extra') continue;
    const v = node[key];
    if (Array.isArray(v)) for (const c of v) max = Math.max(max, count(c, counts, depth + 1));
    else if (v && typeof v === 'object') max = Math.max(max, count(v, counts, depth + 1));
  }
  return max;
}
for (const [f, kind] of real) {
  const file = nm(...f.split('/'));
  if (!fs.existsSync(file)) { d.add(f, 'missing'); continue; }
  const text = fs.readFileSync(file, 'utf8');
  const ast = parse(text, {
    sourceType: kind === 'script' ? 'script' : 'module', sourceFilename: rel(file), tokens: true, ranges: true,
    plugins: kind === 'ts' ? [['typescript', { dts: true }]] : [], allowReturnOutsideFunction: kind === 'script',
  });
  const counts = {};
  const depth = count(ast.program, counts);
  const last = ast.program.body[ast.program.body.length - 1];
  d.add(rel(file), { counts, depth, comments: ast.comments.length, tokens: ast.tokens.length, lastLoc: last && last.loc.end, range: last && last.range });
}

// Seeded TypeScript + JSX sources, and the same through estree.
const rand = prng(777);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const pieces = [
  'export type T<K extends string = "a"> = { [P in K]?: readonly P[] } & Record<K, unknown>;',
  'enum E { A = 1, B = A << 1 } declare module "m" { export const v: number; }',
  'abstract class C<T> implements I { private x?: T; constructor(public readonly y = 1) { super(); } abstract m(): void; }',
  'const el = <Comp<string> prop={a as any} {...rest}>{list.map((i): JSX.Element => <li key={i!}>{i satisfies number}</li>)}</Comp>;',
  'function f(this: Window, a?: number, ...r: [x: string, y?: boolean]): asserts a is number {}',
  'let u = a?.b?.[c]?.(d) ?? (e ||= f) ; label: for await (using x of y) {}',
  'namespace N.M { export import Z = Q.R; }',
  '@dec() class D { @prop accessor v = 1; static { init(); } #p = 2; has(o) { return #p in o; } }',
];
let tsNodes = 0;
for (let i = 0; i < 60; i++) {
  const src = Array.from({ length: 30 }, () => pick(pieces)).join('\n');
  const ast = parse(src, { sourceType: 'module', plugins: ['jsx', 'typescript', 'decorators', 'decoratorAutoAccessors', 'explicitResourceManagement'], errorRecovery: true });
  const counts = {};
  count(ast.program, counts);
  tsNodes += ast.program.body.length;
  d.add(`tsx${i}`, { counts, errors: ast.errors.map((e) => `${e.code}:${e.reasonCode}:${e.loc.line}:${e.loc.column}`) });
  if (i % 10 === 0) {
    const est = parse(src, { sourceType: 'module', plugins: ['estree', 'jsx', 'typescript', 'decorators', 'decoratorAutoAccessors', 'explicitResourceManagement'], errorRecovery: true });
    d.add(`estree${i}`, est.program.body.map((s) => s.type));
  }
}

d.add('expr', [parseExpression('a ? (b, c) : d => ({ ...d })', { ranges: true }).type, parseExpression('<a/>', { plugins: ['jsx'] }).type, Object.keys(tokTypes).length]);

// Error recovery keeps going; without it the first error is thrown.
const recovered = parse('let a = 1; let a = 2; 09.5; "use strict"; with (x) {}', { errorRecovery: true, sourceType: 'script' });
d.add('recovered', recovered.errors.map((e) => `${e.reasonCode} ${e.message}`));

const errors = [];
const frames = [];
for (const bad of ['let x = ;', 'function (a) {}', 'a = `unterminated', 'class A { constructor() {} constructor() {} }', 'import x from "y"', '<div>']) {
  try {
    parse(bad, { sourceType: 'script' });
    errors.push('no error');
  } catch (e) {
    // the stack's first line, as a CLI prints it: the message is a getter defined after the error is made
    errors.push(`${e.stack.split('\n')[0]} | ${e.name}: ${e.message} code=${e.code} reason=${e.reasonCode} loc=${e.loc.line}:${e.loc.column} pos=${e.pos}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ nodes, tsNodes });
printStackLines(frames);
