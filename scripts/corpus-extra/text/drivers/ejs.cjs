'use strict';
// ejs 7 (CJS; templates compiled to JavaScript source and run with
// `new Function`, or an AsyncFunction with `async: true`): render seeded
// pages through layouts and includes served by a custom includer, with
// helpers, custom delimiters, escape functions, client-side compiled
// functions, async data, and the errors ejs rethrows with the template's
// line numbers (a throwing helper, an undefined variable, a syntax error).
const ejs = require('ejs');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(1207);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const words = ['apple', 'banana', '<script>', 'a & b', '"quoted"', "it's", 'ünï', 'x > y', 'Caf\u00e9'];

const templates = {
  'layout.ejs': `<!doctype html>
<html><head><title><%= title %></title></head>
<body>
<%- include('header.ejs', { user }) -%>
<main>
<%- body %>
</main>
<%- include('footer.ejs') %>
</body></html>`,
  'header.ejs': `<header><% if (user) { %>Hello, <%= user.name %> (<%= helpers.initials(user.name) %>)<% } else { %>Welcome, guest<% } %></header>`,
  'footer.ejs': `<footer>&copy; <%= year %> -- <%_ for (const l of links) { _%>
  <a href="<%= l.href %>"><%= l.text %></a>
<%_ } _%>
</footer>`,
  'list.ejs': `<ul>
<% items.forEach(function (item, i) { -%>
  <li class="<%= i % 2 ? 'odd' : 'even' %>"><%= helpers.money(item.price) %> <%= item.name %><% if (item.tags.length) { %> [<%= item.tags.join(', ') %>]<% } %></li>
<% }); -%>
</ul>
<%# a comment that disappears %>
<p>Total: <%= helpers.money(items.reduce((s, i) => s + i.price, 0)) %></p>
<%- include('row.ejs', { row: items[0] || { name: 'none', price: 0, tags: [] } }) %>`,
  'row.ejs': `<tr><td><%= row.name %></td><td><%- helpers.bar(row.price) %></td></tr>`,
};

const helpers = {
  initials: (name) => name.split(/\s+/).map((w) => w[0]).join('').toUpperCase(),
  money: (n) => `$${n.toFixed(2)}`,
  bar: (n) => '<b>' + '#'.repeat(Math.min(20, Math.round(n / 5))) + '</b>',
  explode: (n) => { if (n > 2) throw new RangeError(`helper exploded at ${n}`); return n; },
};
let includes = 0;
const includer = (originalPath) => {
  includes++;
  const name = originalPath.replace(/^.*\//, '');
  if (!(name in templates)) return undefined;
  return { template: templates[name], filename: `/views/${name}` };
};
const base = { includer, filename: '/views/page.ejs', helpers, year: 2024, links: [{ href: '/a?x=1&y=2', text: 'A & a' }, { href: '/b', text: 'B' }] };

const d = new Digest('ejs');
let pages = 0;
for (let i = 0; i < 150; i++) {
  const items = Array.from({ length: Math.floor(rand() * 8) }, (_x, k) => ({ name: `${pick(words)}-${k}`, price: Math.round(rand() * 10000) / 100, tags: rand() < 0.4 ? [pick(words), pick(words)] : [] }));
  const user = rand() < 0.7 ? { name: `${pick(words)} ${pick(words)}` } : null;
  const body = ejs.render(templates['list.ejs'], { ...base, items, helpers }, { includer, filename: '/views/list.ejs', cache: i % 2 === 0 });
  const page = ejs.render(templates['layout.ejs'], { ...base, title: `Page ${i} <${pick(words)}>`, user, body }, { includer, filename: '/views/layout.ejs', rmWhitespace: i % 5 === 0 });
  d.add(`page:${i}`, page);
  pages++;
}

// Custom delimiters, a custom escape function, strict mode with destructured locals.
d.add('delims', ejs.render('[?= a ?]/[?- b ?]/[? if (c) { ?]yes[? } ?]', { a: '<a>', b: '<b>', c: true }, { delimiter: '?', openDelimiter: '[', closeDelimiter: ']' }));
d.add('escape', ejs.render('<%= x %>|<%= y %>', { x: 'AbC', y: 42 }, { escape: (s) => String(s).split('').reverse().join('') }));
d.add('strict', ejs.render('<%= a + b %>', { a: 1, b: 2 }, { strict: true, _with: false, destructuredLocals: ['a', 'b'] }));
// A compiled function kept and reused, and a client function's source length (stable, no paths).
const fn = ejs.compile('<%= n %>^2 = <%= n * n %>', { cache: false });
d.add('compiled', Array.from({ length: 30 }, (_x, n) => fn({ n })));
const clientFn = ejs.compile('<p><%= msg %></p>', { client: true, compileDebug: false });
d.add('client', [typeof clientFn, clientFn({ msg: 'hi & bye' }, (s) => String(s).toUpperCase())]);

const errors = [];
const frames = [];
function capture(e) {
  errors.push(`${e.name}: ${e.message}`);
  frames.push(...stackLines(e));
}

async function main() {
  // Async rendering: awaiting data inside the template, includes in async mode.
  const fetchUser = async (id) => { await new Promise((r) => setImmediate(r)); return { id, name: `user ${id}` }; };
  const asyncTpl = `<% for (const id of ids) { %><% const u = await fetchUser(id); %><%= u.name %>;<% } %><%- await include('row.ejs', { row: { name: 'r', price: 50 }, helpers }) %>`;
  for (let i = 0; i < 20; i++) {
    const ids = Array.from({ length: 1 + (i % 5) }, (_x, k) => i * 10 + k);
    d.add(`async:${i}`, await ejs.render(asyncTpl, { ids, fetchUser, helpers }, { async: true, includer, filename: '/views/async.ejs' }));
  }
  try {
    await ejs.render('line1\n<% await Promise.resolve() %>\n<%= missing.value %>', {}, { async: true, filename: '/views/async-bad.ejs' });
  } catch (e) { capture(e); }

  // Errors with the template's line numbers.
  const bad = [
    ['/views/helper.ejs', 'a\nb\n<% for (let n = 0; n < 5; n++) { %>\n<%= helpers.explode(n) %>\n<% } %>\n', { helpers }],
    ['/views/undef.ejs', '<p>\n  <%= notDefined.deep %>\n</p>', {}],
    ['/views/syntax.ejs', '<% if (x) { %>\nunclosed\n', { x: 1 }],
    ['/views/await.ejs', '<%= await thing %>', { thing: 1 }],
    ['/views/include.ejs', "<%- include('missing.ejs') %>", {}],
  ];
  for (const [filename, tpl, data] of bad) {
    try {
      ejs.render(tpl, data, { filename, includer });
      errors.push('no error');
    } catch (e) { capture(e); }
  }
  console.log(errors.map((e) => e.split('\n').slice(0, 2).join(' | ')).join('\n'));
  d.add('errors', errors);
  d.print({ pages, includes });
  printStackLines(frames);
}
main();
