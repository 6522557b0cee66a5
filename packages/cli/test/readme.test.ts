// The README is part of the product: its Quick start must stay two runnable lines, and every command,
// config key and environment variable the code knows must be documented there.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENV } from '@breadcrumb/core';
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { COMMANDS } from '../src/commands/registry.js';
import { KEY_SPECS, type KeySpec } from '../src/config/schema.js';
import { TOOLS } from '../src/mcp/tools.js';
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

  it('gives each config key the default the code has', () => {
    const config = section('## Configuration');
    for (const spec of KEY_SPECS) {
      const row = config.split('\n').find((line) => line.startsWith(`| \`${spec.key}\` |`))!;
      const cell = row.split(' | ')[1]!;
      if (spec.default === null) expect(cell, spec.key).toMatch(/^empty/);
      else expect(cell, spec.key).toBe(`\`${documentedDefault(spec)}\``);
    }
  });

  it("lists, in config validate's example, the keys the code knows under capture", () => {
    const known = KEY_SPECS.filter((s) => s.key.startsWith('capture.')).map((s) => s.key).join(', ');
    expect(readme).toContain(`known here: ${known}\n`);
  });

  it('documents the MCP tools and their arguments as the server declares them', () => {
    const rows = section('## Commands')
      .split('\n')
      .filter((line) => /^\| `[a-z_]+` \| `project`/.test(line));
    const documented = new Map(rows.map((row) => {
      const [name, args] = row.split(' | ');
      // `format?` (`json` | `text`): the parenthesis lists values, not arguments
      const names = [...args!.replace(/\([^)]*\)/g, '').matchAll(/`([a-z_]+)\??`/g)].map((m) => m[1]!);
      return [name!.replace(/[|`\s]/g, ''), names.sort()];
    }));
    expect([...documented.keys()].sort()).toEqual(TOOLS.map((t) => t.name).sort());
    for (const tool of TOOLS) expect(documented.get(tool.name), tool.name).toEqual(Object.keys(tool.inputShape).sort());
  });

  it("names only flags that each command's --help knows", async () => {
    const rows = section('## Commands')
      .split('\n')
      .filter((line) => Object.keys(COMMANDS).some((name) => line.startsWith(`| \`${name} `) || line.startsWith(`| \`${name}\``)));
    expect(rows.length).toBeGreaterThanOrEqual(14);
    for (const row of rows) {
      const usage = row.split(' | ')[0]!.replace(/^\| `/, '').replace(/`$/, '');
      const words = usage.split(' ');
      const help = await helpOf(words[0] === 'config' ? words.slice(0, 2) : words.slice(0, 1));
      for (const flag of usage.match(/--[a-z][a-z-]*/g) ?? []) expect(help, `${usage}: ${flag}`).toContain(`${flag} `);
    }
    const queryHelp = await helpOf(['query']);
    for (const row of section('### query').split('\n').filter((line) => line.startsWith('| `--'))) {
      const flag = /^\| `(--[a-z]+)/.exec(row)![1]!;
      expect(queryHelp, flag).toContain(`${flag} `);
    }
  });
});

/** A command's --help text, from its declaration (in process: one binary start per command was slow). */
async function helpOf(words: string[]): Promise<string> {
  const { command } = await COMMANDS[words[0]!]!();
  let output = '';
  await yargs()
    .command(command)
    .exitProcess(false)
    .parseAsync([...words, '--help'], {}, (_err, _argv, text) => {
      output = text;
    });
  return output;
}

/** A default as the README's table writes it: `['./**']`, `32MiB`, `1000`. */
function documentedDefault(spec: KeySpec): string {
  if (Array.isArray(spec.default)) return `[${spec.default.map((v) => `'${String(v)}'`).join(', ')}]`;
  if (spec.kind === 'bytes') return `${Number(spec.default) / 1024 / 1024}MiB`;
  return String(spec.default);
}
