'use strict';
// nunjucks 3 (CJS; a lexer/parser/compiler to JavaScript source run with
// `new Function`, a class system built on its own `Obj.extend`, frames and
// async callbacks): render seeded pages through template inheritance, macros
// imported from another template, includes, custom sync and async filters, a
// custom tag extension, globals and autoescape, with a custom Loader, both
// synchronously and through the async callback API; and catch the template
// errors nunjucks reports with line and column.
const nunjucks = require('nunjucks');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(3131);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const words = ['alpha', '<em>beta</em>', 'a & b', '"gamma"', 'ünï', 'delta', 'Epsilon'];

const sources = {
  'base.njk': `<html><head><title>{% block title %}Site{% endblock %}</title></head>
<body>{% include "nav.njk" %}
{% block body %}{% endblock %}
<footer>{{ year }} {{ "site" | title }}</footer></body></html>`,
  'nav.njk': `<nav>{% for l in links %}<a href="{{ l.href }}"{% if loop.first %} class="first"{% endif %}>{{ l.text }}</a>{% if not loop.last %} | {% endif %}{% endfor %}</nav>`,
  'macros.njk': `{% macro field(name, value='', type='text') -%}
<input type="{{ type }}" name="{{ name }}" value="{{ value | e }}">
{%- endmacro %}
{% macro price(p) %}{{ p | money }}{% if p > 50 %} (big){% endif %}{% endmacro %}`,
  'page.njk': `{% extends "base.njk" %}
{% import "macros.njk" as m %}
{% from "macros.njk" import field %}
{% block title %}{{ title }} - {{ super() }}{% endblock %}
{% block body %}
<h1>{{ title | upper }}</h1>
{% set total = 0 %}
<table>
{% for item in items | sort(attribute='price') %}
  {% set total = total + item.price %}
  <tr class="{{ 'odd' if loop.index0 % 2 else 'even' }}"><td>{{ loop.index }}</td><td>{{ item.name }}</td><td>{{ m.price(item.price) }}</td><td>{{ item.tags | join(', ') | default('none', true) }}</td></tr>
{% else %}
  <tr><td>empty</td></tr>
{% endfor %}
</table>
<p>{{ field('q', title) }} {{ items | length }} items, {{ items | sum(attribute='price') | round(2) }}</p>
{% for key, val in meta %}<dt>{{ key }}</dt><dd>{{ val | safe if key == 'html' else val }}</dd>{% endfor %}
{% filter replace("a", "4") %}a banana a day{% endfilter %}
{% shout %}{{ title }} shouted{% endshout %}
{{ items | groupby('kind') | dump }}
{% raw %}{{ not rendered }}{% endraw %}
{{ "%s-%d" | fmt("x", 3) }} {{ range(3) | join }} {% set cyc = cycler('x', 'y') %}{{ cyc.next() }}{{ cyc.next() }}{{ cyc.next() }} {{ 7 // 2 }} {{ 2 ** 10 }} {{ "abc" in "xabcx" }}
{% endblock %}`,
  'async.njk': `{% for u in ids %}{{ u | fetchUser }};{% endfor %}{% asyncEach x in ids %}[{{ x | fetchUser }}]{% endeach %}{% asyncAll y in ids %}<{{ y | fetchUser }}>{% endall %}`,
};

let loads = 0;
const MemoryLoader = nunjucks.Loader.extend({
  init() { this.async = false; },
  getSource(name) {
    loads++;
    if (!(name in sources)) return null;
    return { src: sources[name], path: `/views/${name}`, noCache: false };
  },
});

function ShoutExtension() {
  this.tags = ['shout'];
  this.parse = function parse(parser, nodes) {
    const tok = parser.nextToken();
    const args = parser.parseSignature(null, true);
    parser.advanceAfterBlockEnd(tok.value);
    const body = parser.parseUntilBlocks('endshout');
    parser.advanceAfterBlockEnd();
    return new nodes.CallExtension(this, 'run', args, [body]);
  };
  this.run = function run(context, body) {
    return new nunjucks.runtime.SafeString(`<strong>${body().toUpperCase()}</strong>`);
  };
}

const env = new nunjucks.Environment(new MemoryLoader(), { autoescape: true, trimBlocks: true, lstripBlocks: true, throwOnUndefined: false });
env.addFilter('money', (n) => `$${Number(n).toFixed(2)}`);
env.addFilter('fmt', (s, ...args) => { let i = 0; return s.replace(/%[sd]/g, () => String(args[i++])); });
env.addFilter('fetchUser', (id, cb) => setImmediate(() => (id === 13 ? cb(new Error(`user ${id} not found`)) : cb(null, `user${id}`))), true);
env.addGlobal('year', 2024);
env.addExtension('shout', new ShoutExtension());

const d = new Digest('nunjucks');
let pages = 0;
for (let i = 0; i < 120; i++) {
  const items = Array.from({ length: Math.floor(rand() * 7) }, (_x, k) => ({ name: `${pick(words)}${k}`, price: Math.round(rand() * 9900) / 100, tags: rand() < 0.5 ? [pick(words)] : [], kind: pick(['a', 'b', 'c']) }));
  d.add(`page:${i}`, env.render('page.njk', { title: `Page ${i} ${pick(words)}`, items, links: [{ href: '/', text: 'Home' }, { href: `/p/${i}`, text: pick(words) }], meta: { html: '<i>raw</i>', author: pick(words) } }));
  pages++;
}
d.add('string', nunjucks.renderString('{{ a | reverse }} {{ b | dictsort | dump }} {{ c | wordcount }} {{ d | truncate(10) }} {{ e | urlencode }} {{ f | striptags }}', { a: 'abc', b: { z: 1, a: 2 }, c: 'one two three', d: 'a long sentence indeed', e: 'a b&c', f: '<p>x <b>y</b></p>' }));
const compiled = nunjucks.compile('{{ n }}:{{ n * n }}', env);
d.add('compiled', Array.from({ length: 20 }, (_x, n) => compiled.render({ n })));
d.add('precompile', nunjucks.precompileString('{{ x | upper }}{% if y %}!{% endif %}', { name: 'pre.njk', env }).length);

const errors = [];
const frames = [];
function capture(e) {
  errors.push(`${e.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
const throwing = new nunjucks.Environment(new MemoryLoader(), { throwOnUndefined: true, dev: true });
throwing.addFilter('explode', (v) => { throw new RangeError(`filter exploded on ${v}`); });
const bad = [
  () => env.renderString('line 1\nline 2 {% if %}\n', {}),
  () => env.renderString('{% for x in xs %}\n{{ x }\n{% endfor %}', { xs: [1] }),
  () => throwing.renderString('a\n  {{ missing.value }}', {}),
  () => throwing.renderString('{% for v in [1, 2] %}\n{{ v | explode }}\n{% endfor %}', {}),
  () => env.render('nope.njk', {}),
  () => env.renderString('{% unknowntag %}', {}),
  () => env.renderString('{{ f() }}', { f: () => { throw new TypeError('global function failed'); } }),
];
for (const attempt of bad) {
  try {
    attempt();
    errors.push('no error');
  } catch (e) { capture(e); }
}

// The async callback API with async filters.
function renderAsync(name, ctx) {
  return new Promise((resolve, reject) => env.render(name, ctx, (err, out) => (err ? reject(err) : resolve(out))));
}
(async () => {
  for (let i = 0; i < 15; i++) {
    const ids = Array.from({ length: 1 + (i % 4) }, (_x, k) => i * 3 + k + 20);
    d.add(`async:${i}`, await renderAsync('async.njk', { ids }));
  }
  try {
    await renderAsync('async.njk', { ids: [11, 12, 13] });
    errors.push('no error');
  } catch (e) { capture(e); }
  const viaString = await new Promise((resolve, reject) => env.renderString('{{ 5 | fetchUser }}!', {}, (err, out) => (err ? reject(err) : resolve(out))));
  d.add('asyncString', viaString);
  console.log(errors.map((e) => e.split('\n').map((l) => l.trim()).join(' ')).join('\n'));
  d.add('errors', errors);
  d.print({ pages, loads });
  printStackLines(frames);
})();
