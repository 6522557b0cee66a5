'use strict';
// node --test (CJS driver): writes a small test folder (CommonJS and ES module test files, a suite
// with a failing assertion, skip and todo, an async test, a test that starts its own child process)
// and runs it twice: `node --test` as a child (the runner starts one process per file) and
// node:test's run() in this process (it also starts one process per file). The TAP lines and the
// run() events are sorted (files finish in any order), durations and the folder's path taken out.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { run } = require('node:test');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('node-test');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'node-test-corpus-'));
const CHILD = path.join(__dirname, '_child.cjs');

const files = {
  'math.test.js': `'use strict';
const test = require('node:test');
const assert = require('node:assert');
function gcd(a, b) { return b === 0 ? a : gcd(b, a % b); }
function lcm(a, b) { return (a / gcd(a, b)) * b; }
test('gcd of pairs', () => {
  assert.strictEqual(gcd(48, 18), 6);
  assert.strictEqual(gcd(17, 5), 1);
});
test('lcm is commutative', () => {
  for (let a = 1; a < 20; a++) for (let b = 1; b < 20; b++) assert.strictEqual(lcm(a, b), lcm(b, a));
});
test('an order without id (fails on purpose, in a helper of this set)', () => {
  const { validate } = require(${JSON.stringify(path.join(__dirname, '_pool-tasks.cjs'))});
  assert.deepStrictEqual(validate({ items: [{ qty: 2, price: 3 }] }), { total: 6 });
});
test('async sum', async () => {
  const sum = await new Promise((resolve) => setImmediate(() => resolve([1, 2, 3].reduce((x, y) => x + y))));
  assert.equal(sum, 6);
});
`,
  'strings.test.mjs': `import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
describe('slug', () => {
  it('lowercases and joins words', () => {
    assert.equal(slug('Hello World'), 'hello-world');
  });
  it('drops punctuation at the ends', () => {
    assert.equal(slug('  !Wow, such test!  '), 'wow-such-test');
  });
  it('keeps digits (this one fails on purpose)', () => {
    assert.deepEqual(slug('Route 66 West').split('-'), ['route', '66', 'east']);
  });
  it.skip('is skipped', () => {});
  it.todo('is still to do');
});
`,
  'child.test.js': `'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { execFileSync } = require('node:child_process');
test('a test that runs a child process', () => {
  const out = execFileSync(process.execPath, [${JSON.stringify(CHILD)}, 'sum', '2', '3'], { encoding: 'utf8' });
  assert.strictEqual(out.trim(), 'sum=13');
});
`,
};

const clean = (s) => String(s).split(dir).join('<dir>').split(process.execPath).join('<node>');

(async () => {
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const names = Object.keys(files).sort();

    const cli = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...names], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_TEST_CONTEXT: undefined } });
    const tap = clean(cli.stdout).split('\n');
    d.add('cli:status', cli.status);
    d.add('cli:results', tap.filter((l) => /^\s*(not )?ok \d+ - /.test(l)).map((l) => l.trim().replace(/^(not )?ok \d+/, '$1ok')).sort());
    d.add('cli:summary', tap.filter((l) => /^# (tests|suites|pass|fail|cancelled|skipped|todo) /.test(l)));
    d.add('cli:failure', tap.filter((l) => /^\s+(failureType|error|code|name|expected|actual|operator):/.test(l)).map((l) => l.trim()).sort());

    const events = [];
    let failure = null;
    let thrown = null;
    const stream = run({ files: names.map((n) => path.join(dir, n)), concurrency: 1 });
    stream.on('test:pass', (t) => events.push(`pass ${t.nesting} ${t.name}${t.skip ? ' (skip)' : ''}${t.todo ? ' (todo)' : ''}`));
    stream.on('test:fail', (t) => {
      events.push(`fail ${t.nesting} ${t.name}`);
      const cause = t.details && t.details.error && t.details.error.cause;
      if (cause && cause.code === 'ERR_ASSERTION') failure = cause;
      else if (cause && cause.name === 'TypeError') thrown = cause;
    });
    stream.on('test:diagnostic', () => {});
    for await (const _event of stream) { /* drain */ }
    d.add('run:events', events.sort());
    d.add('run:failure', failure && { message: clean(failure.message), expected: failure.expected, actual: failure.actual, operator: failure.operator });
    d.add('run:thrown', thrown && { name: thrown.name, message: thrown.message });
    d.print({ files: names.length });
    printStackLines(stackLines(thrown));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
})();
