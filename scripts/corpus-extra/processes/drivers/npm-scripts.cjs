'use strict';
// npm run and npx (CJS driver): writes a package whose scripts run node programs, and runs them with
// the npm on PATH (PATH starts with this node's folder, so npm and its scripts use this node):
// pre/post hooks, arguments after --, a script that fails (exit 2), npm's script environment
// (npm_lifecycle_event, npm_package_*), a custom variable passed through, npm-run-all2's run-s and
// run-p (which start npm again for each script), and npx running a local bin. npm's own chatter is
// silenced; parallel output is sorted.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('npm-scripts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-scripts-corpus-'));
const env = {
  ...process.env,
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_offline: 'true',
  npm_config_loglevel: 'silent',
  npm_config_cache: path.join(dir, '.npm-cache'),
  CORPUS_PASSED: 'passed through',
};

const pkg = {
  name: 'corpus-scripts',
  version: '1.2.3',
  private: true,
  description: 'scripts for the processes corpus',
  config: { port: '8080' },
  scripts: {
    prebuild: 'node step.js pre',
    build: 'node step.js build',
    postbuild: 'node step.js post',
    args: 'node step.js args',
    fail: 'node step.js fail',
    env: 'node step.js env',
    seq: 'run-s build args',
    par: 'run-p --aggregate-output --print-name env args',
    'par-fail': 'run-p --continue-on-error fail args',
  },
};
const step = `'use strict';
const [what, ...rest] = process.argv.slice(2);
function fingerprint(s) { let h = 7; for (const c of s) h = (h * 31 + c.charCodeAt(0)) % 1000003; return h; }
switch (what) {
  case 'args': console.log('args', JSON.stringify(rest), fingerprint(rest.join(' '))); break;
  case 'fail': console.error('step failing'); process.exitCode = 2; break;
  case 'env': console.log('env', JSON.stringify({ event: process.env.npm_lifecycle_event, name: process.env.npm_package_name, version: process.env.npm_package_version, port: process.env.npm_package_config_port ?? null, passed: process.env.CORPUS_PASSED })); break;
  default: console.log('step', what, fingerprint(what));
}
`;

function npm(args) {
  const r = spawnSync('npm', args, { cwd: dir, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout.split(dir).join('<dir>').split('\n').filter(Boolean) };
}

try {
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  fs.writeFileSync(path.join(dir, 'step.js'), step);
  // run-s, run-p and the npx'd bin come from this set's installed packages
  fs.symlinkSync(path.join(path.dirname(__dirname), 'node_modules'), path.join(dir, 'node_modules'), 'dir');

  d.add('build', npm(['run', '--silent', 'build']));
  d.add('args', npm(['run', '--silent', 'args', '--', 'one', '--two', 'three four']));
  d.add('fail', npm(['run', '--silent', 'fail']));
  d.add('env', npm(['run', '--silent', 'env']));
  d.add('seq', npm(['run', '--silent', 'seq']));
  const par = npm(['run', '--silent', 'par']);
  d.add('par', { status: par.status, stdout: par.stdout.sort() });
  const parFail = npm(['run', '--silent', 'par-fail']);
  d.add('par-fail', { status: parFail.status, stdout: parFail.stdout.sort() });
  d.add('npx', npm(['exec', '--offline', '--', 'run-s', '--silent', 'args']));
  d.add('npx-bin', npm(['exec', '--offline', '--', 'node', 'step.js', 'via-npx']));

  let caught;
  try {
    JSON.parse(fs.readFileSync(path.join(dir, 'step.js'), 'utf8'));
  } catch (err) {
    caught = err;
    d.add('not-json', err.name);
  }
  d.print();
  printStackLines(stackLines(caught));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
