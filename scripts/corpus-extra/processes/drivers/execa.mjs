// execa 9 (ESM only): the promise interface on a node child (stdin from a string, stdout/stderr,
// lines), piping one subprocess into another with .pipe(), the template-string $ with a custom env
// (extendEnv: false), execaSync, a failing child's ExecaError (exit code, stderr, shortMessage, the
// stack lines of where it was awaited), reject: false, a command not found, a timeout that kills,
// execaNode with IPC (sendMessage/getOneMessage on both sides, a grandchild), and `all` interleaving.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, execaSync, execaNode, $ } from 'execa';
import util from './_util.cjs';

const { Digest, stackLines, printStackLines } = util;
const d = new Digest('execa');
const here = path.dirname(fileURLToPath(import.meta.url));
const SET = path.dirname(here);
const CHILD = path.join(here, '_child.cjs');
const NODE = process.execPath;
const clean = (s) => String(s).split(SET).join('<set>').split(NODE).join('<node>');
const text = 'alpha beta gamma\ndelta epsilon\nzeta eta theta iota\n';

const upper = await execa(NODE, [CHILD, 'upper'], { input: text });
d.add('upper', { stdout: upper.stdout, exitCode: upper.exitCode, failed: upper.failed, command: clean(upper.command) });
const lines = await execa(NODE, [CHILD, 'upper'], { input: text, lines: true });
d.add('lines', lines.stdout);

const piped = await execa(NODE, [CHILD, 'upper'], { input: text.repeat(4) }).pipe(NODE, [CHILD, 'count']);
d.add('pipe', { stdout: JSON.parse(piped.stdout), chain: piped.pipedFrom.map((r) => clean(r.command)) });

const env = await $({ env: { ONLY: 'execa', PATH: process.env.PATH }, extendEnv: false })`${NODE} ${CHILD} env ONLY HOME NODE_OPTIONS`;
d.add('custom-env', env.stdout);
const sync = execaSync(NODE, [CHILD, 'sum', '3', '4', '5']);
d.add('sync', sync.stdout);

let caught;
try {
  await execa(NODE, [CHILD, 'fail', 'for execa']);
} catch (err) {
  caught = err;
  d.add('failed', { name: err.name, exitCode: err.exitCode, stderr: err.stderr, shortMessage: clean(err.shortMessage), failed: err.failed, isTerminated: err.isTerminated });
}
const tolerated = await execa({ reject: false })`${NODE} ${CHILD} throw tolerated`;
d.add('reject-false', { exitCode: tolerated.exitCode, stderrFirst: clean(tolerated.stderr).split('\n').slice(0, 5) });
const missing = await execa('surely-not-a-command-here', ['x'], { reject: false });
d.add('missing', { failed: missing.failed, code: missing.code, exitCode: missing.exitCode ?? null, shortMessage: missing.shortMessage.split('\n')[0] });
// killed once it is ready (a traced child may take longer than a short timeout to start), and a timeout
const waiting = execa(NODE, [CHILD, 'wait'], { reject: false });
await new Promise((resolve) => waiting.stdout.once('data', resolve));
waiting.kill();
const killed = await waiting;
d.add('killed', { signal: killed.signal, stdout: killed.stdout, isTerminated: killed.isTerminated, failed: killed.failed });
const slow = await execa(NODE, [CHILD, 'wait'], { timeout: 300, reject: false });
d.add('timeout', { timedOut: slow.timedOut, signal: slow.signal, isTerminated: slow.isTerminated });

const node = execaNode(CHILD.replace('_child.cjs', '_execa-child.mjs'), { ipc: true });
await node.sendMessage({ text, child: CHILD, fail: true });
const first = await node.getOneMessage();
const second = await node.getOneMessage();
const ended = await node.catch((err) => err);
d.add('execaNode', { first, second, exitCode: ended.exitCode, ipcOutput: ended.ipcOutput.length });

const all = await execa(NODE, ['-e', 'process.stdout.write("out\\n"); setTimeout(() => process.stderr.write("err\\n"), 20)'], { all: true });
d.add('all', all.all);

d.print();
printStackLines(stackLines(caught));
