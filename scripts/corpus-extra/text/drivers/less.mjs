// less 4 from ESM (its lib/ sources: a recursive-descent parser over a
// chunker, tree node classes with eval/genCSS, visitors, a promise-based
// import manager and a plugin system): render seeded stylesheets with
// variables, mixins with guards, detached rulesets, operations, colour
// functions, extend, maps and @plugin-less custom functions; @import served by
// a custom FileManager plugin; a visitor plugin; source maps; and catch
// LessErrors with their line, column and extract.
import less from 'less';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(2468);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const virtualFiles = {
  '/virtual/theme.less': `@primary: #428bca;\n@accent: spin(@primary, 120);\n@radius: 4px;\n@sizes: { small: 10px; large: 24px; }\n.rounded(@r: @radius) when (@r > 0) { border-radius: @r; }\n.rounded(@r) when (@r = 0) { border: none; }\n.shadow(@c; @blur: 2px) { box-shadow: 0 1px @blur fade(@c, 40%); }\n`,
  '/virtual/grid.less': `@import (reference) "theme.less";\n.col(@n) { width: percentage((@n / 12)); float: left; }\n.generate(@i) when (@i > 0) { .span-@{i} { .col(@i); } .generate(@i - 1); }\n`,
};
let loads = 0;
const virtualFilePlugin = {
  install(lessApi, pluginManager) {
    class VirtualFileManager extends lessApi.FileManager {
      supports(filename, currentDirectory) { return `${currentDirectory || '/virtual/'}${filename}`.startsWith('/virtual/') || filename.startsWith('/virtual/'); }
      supportsSync() { return false; }
      loadFile(filename, currentDirectory) {
        loads++;
        const full = filename.startsWith('/') ? filename : `/virtual/${filename.replace(/^\.\//, '')}`;
        const path = full.endsWith('.less') ? full : `${full}.less`;
        if (!(path in virtualFiles)) return Promise.reject({ type: 'File', message: `'${filename}' wasn't found (virtual)` });
        return new Promise((resolve) => setImmediate(() => resolve({ filename: path, contents: virtualFiles[path] })));
      }
    }
    pluginManager.addFileManager(new VirtualFileManager());
  },
};
let visited = 0;
const functionsPlugin = {
  install(lessApi, pluginManager, functions) {
    functions.add('double', (n) => new lessApi.tree.Dimension(n.value * 2, n.unit));
    functions.add('label', (s) => new lessApi.tree.Quoted('"', `[${s.value}]`, true));
    functions.add('explode', (n) => { if (n.value > 10) throw new RangeError(`explode() refused ${n.value}`); return n; });
    class CountVisitor {
      constructor() { this.native = new lessApi.visitors.Visitor(this); this.isReplacing = false; }
      run(root) { return this.native.visit(root); }
      visitDeclaration(node) { visited++; return node; }
    }
    pluginManager.addVisitor(new CountVisitor());
  },
};
const plugins = [virtualFilePlugin, functionsPlugin];

function sheet(i) {
  const rules = Array.from({ length: 5 + Math.floor(rand() * 8) }, (_x, k) => {
    const sel = `${pick(['.btn', '.card', 'nav a', '#main > .p', '.list'])}-${i}-${k}`;
    return `${sel} {\n  .rounded(${pick(['0', '@radius', '2px'])});\n  .shadow(@accent; ${k}px);\n  color: ${pick(['darken(@primary, 10%)', 'lighten(@accent, 5%)', 'mix(@primary, @accent, 30%)', 'contrast(@primary)'])};\n  padding: double(${k + 1}px) (@radius * ${k % 3 + 1});\n  content: label("${sel}");\n  font-size: @sizes[${pick(['small', 'large'])}];\n  &:hover when (${k % 2} = 1) { color: red; }\n  &:extend(.base all);\n  @media (min-width: ${600 + k * 10}px) { margin: ~"calc(100% - @{radius})"; }\n}`;
  });
  return `@import "theme";\n@import (multiple) "grid.less";\n@detached: { background: @primary; };\n.base { display: block; }\n${rules.join('\n')}\n.generate(${1 + (i % 4)});\n.wrap { @detached(); }\n@plugin-free: ${i};\n`;
}

const d = new Digest('less');
let rendered = 0;
const errors = [];
const frames = [];
function capture(e) {
  errors.push(`${e.type || e.name}: ${e.message} @${e.line}:${e.column} ${e.filename || ''} ${(e.extract || []).filter(Boolean).join(' / ')}`);
  frames.push(...stackLines(e));
}
for (let i = 0; i < 24; i++) {
  const out = await less.render(sheet(i), { filename: '/virtual/main.less', plugins, compress: i % 4 === 3, sourceMap: i % 6 === 0 ? { outputSourceFiles: true } : undefined, math: i % 2 ? 'always' : 'parens-division' });
  d.add(`css:${i}`, out.css);
  d.add(`imports:${i}`, out.imports);
  if (out.map) d.add(`map:${i}`, JSON.parse(out.map).mappings.length);
  rendered++;
}
// Parse to a tree and evaluate it separately; variables from modifyVars/globalVars.
const parsed = await less.parse('@c: red;\n.a { color: @c; width: @w; }', { globalVars: { w: '10px' }, modifyVars: { c: 'blue' } });
d.add('parsed', [parsed.rules.length, typeof parsed.toCSS]);
d.add('vars', (await less.render('.a { color: @c; width: @w; }', { globalVars: { w: '10px', c: 'red' }, modifyVars: { c: 'blue' } })).css);

const bad = [
  '.a {\n  color: red\n  width: 1px;\n}\n',
  '.a {\n  width: @undefined-var;\n}',
  '@import "missing.less";\n',
  '.a { .no-such-mixin(); }',
  '.a {\n  b: explode(50);\n}',
  '.a { width: (1px + 1s); }',
  '.a { color: darken(notacolor, 10%); }',
];
for (const src of bad) {
  try {
    await less.render(src, { filename: '/virtual/bad.less', plugins });
    errors.push('no error');
  } catch (e) { capture(e); }
}
// A visitor plugin that throws: the raw error reaches the caller with less's frames.
try {
  await less.render('.a { b: 1 }', { plugins: [{ install(lessApi, pm) { pm.addVisitor({ isReplacing: false, run() { throw new TypeError('visitor failed'); } }); } }] });
  errors.push('no error');
} catch (e) { capture(e); }
console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
d.add('errors', errors);
d.print({ rendered, loads, visited });
printStackLines(frames);
