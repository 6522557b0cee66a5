'use strict';
// commander 14 (CJS; Command/Option/Argument classes, subcommands, option
// parsing with custom parsers, variadic args, help generation, exitOverride
// and configureOutput so nothing exits): one program definition parsed from
// many seeded argv arrays, help texts, and CommanderErrors.
const { Command, Option, Argument, CommanderError, InvalidArgumentError } = require('commander');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(8080);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

function intArg(value) {
  const n = Number.parseInt(value, 10);
  if (Number.isNaN(n)) throw new InvalidArgumentError('Not a number.');
  return n;
}
const collect = (v, prev) => prev.concat([v]);

function build(out) {
  const program = new Command();
  program.name('tool').description('A test CLI').version('1.2.3', '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(`out:${s}`), writeErr: (s) => out.push(`err:${s}`) })
    .option('-d, --debug', 'debug output')
    .option('-c, --count <n>', 'a count', intArg, 1)
    .option('-t, --tag <tag>', 'repeatable tag', collect, [])
    .option('--no-color', 'disable colour')
    .addOption(new Option('-m, --mode <mode>', 'mode').choices(['fast', 'slow', 'auto']).default('auto'))
    .addOption(new Option('--secret <s>').env('TOOL_SECRET_UNSET').hideHelp());
  program.command('build')
    .description('build things')
    .argument('<target>', 'what to build')
    .argument('[extra...]', 'more targets')
    .option('-o, --out <dir>', 'output dir', 'dist')
    .option('-w, --watch')
    .action(function (target, extra, opts, cmd) {
      out.push(`build:${JSON.stringify({ target, extra, opts, parent: cmd.parent.opts(), name: this.name() })}`);
    });
  program.command('serve')
    .alias('s')
    .addArgument(new Argument('[port]', 'port').argParser(intArg).default(8080))
    .option('--host <h>', 'host', 'localhost')
    .action((port, opts) => { out.push(`serve:${JSON.stringify({ port, opts })}`); });
  const cfg = program.command('config').description('config ops');
  cfg.command('get <key>').action((key) => { out.push(`config get ${key}`); });
  cfg.command('set <key> <value>').action((key, value) => { out.push(`config set ${key}=${value}`); });
  program.hook('preAction', (thisCmd, actionCmd) => { out.push(`hook:${actionCmd.name()}`); });
  return program;
}

const pieces = [['-d'], ['-c', '3'], ['-c', 'x'], ['-t', 'a'], ['-t', 'b'], ['--no-color'], ['-m', 'fast'], ['-m', 'bogus'], ['--unknown'], ['-V'], ['--help']];
const commands = [['build', 'app'], ['build', 'app', 'lib', 'cli', '-o', 'out', '-w'], ['build'], ['serve'], ['s', '9000', '--host', 'h'], ['serve', 'abc'], ['config', 'get', 'k'], ['config', 'set', 'k', 'v'], ['config', 'nope'], ['bulid', 'x'], []];

const d = new Digest('commander');
let errors = 0;
let frames = [];
for (let i = 0; i < 600; i++) {
  const argv = [];
  for (let k = Math.floor(rand() * 3); k > 0; k--) argv.push(...pick(pieces));
  argv.push(...pick(commands));
  const out = [];
  const program = build(out);
  try {
    program.parse(argv, { from: 'user' });
    d.add(`ok:${i}:${argv.join(' ')}`, { out, opts: program.opts() });
  } catch (e) {
    errors++;
    if (!(e instanceof CommanderError)) throw e;
    d.add(`err:${i}:${argv.join(' ')}`, { out, code: e.code, exitCode: e.exitCode, message: e.message });
    if (e.code === 'commander.invalidArgument' && frames.length === 0) frames = stackLines(e);
  }
}
const out = [];
const program = build(out);
d.add('help', program.helpInformation());
d.add('subhelp', program.commands.map((c) => c.helpInformation()));
d.add('usage', program.commands.map((c) => `${c.name()} ${c.usage()}`));
d.add('optionNames', program.options.map((o) => [o.flags, o.attributeName(), o.negate, o.required, o.optional]));
d.print({ errors });
printStackLines(frames);
