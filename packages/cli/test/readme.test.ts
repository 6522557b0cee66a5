// The README is part of the product: its Quick start must stay two runnable lines, and every command,
// config key and environment variable the code knows must be documented there.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENV } from '@breadcrumb/core';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands/registry.js';
import { KEY_SPECS } from '../src/config/schema.js';
import { REPO_ROOT } from './cli-harness.js';

const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const next = readme.indexOf('\n## ', start + heading.length + 2);
  return readme.slice(start, next < 0 ? undefined : next);
}

describe('README', () => {
  it('Quick start: the first fenced block is two commands, install+build+trace and the tests', () => {
    const block = /```[^\n]*\n([\s\S]*?)```/.exec(section('## Quick start'))![1]!;
    const lines = block.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^npx -y pnpm@10 install && .*breadcrumb run -c (\S+) -- node examples\/basic\/main\.js$/);
    expect(lines[1]).toBe('npx -y pnpm@10 test');
    expect(fs.readFileSync(path.join(REPO_ROOT, '.ci/run'), 'utf8')).toContain(lines[1]);
  });

  it('documents every command', () => {
    const commands = section('## Commands');
    for (const name of Object.keys(COMMANDS)) expect(commands, name).toContain(`\`${name}`);
    for (const sub of ['create', 'edit', 'show', 'list', 'delete', 'validate']) expect(commands).toContain(`\`config ${sub}`);
  });

  it('documents every config key', () => {
    const config = section('## Configuration');
    for (const spec of KEY_SPECS) expect(config, spec.key).toContain(`| \`${spec.key}\` |`);
  });

  it('documents the environment variables users set', () => {
    const env = section('## Environment variables');
    for (const name of [ENV.home, ENV.enabled, ENV.sampleRate, ENV.dbPath, ENV.spoolDir, ENV.settings]) {
      expect(env, name).toContain(`\`${name}\``);
    }
  });
});
