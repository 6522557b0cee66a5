'use strict';
// highlight.js 11 (CJS; the full build with ~190 grammars compiled to one big
// regex matcher per mode, a token tree emitter, plugins with before/after
// hooks): highlight real source files of the installed packages in their own
// languages, auto-detect seeded snippets, register a custom grammar and a
// plugin, and catch the errors for an unknown language and a grammar that
// throws while compiling.
const fs = require('node:fs');
const path = require('node:path');
const hljs = require('highlight.js');
const { Digest, NM, rel, prng, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('highlight');
const files = [
  ['qs/lib/stringify.js', 'javascript'],
  ['ejs/lib/cjs/ejs.js', 'javascript'],
  ['nunjucks/src/lexer.js', 'javascript'],
  ['mustache/mustache.mjs', 'javascript'],
  ['yargs/package.json', 'json'],
  ['markdown-it/README.md', 'markdown'],
  ['highlight.js/README.md', 'markdown'],
  ['js-beautify/js/src/css/beautifier.js', 'js'],
  ['sass/types/index.d.ts', 'typescript'],
  ['less/README.md', 'markdown'],
];
let bytes = 0;
const relevance = [];
for (const [f, lang] of files) {
  const p = path.join(NM, f);
  const code = fs.readFileSync(p, 'utf8').slice(0, 30000);
  bytes += code.length;
  const r = hljs.highlight(code, { language: lang, ignoreIllegals: true });
  d.add(`${rel(p)}:${lang}`, r.value);
  relevance.push(`${f}:${r.language}:${r.relevance}:${r.illegal}`);
}

// Auto-detection over seeded snippets of several languages.
const rand = prng(777);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const snippets = [
  () => `def f${Math.floor(rand() * 9)}(x):\n    return [y * ${Math.floor(rand() * 9)} for y in range(x) if y % 2]\n\nclass A(object):\n    pass\n`,
  () => `#include <stdio.h>\nint main(void) { int a[${Math.floor(rand() * 9) + 1}]; printf("%d\\n", a[0]); return 0; }\n`,
  () => `SELECT id, name FROM users WHERE age > ${Math.floor(rand() * 90)} ORDER BY name DESC LIMIT 10;`,
  () => `<div class="x${Math.floor(rand() * 9)}"><p>Hello &amp; <b>world</b></p><!-- c --></div>`,
  () => `.btn:hover > span::after { content: "${pick(['a', 'b'])}"; margin: 0 ${Math.floor(rand() * 9)}px; }`,
  () => `fn main() { let v: Vec<i32> = (0..${Math.floor(rand() * 9)}).map(|x| x * 2).collect(); println!("{:?}", v); }`,
  () => `package main\nimport "fmt"\nfunc main() { ch := make(chan int, ${Math.floor(rand() * 9)}); fmt.Println(len(ch)) }`,
  () => `#!/bin/bash\nfor i in $(seq 1 ${Math.floor(rand() * 9)}); do echo "$i" | grep -q 1 && exit 1; done`,
  () => `const { a, ...rest } = await import('./m${Math.floor(rand() * 9)}.js'); export default class X extends Y { #p = 1; }`,
];
const detected = [];
for (let i = 0; i < 50; i++) {
  const src = pick(snippets)();
  const r = hljs.highlightAuto(src, i % 3 === 0 ? ['python', 'c', 'sql', 'xml', 'css', 'rust', 'go', 'bash', 'javascript'] : undefined);
  detected.push(`${r.language}:${r.relevance}:${r.secondBest ? r.secondBest.language : '-'}`);
  d.add(`auto:${i}`, r.value);
}
d.add('detected', detected);

// A custom grammar with sub-modes and a keyword function, plus a plugin.
hljs.registerLanguage('crumb', (api) => ({
  name: 'Crumb',
  aliases: ['crb'],
  case_insensitive: true,
  keywords: { keyword: 'trace span emit when', literal: 'yes no', built_in: 'now' },
  contains: [
    api.HASH_COMMENT_MODE,
    api.QUOTE_STRING_MODE,
    api.C_NUMBER_MODE,
    { scope: 'title.function', begin: /@[a-z_]+/ },
    { begin: /\{/, end: /\}/, contains: [{ scope: 'attr', begin: /[a-z]+(?=:)/ }, 'self'] },
  ],
}));
const pluginCalls = [];
hljs.addPlugin({
  'before:highlight': (ctx) => { pluginCalls.push(`before:${ctx.language}:${ctx.code.length}`); },
  'after:highlight': (result) => { pluginCalls.push(`after:${result.language}:${result.relevance}`); result.value = result.value.replace(/hljs-keyword/g, 'kw'); },
});
const crumbSrc = Array.from({ length: 40 }, (_x, i) => `TRACE @op${i} { depth: ${i}, nested: { when: yes } } # comment ${i}\nemit "s${i}" when no`).join('\n');
d.add('crumb', hljs.highlight(crumbSrc, { language: 'crb' }).value);
d.add('pluginCalls', pluginCalls);
d.add('languages', [hljs.listLanguages().length, hljs.getLanguage('crb').name, hljs.autoDetection('crumb'), hljs.versionString]);
hljs.removePlugin(hljs.plugins ? hljs.plugins[0] : undefined);

const errors = [];
const frames = [];
hljs.configure({ throwUnescapedHTML: false });
hljs.registerLanguage('broken', () => ({ name: 'Broken', contains: [{ begin: new RegExp('(unclosed') }] }));
for (const attempt of [
  () => hljs.highlight('x', { language: 'no-such-language' }),
  () => hljs.highlight('x = 1', { language: 'broken' }),
  () => hljs.highlight('x', { language: 'crumb', ignoreIllegals: 3 }) && hljs.getLanguage(undefined).name,
]) {
  try {
    hljs.safeMode();
    hljs.debugMode();
    attempt();
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  } finally {
    hljs.safeMode();
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
console.log(relevance.slice(0, 3).join(' '));
d.print({ files: files.length, bytes, snippets: detected.length, pluginCalls: pluginCalls.length });
printStackLines(frames);
