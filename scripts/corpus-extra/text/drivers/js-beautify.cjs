'use strict';
// js-beautify 2 (CJS; three hand-written tokenizers and beautifiers for JS,
// CSS and HTML built on shared InputScanner/Output/Options classes, HTML
// delegating to the JS and CSS beautifiers for <script> and <style>): format
// minified and hand-written sources of the installed packages with several
// option sets, seeded HTML with inline scripts and styles, and check that
// formatting is idempotent.
const fs = require('node:fs');
const path = require('node:path');
const beautify = require('js-beautify');
const { Digest, NM, rel, prng, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('js-beautify');
const jsFiles = ['qs/lib/parse.js', 'mustache/mustache.min.js', 'ejs/ejs.min.js', 'iconv-lite/lib/index.js', 'highlight.js/lib/languages/javascript.js'];
const jsOptions = [
  {},
  { indent_size: 2, brace_style: 'expand', space_in_paren: true, keep_array_indentation: true },
  { indent_with_tabs: true, break_chained_methods: true, operator_position: 'after-newline', wrap_line_length: 80, e4x: true },
  { indent_size: 3, brace_style: 'collapse,preserve-inline', unescape_strings: true, jslint_happy: true, end_with_newline: true },
];
let jsBytes = 0;
let idempotent = 0;
for (const f of jsFiles) {
  const p = path.join(NM, f);
  const src = fs.readFileSync(p, 'utf8').slice(0, 40000);
  jsBytes += src.length;
  jsOptions.forEach((opt, k) => {
    const out = beautify.js(src, opt);
    d.add(`js:${rel(p)}:${k}`, out);
    if (k === 0 && beautify.js(out, opt) === out) idempotent++;
  });
}

const rand = prng(2718);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const css = Array.from({ length: 120 }, (_x, i) => `${pick(['.a', '#b', 'div>p', 'a:hover', '@media (max-width:600px){.m', 'ul li+li'])}{color:#${(i * 2654435761 >>> 0).toString(16).slice(0, 6)};margin:${i % 7}px ${i % 3}em;background:url("x${i}.png")${pick(['', ';/* c */', ';content:"}{"'])}}${pick(['', '}'])}`).join('');
d.add('css:0', beautify.css(css));
d.add('css:1', beautify.css(css, { indent_size: 2, selector_separator_newline: false, newline_between_rules: false, space_around_combinator: true }));
const lessLike = fs.readFileSync(path.join(NM, 'highlight.js/styles/github.css'), 'utf8');
d.add('css:github', beautify.css(lessLike, { indent_char: '\t', indent_size: 1 }));

const tags = ['div', 'span', 'p', 'section', 'ul', 'li', 'a', 'pre', 'textarea'];
function html(depth) {
  if (depth > 4 || rand() < 0.25) return pick(['text & more', '<br>', '<img src="a.png" alt="x">', '<!-- note -->', '{{mustache}}', '<input disabled value=1>']);
  const t = pick(tags);
  const kids = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => html(depth + 1)).join('');
  return `<${t} class="c${depth}" data-x='${depth}'>${kids}</${t}>`;
}
let htmlDocs = 0;
for (let i = 0; i < 20; i++) {
  const doc = `<!DOCTYPE html><html><head><style>body{margin:0}.x>y{color:red}</style><script>function f${i}(a){if(a){return a*${i}}else{return [1,2,3].map(function(x){return x+1})}}</script></head><body>${html(0)}${html(0)}<script type="text/template"><div>{{x}}</div></script></body></html>`;
  d.add(`html:${i}:a`, beautify.html(doc));
  d.add(`html:${i}:b`, beautify.html(doc, { indent_size: 2, wrap_attributes: 'force-aligned', indent_inner_html: true, extra_liners: ['body'], templating: ['handlebars'], indent_scripts: 'separate' }));
  htmlDocs++;
}
d.add('defaults', [Object.keys(beautify.js.defaultOptions()).length, Object.keys(beautify.html.defaultOptions()).length]);

const errors = [];
const frames = [];
for (const attempt of [
  () => beautify.js('var a = 1;', { brace_style: 'no-such-style' }),
  () => beautify.html('<p>x</p>', { wrap_attributes: 'sideways' }),
  () => beautify.css('a{}', { indent_size: 'wide' }) && beautify.js('x', { operator_position: 'middle' }),
]) {
  try {
    attempt();
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ jsFiles: jsFiles.length, jsBytes, idempotent, htmlDocs });
printStackLines(frames);
