'use strict';
// eslint 10 (CJS; the Linter class on in-memory code with flat configs: espree,
// eslint-scope's scope manager, code path analysis, esquery selectors, ~300 rule
// modules as visitor objects, fixers and suggestions): lint pinned library
// sources with every non-deprecated core rule, lint seeded generated modules,
// run a custom plugin (a rule with scope lookups, code path events, a fixer and
// suggestions; a processor for code blocks in Markdown), autofix to a fixed
// point with verifyAndFix, and catch a throwing rule and an invalid config.
const fs = require('node:fs');
const { Linter } = require('eslint');
const { builtinRules } = require('eslint/use-at-your-own-risk');
const { Digest, nm, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(90210);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const linter = new Linter({ configType: 'flat' });
const d = new Digest('eslint');

// Every core rule that is not deprecated, at its default options ("error").
const allRules = {};
for (const [name, rule] of [...builtinRules].sort(([a], [b]) => (a < b ? -1 : 1))) {
  if (!rule.meta.deprecated) allRules[name] = 'error';
}
const summarize = (messages) => messages.map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.severity} ${m.ruleId} ${m.message}${m.fix ? ` fix@${m.fix.range}` : ''}${m.suggestions ? ` sugg=${m.suggestions.length}` : ''}`);

// 1. Pinned library sources (CommonJS, ES2022), all core rules.
const sources = ['picomatch/lib/parse.js', 'picomatch/lib/picomatch.js', 'picomatch/lib/scan.js', 'micromatch/index.js', 'source-map/lib/source-map-generator.js', 'source-map/lib/source-node.js', 'browserslist/index.js'];
const libConfig = [{ files: ['**/*.js'], languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', Buffer: 'readonly' } }, rules: allRules }];
let problems = 0;
const byRule = new Map();
for (const file of sources) {
  const messages = linter.verify(fs.readFileSync(nm(file), 'utf8'), libConfig, { filename: file });
  problems += messages.length;
  for (const m of messages) byRule.set(m.ruleId, (byRule.get(m.ruleId) || 0) + 1);
  d.add(`lib:${file}`, summarize(messages));
}
d.add('byRule', [...byRule].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));

// 2. A plugin: a rule using scopes, code paths, fixes and suggestions; a processor.
let codePaths = 0;
let markdownOffsets = [];
const plugin = {
  meta: { name: 'corpus', version: '1.0.0' },
  rules: {
    'no-short-names': {
      meta: { type: 'suggestion', fixable: 'code', hasSuggestions: true, schema: [{ type: 'object', properties: { min: { type: 'integer' } }, additionalProperties: false }], defaultOptions: [{ min: 3 }], messages: { short: "'{{name}}' is shorter than {{min}} characters.", rename: "Rename to '{{to}}'." } },
      create(context) {
        const [{ min }] = context.options;
        const sourceCode = context.sourceCode;
        return {
          onCodePathStart() { codePaths++; },
          'VariableDeclarator > Identifier.id'(node) {
            if (node.name.length >= min) return;
            const variable = sourceCode.getScope(node).set.get(node.name);
            const refs = variable ? variable.references.filter((r) => r.identifier !== node) : [];
            const to = `${node.name}Value`;
            context.report({
              node,
              messageId: 'short',
              data: { name: node.name, min },
              fix: refs.length > 2 ? null : (fixer) => [fixer.replaceText(node, to), ...refs.map((r) => fixer.replaceText(r.identifier, to))],
              suggest: [{ messageId: 'rename', data: { to }, fix: (fixer) => fixer.replaceText(node, to) }],
            });
          },
        };
      },
    },
    'prefer-const-arrow': {
      meta: { type: 'suggestion', fixable: 'code', schema: [] },
      create(context) {
        return {
          'Program > FunctionDeclaration[generator=false][async=false]'(node) {
            if (node.body.body.length !== 1 || node.body.body[0].type !== 'ReturnStatement' || !node.body.body[0].argument) return;
            const src = context.sourceCode;
            context.report({
              node: node.id,
              message: 'Single-return function {{name}} could be a const arrow.',
              data: { name: node.id.name },
              fix: (fixer) => fixer.replaceText(node, `const ${node.id.name} = (${node.params.map((p) => src.getText(p)).join(', ')}) => (${src.getText(node.body.body[0].argument)});`),
            });
          },
        };
      },
    },
    boom: {
      meta: { schema: [] },
      create() {
        return { 'CallExpression[callee.name="explode"]'(node) { throw new RangeError(`boom at ${node.loc.start.line}`); } };
      },
    },
  },
  processors: {
    markdown: {
      meta: { name: 'corpus-markdown' },
      preprocess(text) {
        const blocks = [];
        const re = /```js\n([\s\S]*?)```/g;
        let m;
        while ((m = re.exec(text))) blocks.push({ text: m[1], filename: `${blocks.length}.js`, offset: text.slice(0, m.index).split('\n').length });
        markdownOffsets = blocks.map((b) => b.offset);
        return blocks.map(({ text: t, filename }) => ({ text: t, filename }));
      },
      postprocess(lists) {
        return lists.flatMap((list, i) => list.map((m) => ({ ...m, line: m.line + markdownOffsets[i], endLine: m.endLine && m.endLine + markdownOffsets[i] })));
      },
      supportsAutofix: false,
    },
  },
};
const pluginConfig = [
  { files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' }, plugins: { corpus: plugin }, rules: { 'corpus/no-short-names': ['error', { min: 3 }], 'corpus/prefer-const-arrow': 'warn', semi: ['error', 'always'], quotes: ['error', 'single'], 'no-var': 'error', 'prefer-const': 'error', eqeqeq: 'error', curly: 'error', 'no-unused-vars': 'warn', 'object-shorthand': 'error', 'prefer-template': 'error', 'dot-notation': 'error', 'no-extra-boolean-cast': 'error', yoda: 'error', 'arrow-body-style': 'error', 'prefer-arrow-callback': 'error' } },
  { files: ['**/*.md'], plugins: { corpus: plugin }, processor: 'corpus/markdown' },
];

// Seeded modules with plenty to fix.
const snippets = [
  () => `var ${pick(['a', 'b', 'qq', 'total', 'x'])} = ${Math.floor(rand() * 100)}`,
  () => `let ${pick(['n', 'count', 'yy'])} = "${pick(['str', 'it', 'x'])}" + ${Math.floor(rand() * 9)};`,
  () => `if (${pick(['a', 'b'])} == ${Math.floor(rand() * 5)}) ${pick(['foo()', 'bar(1)', 'baz.qux()'])};`,
  () => `function f${Math.floor(rand() * 1000)}(p, q) { return p * q + ${Math.floor(rand() * 7)}; }`,
  () => `const o${Math.floor(rand() * 100)} = { a: a, ["b"]: 2, c: function () { return this.a; } };`,
  () => `items.map(function (item) { return item["name"]; });`,
  () => `if (!!flag${Math.floor(rand() * 3)}) { run(); }`,
  () => `if (${Math.floor(rand() * 9)} === value) { done(); }`,
  () => `const cb = () => { return ${Math.floor(rand() * 50)}; };`,
  () => `for (var i = 0; i < 10; i++) { let t = i; total += t }`,
];
let fixed = 0;
let passes = 0;
for (let i = 0; i < 40; i++) {
  const code = `${Array.from({ length: 8 + Math.floor(rand() * 10) }, () => pick(snippets)()).join('\n')}\n`;
  const filename = `gen/module${i}.js`;
  d.add(`gen:${i}`, summarize(linter.verify(code, pluginConfig, { filename })));
  const result = linter.verifyAndFix(code, pluginConfig, { filename });
  if (result.fixed) fixed++;
  passes += result.messages.length;
  d.add(`fix:${i}`, [result.fixed, result.output, summarize(result.messages)]);
}
const markdown = '# Notes\n\nSome text.\n\n```js\nvar a = 1\nif (a == 2) go()\n```\n\nMore.\n\n```js\nfunction sq(n) { return n * n; }\nlet xy = sq(3);\n```\n';
d.add('markdown', summarize(linter.verify(markdown, pluginConfig, { filename: 'README.md' })));
// A parse error is a fatal message, not an exception.
d.add('parseError', summarize(linter.verify('let x = {\n  a: 1,\n  b: 2\n', pluginConfig, { filename: 'broken.js' })));
d.add('suppressed', linter.getSuppressedMessages().length);

// 3. Errors that escape: a throwing rule (eslint adds the rule id to the message and rethrows),
// an invalid rule option, an unknown rule, a processor that throws.
const errors = [];
const frames = [];
const failing = [
  () => linter.verify('const ok = 1;\nexplode(ok);\n', [{ plugins: { corpus: plugin }, rules: { 'corpus/boom': 'error' } }], { filename: 'boom.js' }),
  () => linter.verify('x;', [{ rules: { quotes: ['error', 'sideways'] } }], { filename: 'bad-option.js' }),
  () => linter.verify('x;', [{ rules: { 'corpus/missing': 'error' } }], { filename: 'unknown.js' }),
  () => linter.verify('```js\nx\n```', [{ files: ['**/*.md'], processor: { preprocess() { throw new TypeError('preprocess failed'); }, postprocess: (l) => l.flat() } }], { filename: 'p.md' }),
];
for (const run of failing) {
  try {
    const messages = run();
    errors.push(`messages: ${summarize(messages).join(' | ')}`);
  } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
d.add('errors', errors);
d.print({ files: sources.length, problems, fixed, remaining: passes, codePaths, rules: Object.keys(allRules).length });
printStackLines(frames);
