// eslint 10 from ESM, the ESLint class over a project the driver writes to a
// temp folder: eslint.config.mjs loaded by dynamic import (with a local plugin
// module, per-glob overrides, ignores, languageOptions per file type),
// lintFiles over globs, lintText, fixes computed without writing, the built-in
// stylish and json formatters, isPathIgnored / calculateConfigForFile, rule
// metadata; and the errors for a config that throws on load, no matching
// files, only ignored files, and a rule configured with a bad severity.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import util from './_util.cjs';

const { Digest, ROOT, prng, stackLines, printStackLines } = util;
const rand = prng(6060);
const int = (k) => Math.floor(rand() * k);
const pick = (xs) => xs[int(xs.length)];
const tmp = path.join(os.tmpdir(), 'breadcrumb-corpus-tooling-eslint');
const clean = (s) => String(s).split(tmp).join('<tmp>').split(ROOT).join('<root>');
fs.rmSync(tmp, { recursive: true, force: true });
const write = (p, text) => {
  fs.mkdirSync(path.dirname(path.join(tmp, p)), { recursive: true });
  fs.writeFileSync(path.join(tmp, p), text);
};

write('plugin/index.mjs', `export default {
  meta: { name: 'local', version: '0.0.1' },
  rules: {
    'no-todo': {
      meta: { type: 'problem', schema: [], messages: { todo: 'TODO comment: {{text}}' } },
      create(context) {
        return {
          Program() {
            for (const c of context.sourceCode.getAllComments()) {
              if (/TODO/.test(c.value)) context.report({ loc: c.loc, messageId: 'todo', data: { text: c.value.trim() } });
            }
          },
        };
      },
    },
    'max-params-3': {
      meta: { type: 'suggestion', schema: [] },
      create(context) {
        const check = (node) => { if (node.params.length > 3) context.report({ node, message: 'Too many parameters (' + node.params.length + ').' }); };
        return { FunctionDeclaration: check, FunctionExpression: check, ArrowFunctionExpression: check };
      },
    },
  },
};
`);
write('eslint.config.mjs', `import local from './plugin/index.mjs';
export default [
  { ignores: ['dist/**', '**/*.min.js'] },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { console: 'readonly', process: 'readonly' } },
    plugins: { local },
    rules: { 'no-unused-vars': 'error', 'no-undef': 'error', 'prefer-const': 'error', 'no-var': 'error', eqeqeq: ['error', 'smart'], semi: 'error', 'local/no-todo': 'warn', 'local/max-params-3': 'error', 'no-console': ['warn', { allow: ['error'] }], 'no-empty': 'error', 'no-dupe-keys': 'error', 'no-unreachable': 'error', 'prefer-template': 'warn', 'object-shorthand': 'warn' },
  },
  { files: ['legacy/**/*.js'], languageOptions: { sourceType: 'commonjs', ecmaVersion: 5, globals: { require: 'readonly', module: 'writable' } }, rules: { 'no-var': 'off', 'prefer-const': 'off' } },
  { files: ['test/**'], rules: { 'no-unused-vars': 'warn', 'no-console': 'off' } },
];
`);
const stmts = [
  (k) => `var v${k} = ${int(100)}`,
  (k) => `let w${k} = 'a' + ${int(9)};`,
  (k) => `if (w${k} == null) { console.log('x'); }`,
  (k) => `function f${k}(a, b, c, d) { return a + b; }`,
  (k) => `// TODO: handle case ${k}`,
  (k) => `const o${k} = { a: 1, a: 2, b: b${k} };`,
  (k) => `function g${k}() { return 1; console.error('never'); }`,
  (k) => `try { run${k}(); } catch (e) {}`,
  (k) => `export const h${k} = (x) => x * ${k};`,
];
let files = 0;
for (const dir of ['src', 'src/deep', 'test', 'dist', 'legacy']) {
  for (let i = 0; i < 6; i++) {
    const code = Array.from({ length: 4 + int(8) }, (_x, k) => pick(stmts)(k)).join('\n');
    write(`${dir}/file${i}.${dir === 'src' && i % 2 ? 'mjs' : 'js'}`, dir === 'legacy' ? `var x = require('y');\nmodule.exports = function (a, b) { return a == b; }\n${code.replace(/export /g, '')}\n` : `${code}\n`);
    files++;
  }
}
write('src/vendor.min.js', 'var a=1;');

const d = new Digest('eslint-project');
const eslint = new ESLint({ cwd: tmp, fix: true, cache: false });
const results = await eslint.lintFiles(['src/**', 'test', 'legacy/*.js']);
const norm = (rs) => rs.map((r) => ({ ...r, filePath: clean(r.filePath) })).sort((a, b) => (a.filePath < b.filePath ? -1 : 1));
d.add('results', norm(results).map((r) => [r.filePath, r.errorCount, r.warningCount, r.fixableErrorCount, r.output || null, r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`)]));
const stylish = await eslint.loadFormatter('stylish');
d.add('stylish', clean(await stylish.format(norm(results))));
const json = await eslint.loadFormatter('json');
d.add('json', JSON.parse(clean(await json.format(norm(results)))).length);
const meta = eslint.getRulesMetaForResults(results);
d.add('meta', Object.keys(meta).sort().map((k) => [k, meta[k].type || null]));
d.add('lintText', norm(await eslint.lintText('var unused = 1; // TODO later\nexport const z = unused == 1;\n', { filePath: path.join(tmp, 'src/virtual.js') })).map((r) => [r.filePath, r.output, r.messages.map((m) => m.ruleId)]));
d.add('ignored', await Promise.all(['dist/file0.js', 'src/vendor.min.js', 'src/file0.js'].map((p) => eslint.isPathIgnored(path.join(tmp, p)))));
const cfg = await eslint.calculateConfigForFile(path.join(tmp, 'legacy/file0.js'));
d.add('config', [cfg.languageOptions.sourceType, cfg.languageOptions.ecmaVersion, Object.keys(cfg.rules).sort()]);
const errorCount = results.reduce((s, r) => s + r.errorCount, 0);
console.log(`errors=${errorCount} warnings=${results.reduce((s, r) => s + r.warningCount, 0)}`);

const errors = [];
const frames = [];
write('broken/eslint.config.mjs', "import './plugin-missing.mjs';\nexport default [];\n");
write('throws/eslint.config.mjs', "export default (() => { throw new TypeError('config refused to load'); })();\n");
write('throws/a.js', 'x;\n');
const failing = [
  () => new ESLint({ cwd: tmp }).lintFiles(['nothing/**/*.js']),
  () => new ESLint({ cwd: tmp }).lintFiles(['dist']),
  () => new ESLint({ cwd: path.join(tmp, 'throws') }).lintFiles(['a.js']),
  () => new ESLint({ cwd: tmp, overrideConfig: { rules: { semi: 'loud' } } }).lintText('x', { filePath: path.join(tmp, 'src/y.js') }),
  () => new ESLint({ cwd: tmp, notAnOption: true }),
];
for (const run of failing) {
  try {
    await run();
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${clean(e.message)}`);
    frames.push(...stackLines(e));
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
d.add('errors', errors);
d.print({ files, results: results.length, errorCount });
printStackLines(frames);
