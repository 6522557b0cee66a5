// init and config, end to end through the binary: files written, comments kept, errors as one line.

import * as fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError, makeCli, type Cli } from './cli-harness.js';

let cli: Cli;
beforeAll(() => {
  cli = makeCli();
});

describe('init', () => {
  it('writes a commented config readable by the owner only, and refuses to overwrite it', () => {
    const created = cli.json<{ project: string; config: string; database: string }>(['init', 'app']);
    expect(created).toMatchObject({ project: 'app', config: cli.configFile('app') });
    expect(created.database).toBe(`${cli.home}/app-traces.db`);
    const text = fs.readFileSync(cli.configFile('app'), 'utf8');
    expect(text).toMatch(/^# Breadcrumb project 'app'/);
    expect(text).toContain("  - './**'");
    expect(fs.statSync(cli.configFile('app')).mode & 0o777).toBe(0o600);

    const again = cli.run(['init', 'app']);
    expect(again.status).toBe(2);
    expect(expectOneLineError(again)).toContain('add --force');
    expect(cli.run(['init', 'app', '--force', '--include', './src/**']).status).toBe(0);
    expect(cli.json<{ settings: { include: string[] } }>(['config', 'show', 'app']).settings.include).toEqual(['./src/**']);
  });

  it('rejects bad names with exit 2 and one line', () => {
    for (const name of ['a/b', '..', 'sp ace']) {
      const result = cli.run(['init', name]);
      expect(result.status).toBe(2);
      expect(expectOneLineError(result)).toContain('invalid project name');
    }
  });
});

describe('config', () => {
  it('edit keeps the comments the user wrote and changes only what was asked', () => {
    cli.json(['init', 'edits']);
    const file = cli.configFile('edits');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('sample_rate: 1', 'sample_rate: 1 # my own note') + '# trailing note\n');
    const result = cli.json<{ include: string[] }>([
      'config', 'edit', 'edits', '--add-include', 'axios/**', '--add-exclude', './test/**', '--set', 'capture.max_depth=7',
    ]);
    expect(result.include).toEqual(['./**', 'axios/**']);
    const edited = fs.readFileSync(file, 'utf8');
    expect(edited).toContain('# my own note');
    expect(edited).toContain('# trailing note');
    expect(edited).toContain('# Nesting levels of objects and arrays kept.');
    const shown = cli.json<{ settings: { exclude: string[]; capture: { max_depth: number } } }>(['config', 'show', '-c', 'edits']);
    expect(shown.settings.exclude).toEqual(['./test/**']);
    expect(shown.settings.capture.max_depth).toBe(7);

    cli.json(['config', 'edit', 'edits', '--remove-include', 'axios/**']);
    expect(cli.json<{ settings: { include: string[] } }>(['config', 'show', 'edits']).settings.include).toEqual(['./**']);
    expect(fs.readFileSync(file, 'utf8')).toContain('# my own note');
  });

  it('edit says so when include ends up empty (nothing would be traced)', () => {
    cli.json(['init', 'emptied']);
    const result = cli.run(['config', 'edit', 'emptied', '--remove-include', './**']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("include is empty: the next run traces nothing (`breadcrumb config edit emptied --add-include './**'` traces every project file)");
    expect(cli.run(['config', 'edit', 'emptied', '--add-include', './**']).stderr).not.toContain('include is empty');
  });

  it('edit refuses bad values without touching the file', () => {
    cli.json(['init', 'strict']);
    const before = fs.readFileSync(cli.configFile('strict'), 'utf8');
    const bad = cli.run(['config', 'edit', 'strict', '--set', 'sample_rate=2']);
    expect(bad.status).toBe(2);
    expect(expectOneLineError(bad)).toContain('sample_rate');
    const unknown = cli.run(['config', 'edit', 'strict', '--set', 'capture.maxdepth=2']);
    expect(expectOneLineError(unknown)).toContain("did you mean 'capture.max_depth'");
    expect(cli.run(['config', 'edit', 'strict']).status).toBe(2);
    expect(fs.readFileSync(cli.configFile('strict'), 'utf8')).toBe(before);
  });

  it('validate names file, line and key of each problem', () => {
    cli.json(['init', 'broken']);
    const file = cli.configFile('broken');
    fs.writeFileSync(file, 'include: []\nexclude: 5\ncapture:\n  max_keys: many\nsampel_rate: 1\n');
    const result = cli.run(['config', 'validate', 'broken']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}:2: exclude: expected a list of strings`);
    expect(result.stderr).toContain(`${file}:4: capture.max_keys: expected a whole number`);
    expect(result.stderr).toContain(`${file}:5: sampel_rate: unknown key (did you mean 'sample_rate'?)`);
    expect(result.stderr).not.toMatch(/\n\s+at /);

    fs.writeFileSync(file, 'include:\n  - ./**\n  bad: [\n');
    const syntax = cli.run(['config', 'validate', 'broken']);
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: \\(yaml\\)`));

    // A run with an invalid config stops before starting anything, with the same file:line:key.
    const run = cli.run(['run', '-c', 'broken', '--', 'node', '-e', '1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${file}:`);

    cli.json(['init', 'fine']);
    expect(cli.json(['config', 'validate', 'fine'])).toMatchObject({ valid: true });
  });

  it('list, show --format yaml and delete', () => {
    cli.json(['init', 'listed']);
    const listed = cli.json<{ projects: { project: string }[] }>(['config', 'list']);
    expect(listed.projects.map((p) => p.project)).toContain('listed');
    const yaml = cli.run(['config', 'show', 'listed', '--format', 'yaml']);
    expect(yaml.stdout).toBe(fs.readFileSync(cli.configFile('listed'), 'utf8'));
    expect(cli.json(['config', 'delete', 'listed'])).toMatchObject({ removed: [cli.configFile('listed')] });
    expect(fs.existsSync(cli.configFile('listed'))).toBe(false);
    const gone = cli.run(['config', 'show', 'listed']);
    expect(gone.status).toBe(2);
    expect(expectOneLineError(gone)).toBe("breadcrumb: no project 'listed': run `breadcrumb init listed`");
  });

  it('delete --traces deletes the traces a delete without it kept, once the config is gone', () => {
    cli.json(['init', 'kept']);
    cli.json(['list', '-c', 'kept']); // opens (creates) the trace database
    const database = cli.configFile('kept').replace(/\.yaml$/, '-traces.db');
    expect(fs.existsSync(database)).toBe(true);
    const first = cli.run(['config', 'delete', 'kept']);
    expect(first.stderr).toContain('add --traces to delete it too');
    expect(fs.existsSync(database)).toBe(true);
    // what that note says to do, after the fact
    const removed = cli.json<{ project: string; removed: string[] }>(['config', 'delete', 'kept', '--traces']);
    expect(removed.removed[0]).toBe(database);
    expect(fs.existsSync(database)).toBe(false);
    const again = cli.run(['config', 'delete', 'kept', '--traces']);
    expect(again.status).toBe(2);
    expect(expectOneLineError(again)).toBe("breadcrumb: no project 'kept': run `breadcrumb init kept`");
  });
});

describe('bad input', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /no command given/],
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['misspelt config subcommand', ['config', 'shwo', 'app'], /^breadcrumb: unknown config subcommand 'shwo'\. Did you mean show\? \(see `breadcrumb config --help`\)$/],
    ['unknown flag', ['query', '-c', 'app', '--bogus'], /Unknown argument: bogus.*breadcrumb query --help/],
    ['a flag without its value', ['query', '-c', 'app', '--call'], /^breadcrumb: --call needs a value \(see `breadcrumb query --help`\)$/],
    ['run --include without its value', ['run', '-c', 'app', '--include', '--', 'node', 'x.js'], /^breadcrumb: --include needs a value/],
    ['unknown project', ['query', '-c', 'nope', '--gaps'], /no project 'nope': run `breadcrumb init nope`/],
    ['missing -c', ['list'], /add -c NAME/],
    ['query without a query flag', ['query', '-c', 'app'], /which query\? add one of --call, --gaps/],
    ['two query flags', ['query', '-c', 'app', '--gaps', '--flow'], /one query at a time/],
    ['--module without --flow', ['query', '-c', 'app', '--gaps', '--module', 'x'], /--module filters --flow only/],
    ['--match without --call', ['query', '-c', 'app', '--flow', '--match', 'x'], /^breadcrumb: --match filters --call only: `breadcrumb query -c app --call FN --match 'TEXT'`$/],
    ['an empty --match', ['query', '-c', 'app', '--call', 'f', '--match', ' '], /^breadcrumb: --match needs a value$/],
    ['bad --run', ['query', '-c', 'app', '--gaps', '--run', 'latest'], /--run expects a run id.*'latest'/],
    ['bad --limit', ['query', '-c', 'app', '--gaps', '--limit', '0'], /--limit expects a whole number/],
    ['--limit in another notation', ['query', '-c', 'app', '--gaps', '--limit', '1e3'], /--limit expects a whole number.*'1e3'/],
    ['--keep in hex', ['clear', '-c', 'app', '--keep', '0x1'], /--keep expects a whole number.*'0x1'/],
    ['bad --format', ['list', '-c', 'app', '--format', 'xml'], /Invalid values/],
    ['run without command', ['run', '-c', 'app'], /no command to run/],
    ['run with -c after the command', ['run', 'node', 'main.js', '-c', 'app'], /put -c NAME before the command/],
    ['run of a missing program', ['run', '-c', 'app', '--', 'no-such-program-xyz'], /command not found: 'no-such-program-xyz'/],
    ['run with a bad timeout', ['run', '-c', 'app', '--timeout', '-1', 'node', 'x.js'], /--timeout expects seconds/],
    ['run of an unknown project', ['run', '-c', 'nope', 'node', 'x.js'], /no project 'nope'/],
    ['clear with a bad --keep', ['clear', '-c', 'app', '--keep', 'x'], /--keep expects a whole number/],
    ['ingest from a missing folder', ['ingest', '-c', 'app', '--from', '/no/such/dir'], /no such folder/],
    ['init with an empty glob', ['init', 'empty-glob', '--include', ''], /^breadcrumb: --include needs a glob, got an empty one/],
    ['run with an empty glob', ['run', '-c', 'app', '--exclude', ' ', '--', 'node', 'x.js'], /^breadcrumb: --exclude needs a glob, got an empty one/],
    ['config edit with an empty glob', ['config', 'edit', 'app', '--add-include', ''], /^breadcrumb: --add-include needs a glob, got an empty one/],
  ];
  it.each(cases)('%s: exit 2 and one line naming the fix', (_label, args, expected) => {
    if (!fs.existsSync(cli.configFile('app'))) cli.json(['init', 'app']);
    const result = cli.run(args);
    expect(result.status).toBe(2);
    expect(expectOneLineError(result)).toMatch(expected);
    expect(result.stdout).toBe('');
  });

  it('a BREADCRUMB_HOME that is not a folder: one line naming it, no stack trace', () => {
    const file = `${cli.home}/not-a-folder`;
    fs.writeFileSync(file, '');
    const result = cli.run(['init', 'app'], { env: { BREADCRUMB_HOME: file } });
    expect(result.status).toBe(1);
    expect(expectOneLineError(result)).toContain(`check that ${file} is a writable folder`);
    // listing its projects says so too, rather than listing none
    const listed = cli.run(['config', 'list'], { env: { BREADCRUMB_HOME: file } });
    expect(listed.status).toBe(1);
    expect(expectOneLineError(listed)).toContain(`check that ${file} is a writable folder`);
  });

  it('--version prints the version alone and exits 0', () => {
    const version = cli.run(['--version']);
    expect(version.status).toBe(0);
    const { version: expected } = JSON.parse(fs.readFileSync(`${__dirname}/../package.json`, 'utf8')) as { version: string };
    expect(version.stdout).toBe(`${expected}\n`);
    expect(version.stderr).toBe('');
  });

  it('--help prints usage on stdout and exits 0', () => {
    const help = cli.run(['run', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('breadcrumb run -c NAME [--timeout S]');
    const top = cli.run(['--help']);
    for (const command of ['init', 'config', 'run', 'report', 'list', 'query', 'clear', 'ingest']) {
      expect(top.stdout).toContain(`breadcrumb ${command}`);
    }
  });

  it('each subcommand --help lists each option once, under its own names', () => {
    for (const args of [['init'], ['config', 'create'], ['config', 'edit'], ['config', 'show'], ['query'], ['run']]) {
      const help = cli.run([...args, '--help']);
      expect(help.status, args.join(' ')).toBe(0);
      expect(help.stdout, args.join(' ')).toMatch(/^ {2}-c, --project, --config {2}/m);
    }
    expect(cli.run(['config', 'show', '--help']).stdout).toContain('yaml: the file itself');
  });
});
