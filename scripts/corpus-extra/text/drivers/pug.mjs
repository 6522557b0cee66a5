// pug 3 from ESM (CJS package: lexer -> parser -> linker -> code generator
// with babel-walk and constantinople, templates compiled with `new Function`):
// compile templates with mixins, blocks and extends, includes and filters
// served by a plugin (resolve/read hooks), attributes and class objects, each
// over arrays and objects, compileClient source; and catch pug's errors with
// the template's line numbers (lexer, parser, a runtime throw in a mixin).
import pug from 'pug';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(8080);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const words = ['alpha', '<b>beta</b>', 'a & b', '"gamma"', 'ünï', 'delta'];

const files = {
  '/views/layout.pug': `doctype html
html(lang="en")
  head
    title= title
    block head
      meta(charset="utf-8")
  body(class={ dark: theme === 'dark', wide })
    include /views/nav.pug
    block content
    footer
      | Built with pug &mdash; #{items.length} items
`,
  '/views/nav.pug': `nav
  each link, i in links
    a(href=link.href class=i === 0 ? 'first' : null)= link.text
`,
  '/views/mixins.pug': `mixin card(item, opts)
  - const cls = ['card', opts && opts.big ? 'big' : 'small']
  .card(class=cls data-id=item.id)&attributes(attributes)
    h3= item.name
    if block
      block
    else
      p.empty no body
    if item.price > 90
      - throw new RangeError('price too high: ' + item.price)

mixin list(xs)
  ul
    each x in xs
      li!= x
    else
      li nothing
`,
  '/views/page.pug': `extends /views/layout.pug
include /views/mixins.pug

block append head
  style
    include:upper /views/style.css

block content
  h1.title #{title} (#{items.length})
  case items.length
    when 0
      p No items.
    when 1
      p One item.
    default
      p Many items.
  each item in items
    +card(item, { big: item.price > 50 })(title=item.name)
      p.price= '$' + item.price.toFixed(2)
      if item.tags.length
        +list(item.tags)
  dl
    each val, key in meta
      dt= key
      dd= val
  :shout
    quiet text here
  p.
    A block of text with #[strong inline tags] and #{title}.
  - let n = 0
  while n < 3
    span= n++
`,
  '/views/style.css': 'body { margin: 0 }\n',
};

let reads = 0;
const plugin = {
  resolve(filename, source) {
    return filename.startsWith('/') ? filename : `/views/${filename}`;
  },
  read(filename) {
    reads++;
    if (!(filename in files)) throw new Error(`no such template ${filename}`);
    return files[filename];
  },
};
const filters = { upper: (text) => text.toUpperCase(), shout: (text) => `${text.toUpperCase()}!!!` };
const options = { filename: '/views/page.pug', basedir: '/views', plugins: [plugin], filters, pretty: false };

const d = new Digest('pug');
const page = pug.compile(files['/views/page.pug'], options);
const prettyPage = pug.compile(files['/views/page.pug'], { ...options, pretty: true, compileDebug: false });
let rendered = 0;
const errors = [];
const frames = [];
function capture(e) {
  errors.push(`${e.name}: ${e.code || ''} ${e.message}`);
  frames.push(...stackLines(e));
}
for (let i = 0; i < 200; i++) {
  const items = Array.from({ length: Math.floor(rand() * 6) }, (_x, k) => ({ id: `${i}-${k}`, name: pick(words), price: Math.round(rand() * 8900) / 100, tags: rand() < 0.5 ? [pick(words), pick(words)] : [] }));
  const locals = { title: `Page ${i} ${pick(words)}`, theme: rand() < 0.5 ? 'dark' : 'light', wide: rand() < 0.3, items, links: [{ href: '/a', text: 'A' }, { href: `/p/${i}`, text: pick(words) }], meta: { author: pick(words), n: i } };
  d.add(`page:${i}`, (i % 4 === 0 ? prettyPage : page)(locals));
  rendered++;
}
// A mixin that throws at run time: the error names the template's line.
try {
  page({ title: 'x', theme: 'dark', wide: false, items: [{ id: 'z', name: 'z', price: 99, tags: [] }], links: [], meta: {} });
} catch (e) { capture(e); }

d.add('render', pug.render('p(class=["a", {b: true, c: false}] style={color: "red"})= msg\ninput(type="checkbox" checked=on)', { msg: 'hi <there>', on: true }));
const client = pug.compileClient('p Hello #{name}!\nul: each n in nums\n  li= n * 2', { name: 'greet', compileDebug: false, inlineRuntimeFunctions: true });
d.add('client', client);
const greet = new Function(`${client}\nreturn greet;`)();
d.add('clientRun', greet({ name: 'pug', nums: [1, 2, 3] }));

const bad = [
  ['/views/lex.pug', 'div\n  p(class="unterminated)\n'],
  ['/views/parse.pug', 'p\n  else\n    span x\n'],
  ['/views/indent.pug', 'div\n    p a\n  p b\n'],
  ['/views/include.pug', 'include /views/missing.pug\n'],
  ['/views/code.pug', 'p\n  - const x = \n  = x.y.z\n'],
  ['/views/runtime.pug', 'p\n  span= obj.missing.deep\n'],
];
for (const [filename, src] of bad) {
  try {
    pug.render(src, { filename, plugins: [plugin], obj: {} });
    errors.push('no error');
  } catch (e) { capture(e); }
}
console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
d.add('errors', errors);
d.print({ rendered, reads });
printStackLines(frames);
