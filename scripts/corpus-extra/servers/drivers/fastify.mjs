// fastify (ESM): routes with JSON schemas (validation + fast-json-stringify
// serialization), hooks (onRequest/preHandler/onSend/onResponse/onError),
// plugins with encapsulation and decorators, error handler, not-found handler,
// inject() and real HTTP requests against a server on port 0, then close.
import http from 'node:http';
import Fastify from 'fastify';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const d = new Digest('fastify');
const rand = prng(777);
const hooks = [];

const app = Fastify({ logger: false });
app.decorate('greet', (n) => `hello ${n}`);
app.decorateRequest('who', null);
app.addHook('onRequest', async (req) => { req.who = req.headers['x-who'] || 'anon'; hooks.push(`onRequest ${req.method} ${req.url}`); });
app.addHook('preHandler', (req, _reply, done) => { hooks.push(`preHandler ${req.routeOptions.url}`); done(); });
app.addHook('onSend', async (_req, reply, payload) => { reply.header('x-len', String(payload ? payload.length : 0)); return payload; });
app.addHook('onResponse', async (_req, reply) => { hooks.push(`onResponse ${reply.statusCode}`); });
app.addHook('onError', async (_req, _reply, err) => { hooks.push(`onError ${err.message}`); });

class TeapotError extends Error {
  constructor(msg) { super(msg); this.statusCode = 418; this.code = 'E_TEAPOT'; }
}

app.setErrorHandler(function (err, req, reply) {
  hooks.push(`errorHandler ${err.code || err.name}`);
  reply.status(err.statusCode || 500).send({ error: err.message, code: err.code || null, validation: err.validation ? err.validation.length : 0 });
});
app.setNotFoundHandler((req, reply) => reply.code(404).send({ missing: req.url }));

const itemSchema = {
  body: {
    type: 'object', required: ['name', 'qty'],
    properties: { name: { type: 'string', minLength: 2 }, qty: { type: 'integer', minimum: 0 }, tags: { type: 'array', items: { type: 'string' } } },
  },
  response: { 200: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, qty: { type: 'integer' }, total: { type: 'number' } } } },
};
const store = new Map();
let nextId = 1;

app.register(async function api(instance, opts) {
  instance.decorate('prefixName', opts.prefix);
  instance.get('/items/:id', { schema: { params: { type: 'object', properties: { id: { type: 'integer' } } } } }, async (req, reply) => {
    const item = store.get(req.params.id);
    if (!item) { reply.code(404); return { missing: req.params.id }; }
    return item;
  });
  instance.post('/items', { schema: itemSchema }, async (req) => {
    const item = { id: nextId++, name: req.body.name, qty: req.body.qty, total: req.body.qty * 1.5, secret: 'dropped by serializer' };
    store.set(item.id, item);
    return item;
  });
  instance.get('/greet', async (req) => ({ msg: instance.greet(req.who), prefix: instance.prefixName, q: req.query }));
  instance.get('/teapot', async () => { throw new TeapotError('short and stout'); });
  instance.get('/stream', (req, reply) => { reply.type('text/plain').send('chunked-' + 'x'.repeat(100)); });
}, { prefix: '/api' });

app.get('/sync-throw', () => { throw new Error('sync failure'); });
app.route({ method: ['GET', 'HEAD'], url: '/multi', handler: (req, reply) => reply.send(req.method) });

const norm = (res) => ({ status: res.statusCode, body: res.body ?? res.payload, type: res.headers['content-type'], len: res.headers['x-len'] });

let caught;
try {
  await app.ready();
  d.add('routes', app.printRoutes({ commonPrefix: false }));
  for (let i = 0; i < 120; i++) {
    const r = rand();
    let res;
    if (r < 0.35) {
      const bad = rand() < 0.25;
      res = await app.inject({ method: 'POST', url: '/api/items', payload: bad ? { name: 'x', qty: -1 } : { name: `item${i}`, qty: Math.floor(rand() * 50), tags: ['a', 'b'] } });
    } else if (r < 0.6) res = await app.inject({ method: 'GET', url: `/api/items/${1 + Math.floor(rand() * 40)}` });
    else if (r < 0.7) res = await app.inject({ method: 'GET', url: '/api/greet?x=1&y=two', headers: { 'x-who': `w${i}` } });
    else if (r < 0.8) res = await app.inject('/api/teapot');
    else if (r < 0.85) res = await app.inject('/sync-throw');
    else if (r < 0.9) res = await app.inject({ method: 'HEAD', url: '/multi' });
    else if (r < 0.95) res = await app.inject('/nowhere/' + i);
    else res = await app.inject({ method: 'POST', url: '/api/items', payload: '{bad json', headers: { 'content-type': 'application/json' } });
    d.add(`inject${i}`, norm(res));
  }

  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address();
  d.add('listening', address.startsWith('http://127.0.0.1:'));
  const request = (method, path, body) => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ statusCode: res.statusCode, body: data, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
  for (let i = 0; i < 30; i++) {
    const res = i % 3 === 0 ? await request('POST', '/api/items', { name: `net${i}`, qty: i }) : i % 3 === 1 ? await request('GET', `/api/items/${i}`) : await request('GET', '/api/stream');
    d.add(`http${i}`, norm(res));
  }
  try {
    app.get('/too-late', () => 'no');
  } catch (err) {
    caught = err;
    d.add('lateRoute', { code: err.code, message: err.message });
  }
} finally {
  await app.close();
}
d.add('hooks', hooks);
d.add('closed', app.server.listening);
d.print({ hooks: hooks.length, stored: store.size });
printStackLines(stackLines(caught));
