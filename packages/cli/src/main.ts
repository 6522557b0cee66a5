// The `breadcrumb` command: parse with yargs (commands declared once, in commands/registry.ts), run
// the handler, and map every failure to a one-line message and an exit code. This is the only place
// that decides exit codes for errors; nothing in the CLI calls process.exit (but bin.ts ends a `run`
// that is done with it, keeping the exit code set here: run/exit-when-written.ts).

import type { Argv } from 'yargs';
import { isDisabledValue } from '@breadcrumb/core';
import { CliError, EXIT, firstLineOf, UsageError } from './errors.js';
import { runOptions, runTraced } from './commands/run.js';
import { splitRunArgv } from './run/command-line.js';
import { parseRunArgsFast } from './run/fast-argv.js';
import { breadcrumbHome } from './project/paths.js';
import { isStoreError } from './project/store-client.js';

// Both read when asked for, not as this file loads: `run`'s fast path needs neither before it spawns
// its command (the registry's import()s make it a file Node compiles itself, without the code cache).
type Registry = typeof import('./commands/registry.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const commands = (): Registry['COMMANDS'] => (require('./commands/registry.js') as Registry).COMMANDS;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const version = (): string => (require('../package.json') as { version: string }).version;

export async function main(argv: string[]): Promise<void> {
  try {
    // `--version` alone needs no command: yargs would load them all first (Babel's and the MCP SDK's
    // packages among them), ~0.5 s of CPU for one line.
    if (argv.length === 1 && argv[0] === '--version') {
      ignoreClosedStdout();
      process.stdout.write(`${version()}\n`);
      return;
    }
    const args = prepareArgv(argv);
    // `run` starts a program: the plain forms of its command line skip yargs (see run/fast-argv.ts).
    const fastRun = args[0] === 'run' ? parseRunArgsFast(args.slice(1), runOptions) : null;
    // It writes nothing on stdout (its report and notes go to stderr), so it leaves process.stdout
    // uncreated: a pipe's is a net.Socket, ~4 M instructions before the spawn (callgrind).
    if (fastRun !== null) await runTraced(fastRun);
    else {
      ignoreClosedStdout();
      await (await buildParser(args)).parseAsync();
    }
  } catch (err) {
    process.exitCode = reportError(err, argv);
  }
}

export async function buildParser(args: string[]): Promise<Argv> {
  // Loaded here, not at the top: `run` mostly does without it.
  const yargs = require('yargs') as typeof import('yargs').default;
  const parser = yargs(args)
    .scriptName('breadcrumb')
    .usage('breadcrumb <command> -c PROJECT [options]\n\nExecution tracer for Node.js: record what a program did, then ask about it.')
    .parserConfiguration({ 'populate--': true })
    .strict()
    .exitProcess(false)
    .demandCommand(1, 'no command given')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(version())
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue('Every project command takes -c NAME. Docs: README.md; JSON shapes are documented there.')
    .fail((message, err) => {
      // yargs reports some command-line mistakes as its own errors ("Not enough arguments following"):
      // the user's, not ours. Anything else thrown on the way is a handler's error and goes on as it is.
      if (err && err.name !== 'YError') throw err;
      throw new CommandLineError(explainYargsMessage(message ?? err?.message ?? 'bad command line', args));
    });
  // The command being run is all yargs needs; help and typo suggestions need them all.
  const name = args[0];
  const registry = commands();
  const wanted = name !== undefined && Object.hasOwn(registry, name) ? [name] : commandNames();
  for (const module of await Promise.all(wanted.map((command) => registry[command]!()))) parser.command(module.command);
  return parser;
}

/** What yargs rejects (unknown flag, bad choice): the message gets a pointer to the right --help. */
class CommandLineError extends UsageError {}

const commandNames = (): string[] => Object.keys(commands());
const CONFIG_SUBCOMMANDS: readonly string[] = ['create', 'edit', 'show', 'list', 'delete', 'validate'];

/** yargs says "Did you mean run?" for a typo: name what was typed first. */
function explainYargsMessage(message: string, args: string[]): string {
  const names = commandNames();
  if (message.startsWith('Did you mean')) {
    // `config shwo`: the typo is the subcommand, not `config`
    if (args[0] === 'config' && args[1] !== undefined) return `unknown config subcommand '${args[1]}'. ${message}`;
    return `unknown command '${args[0]}'. ${message}`;
  }
  if (args[0] !== undefined && message === `Unknown argument: ${args[0]}` && !names.includes(args[0])) {
    return `unknown command '${args[0]}': the commands are ${names.join(', ')}`;
  }
  if (message === 'no command given') return 'no command given: start with `breadcrumb init my-app`';
  const missing = /^Not enough arguments following: (\S+)$/.exec(message);
  if (missing !== null) return `${missing[1]!.length === 1 ? '-' : '--'}${missing[1]} needs a value`;
  // Some yargs messages span lines ("Invalid values:\n  Argument: ..."): keep the one-line promise.
  return message.replace(/:?\s*\n\s*/g, ': ');
}

/** `run` gets its command line split off first, so that the traced program's flags stay its own. */
function prepareArgv(argv: string[]): string[] {
  if (argv[0] !== 'run') return argv;
  const rest = argv.slice(1);
  if (rest.includes('--help') && !rest.includes('--') && rest.every((a) => a.startsWith('-'))) return argv;
  return ['run', ...splitRunArgv(rest, runOptions)];
}

/** BREADCRUMB_DEBUG set to anything but an off value (`0`, `false`, `off`, `no`, empty). */
function debugging(): boolean {
  const value = process.env.BREADCRUMB_DEBUG;
  return value !== undefined && value.trim() !== '' && !isDisabledValue(value);
}

function reportError(err: unknown, argv: string[]): number {
  if (err instanceof CliError) {
    const hint = err instanceof CommandLineError ? helpHint(argv) : '';
    writeLines(`${err.message}${hint}`);
    return err.exitCode;
  }
  const native = nativeModuleMismatch(err);
  if (native !== null) {
    writeLines(native);
    return EXIT.failure;
  }
  if (isStoreError(err)) {
    writeLines(err.message);
    const code = (err as { exitCode?: unknown }).exitCode;
    return typeof code === 'number' ? code : EXIT.failure;
  }
  if (isFileSystemError(err)) {
    // EACCES, ENOSPC, ENOTDIR...: the user's machine, not our bug; Node's message names the path.
    writeLines(`${err.message} (check that ${breadcrumbHomeHint()} is a writable folder, or set BREADCRUMB_HOME)`);
    return EXIT.failure;
  }
  if (debugging() && err instanceof Error && err.stack) {
    process.stderr.write(`${err.stack}\n`);
  }
  writeLines(
    `internal error: ${firstLineOf(err)} (rerun with BREADCRUMB_DEBUG=1 for the stack trace, and please report it)`,
  );
  return EXIT.failure;
}

/**
 * better-sqlite3 is compiled for the Node.js it was installed with; started with another one, its
 * loader's five-line message becomes one line with the two ways out.
 */
function nativeModuleMismatch(err: unknown): string | null {
  const message = err instanceof Error ? err.message : '';
  const versions = /NODE_MODULE_VERSION (\d+)[\s\S]*NODE_MODULE_VERSION (\d+)/.exec(message);
  if (versions === null) return null;
  return (
    `the SQLite module (better-sqlite3) was built for another Node.js (ABI ${versions[1]}; this is ${process.version}, ABI ${versions[2]}): ` +
    'run breadcrumb with the Node.js it was installed with, or rebuild it for this one: `npx -y pnpm@10 rebuild better-sqlite3`'
  );
}

function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException | null;
  return e instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string' && typeof e.path === 'string';
}

function breadcrumbHomeHint(): string {
  try {
    return breadcrumbHome();
  } catch {
    return '~/.breadcrumb';
  }
}

/** ` (see \`breadcrumb config edit --help\`)`: the command (and config's subcommand) that was typed. */
function helpHint(argv: string[]): string {
  const words: string[] = [];
  const [first, second] = argv;
  if (first !== undefined && commandNames().includes(first)) {
    words.push(first);
    if (first === 'config' && second !== undefined && CONFIG_SUBCOMMANDS.includes(second)) words.push(second);
  }
  return ` (see \`breadcrumb ${[...words, '--help'].join(' ')}\`)`;
}

function writeLines(text: string): void {
  for (const line of text.split('\n')) process.stderr.write(`breadcrumb: ${line}\n`);
}

/** `breadcrumb query ... | head` closes our stdout early: that is not an error. */
function ignoreClosedStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}
