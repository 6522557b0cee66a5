// terser 5 (ESM import of a UMD bundle; async minify, an AST of ~100 node
// classes built with a DEFNODE factory, TreeWalker/TreeTransformer visitors,
// the output stream): minify seeded generated programs with several option
// sets, minify some installed packages' files (with source maps), walk and
// transform a parsed AST, and catch parse errors with their positions.
import fs from 'node:fs';
import { minify, minify_sync } from 'terser';
import util from './_util.cjs';

const { Digest, nm, rel, prng, stackLines, printStackLines } = util;

const rand = prng(424242);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const names = ['total', 'count', 'items', 'result', 'value', 'index', 'cache', 'node'];

function expr(depth) {
  if (depth > 3 || rand() < 0.3) return pick([String(Math.floor(rand() * 100)), pick(names), '"s"', 'true', 'null', 'undefined', '1e3', '0x10']);
  switch (Math.floor(rand() * 7)) {
    case 0: return `(${expr(depth + 1)} ${pick(['+', '-', '*', '&&', '||', '??', '===', '<<', '%'])} ${expr(depth + 1)})`;
    case 1: return `${pick(names)}(${expr(depth + 1)}, ${expr(depth + 1)})`;
    case 2: return `(${expr(depth + 1)} ? ${expr(depth + 1)} : ${expr(depth + 1)})`;
    case 3: return `[${expr(depth + 1)}, ...${pick(names)}]`;
    case 4: return `({ ${pick(names)}: ${expr(depth + 1)}, [${expr(depth + 1)}]: 1 })`;
    case 5: return `((a, b = ${expr(depth + 1)}) => a ?? b)(${expr(depth + 1)})`;
    default: return `\`t\${${expr(depth + 1)}}x\``;
  }
}

function stmt(depth) {
  switch (Math.floor(rand() * 9)) {
    case 0: return `var ${pick(names)}${depth} = ${expr(0)};`;
    case 1: return `if (${expr(0)}) { ${stmt(depth + 1)} } else { ${stmt(depth + 1)} }`;
    case 2: return `for (let i = 0; i < ${Math.floor(rand() * 10)}; i++) { ${stmt(depth + 1)} }`;
    case 3: return `function f${depth}_${Math.floor(rand() * 1e4)}(x, y) { "use strict"; const unused = 1; return ${expr(0)}; }`;
    case 4: return `class K${depth} extends Object { static #n = 1; get v() { return ${expr(0)}; } async *g() { yield* [1, 2]; } }`;
    case 5: return `try { ${stmt(depth + 1)} } catch { /* swallowed */ } finally { ${pick(names)}++; }`;
    case 6: return `switch (${expr(0)}) { case 1: ${pick(names)} = 2; break; default: ; }`;
    case 7: return `label${depth}: while (false) { continue label${depth}; }`;
    default: return `console.log(${expr(0)});`;
  }
}

const d = new Digest('terser');
const optionSets = [
  {},
  { compress: { passes: 2, unsafe: true, pure_getters: true }, mangle: { toplevel: true }, format: { comments: false } },
  { compress: false, mangle: false, format: { beautify: true, comments: 'all', quote_style: 1 } },
  { module: true, ecma: 2020, toplevel: true, compress: { drop_console: true }, mangle: { properties: { regex: /^_/ } } },
];
let inBytes = 0;
let outBytes = 0;
for (let i = 0; i < 12; i++) {
  const code = `/*! banner ${i} */\n${Array.from({ length: 30 }, () => stmt(0)).join('\n')}\nexport const out${i} = ${expr(0)};`;
  for (const [k, opts] of optionSets.entries()) {
    const r = await minify({ [`gen${i}.mjs`]: code }, { ...opts, module: true });
    inBytes += code.length;
    outBytes += r.code.length;
    d.add(`gen${i}:${k}`, r.code);
  }
}

// Real files of the installed packages, with source maps (sync API too).
const files = ['semver/functions/satisfies.js', 'semver/classes/range.js', 'semver/internal/re.js', 'decimal.js/decimal.js']
  .map((f) => nm(...f.split('/')));
for (const file of files) {
  const code = fs.readFileSync(file, 'utf8');
  const r = await minify(code, { sourceMap: { filename: 'out.js', url: 'out.js.map' }, compress: { passes: 1 }, mangle: true });
  const map = JSON.parse(r.map);
  d.add(rel(file), { code: r.code, mappings: map.mappings.length, names: map.names.length });
  const s = minify_sync(code, { compress: false, mangle: false, format: { ascii_only: true, max_line_len: 200 } });
  d.add(`${rel(file)}:sync`, s.code);
  inBytes += code.length * 2;
  outBytes += r.code.length + s.code.length;
}

// Name cache across two minifications, and a reserved-name mangle.
const nameCache = {};
for (const src of ['function longName(a){return a+1} longName(2)', 'var another = longName(3); window.x = another']) {
  const r = await minify(src, { toplevel: true, nameCache, mangle: { reserved: ['window'] } });
  d.add(`cache:${src.length}`, r.code);
}
d.add('nameCache', nameCache);

// Errors: terser reports parse errors as JS_Parse_Error with line/col/pos.
const errors = [];
const frames = [];
for (const bad of ['let x = ;', 'function (a) {}', 'a = `unterminated', 'class A { #x; m() { delete this.#x } }', 'return 1']) {
  try {
    await minify(bad);
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${e.message} line=${e.line} col=${e.col} pos=${e.pos}`);
    frames.push(...stackLines(e));
  }
}
try {
  minify_sync('x(', {});
} catch (e) {
  errors.push(`sync ${e.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ inBytes, outBytes });
printStackLines(frames);
