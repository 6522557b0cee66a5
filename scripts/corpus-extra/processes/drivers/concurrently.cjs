'use strict';
// concurrently 9 (CJS): its API running node children through the shell (prefixed output captured
// and sorted, since they interleave), a failing command with killOthers on failure (the waiting one is
// killed), restartTries on a command that fails, successCondition 'first', input handling off, and
// its CLI (bin) with names and --kill-others-on-fail. Output is sorted and the close events reduced to
// name, exit code and whether the command was killed.
const path = require('node:path');
const { Writable } = require('node:stream');
const { spawnSync } = require('node:child_process');
const { concurrently } = require('concurrently');
const { Digest, nm, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('concurrently');
const CHILD = JSON.stringify(path.join(__dirname, '_child.cjs'));
const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` };

function capture() {
  const chunks = [];
  const stream = new Writable({ write(c, _e, cb) { chunks.push(c); cb(); } });
  return { stream, lines: () => Buffer.concat(chunks).toString().split(__dirname).join('<drivers>').split('\n').filter(Boolean).sort() };
}

function events(list) {
  return list.map((e) => ({ name: e.command.name, exitCode: e.killed ? 'killed' : e.exitCode, killed: e.killed })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

async function runAll(label, commands, options, keepLine = () => true) {
  const out = capture();
  const { result } = concurrently(commands, { outputStream: out.stream, prefix: '[{name}]', handleInput: false, cwd: __dirname, env, ...options });
  const settled = await result.then((e) => ({ ok: true, events: events(e) }), (e) => ({ ok: false, events: events(e) }));
  d.add(label, { ...settled, output: out.lines().filter(keepLine) });
}

(async () => {
  await runAll('all-succeed', [
    { command: `node ${CHILD} sum 1 2 3`, name: 'sum' },
    { command: `echo "x y x" | node ${CHILD} count`, name: 'count' },
    { command: `node ${CHILD} env CONC_VAR`, name: 'env', env: { CONC_VAR: 'per-command' } },
  ], {});
  await runAll('kill-others', [
    { command: `node ${CHILD} fail from-concurrently`, name: 'fails' },
    { command: `node ${CHILD} wait`, name: 'waits' },
  ], { killOthersOn: ['failure'] }, (line) => !line.startsWith('[waits]'));
  await runAll('restart', [{ command: `node ${CHILD} fail restarting`, name: 'flaky' }], { restartTries: 2, restartDelay: 10 });
  await runAll('success-first', [
    { command: `node ${CHILD} sum 5`, name: 'quick' },
    { command: `node -e "setTimeout(() => process.exit(1), 300)"`, name: 'slow' },
  ], { successCondition: 'first' });

  const bin = nm('concurrently', 'dist', 'bin', 'concurrently.js');
  const cli = spawnSync(process.execPath, [bin, '-n', 'one,two', '--kill-others-on-fail', `node ${CHILD} sum 4`, `node ${CHILD} sum 6`], { env, encoding: 'utf8' });
  d.add('cli', { status: cli.status, stdout: cli.stdout.split(__dirname).join('<drivers>').split('\n').filter(Boolean).sort() });

  let caught;
  try {
    concurrently([]);
  } catch (err) {
    caught = err;
    d.add('no-commands', `${err.name}: ${err.message}`);
  }
  d.print();
  printStackLines(stackLines(caught));
})();
