'use strict';
// sass 1 (CJS; the pure-JS dart-sass build: 6 MB of dart2js output with its
// own class hierarchy, futures over promises and immutable.js collections):
// compile seeded SCSS and indented Sass through compileString with a custom
// importer (modules loaded with @use and @forward), custom functions built on
// the value API (SassNumber, SassColor, SassList, SassMap), a logger for @warn
// and @debug, source maps, compileStringAsync with an async importer and an
// async function; and catch sass's exceptions with their spans.
const sass = require('sass');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(1357);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const modules = {
  'theme/_colors.scss': `$primary: #336699 !default;\n$accent: mix($primary, #ff8800, 40%);\n$palette: (primary: $primary, accent: $accent, muted: rgba($primary, .4));\n@function shade($c, $n) { @return darken($c, $n * 5%); }\n`,
  'theme/_mixins.scss': `@use 'sass:math';\n@use 'colors' as c;\n@mixin card($pad: 8px, $radius: null) {\n  padding: $pad;\n  border: 1px solid c.shade(c.$primary, 2);\n  @if $radius { border-radius: $radius; }\n  @content;\n}\n@function rem($px) { @return math.div($px, 16px) * 1rem; }\n`,
  'theme/_index.scss': `@forward 'colors';\n@forward 'mixins';\n`,
};
let imports = 0;
const importer = {
  canonicalize(url) {
    const base = url.replace(/^theme:\/\//, '').replace(/^\.\//, '');
    for (const cand of [base, `${base}/_index.scss`, `theme/${base}`, `theme/_${base}.scss`, `theme/${base}/_index.scss`, `${base.replace(/([^/]+)$/, '_$1')}.scss`, `theme/_${base.replace(/^theme\//, '')}.scss`]) {
      if (cand in modules) return new URL(`theme://${cand}`);
    }
    return null;
  },
  load(url) {
    imports++;
    return { contents: modules[url.href.slice('theme://'.length)], syntax: 'scss' };
  },
};
const functions = {
  'scale-all($list, $factor)': (args) => {
    const list = args[0].asList;
    const factor = args[1].assertNumber('factor').value;
    return new sass.SassList(list.map((n) => new sass.SassNumber(n.assertNumber().value * factor, n.assertNumber().numeratorUnits.first)), { separator: ',' });
  },
  'pick-key($map, $key)': (args) => args[0].assertMap('map').contents.get(args[1]) || sass.sassNull,
  'channel-sum($color)': (args) => {
    const c = args[0].assertColor('color');
    return new sass.SassNumber(Math.round(c.channel('red') + c.channel('green') + c.channel('blue')));
  },
  'checked($n)': (args) => {
    const n = args[0].assertNumber('n');
    if (n.value > 100) throw new RangeError(`checked() got ${n.value}`);
    return new sass.SassString(`ok-${n.value}`, { quotes: true });
  },
};
const logged = [];
const logger = {
  warn(message, { deprecation, span }) { logged.push(`warn:${deprecation ? 'dep' : ''}:${message.split('\n')[0]}:${span ? span.start.line : '-'}`); },
  debug(message, { span }) { logged.push(`debug:${message}:${span.start.line}`); },
};

function sheet(i) {
  const rules = Array.from({ length: 6 + Math.floor(rand() * 10) }, (_x, k) => {
    const sel = pick(['.btn', '.card', 'nav a', '#main > .p', '%placeholder']);
    return `${sel}-${i}-${k}${pick(["", ":hover", " > .x"])} {\n  @include t.card(${Math.floor(rand() * 20)}px, ${rand() < 0.5 ? 'null' : '4px'}) { color: t.shade(t.$accent, ${k % 4}); }\n  margin: t.rem(${8 * (1 + (k % 5))}px) scale-all(1px 2px 3px, ${1 + (k % 3)});\n  &:hover { background: map.get(t.$palette, ${pick(['primary', 'accent', 'muted'])}); }\n  .inner-#{$i} { width: calc(100% - #{$i * 2}px); z: channel-sum(t.$primary); }\n  @each $name, $glyph in (a: 1, b: 2) { &--#{$name} { order: $glyph + ${k}; } }\n}`;
  });
  return `@use 'sass:map';\n@use 'theme' as t;\n$i: ${i};\n%placeholder { display: block; }\n${rules.join('\n')}\n@for $n from 1 through 3 { .col-#{$n} { width: math.percentage(math.div($n, 3)); } }\n@debug "sheet #{$i}";\n`.replace("@use 'sass:map';", "@use 'sass:map';\n@use 'sass:math';");
}

const d = new Digest('sass');
let compiled = 0;
const errors = [];
const frames = [];
function capture(e) {
  errors.push(`${e.name}: ${e.sassMessage || e.message}${e.span ? ` @${e.span.start.line}:${e.span.start.column}` : ''}`);
  frames.push(...stackLines(e));
}

async function main() {
  for (let i = 0; i < 24; i++) {
    const style = i % 3 === 0 ? 'compressed' : 'expanded';
    const r = sass.compileString(sheet(i), { importers: [importer], functions, logger, style, sourceMap: i % 4 === 0, url: new URL(`file:///virtual/sheet${i}.scss`) });
    d.add(`css:${i}`, r.css);
    if (r.sourceMap) d.add(`map:${i}`, { mappings: r.sourceMap.mappings.length, sources: r.sourceMap.sources });
    d.add(`loaded:${i}`, r.loadedUrls.map((u) => u.href));
    compiled++;
  }
  const indented = `@use 'theme' as t\n.a\n  color: t.$primary\n  +t.card(2px)\n    width: 10px\n  .b\n    height: checked(5)\n`;
  d.add('indented', sass.compileString(indented, { syntax: 'indented', importers: [importer], functions, logger }).css);
  d.add('warn', sass.compileString('@warn "careful";\n.x { color: darken(red, 10%); }', { logger }).css);

  // Async: an async importer and an async custom function.
  const asyncImporter = {
    canonicalize: async (url) => { await new Promise((r) => setImmediate(r)); return importer.canonicalize(url); },
    load: async (url) => { await null; return importer.load(url); },
  };
  for (let i = 0; i < 6; i++) {
    const r = await sass.compileStringAsync(sheet(100 + i), {
      importers: [asyncImporter],
      functions: { ...functions, 'later($x)': async (args) => { await new Promise((r2) => setImmediate(r2)); return args[0]; } },
      logger,
      style: 'expanded',
    });
    d.add(`async:${i}`, r.css);
    compiled++;
  }

  const bad = [
    ['.a {\n  color: red\n  width: 1px;\n}\n', {}],
    ['.a { width: 1px + 1s; }', {}],
    ['@use "nowhere";', { importers: [importer] }],
    ['.a {\n  x: checked(500);\n}', { functions }],
    ['$m: (a: 1);\n.a { b: map-get($m) }', {}],
    ['@error "custom failure #{1 + 1}";', {}],
    ['.a { @include missing-mixin; }', {}],
  ];
  for (const [src, opts] of bad) {
    try {
      sass.compileString(src, { ...opts, logger, url: new URL('file:///virtual/bad.scss') });
      errors.push('no error');
    } catch (e) { capture(e); }
  }
  try {
    await sass.compileStringAsync('.a { b: later(1) }', { functions: { 'later($x)': async () => { await null; throw new TypeError('async function failed'); } } });
    errors.push('no error');
  } catch (e) { capture(e); }
  d.add('values', [new sass.SassNumber(3, 'px').toString(), new sass.SassColor({ red: 10, green: 20, blue: 30 }).toString(), sass.sassTrue.isTruthy, sass.info.split('\t')[0]]);
  console.log(errors.join('\n'));
  d.add('errors', errors);
  d.add('logged', logged);
  d.print({ compiled, imports, logged: logged.length });
  printStackLines(frames);
}
main();
