'use strict';
// node:child_process (CJS): fork with IPC messages (json and advanced serialization, an op the child
// rejects), a child told to exit non-zero, one that fails on its own (exit 3, stderr piped), one whose
// uncaught error's stack goes to stderr, fork with a custom env and with `execArgv: []`, spawn with an
// env built from scratch (no NODE_OPTIONS), exec through /bin/sh finding `node` on PATH, a pipeline of
// two children, spawnSync/execFileSync/execSync, a child killed with SIGTERM and one that forks a
// grandchild. Paths are written relative to this set's folder and the node binary as <node>.
const { fork, spawn, exec, execFile, spawnSync, execFileSync, execSync } = require('node:child_process');
const path = require('node:path');
const util = require('node:util');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('fork');
const CHILD = path.join(__dirname, '_child.cjs');
const SET = path.dirname(__dirname);
const NODE = process.execPath;
// `node` on PATH is the node running this driver (npm-style), so a shell finds the same binary.
const PATH = `${path.dirname(NODE)}${path.delimiter}${process.env.PATH}`;
const clean = (s) => String(s).split(SET).join('<set>').split(NODE).join('<node>');

function collect(child) {
  const out = [];
  const err = [];
  child.stdout?.on('data', (c) => out.push(c));
  child.stderr?.on('data', (c) => err.push(c));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: clean(Buffer.concat(out)), stderr: clean(Buffer.concat(err)) }));
  });
}

async function ipcSession(label, options, requests, stopCode) {
  const child = fork(CHILD, ['ipc', label], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], ...options });
  const done = collect(child);
  const answers = [];
  const ready = await new Promise((resolve) => child.once('message', resolve));
  const pending = new Map();
  child.on('message', (m) => {
    if (m && m.id !== undefined && pending.has(m.id)) {
      pending.get(m.id)(m);
      pending.delete(m.id);
    } else answers.push({ unexpected: m });
  });
  for (const r of requests) {
    answers.push(await new Promise((resolve) => {
      pending.set(r.id, resolve);
      child.send(r);
    }));
  }
  const bye = new Promise((resolve) => child.once('message', resolve));
  child.send({ op: 'stop', code: stopCode });
  d.add(`ipc:${label}`, { ready, answers: util.inspect(answers, { depth: 6 }), bye: await bye, end: await done, connected: child.connected });
}

(async () => {
  const text = 'the quick brown fox\njumps over the lazy dog\nthe end\n';
  const requests = [
    { id: 1, op: 'square', n: 12 },
    { id: 2, op: 'stats', text },
    { id: 3, op: 'echo', value: { nested: [1, 'two', { three: 3 }], flag: true } },
    { id: 4, op: 'divide', n: 1 },
  ];
  await ipcSession('json', {}, requests, 0);
  await ipcSession('advanced', { serialization: 'advanced' }, [...requests, { id: 5, op: 'echo', value: new Map([['big', 2n ** 70n], ['set', new Set([1, 2])]]) }], 0);
  await ipcSession('exits-5', {}, requests.slice(0, 1), 5);

  // A custom env: nothing of ours is in it, the child must still run as asked.
  const custom = fork(CHILD, ['env', 'ONLY', 'HOME', 'LANG'], { env: { ONLY: 'only-this', LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  d.add('fork:custom-env', await collect(custom));
  d.add('fork:no-execArgv', await collect(fork(CHILD, ['sum', '1', '2', '3'], { execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })));
  d.add('fork:execArgv', await collect(fork(CHILD, ['sum', '4', '5'], { execArgv: ['--no-warnings', '--stack-size=900'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })));
  d.add('fork:fail', await collect(fork(CHILD, ['fail', 'asked to'], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })));
  const thrown = await collect(fork(CHILD, ['throw', 'parsing'], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }));
  d.add('fork:throw', thrown);

  d.add('spawn:scratch-env', await collect(spawn(NODE, [CHILD, 'env', 'A', 'B', 'NODE_OPTIONS'], { env: { A: '1', B: 'two' } })));
  const upper = spawn(NODE, [CHILD, 'upper']);
  const upperDone = collect(upper);
  upper.stdin.end(text);
  d.add('spawn:stdin', await upperDone);
  d.add('exec:shell', await new Promise((resolve) => {
    exec(`echo "one two two three" | node ${JSON.stringify(CHILD)} count && node ${JSON.stringify(CHILD)} sum 7`, { env: { ...process.env, PATH } }, (err, stdout, stderr) => resolve({ err: err && err.code, stdout, stderr }));
  }));
  d.add('execFile:fail', await new Promise((resolve) => {
    execFile(NODE, [CHILD, 'fail', 'via execFile'], (err, stdout, stderr) => resolve({ code: err && err.code, killed: err && err.killed, stdout, stderr }));
  }));

  // A pipeline: upper | count, the first one's stdout is the second one's stdin.
  const first = spawn(NODE, [CHILD, 'upper'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const second = spawn(NODE, [CHILD, 'count'], { stdio: [first.stdout, 'pipe', 'inherit'] });
  const piped = collect(second);
  first.stdin.end(text.repeat(3));
  d.add('pipeline', await piped);

  const sync = spawnSync(NODE, [CHILD, 'sum', '2', '3'], { encoding: 'utf8' });
  d.add('spawnSync', { status: sync.status, signal: sync.signal, stdout: sync.stdout, stderr: sync.stderr });
  d.add('spawnSync:input', spawnSync(NODE, [CHILD, 'count'], { input: 'a b c a', encoding: 'utf8' }).stdout);
  d.add('execFileSync', execFileSync(NODE, [CHILD, 'env', 'X'], { env: { X: 'from execFileSync' }, encoding: 'utf8' }));
  d.add('execSync', execSync(`node ${JSON.stringify(CHILD)} sum 10 20`, { env: { ...process.env, PATH }, encoding: 'utf8' }));
  let caught;
  try {
    execFileSync(NODE, [CHILD, 'fail', 'sync'], { stdio: 'pipe' });
  } catch (err) {
    caught = err;
    d.add('execFileSync:fail', { status: err.status, stderr: clean(err.stderr), message: clean(err.message).split('\n')[0] });
  }

  const waiting = spawn(NODE, [CHILD, 'wait'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const waited = collect(waiting);
  await new Promise((resolve) => waiting.stdout.once('data', resolve));
  waiting.kill('SIGTERM');
  d.add('killed', await waited);

  d.add('grandchild', await collect(fork(CHILD, ['grandchild', '3', '4'], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })));

  d.print({ throwStderrLines: thrown.stderr.split('\n').length });
  printStackLines(stackLines(caught));
})();
