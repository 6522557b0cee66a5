'use strict';
// express 5 (CJS; router layers, middleware chains, params, body parsing,
// async handlers whose rejections reach the error handler, http-errors,
// res.json/send/status/set, sub-routers, app.param): start a server on port 0,
// make ~200 seeded keep-alive requests with node:http, digest status, body and
// the stable headers of every response, then close the server and its sockets.
const http = require('node:http');
const express = require('express');
const createError = require('http-errors');
const fs = require('node:fs');
const path = require('node:path');
const { Digest, NM, ROOT, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(4242);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const d = new Digest('express');
const seen = { middleware: 0, params: 0, errors: 0 };
let frames = [];
let asyncFrames = [];

// Signed cookies as cookie-parser would set req.signedCookies (express signs with the 'secret' setting).
function cookieParserLite(req, res, next) {
  req.secret = 'corpus-secret';
  next();
}

class HttpProblem extends Error {
  constructor(status, message, detail) {
    super(message);
    this.name = 'HttpProblem';
    this.status = status;
    this.detail = detail;
  }
  get body() { return { error: this.message, status: this.status, detail: this.detail }; }
}

const app = express();
app.set('trust proxy', 'loopback');
app.set('query parser', 'extended');
app.set('views', path.join(NM, 'express'));
// A tiny view engine: `{{key}}` from the locals, rendered through app.render's View lookup.
app.engine('md', (file, locals, cb) => {
  fs.readFile(file, 'utf8', (err, text) => {
    if (err) return cb(err);
    const head = text.split('\n').slice(0, 6).join('\n');
    cb(null, `${locals.title}|${locals.settings.env}|${head.length}|${head.replace(/Express/g, `{{${locals.who}}}`)}`);
  });
});
app.locals.title = 'corpus';
app.set('etag', 'strong');
app.set('json spaces', 1);
app.use(cookieParserLite);
app.use(express.json({ limit: '2kb' }));
app.use(express.urlencoded({ extended: true }));
app.use(function stamp(req, res, next) {
  seen.middleware++;
  res.set('X-Seq', String(seen.middleware));
  req.startTag = `${req.method}:${req.path}`;
  next();
});

const users = new Map();
for (let i = 1; i <= 20; i++) users.set(i, { id: i, name: `user${i}`, score: Math.floor(rand() * 1000) });

app.param('uid', (req, res, next, raw) => {
  seen.params++;
  const id = Number(raw);
  if (!Number.isInteger(id)) return next(new HttpProblem(400, 'bad id', raw));
  const user = users.get(id);
  if (!user) return next(new HttpProblem(404, 'no such user', id));
  req.user = user;
  next();
});

app.get('/json', (req, res) => res.json({ ok: true, q: req.query, tag: req.startTag }));
app.get('/users/:uid', (req, res) => res.json(req.user));
app.get('/users/:uid/score/:op', (req, res) => {
  const { op } = req.params;
  const n = Number(req.query.n ?? 1);
  const score = op === 'add' ? req.user.score + n : op === 'mul' ? req.user.score * n : NaN;
  res.type('text').send(`${req.user.name} ${op} ${n} = ${score}`);
});
app.post('/users', (req, res) => {
  if (!req.body || typeof req.body.name !== 'string') throw new HttpProblem(422, 'name required', req.body);
  const id = users.size + 1;
  users.set(id, { id, name: req.body.name, score: Number(req.body.score) || 0 });
  res.status(201).location(`/users/${id}`).json(users.get(id));
});
app.post('/form', (req, res) => res.json({ form: req.body }));
app.get('/async/:ms', async (req, res) => {
  await new Promise((resolve) => setImmediate(resolve));
  if (req.params.ms === 'fail') throw new HttpProblem(503, 'async failure', 'rejected');
  if (req.params.ms === 'deep') await deepAsync(3);
  res.send({ waited: req.params.ms });
});
async function deepAsync(n) {
  await null;
  if (n === 0) throw new RangeError('deep async failure');
  return await deepAsync(n - 1);
}
app.get('/boom', function boom() {
  const e = new TypeError('route exploded');
  throw e;
});

const api = express.Router({ caseSensitive: true, strict: false });
api.use((req, res, next) => { res.set('X-Api', 'v2'); next(); });
api.get('/items', (req, res) => {
  const limit = Math.min(Number(req.query.limit) || 3, 10);
  res.json(Array.from({ length: limit }, (_, i) => ({ i, sq: i * i })));
});
api.get('/redirect', (req, res) => res.redirect(302, '/json?from=redirect'));
// Deprecated argument orders: depd prints the caller's file:line:column to stderr once per call site.
api.get('/old-redirect', (req, res) => res.redirect('/json?from=old', 301));
api.get('/odd-status', (req, res, next) => next(createError(302, 'not an error status')));
api.all('/echo', (req, res) => res.format({
  'text/plain': () => res.send(`echo ${req.method}`),
  'application/json': () => res.json({ echo: req.method }),
  default: () => res.status(406).send('Not Acceptable'),
}));
app.use('/api/v2', api);

app.use('/static', express.static(path.join(NM, 'express'), { index: false, dotfiles: 'deny', maxAge: '1h', etag: false, lastModified: false }));
app.get('/file/:name', (req, res, next) => {
  res.sendFile(req.params.name, { root: path.join(NM, 'express', 'lib'), lastModified: false, etag: false, headers: { 'X-File': req.params.name } }, (err) => { if (err) next(err); });
});
app.get('/download', (req, res) => res.attachment('report.csv').type('csv').send('a,b\n1,2\n'));
app.get('/render/:who', (req, res) => res.render('Readme.md', { who: req.params.who }));
app.get('/cookies', (req, res) => {
  res.cookie('plain', `v${req.query.n}`, { path: '/', httpOnly: true, sameSite: 'lax' });
  res.cookie('signed', { n: Number(req.query.n) }, { signed: true });
  res.clearCookie('old');
  res.append('Link', ['<http://a/>', '<http://b/>']).vary('Accept-Language').links({ next: '/cookies?n=2' });
  res.json({ got: req.headers.cookie ?? null, ip: req.ip, ips: req.ips, proto: req.protocol, xhr: req.xhr, fresh: req.fresh, host: req.hostname });
});
app.get('/jsonp', (req, res) => res.jsonp({ n: Number(req.query.n) }));
app.get('/etag', (req, res) => res.send('x'.repeat(Number(req.query.n) || 10)));

app.use((req, res, next) => next(new HttpProblem(404, 'not found', req.originalUrl)));
// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  seen.errors++;
  if (err instanceof TypeError && frames.length === 0) frames = stackLines(err);
  if (err instanceof RangeError && asyncFrames.length === 0) asyncFrames = stackLines(err);
  const status = err.status || err.statusCode || 500;
  const body = err instanceof HttpProblem ? err.body : { error: `${err.name}: ${err.message}`, type: err.type ?? null, status };
  res.status(status).json(body);
});

const paths = [
  () => ['GET', `/json?a=${Math.floor(rand() * 100)}&b[c]=d&list=1&list=2`],
  () => ['GET', `/users/${1 + Math.floor(rand() * 24)}`],
  () => ['GET', `/users/${1 + Math.floor(rand() * 20)}/score/${rand() < 0.5 ? 'add' : 'mul'}?n=${Math.floor(rand() * 9)}`],
  () => ['GET', '/users/abc'],
  () => ['POST', '/users', { 'content-type': 'application/json' }, JSON.stringify({ name: `new${Math.floor(rand() * 1000)}`, score: rand() < 0.5 ? '12' : 'x' })],
  () => ['POST', '/users', { 'content-type': 'application/json' }, '{"name": broken'],
  () => ['POST', '/users', { 'content-type': 'application/json' }, JSON.stringify({ nope: 1 })],
  () => ['POST', '/form', { 'content-type': 'application/x-www-form-urlencoded' }, `a=${Math.floor(rand() * 50)}&b[x]=1&b[y]=2`],
  () => ['GET', `/async/${rand() < 0.3 ? 'fail' : rand() < 0.3 ? 'deep' : Math.floor(rand() * 10)}`],
  () => ['GET', rand() < 0.5 ? '/api/v2/old-redirect' : '/api/v2/odd-status'],
  () => ['GET', '/boom'],
  () => ['GET', `/api/v2/items?limit=${Math.floor(rand() * 12)}`],
  () => ['GET', '/api/v2/redirect'],
  () => ['PUT', '/api/v2/echo', { accept: rand() < 0.5 ? 'application/json' : 'text/plain' }],
  () => ['GET', '/api/v2/echo', { accept: 'image/png' }],
  () => ['GET', '/API/v2/items'],
  () => ['DELETE', `/missing/${Math.floor(rand() * 5)}`],
  () => ['GET', `/static/${pick(['package.json', 'index.js', 'lib/utils.js', '.hidden', 'nope.js'])}`, rand() < 0.3 ? { range: 'bytes=0-99' } : {}],
  () => ['HEAD', `/static/${pick(['package.json', 'LICENSE'])}`],
  () => ['GET', `/file/${pick(['view.js', 'utils.js', '../index.js', 'missing.js'])}`],
  () => ['GET', '/download'],
  () => ['GET', `/render/${pick(['Alice', 'Bob'])}`],
  () => ['GET', `/cookies?n=${Math.floor(rand() * 9)}`, { cookie: 'a=1; old=2', 'x-forwarded-for': '10.0.0.1, 10.0.0.2', 'x-forwarded-proto': 'https', 'x-requested-with': 'XMLHttpRequest' }],
  () => ['GET', `/jsonp?n=${Math.floor(rand() * 9)}&callback=${pick(['cb', 'a.b', 'x<y'])}`],
  () => ['GET', `/etag?n=${Math.floor(rand() * 3)}`, rand() < 0.5 ? { 'if-none-match': '"a-tQLT0m6Ai+I2JSlagU4dW/5ZEv4"' } : {}],
  () => ['POST', '/users', { 'content-type': 'application/json' }, JSON.stringify({ name: 'x'.repeat(3000) })],
];

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const skipHeaders = new Set(['date', 'connection', 'keep-alive']);

function request(port, method, path, headers = {}, body = null, via = agent) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: via }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        // Weak ETags of files are made from their mtime, which changes with every install.
        const hs = Object.keys(res.headers).filter((h) => !skipHeaders.has(h) && !(h === 'etag' && res.headers[h].startsWith('W/'))).sort().map((h) => `${h}: ${res.headers[h]}`);
        resolve({ status: res.statusCode, headers: hs, body: Buffer.concat(chunks).toString('utf8').split(ROOT).join('<root>'), reused: req.reusedSocket });
      });
    });
    req.on('error', reject);
    if (body) req.end(body); else req.end();
  });
}

const server = app.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const statuses = {};
  let reused = 0;
  for (let i = 0; i < 240; i++) {
    const [method, path, headers, body] = paths[Math.floor(rand() * paths.length)]();
    const r = await request(port, method, path, headers, body);
    statuses[r.status] = (statuses[r.status] || 0) + 1;
    if (r.reused) reused++;
    d.add(`${i} ${method} ${path}`, [r.status, r.headers, r.body]);
  }
  // Concurrent phase: 8 sockets at once; responses digested in request order, without the
  // order-dependent X-Seq header.
  const wide = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const jobs = [];
  for (let i = 0; i < 80; i++) {
    const [method, p] = pick([
      () => ['GET', `/users/${1 + Math.floor(rand() * 20)}`],
      () => ['GET', `/async/${Math.floor(rand() * 10)}`],
      () => ['GET', '/async/fail'],
      () => ['GET', `/api/v2/items?limit=${Math.floor(rand() * 12)}`],
      () => ['GET', `/file/${pick(['view.js', 'missing.js'])}`],
      () => ['GET', '/boom'],
    ])();
    jobs.push(request(port, method, p, {}, null, wide).then((r) => [p, r.status, r.headers.filter((h) => !h.startsWith('x-seq')), r.body]));
  }
  d.add('concurrent', await Promise.all(jobs));
  wide.destroy();
  agent.destroy();
  server.close(() => {
    d.add('seen', seen);
    console.log(`statuses ${Object.entries(statuses).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    d.print({ requests: 240, middleware: seen.middleware, errors: seen.errors, reusedSockets: reused > 150 });
    printStackLines([...frames, ...asyncFrames]);
  });
  server.closeAllConnections();
});
