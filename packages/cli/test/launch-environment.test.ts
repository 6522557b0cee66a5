// The environment a traced program gets through the real `breadcrumb` command (pnpm's
// node_modules/.bin shim, then bin/breadcrumb.js's shell line): the one it gets without Breadcrumb.
// See src/launch-environment.ts.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCli, REPO_ROOT, type Cli } from './cli-harness.js';

/** A package in the workspace's pnpm store that a program outside the workspace cannot require. */
const storePackage = fs
  .readdirSync(path.join(REPO_ROOT, 'node_modules/.pnpm/node_modules'))
  .find((name) => !name.startsWith('@') && !name.startsWith('.'))!;

// Outside the repository, so that node's own lookup (parent folders' node_modules) finds nothing of ours.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-launch-env-'));
const program = path.join(dir, 'main.js');
fs.writeFileSync(
  program,
  `const fs = require('node:fs');
let optional;
try { require.resolve(${JSON.stringify(storePackage)}); optional = 'found'; } catch { optional = 'missing (the fallback)'; }
const env = (name) => (name in process.env ? process.env[name] : '<unset>');
console.log(JSON.stringify({ optional, ca: env('NODE_EXTRA_CA_CERTS'), nodePath: env('NODE_PATH'), held: env('BREADCRUMB_HELD_CA_CERTS') }));
// The environment this process's parent (the command) was started with, on Linux.
if (process.argv[2] === 'parent') {
  const parent = fs.readFileSync('/proc/' + process.ppid + '/environ', 'utf8').split('\\0');
  console.error('PARENT ' + JSON.stringify(parent.filter((v) => v.startsWith('NODE_EXTRA_CA_CERTS='))));
}
`,
);
const certs = path.join(dir, 'extra-ca.pem');
fs.writeFileSync(certs, '');

let cli: Cli;
beforeAll(() => {
  cli = makeCli();
  cli.json(['init', 'env']);
});

function plain(env: NodeJS.ProcessEnv): string {
  return spawnSync(process.execPath, [program], { cwd: dir, env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8' }).stdout;
}

describe('the environment of a traced program', () => {
  const base = { NODE_PATH: undefined, NODE_EXTRA_CA_CERTS: undefined };

  it("has no NODE_PATH from pnpm's shim: a package the program does not depend on stays missing", () => {
    const traced = cli.run(['run', '-c', 'env', '--', 'node', program], { cwd: dir, env: base });
    expect(traced.status).toBe(0);
    expect(traced.stdout).toBe(plain(base));
    expect(JSON.parse(traced.stdout)).toMatchObject({ optional: 'missing (the fallback)', nodePath: '<unset>' });
  });

  it('keeps NODE_EXTRA_CA_CERTS and a NODE_PATH of its own', () => {
    const env = { NODE_PATH: '/opt/no-such-lib', NODE_EXTRA_CA_CERTS: certs };
    const traced = cli.run(['run', '-c', 'env', '--', 'node', program], { cwd: dir, env });
    expect(traced.status).toBe(0);
    expect(traced.stdout).toBe(plain(env));
    expect(JSON.parse(traced.stdout)).toMatchObject({ ca: certs, nodePath: '/opt/no-such-lib', held: '<unset>' });
  });

  it.runIf(process.platform === 'linux')('while the command itself started without the certificates (Node 20 reads them at start)', () => {
    const traced = cli.run(['run', '-c', 'env', '--', 'node', program, 'parent'], { cwd: dir, env: { NODE_EXTRA_CA_CERTS: certs } });
    expect(traced.status).toBe(0);
    expect(traced.stderr).toContain('PARENT ["NODE_EXTRA_CA_CERTS="]');
  });
});
