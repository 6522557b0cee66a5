'use strict';
// esprima 4 (CJS; a webpack UMD bundle of ES5 classes: Scanner, Parser,
// JSXParser, a tokenizer with a delegate): parse real files of the installed
// packages as scripts with locations, ranges, comments and tokens, tokenize,
// parse JSX, run a delegate over every node, tolerant mode, and catch syntax
// errors with their index/line/column.
const fs = require('node:fs');
const esprima = require('esprima');
const { Digest, nm, rel, prng, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('esprima');
// ES5/ES2015 scripts esprima 4 can read (it stops at ES2017).
const files = ['moment/moment.js', 'decimal.js/decimal.js', 'semver/classes/range.js', 'semver/classes/semver.js', 'semver/functions/coerce.js', 'semver/internal/re.js', 'esprima/dist/esprima.js']
  .map((f) => nm(...f.split('/')));
let nodes = 0;
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const counts = Object.create(null);
  const ast = esprima.parseScript(text, { loc: true, range: true, comment: true, tokens: true }, (node, meta) => {
    counts[node.type] = (counts[node.type] || 0) + 1;
    nodes++;
    if (node.type === 'FunctionExpression' && meta.start.line > 1e9) throw new Error('impossible');
  });
  const last = ast.body[ast.body.length - 1];
  d.add(rel(file), { counts, comments: ast.comments.length, tokens: ast.tokens.length, lastLoc: last && last.loc, range: ast.range });
}

// Tokenizer with a delegate that rewrites tokens.
const tokKinds = Object.create(null);
const toks = esprima.tokenize(fs.readFileSync(nm('semver', 'index.js'), 'utf8'), { loc: true, comment: true }, (t) => {
  tokKinds[t.type] = (tokKinds[t.type] || 0) + 1;
  return t;
});
d.add('tokens', { tokKinds, n: toks.length, last: toks[toks.length - 1] });

// Seeded generated modules with JSX and ES2015 features.
const rand = prng(8675309);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
for (let i = 0; i < 40; i++) {
  const body = Array.from({ length: 20 }, (_x, j) => pick([
    `export const c${j} = ({ a, b: [x, ...y] = [] }) => <div id="d${j}" {...a}>{x}{y.map(z => <i key={z}>{z}</i>)}</div>;`,
    `class K${j} extends Array { static of() { return super.of(); } *[Symbol.iterator]() { yield ${j}; } }`,
    `let t${j} = tag\`a\${${j}}b\\u0041\`;`,
    `for (const [k, v] of new Map([[1, 2]])) { label: { break label; } }`,
    `export default function* g${j}(a = 1, ...r) { return yield* r; }`,
    `async function af${j}() { await 0; return new.target; }`,
    `import { x${j} as y${j} } from "mod${j}";`,
  ]));
  const src = [...new Set(body)].join('\n');
  const ast = esprima.parseModule(src, { jsx: true, range: true, tolerant: true });
  d.add(`gen${i}`, { types: ast.body.map((s) => s.type), errors: (ast.errors || []).map((e) => e.description) });
}

// Tolerant mode collects recoverable errors instead of throwing.
const tolerant = esprima.parseScript('"use strict"; var eval = 1; with (a) {} delete x; 010', { tolerant: true });
d.add('tolerant', tolerant.errors.map((e) => `${e.index}:${e.lineNumber}:${e.column} ${e.description}`));

const errors = [];
const frames = [];
for (const bad of ['var x = ;', 'function (a) {}', 'a = `unterminated', '({a:1} = 1)', 'if (x) { let', '<div>{</div>']) {
  try {
    esprima.parseScript(bad, { jsx: true });
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${e.message} index=${e.index} line=${e.lineNumber} col=${e.column} desc=${e.description}`);
    frames.push(...stackLines(e));
  }
}
try {
  esprima.parseScript('var a = 1;', {}, () => { throw new RangeError('delegate refused'); });
} catch (e) {
  errors.push(`${e.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ nodes, version: esprima.version });
printStackLines(frames);
