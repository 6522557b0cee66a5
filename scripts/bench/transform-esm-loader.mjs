// Dev harness loader (see transform-require-hook.cjs): instruments ES modules under the root.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const { instrument } = require('../../packages/instrumenter/dist/index.js');
let root = '/';

export function initialize(data) {
  root = data.root;
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (result.format !== 'module' || !url.startsWith('file:')) return result;
  const filename = fileURLToPath(url);
  if (!filename.startsWith(root)) return result;
  try {
    const { code } = instrument(String(result.source), { filename, moduleId: path.relative(root, filename), sourceType: 'module' });
    return { ...result, source: code };
  } catch (error) {
    if (process.env.BC_HOOK_REPORT) process.stderr.write(`instrument failed: ${error.message}\n`);
    return result;
  }
}
