// @babel/parser + @babel/traverse + @babel/generator + @babel/template +
// @babel/types + @babel/code-frame from ESM, without @babel/core (NodePath
// caches, Scope crawling with bindings and constant violations, visitor
// explosion and merging, path.evaluate(), replaceWith/insertBefore/remove,
// template placeholders, the generator's printer with retainLines, comments
// and source maps): analyse and rewrite pinned library sources and seeded
// modules (constant folding, dead branch removal, scope statistics, a
// logger injected with template, export collection), print code frames, and
// catch a parse error, a visitor that throws and an invalid builder call.
import fs from 'node:fs';
import { parse } from '@babel/parser';
import traverseModule from '@babel/traverse';
import generateModule from '@babel/generator';
import templateModule from '@babel/template';
import * as t from '@babel/types';
import { codeFrameColumns } from '@babel/code-frame';
import util from './_util.cjs';

// The CommonJS builds put the functions on `default` when imported from ESM.
const traverse = traverseModule.default || traverseModule;
const generate = generateModule.default || generateModule;
const template = templateModule.default || templateModule;
const { Digest, nm, prng, stackLines, printStackLines } = util;
const rand = prng(31415);
const int = (k) => Math.floor(rand() * k);
const pick = (xs) => xs[int(xs.length)];
const d = new Digest('babel-traverse');
const parseOpts = { sourceType: 'unambiguous', plugins: ['jsx', 'classProperties', 'topLevelAwait'], errorRecovery: false };

const logCall = template.statement('__log(%%label%%, %%args%%);');
const stats = { folded: 0, pruned: 0, logged: 0, bindings: 0, violations: 0, exports: 0, unreferenced: 0 };
const visitor = {
  Scope: {
    enter(path) {
      for (const binding of Object.values(path.scope.bindings)) {
        stats.bindings++;
        stats.violations += binding.constantViolations.length;
        if (!binding.referenced) stats.unreferenced++;
      }
    },
  },
  'BinaryExpression|LogicalExpression|UnaryExpression': {
    exit(path) {
      if (path.parentPath.isUnaryExpression() || t.isLiteral(path.node)) return;
      const r = path.evaluate();
      if (r.confident && (typeof r.value === 'number' || typeof r.value === 'string' || typeof r.value === 'boolean') && (typeof r.value !== 'number' || Number.isFinite(r.value))) {
        const folded = t.valueToNode(r.value);
        // -5 is itself a UnaryExpression: replacing it by an equal node would loop for ever.
        if (t.isNodesEquivalent(folded, path.node)) return;
        path.replaceWith(folded);
        path.skip();
        stats.folded++;
      }
    },
  },
  IfStatement: {
    exit(path) {
      const test = path.get('test').evaluateTruthy();
      if (test === undefined) return;
      stats.pruned++;
      const keep = test ? path.node.consequent : path.node.alternate;
      if (keep) path.replaceWithMultiple(t.isBlockStatement(keep) ? keep.body : [keep]);
      else path.remove();
    },
  },
  FunctionDeclaration(path) {
    if (!path.node.id || path.node.generator) return;
    const args = t.arrayExpression(path.node.params.filter((p) => t.isIdentifier(p)).map((p) => t.identifier(p.name)));
    path.get('body').unshiftContainer('body', logCall({ label: t.stringLiteral(path.node.id.name), args }));
    stats.logged++;
  },
  'ExportNamedDeclaration|ExportDefaultDeclaration'() { stats.exports++; },
};

const libs = ['picomatch/lib/parse.js', 'micromatch/index.js', 'source-map/lib/source-map-generator.js', 'browserslist/index.js', 'svgo/lib/svgo.js', 'svgo/plugins/convertPathData.js', 'rollup/dist/es/rollup.js', 'webpack/lib/Compilation.js', 'eslint/lib/linter/linter.js'];
for (const lib of libs) {
  const code = fs.readFileSync(nm(lib), 'utf8');
  const ast = parse(code, { ...parseOpts, sourceFilename: lib });
  traverse(ast, visitor);
  const out = generate(ast, { retainLines: true, comments: lib.endsWith('.js') && !lib.includes('rollup'), sourceMaps: lib.includes('svgo'), sourceFileName: lib }, code);
  d.add(`lib:${lib}`, [out.code, out.map ? out.map.mappings : null]);
}

const shapes = [
  (k) => `const c${k} = ${int(10)} * ${int(10)} + ${int(5)};`,
  (k) => `if (${pick(['true', 'false', '1 > 2', '"a" === "a"', 'x'])}) { a${k}(); } else { b${k}(); }`,
  (k) => `function fn${k}(p, q = 2, { r } = {}) { return p + q + r; }`,
  (k) => `let s${k} = 'x' + ${int(9)} + 'y'; s${k} += 'z';`,
  (k) => `export const e${k} = !${pick(['0', '1', '""', 'null'])};`,
  (k) => `class K${k} { static n = ${int(9)} + 1; m() { if (typeof window === 'undefined') return ${int(3)} ** 2; } }`,
  (k) => `export default function main${k}(...xs) { return xs.length && -(-${int(9)}); }`,
  (k) => `for (let i${k} = 0; i${k} < ${int(4)} * 2; i${k}++) { if (false) { never(); } out.push(i${k}); }`,
];
for (let i = 0; i < 60; i++) {
  const used = new Set();
  const body = Array.from({ length: 5 + int(8) }, (_x, k) => {
    let s = pick(shapes);
    if (used.has(s) && s === shapes[6]) s = shapes[0];
    used.add(s);
    return s(k);
  }).join('\n');
  const ast = parse(body, { ...parseOpts, sourceFilename: `gen${i}.js` });
  traverse(ast, visitor);
  d.add(`gen:${i}`, generate(ast, { compact: i % 4 === 3, minified: i % 8 === 7, jsescOption: { minimal: true } }).code);
}
// Code frames for chosen locations of a pinned file.
const frameSource = fs.readFileSync(nm('micromatch/index.js'), 'utf8');
d.add('frames', [10, 50, 120].map((line) => codeFrameColumns(frameSource, { start: { line, column: 3 }, end: { line: line + 1, column: 8 } }, { highlightCode: false, linesAbove: 1, linesBelow: 1, message: `look at ${line}` })));

const errors = [];
const frames = [];
const failing = [
  () => parse('const x = ;\nlet y = 2;', { sourceFilename: 'bad.js' }),
  () => traverse(parse('a(); b(); c();'), { CallExpression(path) { if (path.node.callee.name === 'b') throw path.buildCodeFrameError(`refused ${path.node.callee.name}`, RangeError); } }),
  () => t.variableDeclaration('nope', []),
  () => template.statement('let %%x%% = %%y%%;')({ x: t.identifier('a') }),
];
for (const run of failing) {
  try {
    run();
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}${e.code ? ` ${e.code}` : ''}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
d.add('errors', errors);
d.add('stats', stats);
d.print({ libs: libs.length, ...stats });
printStackLines(frames);
