'use strict';
// Monkey patches of third-party code and globals. express-async-errors 3 replaces the `handle`
// property of express 4's router Layer with one that forwards rejected promises to `next` (async
// handlers that throw or reject reach the error middleware); the debug 4 module, enabled for some
// namespaces (`debug.enable`, as DEBUG=* would), with its `log`, `formatArgs` and `%o`/`%j`
// formatters replaced (no clock, no colors), written into memory; and patches the program makes
// itself: console.log and process.emitWarning wrapped, a method of a module's export swapped and
// restored, and Function.prototype.call borrowed. A local server, keep-alive requests, closed at
// the end.
const http = require('node:http');
const util = require('node:util');
const createDebug = require('debug');
const express = require('express');
require('express-async-errors');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('patches');
const frames = [];
const SET = require('node:path').dirname(__dirname);
const ourLines = (stack) => String(stack).split(SET).join('<set>').split('\n').filter((l) => l.includes('<set>/drivers')).map((l) => l.trim());

// debug: into memory, no clock or colors
const debugLines = [];
createDebug.log = (...args) => debugLines.push(util.format(...args));
createDebug.formatArgs = function formatArgs(args) { args[0] = `${this.namespace} ${args[0]}`; };
createDebug.formatters.h = (v) => Buffer.from(String(v)).toString('hex');
createDebug.inspectOpts = { colors: false, depth: 2 };
createDebug.enable('app:*,-app:noisy,lib');
const dbgServer = createDebug('app:server');
const dbgNoisy = createDebug('app:noisy');
const dbgLib = createDebug('lib');
const child = dbgServer.extend('child');

const app = express();
app.set('etag', false);
app.use(express.json());
app.use((req, res, next) => { dbgServer('%s %s %o', req.method, req.url, { q: req.query }); next(); });
app.get('/ok/:id', async (req, res) => { await null; res.json({ id: req.params.id }); });
app.get('/throws', async () => { await null; throw new TypeError('async handler threw'); });
app.get('/rejects', () => Promise.reject(new RangeError('handler rejected')));
app.get('/sync', () => { throw new SyntaxError('sync handler threw'); });
app.post('/echo', async (req, res) => { dbgLib('echo %j %h', req.body, 'hi'); res.status(201).json(req.body); });
const router = express.Router();
router.use(async (req, res, next) => { if (req.query.deny) throw Object.assign(new Error('denied'), { status: 403 }); next(); });
router.get('/inner', async (req, res) => res.send('inner'));
app.use('/r', router);
app.use(async (err, req, res, next) => {
  frames.push(...stackLines(err));
  child('error %s', err.message);
  dbgNoisy('never shown');
  await null;
  res.status(err.status || 500).json({ name: err.name, message: err.message, frames: ourLines(err.stack) });
});

async function main() {
  const server = http.createServer(app);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (method, p, body) => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.address().port, method, path: p, agent, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve([res.statusCode, res.headers['content-type'] || null, data]));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
  const results = [];
  for (const [m, p, b] of [['GET', '/ok/7'], ['GET', '/throws'], ['GET', '/rejects'], ['GET', '/sync'], ['POST', '/echo', { a: [1, 2] }], ['GET', '/r/inner'], ['GET', '/r/inner?deny=1'], ['GET', '/missing']]) {
    results.push([m, p, ...(await request(m, p, b))]);
  }
  agent.destroy();
  await new Promise((r) => server.close(r));
  d.add('express', results);
  d.add('debug:lines', debugLines);
  d.add('debug:enabled', [dbgServer.enabled, dbgNoisy.enabled, dbgLib.enabled, child.namespace, createDebug.enabled('app:x'), createDebug.disable()]);

  // patches by the program itself
  const logged = [];
  const originalLog = console.log;
  console.log = function patchedLog(...args) { logged.push(util.format(...args)); };
  console.log('hidden %d', 42, { k: 'v' });
  console.log = originalLog;
  const warnings = [];
  const originalEmit = process.emitWarning;
  process.emitWarning = function captured(warning, type, code) { warnings.push([String(warning), type || null, code || null]); };
  process.emitWarning('custom warning', 'CorpusWarning', 'CW001');
  util.deprecate(function old() { return 1; }, 'old() is deprecated', 'DEP_CORPUS')();
  process.emitWarning = originalEmit;
  const pathMod = require('node:path');
  const originalJoin = pathMod.join;
  pathMod.join = function join(...parts) { return originalJoin.apply(this, parts).toUpperCase(); };
  const joined = pathMod.join('a', 'b');
  pathMod.join = originalJoin;
  const borrowed = Function.prototype.call.bind(Array.prototype.slice);
  d.add('own-patches', [logged, warnings, joined, pathMod.join('a', 'b'), borrowed([1, 2, 3], 1)]);
  const Layer = require('express/lib/router/layer');
  d.add('layer', [Object.getOwnPropertyNames(Layer.prototype).sort(), typeof Object.getOwnPropertyDescriptor(Layer.prototype, 'handle').get]);
}

main().then(() => {
  d.print();
  printStackLines(frames);
});
