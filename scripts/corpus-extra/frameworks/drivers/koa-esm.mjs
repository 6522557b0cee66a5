// koa-esm: the koa driver as an ES module importing CommonJS koa (Node 22/24's ESM
// loader compiles CJS it imports itself, through the load hooks). koa 3 (CJS; Application extends EventEmitter, ctx/request/response delegates
// and getters, koa-compose's async middleware onion, http-errors, cookies with
// keygrip signatures): a local server with routing, JSON bodies, ctx.throw,
// an app 'error' listener, streams, redirects, 304s via fresh/etag, and a
// seeded stream of requests made by the driver over keep-alive sockets.
import http from 'node:http';
import { Readable } from 'node:stream';
import Koa, { HttpError } from 'koa';
import createError from 'http-errors';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;

const rand = prng(424242);
const d = new Digest('koa-esm');
d.add('httpError', [createError(404) instanceof HttpError, createError(500, 'x').expose]);
const app = new Koa({ keys: ['k1-secret', 'k2-secret'], proxy: true });
app.silent = false;
const appErrors = [];
let frames = [];
app.on('error', (err, ctx) => {
  appErrors.push(`${err.status}:${err.message}:${ctx && ctx.path}`);
  if (err.message === 'boom in handler' && frames.length === 0) frames = stackLines(err);
});

class Store {
  #items = new Map();
  #next = 1;
  add(v) { const id = this.#next++; this.#items.set(id, { id, ...v }); return this.#items.get(id); }
  get(id) { return this.#items.get(id); }
  get size() { return this.#items.size; }
  list() { return [...this.#items.values()]; }
}
const store = new Store();

// timing-free "x-order" header shows the onion order
app.use(async (ctx, next) => {
  const order = ['a-in'];
  ctx.state.order = order;
  await next();
  order.push('a-out');
  ctx.set('X-Order', order.join(','));
});
app.use(async function errorWrapper(ctx, next) {
  try {
    await next();
  } catch (err) {
    if (err.expose && err.status === 418) {
      ctx.status = 418;
      ctx.body = { teapot: err.message, props: err.extra || null };
      return;
    }
    throw err;
  }
});
function readBody(ctx) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    ctx.req.on('data', (c) => chunks.push(c));
    ctx.req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    ctx.req.on('error', reject);
  });
}
app.use(async (ctx, next) => {
  ctx.state.order.push('router');
  const [, seg, id] = ctx.path.split('/');
  switch (`${ctx.method} ${seg}`) {
    case 'GET hello':
      ctx.body = `hello ${ctx.query.name || 'world'} ${ctx.querystring.length} ${ctx.ip} ${ctx.protocol} ${ctx.host}`;
      ctx.type = 'text/plain';
      break;
    case 'POST items': {
      if (!ctx.is('application/json')) ctx.throw(415, 'json only');
      const raw = await readBody(ctx);
      let obj;
      try { obj = JSON.parse(raw); } catch (e) { ctx.throw(400, `bad json: ${e.name}`); }
      ctx.status = 201;
      ctx.body = store.add(obj);
      break;
    }
    case 'GET items':
      if (id) {
        const item = store.get(Number(id));
        ctx.assert(item, 404, `no item ${id}`);
        ctx.body = item;
      } else {
        ctx.body = { size: store.size, items: store.list().slice(-3) };
      }
      break;
    case 'GET cookie': {
      const n = Number(ctx.cookies.get('n', { signed: true }) || 0) + 1;
      ctx.cookies.set('n', String(n), { signed: true, httpOnly: true, path: '/' });
      ctx.body = { n };
      break;
    }
    case 'GET etag':
      ctx.set('ETag', '"fixed-etag"');
      ctx.body = 'cacheable body';
      if (ctx.fresh) ctx.status = 304;
      break;
    case 'GET stream':
      ctx.type = 'text/plain';
      ctx.body = Readable.from(['chunk1 ', 'chunk2 ', 'chunk3']);
      break;
    case 'GET redirect':
      ctx.redirect('/hello?name=redirected');
      break;
    case 'GET teapot':
      ctx.throw(418, 'short and stout', { extra: { spout: true } });
      break;
    case 'GET boom':
      throw new Error('boom in handler');
    case 'GET accepts':
      ctx.body = { type: ctx.accepts('json', 'html', 'text'), enc: ctx.acceptsEncodings('gzip', 'identity'), lang: ctx.acceptsLanguages('en', 'fr') };
      break;
    case 'HEAD hello':
      ctx.body = 'head body';
      break;
    default:
      await next();
  }
});

function request(agent, port, { method = 'GET', path, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { host: 'koa.test', ...headers }, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const h = {};
        for (const k of ['content-type', 'content-length', 'x-order', 'location', 'etag', 'set-cookie', 'vary']) if (res.headers[k] !== undefined) h[k] = res.headers[k];
        resolve({ status: res.statusCode, headers: h, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function main() {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const fixed = [
    { path: '/hello?name=koa' },
    { path: '/hello', headers: { 'x-forwarded-for': '10.0.0.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'example.test' } },
    { method: 'HEAD', path: '/hello' },
    { method: 'POST', path: '/items', headers: { 'content-type': 'text/plain' }, body: 'x' },
    { method: 'POST', path: '/items', headers: { 'content-type': 'application/json' }, body: '{bad' },
    { path: '/items/999' },
    { path: '/etag' },
    { path: '/etag', headers: { 'if-none-match': '"fixed-etag"' } },
    { path: '/stream' },
    { path: '/redirect' },
    { path: '/teapot' },
    { path: '/boom' },
    { path: '/nothing-here' },
    { path: '/accepts', headers: { accept: 'text/html;q=0.9, application/json', 'accept-encoding': 'gzip', 'accept-language': 'fr;q=0.8, en;q=0.5' } },
  ];
  let i = 0;
  for (const r of fixed) d.add(`fixed:${i++}`, await request(agent, port, r));

  let cookie = '';
  for (let k = 0; k < 4; k++) {
    const res = await request(agent, port, { path: '/cookie', headers: cookie ? { cookie } : {} });
    cookie = (res.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
    d.add(`cookie:${k}`, res);
  }
  // a tampered signature resets the count
  d.add('cookie:tampered', await request(agent, port, { path: '/cookie', headers: { cookie: cookie.replace(/n=\d+/, 'n=99') } }));

  // sequential writes and reads (ids are assigned in arrival order), then
  // concurrent pure reads over the keep-alive pool
  let created = 0;
  for (let k = 0; k < 400; k++) {
    const r = rand();
    let res;
    if (r < 0.5) {
      res = await request(agent, port, { method: 'POST', path: '/items', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ v: Math.floor(rand() * 1000), tag: `t${k}` }) });
      created++;
    } else if (r < 0.8) {
      res = await request(agent, port, { path: `/items/${1 + Math.floor(rand() * (created + 3))}` });
    } else {
      res = await request(agent, port, { path: `/items` });
    }
    d.add(`seq:${k}`, res);
  }
  for (let batch = 0; batch < 30; batch++) {
    const reqs = [];
    for (let k = 0; k < 8; k++) reqs.push(request(agent, port, { path: `/hello?name=n${Math.floor(rand() * 50)}&pad=${'x'.repeat(Math.floor(rand() * 20))}` }));
    d.add(`batch:${batch}`, await Promise.all(reqs));
  }
  d.add('final', await request(agent, port, { path: '/items' }).then((x) => JSON.parse(x.body).size));
  agent.destroy();
  await new Promise((r) => server.close(r));
  d.add('appErrors', appErrors);
  console.log(appErrors.join('\n'));
  // koa's default error handler logs to stderr for 500s (not silent)
  d.print({ items: store.size, appErrors: appErrors.length });
  printStackLines(frames);
}
await main();
