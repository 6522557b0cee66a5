// handlebars 4 (ESM driver importing the Babel-compiled CJS package: a Jison
// parser, AST visitors, the JavaScriptCompiler that generates template code
// run through `new Function`, runtime with helpers/partials/decorators/data
// frames, SafeString and escaping, prototype-access checks): compile seeded
// templates with block helpers, partials (inline and registered), each/with/if
// /unless/lookup/log, custom helpers with hash arguments, precompile to source,
// isolated environments, and the parse/compile errors with their positions.
import Handlebars from 'handlebars';
import { createRequire } from 'node:module';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(424242);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const d = new Digest('handlebars');

const hb = Handlebars.create();
const logged = [];
hb.logger.log = (level, ...msg) => { logged.push(`${level}:${msg.join(' ')}`); };
hb.registerHelper('upper', (s) => String(s).toUpperCase());
hb.registerHelper('join', (xs, opts) => (xs || []).join(opts.hash.sep ?? ', '));
hb.registerHelper('money', function money(cents, opts) {
  const cur = opts.hash.currency || 'EUR';
  return new hb.SafeString(`<span class="m">${(cents / 100).toFixed(2)}&nbsp;${hb.escapeExpression(cur)}</span>`);
});
hb.registerHelper('times', function times(n, opts) {
  let out = '';
  for (let i = 0; i < n; i++) out += opts.fn(this, { data: hb.createFrame({ ...opts.data, step: i, last: i === n - 1 }) });
  return out;
});
hb.registerHelper('eq', (a, b) => a === b);
hb.registerHelper('gt', (a, b) => a > b);
hb.registerHelper('ifOdd', function ifOdd(n, opts) { return n % 2 ? opts.fn(this) : opts.inverse(this); });
hb.registerHelper('helperMissing', function missing(...args) {
  const opts = args.pop();
  return `[missing ${opts.name}/${args.length}]`;
});
hb.registerPartial('user', '<li class="{{#if admin}}admin{{else}}user{{/if}}">{{upper name}} &lt;{{email}}&gt;{{#if tags}} [{{join tags sep="|"}}]{{/if}}</li>');
hb.registerPartial('layout', '<section>{{> @partial-block }}</section>');

const templates = {
  list: '<ul>{{#each users}}{{> user}}{{else}}<li>none</li>{{/each}}</ul>',
  order: '{{#with order}}<h1>Order {{id}}</h1>{{#each lines}}<p>{{@index}}/{{@key}}: {{qty}} x {{sku}} = {{money (mul qty price) currency=../currency}}{{#if @last}} (last){{/if}}</p>{{/each}}{{/with}}',
  nested: '{{#each groups as |g gi|}}<div>{{gi}}:{{g.name}}{{#each g.items as |it ii|}} [{{gi}}.{{ii}} {{it}}{{#ifOdd ii}} odd{{else}} even{{/ifOdd}}]{{/each}}</div>{{/each}}',
  escape: '{{raw}} / {{{raw}}} / {{lookup map key}} / {{map.[weird key]}} / {{undefinedHelper 1 2}} / {{#unless flag}}off{{/unless}}',
  inline: '{{#*inline "row"}}<tr><td>{{this}}</td></tr>{{/inline}}<table>{{#each rows}}{{> row}}{{/each}}</table>',
  block: '{{#> layout}}{{#times count}}<i>{{@step}}{{#if @last}}!{{/if}}</i>{{/times}}{{/layout}}',
  whitespace: '{{#each items~}}\n  {{this}}\n{{~/each}}\n{{! a comment }}{{!-- a long }} comment --}}done',
  log: '{{#if (eq n 9)}}{{log "rendering" name level="warn"}}{{/if}}{{#if (gt n 5)}}big{{else if (eq n 5)}}five{{else}}small{{/if}}',
};
hb.registerHelper('mul', (a, b) => a * b);

const compiled = Object.fromEntries(Object.entries(templates).map(([k, t]) => [k, hb.compile(t, { strict: false })]));
const names = ['ann', 'bob', 'cy', '<script>', 'dee & eve', '"q"'];
let renders = 0;
for (let i = 0; i < 400; i++) {
  const ctx = {
    users: Array.from({ length: Math.floor(rand() * 5) }, () => ({ name: pick(names), email: `${pick(names)}@x.org`, admin: rand() < 0.3, tags: rand() < 0.5 ? ['a', pick(names)] : null })),
    order: { id: i, lines: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({ sku: `S${Math.floor(rand() * 100)}`, qty: 1 + Math.floor(rand() * 5), price: Math.floor(rand() * 10000) })) },
    currency: pick(['EUR', 'USD', '<b>']),
    groups: Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, g) => ({ name: `g${g}`, items: Array.from({ length: Math.floor(rand() * 4) }, () => pick(names)) })),
    raw: pick(names), map: { a: 1, b: '<2>', 'weird key': 'w' }, key: pick(['a', 'b', 'c']), flag: rand() < 0.5,
    rows: Array.from({ length: Math.floor(rand() * 4) }, () => pick(names)), count: Math.floor(rand() * 4),
    items: ['x', 'y', pick(names)], name: pick(names), n: Math.floor(rand() * 10),
  };
  for (const [k, tpl] of Object.entries(compiled)) {
    d.add(`${i}:${k}`, tpl(ctx, { data: { root: ctx } }));
    renders++;
  }
}
d.add('logged', logged.slice(0, 50));

// Precompiled source (deterministic code generation) and a template built from it.
const spec = hb.precompile(templates.order);
d.add('precompiled', spec);
const fromSpec = hb.template(new Function(`return ${spec}`)());
d.add('fromSpec', fromSpec({ order: { id: 'p', lines: [{ sku: 'a', qty: 2, price: 150 }] }, currency: 'USD' }));
d.add('ast', JSON.stringify(Handlebars.parse('{{#if a}}{{b.c}}{{else}}{{> p x=1}}{{/if}}'), (k, v) => (k === 'loc' ? undefined : v)));
d.add('print', Handlebars.print(Handlebars.parse('{{#each xs as |x|}}{{x}}{{/each}}')));

// Compat mode (recursive lookup), knownHelpersOnly, preventIndent, decorators, a separate environment.
d.add('compat', hb.compile('{{#each items}}{{name}}-{{title}};{{/each}}', { compat: true })({ title: 'T', items: [{ name: 'a' }, { name: 'b', title: 'own' }] }));
d.add('indent', hb.compile('<div>\n  {{> user}}\n</div>', { preventIndent: true })({ name: 'x', email: 'e' }));
try {
  hb.compile('{{unknownHelper a}}', { knownHelpersOnly: true, knownHelpers: { upper: true } })({ a: 1 });
} catch (e) {
  d.add('knownHelpersOnly', `${e.name}: ${e.message}`);
}
hb.registerDecorator('stamp', (program, props, container, options) => {
  props.stamped = options.args[0];
  const inner = program;
  return (ctx, opts) => `[${options.args[0]}]${inner(ctx, opts)}`;
});
d.add('decorator', hb.compile('{{* stamp "v1"}}body {{x}}')({ x: 1 }));
const other = Handlebars.create();
other.registerHelper('upper', (s) => `other:${s}`);
d.add('isolated', [other.compile('{{upper a}}')({ a: 'q' }), hb.compile('{{upper a}}')({ a: 'q' }), Object.keys(other.helpers).sort()]);
d.add('runtimeOptions', hb.compile('{{a.b}}|{{c}}')({ a: Object.create({ b: 'inherited' }), c: 'own' }, { allowProtoPropertiesByDefault: true }));
const spec2 = hb.precompile('{{#each xs}}{{@index}}:{{this}} {{/each}}', { srcName: 'list.hbs' });
d.add('sourceMap', [typeof spec2, spec2.code ? spec2.code.length : 0, typeof spec2.map]);

// Prototype access is denied by default and logged.
const proto = hb.compile('{{constructor.name}}|{{__proto__}}|{{a.toString}}');
d.add('proto', proto({ a: {} }));

// Errors: parse errors with positions, unknown partials, strict mode misses.
const errors = [];
let frames = [];
for (const bad of ['{{#if x}}unclosed', '{{#each}}{{/each}}', '{{> missing}}', 'a {{foo bar=}}', '{{#a}}{{/b}}', '{{strict.miss}}']) {
  try {
    const tpl = hb.compile(bad, { strict: bad.startsWith('{{strict') });
    errors.push(`rendered: ${tpl({ x: 1 })}`);
  } catch (e) {
    if (frames.length === 0) frames = stackLines(e);
    errors.push(`${e.name}: ${e.message}`);
  }
}
// The minified UMD build (a licence banner, then a few very long lines) and the unminified one: the
// same templates through them, and a compile error's stack lines inside the minified file.
const requireHere = createRequire(import.meta.url);
for (const build of ['handlebars/dist/handlebars.min.js', 'handlebars/dist/handlebars.js']) {
  const H = requireHere(build);
  H.registerHelper('upper', (s) => String(s).toUpperCase());
  H.registerHelper('ifOdd', function ifOdd(n, opts) { return n % 2 ? opts.fn(this) : opts.inverse(this); });
  d.add(`umd:${build}`, [H.VERSION, H.compile(templates.nested)({ groups: [{ name: 'a', items: ['x', 'y'] }] }), H.compile('{{upper a}}')({ a: 'q' })]);
  try {
    H.compile('{{#each}}\n{{/each}}')({});
  } catch (e) {
    frames.push(...stackLines(e));
    errors.push(`umd ${e.name}: ${e.message}`);
  }
}
console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
d.add('errors', errors);
d.print({ renders, templates: Object.keys(templates).length });
printStackLines(frames);
