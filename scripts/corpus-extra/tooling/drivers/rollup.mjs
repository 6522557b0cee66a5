// rollup 4 from ESM (its JS side: a module graph of classes, the plugin driver
// with hook ordering, magic-string edits, tree-shaking over the AST the native
// parser returns, chunking and format finalisers): bundle seeded virtual module
// graphs served by an in-memory plugin (resolveId/load/transform/renderChunk,
// virtual modules, emitted assets), with tree-shaking of unused exports and
// pure calls, dynamic imports split into chunks, every output format, source
// maps, and the errors rollup raises: a syntax error's location and frame, a
// missing export, an unresolved import, a plugin that throws.
import { rollup, VERSION } from 'rollup';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(4242);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

function graph(seed) {
  const n = 4 + (seed % 5);
  const files = {};
  for (let i = 0; i < n; i++) {
    const deps = Array.from({ length: Math.floor(rand() * 3) }, () => Math.floor(rand() * n)).filter((k) => k > i);
    const imports = [...new Set(deps)].map((k) => `import { used${k}, unused${k} } from './m${k}.js';`).join('\n');
    const body = [...new Set(deps)].map((k) => `  acc += used${k}(x + ${k});`).join('\n');
    files[`/src/m${i}.js`] = `${imports}
import config from 'virtual:config';
export const label${i} = /*#__PURE__*/ makeLabel('m${i}');
function makeLabel(s) { return s.toUpperCase(); }
export function used${i}(x) {
  let acc = x * ${i + 1} + config.offset;
${body}
  return acc % ${1000 + i};
}
export function unused${i}() { console.log('never ${i}'); return ${pick(['1', '"s"', '[]', '{}'])}; }
export class Shape${i} { constructor(r) { this.r = r; } area() { return Math.round(this.r * this.r * ${i + 1}); } }
${i === 0 ? "export const lazy = () => import('./lazy.js').then((m) => m.default(3));" : ''}
`;
  }
  files['/src/lazy.js'] = `import { used${n - 1} } from './m${n - 1}.js';\nexport default function (x) { return used${n - 1}(x) * 2; }\n`;
  files['/src/main.js'] = `import { used0, label0, lazy } from './m0.js';\nimport { used${n - 1}, Shape${n - 1} } from './m${n - 1}.js';\nimport data from 'virtual:data';\nexport const result = used0(${seed}) + used${n - 1}(data.length);\nexport { label0, lazy, Shape${n - 1} as Shape };\nexport default new Shape${n - 1}(${seed % 7}).area();\n`;
  return files;
}

let loads = 0;
let transforms = 0;
function memoryPlugin(files) {
  return {
    name: 'memory',
    resolveId(source, importer) {
      if (source.startsWith('virtual:')) return `\0${source}`;
      if (source.startsWith('./')) return `${importer ? importer.replace(/[^/]*$/, '') : 'mem:/src/'}${source.slice(2)}`;
      if (source.startsWith('mem:/src/')) return source;
      return null;
    },
    load(id) {
      loads++;
      if (id === '\0virtual:config') return 'export default { offset: 17, name: "cfg" };';
      if (id === '\0virtual:data') return `export default ${JSON.stringify(Array.from({ length: 5 }, (_x, i) => i * 3))};`;
      return files[id.replace(/^mem:/, '')] ?? null;
    },
    transform(code, id) {
      transforms++;
      if (!id.endsWith('.js')) return null;
      return { code: code.replace(/\bMath\.round\b/g, 'Math.floor'), map: null };
    },
    renderChunk(code, chunk) {
      return `/* ${chunk.fileName} (${chunk.exports.length} exports) */\n${code}`;
    },
    generateBundle(_options, bundle) {
      this.emitFile({ type: 'asset', fileName: 'manifest.json', source: JSON.stringify(Object.keys(bundle).sort()) });
    },
  };
}

const d = new Digest('rollup');
d.add('version', VERSION.split('.')[0]);
let chunks = 0;
const formats = ['es', 'cjs', 'amd', 'system'];
for (let g = 0; g < 40; g++) {
  const files = graph(g);
  const bundle = await rollup({ input: 'mem:/src/main.js', plugins: [memoryPlugin(files)], treeshake: g % 3 === 2 ? 'smallest' : true, onwarn: (w) => d.add(`warn:${g}`, `${w.code}: ${w.message}`) });
  d.add(`watchFiles:${g}`, bundle.watchFiles.filter((f) => !f.startsWith('\0')).sort());
  for (const format of formats) {
    const { output } = await bundle.generate({ format, sourcemap: g % 4 === 0, exports: 'named', chunkFileNames: '[name]-chunk.js', generatedCode: g % 2 ? 'es2015' : 'es5' });
    for (const item of output) {
      chunks++;
      d.add(`${g}:${format}:${item.fileName}`, item.type === 'chunk' ? [item.code, item.exports, item.imports, item.map && item.map.mappings] : String(item.source));
    }
  }
  await bundle.close();
}
// Single-file formats need inlined dynamic imports.
const single = await rollup({ input: 'mem:/src/main.js', plugins: [memoryPlugin(graph(3))], output: { inlineDynamicImports: true } });
for (const format of ['iife', 'umd']) {
  const { output } = await single.generate({ format, name: 'Corpus', exports: 'named', inlineDynamicImports: true, compact: format === 'umd' });
  d.add(`single:${format}`, output[0].code);
}
await single.close();

const errors = [];
const frames = [];
const bad = [
  { '/src/main.js': "import { a } from './a.js';\nexport default a +;\n", '/src/a.js': 'export const a = 1;' },
  { '/src/main.js': "import { nope } from './a.js';\nexport default nope;\n", '/src/a.js': 'export const a = 1;' },
  { '/src/main.js': "import x from 'not-installed-anywhere';\nexport default x;\n" },
  { '/src/main.js': "import { a } from './a.js';\nexport default a;\n", '/src/a.js': 'export const a = 1;\nexport const a = 2;\n' },
];
for (const files of bad) {
  try {
    const b = await rollup({ input: 'mem:/src/main.js', plugins: [memoryPlugin(files)], onwarn(w) { throw Object.assign(new Error(`warning: ${w.message}`), { code: w.code }); } });
    await b.generate({ format: 'es' });
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.code}: ${e.message} ${e.loc ? `@${e.loc.line}:${e.loc.column}` : ''}\n${e.frame || ''}`);
    frames.push(...stackLines(e));
  }
}
try {
  await rollup({ input: 'mem:/src/main.js', plugins: [memoryPlugin({ '/src/main.js': 'export default 1;' }), { name: 'thrower', transform(code, id) { throw new TypeError(`cannot transform ${id}`); } }] });
} catch (e) {
  errors.push(`${e.code} ${e.plugin} ${e.hook}: ${e.message}`);
  frames.push(...stackLines(e));
}
console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
d.add('errors', errors);
d.print({ graphs: 40, chunks, loads, transforms });
printStackLines(frames);
