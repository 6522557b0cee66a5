// mustache 4 (its ESM build, mustache.mjs: a Scanner, a Context chain and a
// Writer class with a token cache): render seeded data through sections,
// inverted sections, lambdas, partials (an object and a function), custom tags,
// dotted names and a custom escape; parse templates to token trees; and catch
// the parse errors mustache reports with their positions.
import Mustache from 'mustache';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(5150);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const words = ['alpha', '<beta>', 'a & b', '"gamma"', "it's", 'ünï', '`tick`', '=eq='];

const template = `<h1>{{title}}</h1>
{{#user}}<p>Hi {{name.first}} {{name.last}}{{#admin}} (admin){{/admin}}</p>{{/user}}
{{^user}}<p>Please log in</p>{{/user}}
<ul>
{{#items}}
  <li>{{> item}}</li>
{{/items}}
{{^items}}
  <li>none</li>
{{/items}}
</ul>
{{#bold}}total: {{total}}{{/bold}}
{{{raw}}} {{&raw}} {{! a comment }}
{{=<% %>=}}
<p><% title %> with custom tags <%={{ }}=%></p>
{{#list}}{{.}},{{/list}}
{{> footer}}`;
const partials = {
  item: '{{name}}: {{price}}{{#tags.length}} [{{#tags}}{{.}}{{^last}}, {{/last}}{{/tags}}]{{/tags.length}}',
  footer: '<footer>{{year}}{{#links}} <a href="{{href}}">{{text}}</a>{{/links}}</footer>',
};

const d = new Digest('mustache');
let rendered = 0;
let lambdaCalls = 0;
for (let i = 0; i < 300; i++) {
  const items = Array.from({ length: Math.floor(rand() * 5) }, (_x, k) => ({ name: `${pick(words)}${k}`, price: (rand() * 100).toFixed(2), tags: rand() < 0.5 ? [pick(words), pick(words)] : [] }));
  const view = {
    title: `Page ${i} ${pick(words)}`,
    user: rand() < 0.6 ? { name: { first: pick(words), last: pick(words) }, admin: rand() < 0.3 } : null,
    items,
    total() { return items.reduce((s, it) => s + Number(it.price), 0).toFixed(2); },
    bold() { return (text, render) => { lambdaCalls++; return `<b>${render(text)}</b>`; }; },
    raw: `<i>${pick(words)}</i>`,
    list: [1, 'two', pick(words)],
    year: 2024,
    links: [{ href: `/p/${i}?a=1&b=2`, text: pick(words) }],
  };
  const partialSource = i % 2 ? partials : (name) => partials[name];
  d.add(`page:${i}`, Mustache.render(template, view, partialSource));
  rendered++;
}
d.add('tokens', Mustache.parse(template));
d.add('customTags', Mustache.render('[[ a ]] [[{ b }]] [[#c]]yes[[/c]]', { a: '<a>', b: '<b>', c: [1, 2] }, {}, ['[[', ']]']));
d.add('configTags', Mustache.render('<% x %>', { x: 'cfg' }, {}, { tags: ['<%', '%>'] }));
const savedEscape = Mustache.escape;
Mustache.escape = (s) => String(s).replace(/[aeiou]/g, '*');
d.add('escape', Mustache.render('{{v}} {{{v}}}', { v: 'a quiet mouse' }));
Mustache.escape = savedEscape;
const writer = new Mustache.Writer();
d.add('writer', writer.render('{{#a}}{{b}}{{/a}}', { a: [{ b: 1 }, { b: 2 }] }));
Mustache.clearCache();

const errors = [];
const frames = [];
for (const bad of ['{{#open}} never closed', '{{#a}}x{{/b}}', 'line one\n{{=<% =}}', '{{ unclosed', '{{#a}}{{/a}}{{/a}}']) {
  try {
    Mustache.render(bad, { a: true });
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
try {
  Mustache.render('{{x}}', { get x() { throw new TypeError('getter refused'); } });
} catch (e) {
  errors.push(`${e.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
try {
  Mustache.render(42, {});
} catch (e) {
  errors.push(`${e.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ rendered, lambdaCalls });
printStackLines(frames);
