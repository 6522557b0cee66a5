// `pnpm quickstart`: the README's first Quick start command after install and build — create the
// `example` project and trace examples/basic, printing the run report. Exits with breadcrumb's code.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const breadcrumb = path.join(root, 'node_modules/.bin/breadcrumb');

for (const args of [
  ['init', 'example', '--force'],
  ['run', '-c', 'example', '--', 'node', 'examples/basic/main.js'],
]) {
  const result = spawnSync(breadcrumb, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
