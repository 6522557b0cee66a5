// Test support: instruments ES modules under the test root (see trace-hook.cjs).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const { instrument } = require('../../dist/index.js');
let root = '';
let shape = 'load';

export function initialize(data) {
  root = data.root;
  shape = data.shape ?? 'load';
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (result.format !== 'module' || !url.startsWith('file:')) return result;
  const filename = fileURLToPath(url);
  if (!filename.startsWith(root + path.sep)) return result;
  const source = String(result.source);
  const { code } = instrument(source, { filename, moduleId: './' + path.relative(root, filename), sourceType: 'module', shape });
  return { ...result, source: code };
}
