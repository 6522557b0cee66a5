'use strict';
// @babel/core 7 + @babel/preset-env (CJS; config loading and merging, the
// plugin pass pipeline, @babel/traverse's visitor merging over NodePaths and
// scopes, @babel/template, @babel/generator with source maps, and ~100
// preset-env plugins chosen per browserslist target): compile pinned library
// sources and seeded modern modules for several targets and module formats,
// run custom visitor plugins (identifier renaming with scope bindings, a
// template-built counter injection, a plugin with state and pre/post hooks),
// transformAsync, parse + transformFromAstSync, and catch syntax errors with
// their code frames and a plugin's buildCodeFrameError.
const fs = require('node:fs');
const babel = require('@babel/core');
// Passed as a value: with cwd /virtual, a preset named by string would be resolved from there.
const presetEnv = require('@babel/preset-env');
const { Digest, nm, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(777);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const d = new Digest('babel');
// A fixed cwd and explicit targets: nothing is read from the machine's config files.
const base = { cwd: '/virtual', babelrc: false, configFile: false, browserslistConfigFile: false, sourceType: 'unambiguous' };

let calls = 0;
let renamed = 0;
function countCalls({ types: t, template }) {
  const bump = template.statement('__count(%%name%%);');
  return {
    name: 'corpus-count-calls',
    pre() { this.functions = 0; },
    visitor: {
      Function(path) {
        if (!path.node.body || path.node.body.type !== 'BlockStatement') return;
        this.functions++;
        const name = path.node.id ? path.node.id.name : path.parentPath.isVariableDeclarator() ? path.parent.id.name : '<anon>';
        path.get('body').unshiftContainer('body', bump({ name: t.stringLiteral(name) }));
      },
      CallExpression(path) { if (path.get('callee').isIdentifier({ name: '__count' })) calls++; },
    },
    post(file) { file.metadata.functions = this.functions; },
  };
}
function renameShort({ types: t }) {
  return {
    name: 'corpus-rename-short',
    visitor: {
      Scope(path) {
        for (const [name, binding] of Object.entries(path.scope.bindings)) {
          if (name.length === 1 && binding.kind !== 'module' && binding.referencePaths.length > 0) {
            path.scope.rename(name, path.scope.generateUid(`${name}${binding.kind}`));
            renamed++;
          }
        }
      },
      StringLiteral(path) {
        if (path.node.value === 'REPLACE_ME') path.replaceWith(t.stringLiteral(`replaced@${path.node.loc ? path.node.loc.start.line : '?'}`));
      },
    },
  };
}

const targets = [
  { ie: '11' },
  { chrome: '60', firefox: '60' },
  { node: '14' },
  { safari: '12', ios: '12' },
];
const modules = ['commonjs', false, 'amd', 'umd', 'systemjs'];

// 1. Pinned library sources through preset-env for each target.
const libs = ['picomatch/lib/scan.js', 'picomatch/lib/utils.js', 'micromatch/index.js', 'source-map/lib/source-node.js', 'browserslist/parse.js', 'fast-glob/out/managers/tasks.js'];
for (const lib of libs) {
  const code = fs.readFileSync(nm(lib), 'utf8');
  for (const [i, t] of targets.entries()) {
    const out = babel.transformSync(code, { ...base, filename: `lib/${lib}`, presets: [[presetEnv, { targets: t, modules: 'commonjs', bugfixes: true }]], compact: i === 3 });
    d.add(`lib:${lib}:${i}`, out.code);
  }
}

// 2. Seeded modern modules: classes with private members, async generators,
// optional chaining, spread, destructuring defaults, templates, labels, regexps.
const pieces = [
  (i) => `export class Box${i} extends Base { #v = ${i}; static count = 0; get v() { return this.#v; } set v(x) { this.#v = x ?? 0; } static { Box${i}.count++; } #hidden() { return this.#v * 2; } twice() { return this.#hidden(); } }`,
  (i) => `export async function* gen${i}(xs) { for await (const x of xs) { yield x?.value ?? ${i}; } }`,
  (i) => `export const pick${i} = ({ a = 1, b: { c } = {}, ...rest } = {}) => [a, c, { ...rest, n: ${i} }];`,
  (i) => `export const tag${i} = (s, ...v) => \`\${s.raw.join('|')}:\${v.length}\`; tag${i}\`a\${1}b\${"REPLACE_ME"}\`;`,
  (i) => `export function loop${i}(m) { outer: for (const [k, v] of m) { for (let j = 0; j < v; j++) { if (j > ${i}) continue outer; if (k === 'stop') break outer; } } return m.size; }`,
  (i) => `export const re${i} = /(?<year>\\d{4})-(?<m>\\d{2})/u; export const s${i} = '2024-0${i % 9 + 1}'.replace(re${i}, '$<m>/$<year>');`,
  (i) => `export const big${i} = 2n ** ${i}n; export const exp${i} = ${i} ** 2; let q${i} = null; q${i} ??= []; q${i} ||= [1];`,
  (i) => `export async function fetchAll${i}(urls) { const out = []; for (const u of urls) { try { out.push(await load(u)); } catch { out.push(null); } finally { done(); } } return Promise.allSettled(out); }`,
  (i) => `const { x: x${i}, y: y${i} = x${i} * 2 } = obj; export function f${i}(a, b = a, ...c) { const z = [...c, a, b]; return z.map((e) => e + x${i} + y${i}); }`,
];
const generated = [];
for (let i = 0; i < 36; i++) {
  generated.push(`import { Base, load, done, obj } from './base.js';\n${Array.from({ length: 4 + Math.floor(rand() * 5) }, (_x, k) => pick(pieces)(i * 10 + k)).join('\n')}\n`);
}
let functions = 0;
for (const [i, code] of generated.entries()) {
  const out = babel.transformSync(code, {
    ...base,
    filename: `src/gen${i}.js`,
    presets: [[presetEnv, { targets: targets[i % targets.length], modules: modules[i % modules.length], loose: i % 7 === 0 }]],
    plugins: [renameShort, countCalls],
    sourceMaps: i % 3 === 0,
    retainLines: i % 5 === 0,
  });
  functions += out.metadata.functions;
  d.add(`gen:${i}`, [out.code, out.map ? out.map.mappings : null, out.metadata.functions]);
}

// 3. parse + transformFromAstSync + async API, and a config item list.
const ast = babel.parseSync(generated[0], { ...base, filename: 'src/ast.js' });
d.add('ast', [ast.program.body.length, ast.program.body.map((n) => n.type)]);
const fromAst = babel.transformFromAstSync(ast, generated[0], { ...base, filename: 'src/ast.js', plugins: [renameShort], code: true, ast: false });
d.add('fromAst', fromAst.code);
const loaded = babel.loadPartialConfig({ ...base, filename: 'src/x.js', presets: [[presetEnv, { targets: { node: '18' } }]] });
d.add('partialConfig', [loaded.options.presets.length, loaded.options.presets[0].options]);

(async () => {
  const asyncOuts = await Promise.all(generated.slice(0, 8).map((code, i) => babel.transformAsync(code, { ...base, filename: `src/async${i}.js`, presets: [[presetEnv, { targets: { chrome: '49' } }]] })));
  d.add('async', asyncOuts.map((o) => o.code));

  const errors = [];
  const frames = [];
  const bad = [
    ['let x = {\n  a: 1,\n  b: 2\n  c: 3\n};\n', {}],
    ['class A { constructor() { super(); } }\n', {}],
    ['export default function () {\n  return <div />;\n}\n', {}],
    ['const a = 1;\na = 2;\n', { plugins: [() => ({ visitor: { AssignmentExpression(path) { throw path.buildCodeFrameError('constant reassigned (corpus plugin)', TypeError); } } })] }],
    ['ok();\n', { plugins: [() => ({ visitor: { Program() { throw new RangeError('plugin blew up'); } } })] }],
    ['ok();\n', { presets: [[presetEnv, { targets: { chrome: '60' }, notAnOption: true }]] }],
  ];
  for (const [src, opts] of bad) {
    try {
      babel.transformSync(src, { ...base, filename: 'src/bad.js', ...opts, highlightCode: false });
      errors.push('no error');
    } catch (e) {
      errors.push(`${e.name} ${e.code || ''}: ${e.message}`);
      frames.push(...stackLines(e));
    }
  }
  console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
  d.add('errors', errors);
  d.print({ libs: libs.length, generated: generated.length, functions, calls, renamed });
  printStackLines(frames);
})();
