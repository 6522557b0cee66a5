import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { runOptions } from '../commands/run.js';
import { splitRunArgv } from './command-line.js';
import { parseRunArgsFast } from './fast-argv.js';

/** What the run handler gets from yargs, configured as main.ts configures it. */
async function viaYargs(args: string[]): Promise<Record<string, unknown>> {
  let received: Record<string, unknown> | null = null;
  await yargs(['run', ...args])
    .parserConfiguration({ 'populate--': true })
    .strict()
    .exitProcess(false)
    .fail((message, err) => {
      throw err ?? new Error(message);
    })
    .command('run', 'run', (y) => y.options(runOptions), (argv) => {
      received = argv as Record<string, unknown>;
    })
    .parseAsync();
  const argv = received!;
  // The fields the handler reads.
  return { project: argv.project, timeout: argv.timeout, include: argv.include, exclude: argv.exclude, '--': argv['--'], _: argv._ };
}

function viaFastPath(args: string[]): Record<string, unknown> | null {
  const fast = parseRunArgsFast(args, runOptions);
  if (fast === null) return null;
  return { project: fast.project, timeout: fast.timeout, include: fast.include, exclude: fast.exclude, '--': fast['--'], _: fast._ };
}

describe('parseRunArgsFast', () => {
  const plain = [
    ['-c', 'app', 'node', 'main.js'],
    ['--project', 'app', '--timeout', '60', 'node', 'main.js', '--flag', '-c', 'x'],
    ['--project=app', '--timeout=2.5', '--', 'node', '-e', 'console.log(1)'],
    ['-c', 'app', '--include', './src/**', '--include=axios/**', '--exclude', './test/**', 'npm', 'test', '--', '--watch'],
    ['--config', 'my.app', '--timeout', '007', 'node', '007'],
    ['-c', 'app', '--include', 'a b/**', 'node', 'main.js'],
    ['-c', 'app', '--timeout', 'node', 'main.js'], // the handler rejects the timeout either way
  ];
  it.each(plain)('reads plain command lines exactly as yargs does: %j', async (...line) => {
    const args = splitRunArgv(line, runOptions);
    const fast = viaFastPath(args);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(await viaYargs(args));
  });

  const others = [
    ['-c', 'app'], // no command: yargs' handler explains
    ['--help'],
    ['-c', 'app', '-c', 'other', 'node', 'main.js'], // yargs makes an array, the handler rejects it
    ['--projectt', 'app', 'node', 'main.js'], // unknown flag: yargs suggests
    ['-c', "'app'", 'node', 'main.js'], // yargs strips the quotes
    ['-c', 'app', '--include=', 'node', 'main.js'],
    ['-capp', 'node', 'main.js'],
    ['-c=app', 'node', 'main.js'],
    ['--no-include', '-c', 'app', 'node', 'main.js'],
  ];
  it.each(others)('leaves everything else to yargs: %j', (...line) => {
    expect(parseRunArgsFast(splitRunArgv(line, runOptions), runOptions)).toBeNull();
  });
});
