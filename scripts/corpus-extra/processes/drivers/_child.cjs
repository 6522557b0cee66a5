'use strict';
// The child program the process drivers start (not a driver: run.mjs skips names starting with _).
// Its first argument picks what it does; everything it prints is deterministic.
//   upper        stdin -> stdout upper-cased, line by line, with line numbers
//   count        stdin -> one JSON line: lines, words, characters, the most frequent word
//   sum N...     prints the sum of the squares of its arguments, computed recursively
//   env K...     prints the listed environment variables as JSON (absent ones as null)
//   fail         writes to stderr and exits with code 3
//   throw        throws an uncaught error from three calls deep (exit code 1, stack on stderr)
//   ipc          answers `process.send` messages until it is told to stop
//   wait         prints `ready`, then waits until it is killed
//   grandchild   forks `sum` itself and prints what the grandchild printed
const { fork } = require('node:child_process');

const [mode, ...args] = process.argv.slice(2);

function readStdin() {
  return new Promise((resolve) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function sumOfSquares(xs) {
  if (xs.length === 0) return 0;
  return xs[0] * xs[0] + sumOfSquares(xs.slice(1));
}

function wordStats(text) {
  const words = text.split(/\s+/).filter(Boolean);
  const freq = new Map();
  for (const w of words) freq.set(w, (freq.get(w) || 0) + 1);
  const top = [...freq.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] || null;
  return { lines: text.split('\n').filter(Boolean).length, words: words.length, chars: text.length, top };
}

function answer(message) {
  switch (message.op) {
    case 'square': return { id: message.id, value: message.n * message.n };
    case 'stats': return { id: message.id, value: wordStats(message.text) };
    case 'echo': return { id: message.id, value: message.value };
    default: throw new TypeError(`unknown op ${message.op}`);
  }
}

// The throw is on a line of its own: Node prints the line an uncaught error was thrown from above the
// stack, from the code it runs, and a line where a function starts carries a tracer's probes there (a
// known difference, see the project's README).
function level3(what) {
  const message = `child gave up on ${what}`;
  throw new RangeError(message);
}
function level2(what) { return level3(what.toUpperCase()); }
function level1(what) { return level2(`${what}!`); }

async function main() {
  switch (mode) {
    case 'upper': {
      const text = await readStdin();
      text.split('\n').filter(Boolean).forEach((line, i) => process.stdout.write(`${i + 1}: ${line.toUpperCase()}\n`));
      break;
    }
    case 'count':
      process.stdout.write(`${JSON.stringify(wordStats(await readStdin()))}\n`);
      break;
    case 'sum':
      process.stdout.write(`sum=${sumOfSquares(args.map(Number))}\n`);
      break;
    case 'env':
      process.stdout.write(`${JSON.stringify(Object.fromEntries(args.map((k) => [k, process.env[k] ?? null])))}\n`);
      break;
    case 'fail':
      process.stderr.write(`child failing on purpose (${args.join(' ') || 'no reason'})\n`);
      process.exitCode = 3;
      break;
    case 'throw':
      level1(args[0] || 'nothing');
      break;
    case 'ipc':
      process.on('message', (message) => {
        if (message && message.op === 'stop') {
          process.send({ bye: message.code ?? 0 }, () => {
            process.disconnect();
            process.exitCode = message.code ?? 0;
          });
          return;
        }
        try {
          process.send(answer(message));
        } catch (err) {
          process.send({ id: message.id, error: `${err.name}: ${err.message}` });
        }
      });
      process.send({ ready: true, argv: args });
      break;
    case 'wait':
      process.stdout.write('ready\n');
      setInterval(() => {}, 1000);
      break;
    case 'grandchild': {
      const child = fork(__filename, ['sum', ...args], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
      const out = [];
      child.stdout.on('data', (c) => out.push(c));
      child.on('close', (code) => process.stdout.write(`grandchild said ${Buffer.concat(out).toString().trim()} and exited ${code}\n`));
      break;
    }
    default:
      process.stderr.write(`_child.cjs: unknown mode ${mode}\n`);
      process.exitCode = 2;
  }
}

main();
