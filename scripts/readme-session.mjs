// Re-pastes the README's "A real session" samples from a real run of examples/basic, so that they
// show what the current code prints (paths shortened to the repository root and ~).
//   npx tsc -b && node scripts/readme-session.mjs      (rewrites README.md in place; review the diff)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repo, 'packages/cli/bin/breadcrumb.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-readme-'));
const env = { ...process.env, BREADCRUMB_HOME: home, NODE_OPTIONS: '' };

function shorten(text) {
  return text.split(repo + '/').join('./').split(repo).join('.').split(home).join('~/.breadcrumb');
}
function breadcrumb(args, { merge = false } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, env, encoding: 'utf8' });
  return shorten(merge ? r.stdout + r.stderr : r.stdout).trimEnd();
}

const init = breadcrumb(['init', 'example'], { merge: true });
const run = spawnSync(process.execPath, [bin, 'run', '-c', 'example', '--', 'node', 'examples/basic/main.js'], { cwd: repo, env, encoding: 'utf8' });
const runText = shorten(run.stdout + run.stderr).trimEnd();

let readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');

/** Replaces the body of the first fenced block after `intro` (a line of the README). */
function replaceBlockAfter(intro, body) {
  const at = readme.indexOf(intro);
  if (at < 0) throw new Error(`README: '${intro}' not found`);
  const open = readme.indexOf('```', at);
  const bodyStart = readme.indexOf('\n', open) + 1;
  const close = readme.indexOf('\n```', bodyStart - 1);
  readme = readme.slice(0, bodyStart) + body + readme.slice(close);
}

replaceBlockAfter(
  'Pasted from a real run of `examples/basic`',
  `$ breadcrumb init example\n${init}\n$ breadcrumb run -c example -- node examples/basic/main.js\n${runText}\n$ echo $?\n${run.status}`,
);
replaceBlockAfter('`query --call` (here with `--limit 1`', breadcrumb(['query', '-c', 'example', '--call', 'multiply', '--limit', '1']));
replaceBlockAfter('`query --gaps` (`suggested_include`', breadcrumb(['query', '-c', 'example', '--gaps', '--limit', '2']));
replaceBlockAfter('`query --flow`:', breadcrumb(['query', '-c', 'example', '--flow', '--limit', '3']));
replaceBlockAfter('`query --exceptions`:', breadcrumb(['query', '-c', 'example', '--exceptions']));
replaceBlockAfter('`query --performance`, as a table:', realign(breadcrumb(['query', '-c', 'example', '--performance', '--format', 'table'])));

/** Pads a table's columns again after paths were shortened (cells are separated by two spaces or more). */
function realign(text) {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^-+(  -+)+$/.test(line)) - 1;
  if (start < 0) return text;
  const rows = lines.slice(start).map((line) => (/^-+(  -+)+$/.test(line) ? null : line.split(/ {2,}/)));
  const widths = [];
  for (const row of rows) row?.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const table = rows.map((row) =>
    row === null ? widths.map((w) => '-'.repeat(w)).join('  ') : row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '),
  );
  return [...lines.slice(0, start), ...table].join('\n');
}

fs.writeFileSync(path.join(repo, 'README.md'), readme);
fs.rmSync(home, { recursive: true, force: true });
console.log('README.md: session samples re-pasted; review with git diff README.md');
