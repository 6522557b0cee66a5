#!/usr/bin/env node
// Build speed: `breadcrumb build` over real npm code (Babel's parser, traverse, generator and types,
// yargs, zod: a few MB of JavaScript), copied into a temporary project so that every file is a project
// file and so instrumented. Prints MB of JavaScript per second, end to end (the whole command: CLI
// start, walk, instrument, copy, runtime) and for instrumenting alone, on the second build (the first
// also warms the disk cache).
//
//   node scripts/bench/build-speed.mjs [--runs 2]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const bin = path.join(repo, 'node_modules/.bin/breadcrumb');
const at = process.argv.indexOf('--runs');
const runs = at === -1 ? 2 : Number(process.argv[at + 1]);
const PACKAGES = ['@babel/parser', '@babel/traverse', '@babel/generator', '@babel/types', 'yargs', 'zod'];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-build-speed-'));
const home = path.join(work, 'home');
const env = { ...process.env, BREADCRUMB_HOME: home, NODE_OPTIONS: '' };
const source = path.join(work, 'src');
const store = path.join(repo, 'node_modules/.pnpm');
for (const name of PACKAGES) {
  const entry = fs.readdirSync(store).find((d) => d.startsWith(`${name.replace('/', '+')}@`));
  if (entry === undefined) throw new Error(`${name} is not installed (run pnpm install)`);
  const packageDir = path.join(store, entry, 'node_modules', name);
  fs.cpSync(packageDir, path.join(source, name.replace('/', '-')), {
    recursive: true,
    dereference: true,
    filter: (file) => !path.relative(packageDir, file).split(path.sep).includes('node_modules'),
  });
}
let jsBytes = 0;
let jsFiles = 0;
for (const entry of fs.readdirSync(source, { recursive: true, withFileTypes: true })) {
  if (entry.isFile() && /\.(c|m)?js$/.test(entry.name)) {
    jsBytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
    jsFiles++;
  }
}
execFileSync(bin, ['init', 'speed'], { env, stdio: 'ignore' });

const results = [];
for (let i = 0; i < runs; i++) {
  fs.rmSync(path.join(work, 'out'), { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const summary = JSON.parse(
    execFileSync(bin, ['build', '-c', 'speed', '--out', path.join(work, 'out'), source], { env, cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  results.push({ wallMs, summary });
}
const last = results[results.length - 1];
const mb = jsBytes / 1e6;
console.log(
  JSON.stringify(
    {
      benchmark: 'build-speed',
      packages: PACKAGES,
      javascriptFiles: jsFiles,
      javascriptMB: Math.round(mb * 100) / 100,
      instrumentedFiles: last.summary.files.instrumented,
      notInstrumented: last.summary.files.notInstrumented,
      functions: last.summary.functions,
      wallMs: results.map((r) => Math.round(r.wallMs)),
      endToEndMBPerSecond: Math.round((mb / (last.wallMs / 1000)) * 100) / 100,
      instrumentMBPerSecond: last.summary.instrumentMBPerSecond,
      node: process.version,
      loadavg: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
    },
    null,
    2,
  ),
);
fs.rmSync(work, { recursive: true, force: true });
