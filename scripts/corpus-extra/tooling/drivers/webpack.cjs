'use strict';
// webpack 5 (CJS; tapable hooks everywhere, the Compiler/Compilation classes,
// enhanced-resolve, acorn-based JavaScriptParser with its own hook-driven
// walker, loader-runner, the chunk graph, templates and the runtime, terser
// through terser-webpack-plugin in production): build a seeded project the
// driver writes to a temp folder (ESM and CommonJS modules, JSON, a text file
// through a custom loader with options, a dynamic import split into a chunk,
// DefinePlugin, a custom plugin tapping compilation hooks and emitting an
// asset) in development and production modes, library output as CommonJS and
// ESM, run the bundles in a vm, and read stats errors: a missing module,
// a syntax error's location, a loader that fails, plus a config rejected by
// the schema validator (caught with its stack).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const webpack = require('webpack');
const { Digest, ROOT, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(5005);
const int = (k) => Math.floor(rand() * k);
const d = new Digest('webpack');
const tmp = path.join(os.tmpdir(), 'breadcrumb-corpus-tooling-webpack');
const clean = (s) => String(s).split(tmp).join('<tmp>').split(ROOT).join('<root>');
fs.rmSync(tmp, { recursive: true, force: true });
const write = (p, text) => {
  fs.mkdirSync(path.dirname(path.join(tmp, p)), { recursive: true });
  fs.writeFileSync(path.join(tmp, p), text);
};

// The loader: turns a .txt file into a module exporting its words, upper-cased when asked.
write('loaders/words-loader.js', `module.exports = function wordsLoader(source) {
  const opts = this.getOptions();
  if (source.includes('FAIL')) { this.callback(new Error('words-loader: refusing ' + this.resourcePath.split('/').pop())); return; }
  const words = source.split(/\\s+/).filter(Boolean).map((w) => (opts.upper ? w.toUpperCase() : w));
  this.cacheable(true);
  return 'export default ' + JSON.stringify(words) + '; export const count = ' + words.length + ';';
};
`);
const moduleCount = 14;
for (let i = 0; i < moduleCount; i++) {
  const deps = [...new Set(Array.from({ length: int(3) }, () => int(moduleCount)).filter((k) => k > i))];
  const cjs = i % 4 === 3;
  const imports = deps.map((k) => (cjs ? `const m${k} = require('./m${k}.js');` : `import * as m${k} from './m${k}.js';`)).join('\n');
  const body = deps.map((k) => `  v += m${k}.calc(x + ${k});`).join('\n');
  const exportCalc = cjs ? 'exports.calc = calc;\nexports.unusedCjs = () => 1;' : `export { calc };\nexport function unused${i}() { return 'dead code ${i}'; }`;
  write(`src/m${i}.js`, `${imports}\nfunction calc(x) {\n  let v = x * ${i + 2} + (__SCALE__ | 0);\n${body}\n  return v % ${997 + i};\n}\n${exportCalc}\n`);
}
write('src/data.json', JSON.stringify({ items: Array.from({ length: 20 }, (_x, k) => ({ id: k, w: int(100) })), name: 'corpus' }));
write('src/words.txt', Array.from({ length: 60 }, () => ['alpha', 'beta', 'gamma', 'delta', 'epsilon'][int(5)]).join(' '));
write('src/lazy.js', "import { calc } from './m1.js';\nexport default function lazy(n) { return calc(n) * 2; }\n");
write('src/index.js', `import { calc } from './m0.js';
import data from './data.json';
import words, { count } from './words.txt';
export const total = data.items.reduce((s, it) => s + calc(it.w), 0);
export const summary = count + ':' + words.slice(0, 3).join(',') + ':' + __VERSION__;
export const later = () => import(/* webpackChunkName: "lazy" */ './lazy.js').then((m) => m.default(7));
export default class App { constructor() { this.name = data.name; } describe() { return this.name + '/' + total; } }
`);
write('bad/missing.js', "import x from './does-not-exist.js';\nexport default x;\n");
write('bad/syntax.js', 'export const a = 1;\nexport const b = {\n  c: 2,\n  d: 3 +\n};\n');
write('bad/loader.js', "import w from './fail.txt';\nexport default w;\n");
write('bad/fail.txt', 'please FAIL here');

let hookCalls = 0;
class CorpusPlugin {
  apply(compiler) {
    compiler.hooks.compilation.tap('CorpusPlugin', (compilation) => {
      compilation.hooks.buildModule.tap('CorpusPlugin', () => { hookCalls++; });
      compilation.hooks.processAssets.tap({ name: 'CorpusPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const names = [...compilation.modules].map((m) => clean(m.identifier()).replace(/.*!/, '')).sort();
        compilation.emitAsset('modules.txt', new webpack.sources.RawSource(names.join('\n')));
      });
    });
  }
}

function config(name, overrides) {
  return {
    name,
    context: tmp,
    entry: { main: './src/index.js' },
    output: { path: path.join(tmp, 'dist', name), filename: '[name].js', chunkFilename: '[name].[contenthash:8].js', clean: true, library: { type: 'commonjs2' }, ...(overrides.output || {}) },
    mode: overrides.mode || 'development',
    devtool: overrides.devtool || false,
    target: 'node',
    infrastructureLogging: { level: 'none' },
    cache: false,
    module: { rules: [{ test: /\.txt$/, use: [{ loader: path.join(tmp, 'loaders/words-loader.js'), options: { upper: name !== 'dev' } }] }] },
    plugins: [new webpack.DefinePlugin({ __SCALE__: '3', __VERSION__: JSON.stringify(`v-${name}`) }), new CorpusPlugin()],
    optimization: { moduleIds: 'deterministic', chunkIds: 'deterministic', ...(overrides.optimization || {}) },
    experiments: overrides.experiments,
    ...(overrides.entry ? { entry: overrides.entry } : {}),
  };
}
const run = (cfg) => new Promise((resolve, reject) => {
  webpack(cfg, (err, stats) => (err ? reject(err) : resolve(stats)));
});
const statsSummary = (stats) => {
  const j = stats.toJson({ all: false, errors: true, warnings: true, assets: true, chunks: true, modules: true, hash: true, errorDetails: false });
  return {
    assets: j.assets.map((a) => [a.name, a.size]).sort(),
    chunks: j.chunks.map((c) => [c.names, c.files, c.modules ? c.modules.length : 0]).sort(),
    modules: (j.modules || []).map((m) => [clean(m.name), m.size, m.usedExports === true ? 'all' : m.usedExports]).sort(),
    errors: j.errors.map((e) => [clean(e.moduleName || ''), clean(e.message), e.loc || '']),
    warnings: j.warnings.map((e) => [clean(e.moduleName || ''), clean(e.message).split('\n')[0]]),
  };
};
const readDist = (name) => {
  const dir = path.join(tmp, 'dist', name);
  return fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]);
};

(async () => {
  const builds = [
    ['dev', {}],
    ['dev-maps', { devtool: 'source-map' }],
    ['prod', { mode: 'production' }],
    ['prod-unminified', { mode: 'production', optimization: { minimize: false, concatenateModules: true, usedExports: true } }],
    ['lib-esm', { mode: 'production', output: { module: true, library: { type: 'module' } }, experiments: { outputModule: true }, optimization: { minimize: false } }],
  ];
  for (const [name, overrides] of builds) {
    const stats = await run(config(name, overrides));
    d.add(`stats:${name}`, statsSummary(stats));
    d.add(`dist:${name}`, readDist(name).map(([f, text]) => [f, clean(text)]));
    if (name !== 'lib-esm') {
      // Run the CommonJS bundle in a fresh context: the entry's exports and its lazy chunk.
      const file = path.join(tmp, 'dist', name, 'main.js');
      const mod = { exports: {} };
      vm.runInNewContext(fs.readFileSync(file, 'utf8'), { module: mod, exports: mod.exports, require: (id) => (id.startsWith('./') ? require(path.join(path.dirname(file), id)) : require(id)), __dirname: path.dirname(file), __filename: file, console }, { filename: file });
      const exp = mod.exports;
      const App = exp.default;
      d.add(`exports:${name}`, [Object.keys(exp).sort(), exp.total, exp.summary, new App().describe(), await exp.later()]);
    }
  }

  // Stats errors: compilations that finish with errors (not exceptions).
  for (const [name, entry] of [['missing', './bad/missing.js'], ['syntax', './bad/syntax.js'], ['loader', './bad/loader.js']]) {
    const stats = await run(config(`bad-${name}`, { entry: { main: entry } }));
    d.add(`bad:${name}`, [stats.hasErrors(), statsSummary(stats).errors]);
    console.log(`bad:${name} ${stats.compilation.errors.map((e) => `${e.name}: ${clean(e.message).split('\n')[0]}`).join(' | ')}`);
  }

  const errors = [];
  const frames = [];
  const failing = [
    () => webpack({ entry: './x.js', mode: 'sideways' }),
    () => webpack({ context: tmp, entry: './src/index.js', module: { rules: [{ test: /x/, use: 42 }] } }),
    () => run({ context: tmp, entry: './src/index.js', mode: 'development', output: { path: path.join(tmp, 'dist', 'p') }, plugins: [{ apply(compiler) { compiler.hooks.make.tap('Thrower', () => { throw new RangeError('plugin refused to make'); }); } }] }),
  ];
  for (const f of failing) {
    try {
      await f();
      errors.push('no error');
    } catch (e) {
      errors.push(`${e.name}: ${clean(e.message)}`);
      frames.push(...stackLines(e));
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
  d.add('errors', errors);
  d.print({ builds: builds.length, modules: moduleCount, hookCalls });
  printStackLines(frames);
})();
