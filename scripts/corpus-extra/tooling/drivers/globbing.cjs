'use strict';
// micromatch 4 + picomatch 4 + fast-glob 3 (CJS; picomatch's scanner and
// glob-to-regex parser with brace, extglob and POSIX class support,
// micromatch's brace expansion (braces) and list API, fast-glob's task
// manager, readers over fs.walk streams and deep/partial matchers): match
// seeded paths against a pattern table with several option sets, expand and
// scan patterns, glob a temp tree the driver writes (sync, async, stream;
// ignore, dot, onlyDirectories, deep, markDirectories, objectMode with
// stats off), and catch the errors for bad patterns and a missing cwd.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const micromatch = require('micromatch');
const picomatch = require('picomatch');
const fg = require('fast-glob');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(1313);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const d = new Digest('globbing');

const segments = ['src', 'lib', 'test', '.git', 'node_modules', 'docs', 'a b', 'deep', 'x', '[id]', '(group)', 'ünï'];
const names = ['index.js', 'main.ts', 'util.test.js', 'README.md', '.env', 'style.css', 'logo.svg', 'data.json', 'a.min.js', 'b.d.ts', 'c.mjs', 'Makefile', 'file.JS', 'x{1,2}.txt'];
const seededPaths = Array.from({ length: 500 }, () => `${Array.from({ length: Math.floor(rand() * 4) }, () => pick(segments)).join('/')}${rand() < 0.5 ? '/' : ''}${pick(names)}`.replace(/^\//, '').replace(/\/\//g, '/'));
const patterns = ['**/*.js', '*.md', 'src/**', '**/test/**/*.js', '**/*.{js,ts,mjs}', '**/!(*.test).js', '**/+(a|b).*', '**/*.@(css|svg)', '**/[a-c]*.*', '**/[[:upper:]]*', '**/.*', '!**/node_modules/**', '**/deep/**/x/*', '**/?.*', '**/{src,lib}/**/index.*', 'docs/*(*.md)', '**/[id]/*', '**/\\(group\\)/**', '**/a b/*', '**/*.min.js', '**/x\\{1,2\\}.txt'];
const optionSets = [{}, { dot: true }, { nocase: true }, { basename: true }, { noextglob: true, nobrace: true }, { windows: false, contains: true }];

let matches = 0;
for (const [k, opts] of optionSets.entries()) {
  for (const p of patterns) {
    const m = micromatch(seededPaths, p, opts);
    matches += m.length;
    d.add(`mm:${k}:${p}`, m);
  }
  d.add(`not:${k}`, micromatch.not(seededPaths, ['**/*.js', '**/*.md'], opts).length);
  d.add(`some:${k}`, seededPaths.slice(0, 40).map((p) => micromatch.some(p, ['*.json', '**/.env'], opts)));
}
// picomatch directly: compiled regexes, scan, parse, matchBase, test with details.
for (const p of patterns) {
  const isMatch = picomatch(p, { dot: true });
  d.add(`pm:${p}`, [picomatch.makeRe(p).source, picomatch.scan(p, { parts: true, tokens: false }), seededPaths.filter((s) => isMatch(s)).length]);
  d.add(`pmtest:${p}`, picomatch.test('src/deep/x/index.js', picomatch.makeRe(p)));
}
d.add('braces', ['a{1..5}b', '{a,b}{c,d}', 'x{01..10..3}', '{a..e..2}', 'file.{js,ts}{,.map}', 'n{-2..2}'].map((p) => micromatch.braces(p, { expand: true })));
d.add('capture', ['src/lib/index.js', 'test/a.test.js', 'docs/README.md'].map((s) => micromatch.capture('*/**/*.{js,md}', s)));
d.add('scanMM', micromatch.scan('!./src/**/*.{js,ts}', { parts: true }));
d.add('matchKeys', micromatch.matchKeys({ 'a.js': 1, 'b.md': 2, 'c.js': 3 }, '*.js'));
d.add('contains', ['aa/bb/cc', 'aaa', 'a/b'].map((s) => micromatch.contains(s, '?b')));

// A temp tree with fixed names, globbed by fast-glob in several ways.
const tmp = path.join(os.tmpdir(), 'breadcrumb-corpus-tooling-glob');
fs.rmSync(tmp, { recursive: true, force: true });
let written = 0;
for (const p of seededPaths) {
  const full = path.join(tmp, p);
  if (p.endsWith('/') || fs.existsSync(full)) continue;
  try {
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, p);
    written++;
  } catch {
    // a path whose parent is already a file: skipped, deterministically
  }
}
const rel = (list) => list.map((e) => (typeof e === 'string' ? e : `${e.path}|${e.dirent.isDirectory() ? 'd' : 'f'}`)).sort();

(async () => {
  const globs = ['**/*.js', '**/*.{md,json}', 'src/**/!(*.test).js', '**/.env', '**/deep/**', '**/[[]id]/*', '!**/node_modules/**'];
  for (const [k, g] of globs.entries()) {
    d.add(`fgsync:${g}`, rel(fg.sync(g, { cwd: tmp, dot: k % 2 === 0, ignore: k === 2 ? ['**/lib/**'] : [] })));
    d.add(`fgasync:${g}`, rel(await fg(g, { cwd: tmp, onlyFiles: k !== 4, markDirectories: true, caseSensitiveMatch: k !== 3 })));
  }
  d.add('fgdeep', rel(fg.sync('**', { cwd: tmp, deep: 2, onlyDirectories: true })));
  d.add('fgobjects', rel(fg.sync(['**/*.css', '**/*.svg'], { cwd: tmp, objectMode: true, unique: true })));
  d.add('fgnegated', rel(fg.sync(['**/*', '!**/*.js', '!**/.git/**'], { cwd: tmp, dot: true })));
  const streamed = [];
  for await (const entry of fg.stream('**/*.ts', { cwd: tmp, absolute: false })) streamed.push(entry);
  d.add('fgstream', rel(streamed));
  d.add('escape', [fg.escapePath('a b/[id]/(group)/x{1,2}.txt'), fg.isDynamicPattern('a/*.js'), fg.isDynamicPattern('a/b.js'), fg.generateTasks(['src/**/*.js', '!**/x/**', 'lib/*.md']).map((t) => [t.base, t.patterns, t.dynamic])]);
  fs.rmSync(tmp, { recursive: true, force: true });

  const errors = [];
  const frames = [];
  const failing = [
    () => micromatch.braces('{1..100000}', { expand: true, rangeLimit: 1000 }),
    () => picomatch.makeRe('x'.repeat(70000)),
    () => picomatch(''),
    () => micromatch(['a'], 42),
    () => fg.sync('**', { cwd: path.join(tmp, 'missing'), throwErrorOnBrokenSymbolicLink: true, suppressErrors: false }),
    () => fg.sync(['ok', 7]),
  ];
  for (const run of failing) {
    try {
      const r = run();
      errors.push(`no error: ${JSON.stringify(r).slice(0, 80)}`);
    } catch (e) {
      errors.push(`${e.name}${e.code ? ` ${e.code}` : ''}: ${e.message.split(tmp).join('<tmp>')}`);
      frames.push(...stackLines(e));
    }
  }
  console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
  d.add('errors', errors);
  d.print({ paths: seededPaths.length, matches, written });
  printStackLines(frames);
})();
