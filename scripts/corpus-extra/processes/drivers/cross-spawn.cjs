'use strict';
// cross-spawn 7 (CJS): `node` found on PATH (PATH starting with this node's folder, as npm gives
// scripts), a shebang script run directly, a command through /bin/sh with a pipe between two node
// children, spawn.sync with input and a custom env, options.shell, a command that does not exist
// (the ENOENT error cross-spawn re-raises, stack lines where it was created), and a child's exit code.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const spawn = require('cross-spawn');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('cross-spawn');
const CHILD = path.join(__dirname, '_child.cjs');
const SET = path.dirname(__dirname);
const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` };
const clean = (s) => String(s).split(SET).join('<set>');

function done(child) {
  const out = [];
  const err = [];
  child.stdout?.on('data', (c) => out.push(c));
  child.stderr?.on('data', (c) => err.push(c));
  return new Promise((resolve) => {
    child.on('error', (e) => resolve({ error: `${e.code} ${e.syscall} ${e.path}`, errno: e.errno, spawnargs: e.spawnargs }));
    child.on('close', (code, signal) => resolve({ code, signal, stdout: clean(Buffer.concat(out)), stderr: clean(Buffer.concat(err)) }));
  });
}

(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cross-spawn-corpus-'));
  try {
    d.add('node-on-path', await done(spawn('node', [CHILD, 'sum', '1', '2', '3', '4'], { env })));
    const stdinChild = spawn('node', [CHILD, 'count'], { env });
    const counted = done(stdinChild);
    stdinChild.stdin.end('one two three two one two');
    d.add('stdin', await counted);

    const script = path.join(dir, 'hello-script');
    fs.writeFileSync(script, `#!/usr/bin/env node\nconst who = process.argv[2] || 'nobody';\nfunction greet(name) { return 'hello ' + name; }\nconsole.log(greet(who), process.argv.length);\n`, { mode: 0o755 });
    d.add('shebang', await done(spawn(script, ['shebang world'], { env })));

    d.add('shell-pipe', await done(spawn(`echo "a b c" | node "${CHILD}" upper | node "${CHILD}" count`, { env, shell: true })));
    d.add('sh-c', await done(spawn('sh', ['-c', `node "${CHILD}" sum 9 && node "${CHILD}" fail from-sh; echo "sh saw $?"`], { env })));

    const sync = spawn.sync('node', [CHILD, 'upper'], { env, input: 'sync input\nsecond line\n', encoding: 'utf8' });
    d.add('sync', { status: sync.status, stdout: sync.stdout, stderr: sync.stderr });
    const custom = spawn.sync('node', [CHILD, 'env', 'CUSTOM_ONLY', 'HOME'], { env: { PATH: env.PATH, CUSTOM_ONLY: 'yes' }, encoding: 'utf8' });
    d.add('sync-custom-env', { status: custom.status, stdout: custom.stdout });
    d.add('exit-code', await done(spawn('node', [CHILD, 'fail', 'cross'], { env })));

    const missing = await done(spawn('definitely-not-installed-cmd', ['--flag'], { env }));
    d.add('missing', missing);
    const missingSync = spawn.sync('definitely-not-installed-cmd', [], { env });
    d.add('missing-sync', { code: missingSync.error && missingSync.error.code, status: missingSync.status });
    d.print();
    printStackLines(stackLines(missingSync.error));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
})();
