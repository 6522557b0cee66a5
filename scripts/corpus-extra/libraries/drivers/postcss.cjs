'use strict';
// postcss 8 (CJS; tokenizer, parser, AST node classes, LazyResult/Result,
// visitor plugins) with postcss-nested and autoprefixer (browserslist,
// caniuse-lite data): process seeded nested CSS, walk and mutate the AST, a
// custom plugin with Once/Declaration/Rule visitors, source maps, and a
// CssSyntaxError.
const postcss = require('postcss');
const nested = require('postcss-nested');
const autoprefixer = require('autoprefixer');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(99);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const props = [['display', 'flex'], ['user-select', 'none'], ['transition', 'transform 1s'], ['appearance', 'none'], ['color', 'red'], ['backdrop-filter', 'blur(2px)'], ['position', 'sticky'], ['mask-image', 'url(a.png)'], ['margin', '0 auto'], ['grid-template-columns', 'repeat(2, 1fr)']];
const sels = ['.a', '.b', '&:hover', '& > .c', '&-mod', 'a', '.x &', '@media (min-width: 100px)'];

function rule(depth) {
  const decls = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => { const [p, v] = pick(props); return `${p}: ${v};`; }).join(' ');
  const kids = depth < 3 ? Array.from({ length: Math.floor(rand() * 3) }, () => rule(depth + 1)).join(' ') : '';
  let sel = pick(sels);
  if (depth === 0) sel = sel.replace(/&/g, '').trim() || '.root';
  if (depth === 0 && sel.startsWith('@media')) sel = '.m';
  return `${sel} { ${decls} ${kids} }`;
}

const counter = () => {
  const seen = { decls: 0, rules: 0 };
  return {
    postcssPlugin: 'counter',
    Once(root, { result }) { result.messages.push({ type: 'start', plugin: 'counter', nodes: root.nodes.length }); },
    Declaration(decl) { seen.decls++; if (decl.prop === 'color') decl.value = decl.value.toUpperCase(); },
    Rule(r) { seen.rules++; },
    OnceExit(root, { result }) { result.messages.push({ type: 'seen', plugin: 'counter', ...seen }); root.append({ selector: '.added', nodes: [{ prop: 'z-index', value: '1' }] }); },
  };
};
counter.postcss = true;

async function main() {
  const d = new Digest('postcss');
  const proc = postcss([nested, autoprefixer({ overrideBrowserslist: ['> 0.5%', 'last 2 versions', 'ie 11', 'safari 9'] }), counter]);
  let rules = 0;
  for (let i = 0; i < 80; i++) {
    const css = Array.from({ length: 10 }, () => rule(0)).join('\n');
    const result = await proc.process(css, { from: `in${i}.css`, to: `out${i}.css`, map: i % 10 === 0 ? { inline: false } : false });
    d.add(`css:${i}`, result.css);
    d.add(`msgs:${i}`, result.messages.map((m) => ({ ...m })));
    if (result.map) d.add(`map:${i}`, result.map.toString());
    result.root.walkRules(() => { rules++; });
    d.add(`warn:${i}`, result.warnings().map((w) => w.toString()));
  }
  // sync API and AST manipulation
  const root = postcss.parse('a { color: red; /* c */ } @media print { b { margin: 0 } }', { from: 'x.css' });
  root.walkDecls((decl) => { decl.cloneBefore({ prop: `-x-${decl.prop}` }); });
  root.prepend(postcss.comment({ text: 'head' }));
  root.first.next().selector = 'a, .a';
  d.add('ast', root.toString());
  d.add('json', root.toJSON().nodes.map((n) => n.type));
  d.add('list', postcss.list.comma('a, b(c, d), "e, f"'));
  d.add('sync', postcss([nested]).process('.p { &:hover { color: blue } .q { x: y } }', { from: undefined }).css);
  d.add('info', autoprefixer({ overrideBrowserslist: ['ie 10'] }).info().split('\n').length);

  let frames = [];
  try {
    postcss.parse('a { color: red;\n  b { c: d \n', { from: 'broken.css' });
  } catch (e) {
    d.add('syntax', { name: e.name, reason: e.reason, line: e.line, column: e.column, text: e.showSourceCode(false) });
    frames = stackLines(e);
  }
  d.print({ rules });
  printStackLines(frames);
}
main();
