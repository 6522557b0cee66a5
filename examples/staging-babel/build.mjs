// Builds the example both ways into OUT (default: dist):
//   OUT/babel/*.js   plain Babel, file by file (what `babel src --out-dir OUT/babel` does)
//   OUT/bundle.cjs   one Rollup bundle
// Run the first with `node --require ./start-tracing.cjs OUT/babel/main.js`, the second with
// `node OUT/bundle.cjs`; then `breadcrumb ingest -c staging-example`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFileAsync } from '@babel/core';
import { rollup } from 'rollup';
import config from './rollup.config.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
process.chdir(here); // module ids (./src/main.js) are relative to the working directory
const out = path.resolve(process.argv[2] ?? 'dist');

const babelOut = path.join(out, 'babel');
fs.mkdirSync(babelOut, { recursive: true });
fs.writeFileSync(path.join(babelOut, 'package.json'), '{ "type": "module" }\n');
for (const name of fs.readdirSync('src')) {
  const result = await transformFileAsync(path.join('src', name), { configFile: './babel.config.json' });
  fs.writeFileSync(path.join(babelOut, name), `${result.code}\n//# sourceMappingURL=${name}.map\n`);
  fs.writeFileSync(path.join(babelOut, `${name}.map`), JSON.stringify(result.map));
}

const bundle = await rollup({ input: config.input, plugins: config.plugins });
await bundle.write({ ...config.output, file: path.join(out, 'bundle.cjs') });
await bundle.close();
console.log(`built ${path.relative(here, babelOut)}/ and ${path.relative(here, path.join(out, 'bundle.cjs'))}`);
