// yargs 18 + yargs-parser 22 (ESM only; a command/middleware/validation
// pipeline over the tokenising parser, y18n for messages, cliui for help
// layout): parse seeded argv vectors with the bare parser (aliases, arrays,
// counts, dot-notation, negation, coercion, configuration flags), run a CLI
// with nested commands, positional arguments, choices, conflicts and implies,
// sync and async middleware, check() and coerce(), an async handler, help and
// version output captured through parse's callback; and catch the errors a
// failing handler and a failing coerce throw.
import yargs from 'yargs';
import parser from 'yargs-parser';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(1122);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const d = new Digest('yargs');

const tokens = ['--name=x', '-n', 'y', '--no-color', '-vvv', '--list', 'a', 'b', '--list=c', '--foo.bar.baz=3', '--count', '-abc', '--num', '0x10', '--', 'rest', '-x', '1e3', '--camel-case-flag', 'pos1', '--json', '{"a":1}', '--arr', '1', '2', '--neg=-5', '-D', 'k=v'];
const parserOptions = [
  {},
  { alias: { name: ['n'], verbose: ['v'] }, array: ['list', 'arr'], count: ['verbose', 'v'], boolean: ['color', 'a', 'b', 'c'], number: ['num', 'x', 'arr'], string: ['name'], default: { color: true } },
  { configuration: { 'camel-case-expansion': false, 'dot-notation': false, 'parse-numbers': false, 'boolean-negation': false, 'duplicate-arguments-array': false, 'populate--': true, 'short-option-groups': false } },
  { coerce: { json: JSON.parse, neg: (v) => Math.abs(v) }, narg: { D: 1 }, configuration: { 'strip-aliased': true, 'greedy-arrays': false, 'halt-at-non-option': true } },
];
let parsed = 0;
for (let i = 0; i < 400; i++) {
  const argv = Array.from({ length: 2 + Math.floor(rand() * 10) }, () => pick(tokens));
  const k = i % parserOptions.length;
  const detailed = parser.detailed(argv, parserOptions[k]);
  d.add(`parse:${i}`, { argv, out: detailed.argv, error: detailed.error ? detailed.error.message : null, aliases: detailed.aliases, newAliases: detailed.newAliases });
  parsed++;
}
d.add('camel', [parser.camelCase('foo-bar-baz'), parser.decamelize('fooBarBaz'), parser.looksLikeNumber('0x1F')]);

const log = [];
function cli() {
  return yargs()
    .scriptName('crumbs')
    .usage('$0 <cmd> [args]')
    .version('1.2.3')
    .wrap(80)
    .exitProcess(false)
    .strict()
    .option('verbose', { alias: 'v', type: 'count', describe: 'more output' })
    .option('format', { choices: ['json', 'text', 'yaml'], default: 'text', describe: 'output format' })
    .option('limit', { type: 'number', describe: 'maximum rows', coerce: (n) => { if (n < 0) throw new RangeError(`limit must be >= 0, got ${n}`); return n; } })
    .option('quiet', { type: 'boolean', conflicts: 'verbose' })
    .option('out', { type: 'string', implies: 'format', normalize: true })
    .middleware((argv) => { argv.seen = (argv.seen || 0) + 1; log.push(`mw1:${argv._.join('/')}`); })
    .middleware(async (argv) => { await null; argv.asyncSeen = true; })
    .command('trace <script> [args..]', 'trace a script', (y) => y.positional('script', { type: 'string' }).positional('args', { array: true }).option('timeout', { type: 'number', default: 60 }), async (argv) => {
      await new Promise((r) => setImmediate(r));
      log.push(`trace:${argv.script}:${(argv.args || []).join(',')}:${argv.timeout}:${argv.format}:${argv.verbose}`);
      if (argv.script === 'crash.js') throw new Error(`handler failed for ${argv.script}`);
    })
    .command(['query', 'q'], 'query a trace', (y) => y
      .command('call <name>', 'one function', {}, (argv) => { log.push(`call:${argv.name}:${argv.limit}`); })
      .command('gaps', 'untraced calls', (yy) => yy.option('min', { type: 'number', default: 1 }), (argv) => { log.push(`gaps:${argv.min}`); })
      .demandCommand(1, 'query needs a subcommand'))
    .command('config <action> [key] [value]', 'edit config', (y) => y.positional('action', { choices: ['get', 'set', 'list'] }), (argv) => { log.push(`config:${argv.action}:${argv.key}:${argv.value}`); })
    .check((argv) => { if (argv.limit === 13) throw new Error('13 is unlucky'); return true; })
    .demandCommand(1, 'pick a command')
    .recommendCommands()
    .epilogue('see the docs');
}
function run(argv) {
  return new Promise((resolve) => {
    cli().parse(argv, {}, (err, result, output) => resolve({ err: err ? `${err.name}: ${err.message}` : null, output, cmd: result && result._ }));
  });
}
const vectors = [
  ['trace', 'main.js', 'a', 'b', '--timeout', '5', '-vv'],
  ['q', 'call', 'multiply', '--limit', '3'],
  ['query', 'gaps', '--min', '2', '--format', 'json'],
  ['config', 'set', 'include', 'src/**'],
  ['config', 'destroy'],
  ['query'],
  ['--help'],
  ['query', '--help'],
  ['--version'],
  ['traec', 'x.js'],
  ['trace', 'x.js', '--quiet', '-v'],
  ['trace', 'x.js', '--format', 'xml'],
  ['q', 'call', 'f', '--limit', '13'],
  ['trace', 'x.js', '--unknown-flag'],
  [],
];
const results = [];
for (const v of vectors) results.push(await run(v));
for (let i = 0; i < 30; i++) results.push(await run(['trace', `s${i}.js`, ...Array.from({ length: i % 4 }, (_x, k) => `arg${k}`), '--timeout', String(i), ...(i % 3 ? ['-v'] : [])]));
d.add('results', results);
d.add('log', log);
console.log(results.slice(0, 15).map((r) => r.err || `ok ${r.output.split('\n')[0]}`).join('\n'));

const errors = [];
const frames = [];
for (const argv of [['trace', 'crash.js'], ['q', 'call', 'f', '--limit', '-1']]) {
  try {
    await cli().fail(false).parseAsync(argv);
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ parsed, vectors: results.length, logged: log.length });
printStackLines(frames);
