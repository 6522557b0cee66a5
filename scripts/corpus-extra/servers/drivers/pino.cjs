'use strict';
// pino (CJS): in-process logging to a capture stream (levels, child loggers,
// serializers, redaction, custom levels, formatters, mixins, errors) and a
// pino.transport() worker thread (thread-stream) writing to a file via pino/file
// and a multi-target transport; the files are read back after the transports close.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Writable } = require('node:stream');
const pino = require('pino');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('pino');
const rand = prng(4242);
const lines = [];
const sink = new Writable({ write(chunk, _enc, cb) { lines.push(chunk.toString()); cb(); } });

const base = pino({
  level: 'trace', timestamp: false, base: { app: 'corpus' },
  serializers: { user: (u) => ({ id: u.id, name: u.name.toUpperCase() }), err: pino.stdSerializers.err },
  redact: { paths: ['secret', 'user.password', 'headers["x-token"]', '*.card'], censor: '[gone]' },
  customLevels: { audit: 35 },
  formatters: { level: (label, number) => ({ lvl: label, n: number }), bindings: (b) => ({ ...b, bound: true }) },
  mixin: (obj, num) => ({ mixed: num }),
  messageKey: 'message',
}, sink);

const levels = ['trace', 'debug', 'info', 'audit', 'warn', 'error', 'fatal'];
for (let i = 0; i < 400; i++) {
  const lvl = levels[Math.floor(rand() * levels.length)];
  const child = base.child({ req: i % 7, tag: `t${i % 3}` }, { level: i % 5 === 0 ? 'warn' : 'trace' });
  child[lvl]({ user: { id: i, name: `user${i}`, password: 'pw' + i }, secret: 's' + i, headers: { 'x-token': 'tok' }, pay: { card: '4111' }, n: rand() }, 'message %s #%d %j', lvl, i, { k: i % 4 });
  if (i % 50 === 0) child.info('plain string %o', [i, { a: 1 }]);
}
base.setLevel ? base.setLevel('error') : (base.level = 'error');
base.info('dropped');
base.error(new TypeError('boom object'), 'with error');
d.add('isLevelEnabled', [base.isLevelEnabled('warn'), base.isLevelEnabled('fatal'), base.levelVal]);
d.add('levels', base.levels.values);

let caught;
try {
  pino({ level: 'nope' });
} catch (err) { caught = err; d.add('badLevel', err.message); }
try {
  pino.transport({ target: 'pino/file', targets: [{ target: 'pino/file' }] });
} catch (err) { d.add('badTransport', err.message); }

const errLines = [];
const errLogger = pino({ timestamp: false, base: null }, new Writable({ write(c, _e, cb) { errLines.push(c.toString()); cb(); } }));
function nested(n) { if (n === 0) throw new RangeError('deep failure'); return nested(n - 1); }
try { nested(3); } catch (err) { errLogger.error({ err }, 'caught'); }
for (const l of errLines) {
  const o = JSON.parse(l);
  d.add('errline', { msg: o.msg, type: o.err.type, message: o.err.message, stackLen: o.err.stack.split('\n').length });
}

// An error's stack names files by absolute path: written relative to this set's folder, so that the
// digest does not depend on where the set is installed.
const setFolder = path.dirname(__dirname);
for (const l of lines) {
  const o = JSON.parse(l);
  delete o.mixed; // numeric level, stable
  if (o.err && typeof o.err.stack === 'string') o.err.stack = o.err.stack.split(setFolder).join('<set>');
  d.add('line', o);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pino-corpus-'));
const fileA = path.join(dir, 'a.log');
const fileB = path.join(dir, 'b.log');
const fileC = path.join(dir, 'c.log');

async function viaTransport() {
  const single = pino.transport({ target: 'pino/file', options: { destination: fileA, mkdir: true, sync: true } });
  await new Promise((resolve) => single.once('ready', resolve));
  const log1 = pino({ timestamp: false, base: { t: 'single' } }, single);
  for (let i = 0; i < 300; i++) log1.info({ i, sq: i * i }, `row ${i}`);
  log1.warn('last');
  await new Promise((resolve) => { single.on('close', resolve); single.end(); });

  const multi = pino.transport({
    targets: [
      { target: 'pino/file', level: 'info', options: { destination: fileB, sync: true } },
      { target: 'pino/file', level: 'error', options: { destination: fileC, sync: true } },
    ],
    dedupe: false,
  });
  await new Promise((resolve) => multi.once('ready', resolve));
  const log2 = pino({ level: 'debug', timestamp: false, base: null }, multi);
  for (let i = 0; i < 200; i++) log2[i % 10 === 0 ? 'error' : i % 3 ? 'info' : 'debug']({ i }, 'multi');
  await new Promise((resolve) => { multi.on('close', resolve); multi.end(); });

  for (const f of [fileA, fileB, fileC]) {
    const text = fs.readFileSync(f, 'utf8');
    const rows = text.trim().split('\n').map((x) => JSON.parse(x));
    d.add(`file:${path.basename(f)}`, rows.map(({ pid, hostname, ...rest }) => rest));
  }
}

// The transport's worker is unref'd: keep the loop alive until 'close'.
const keepAlive = setInterval(() => {}, 1000);
viaTransport().then(() => {
  clearInterval(keepAlive);
  fs.rmSync(dir, { recursive: true, force: true });
  d.print({ lines: lines.length });
  printStackLines(stackLines(caught));
}, (err) => { clearInterval(keepAlive); console.error(err); process.exitCode = 1; });
