// hono 4 (ES modules; a router compiled into one RegExp, Web-standard Request/Response) driven by
// `app.request()` with no server: routes with params, wildcards and regexps, sub-apps by
// `app.route()`, middleware chains (before/after `await next()`), hono's own middleware (cors,
// etag, basic auth, secure headers, body limit, JWT sign/verify with a fixed secret), a validator,
// cookies, HTTPException with a custom response, `onError` and `notFound`, streaming bodies, JSX
// rendered without a compiler (hono/jsx's `jsx()`), and the RPC-style client driving the app
// through a custom fetch.
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';
import { basicAuth } from 'hono/basic-auth';
import { secureHeaders } from 'hono/secure-headers';
import { bodyLimit } from 'hono/body-limit';
import { validator } from 'hono/validator';
import { getCookie, setCookie } from 'hono/cookie';
import { sign, verify } from 'hono/jwt';
import { stream } from 'hono/streaming';
import { jsx, Fragment } from 'hono/jsx';
import { hc } from 'hono/client';

const require = createRequire(import.meta.url);
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('hono');
const rand = prng(8080);
const frames = [];
const trail = [];
const SECRET = 'fixed-secret-for-the-corpus';

const api = new Hono();
api.use('*', async (c, next) => { trail.push(`api>${c.req.method} ${c.req.path}`); await next(); c.header('x-api', '1'); trail.push(`api<${c.res.status}`); });
api.get('/users/:id{[0-9]+}', (c) => c.json({ id: Number(c.req.param('id')), q: c.req.queries('tag') || [] }));
api.get('/users/:name', (c) => c.json({ name: c.req.param('name') }, 202));
api.post('/users', validator('json', (value, c) => {
  if (typeof value.name !== 'string' || value.name.length < 2) return c.json({ error: 'name too short', got: value }, 422);
  return { name: value.name.trim(), age: Number(value.age) || null };
}), (c) => c.json({ created: c.req.valid('json') }, 201));
api.get('/files/*', (c) => c.text(`file:${c.req.path.slice('/api/files/'.length)}`));

const app = new Hono({ strict: false });
app.use('*', async (c, next) => {
  const started = trail.length;
  await next();
  c.header('x-trail', String(trail.length - started));
});
app.use('*', secureHeaders({ xFrameOptions: 'DENY', contentSecurityPolicy: { defaultSrc: ["'self'"] } }));
app.use('/api/*', cors({ origin: (o) => (o.endsWith('.test') ? o : null), allowMethods: ['GET', 'POST'], exposeHeaders: ['x-api'] }));
app.use('/etag/*', etag());
app.use('/admin/*', basicAuth({ username: 'ada', password: 'lovelace' }));
app.use('/upload', bodyLimit({ maxSize: 64, onError: (c) => c.text('too large', 413) }));
app.route('/api', api);
app.get('/etag/:n', (c) => c.text('x'.repeat(Number(c.req.param('n')))));
app.get('/admin/panel', (c) => c.text('panel'));
app.post('/upload', async (c) => c.json({ size: (await c.req.text()).length }));
app.get('/cookie', (c) => {
  const seen = getCookie(c, 'visits');
  setCookie(c, 'visits', String(Number(seen || 0) + 1), { path: '/', httpOnly: true, sameSite: 'Strict', maxAge: 60 });
  return c.text(`seen ${seen ?? 'never'}`);
});
app.get('/token/:sub', async (c) => c.text(await sign({ sub: c.req.param('sub'), role: 'user', exp: 4102444800 }, SECRET)));
app.get('/me', async (c) => {
  const auth = c.req.header('authorization') || '';
  const payload = await verify(auth.replace(/^Bearer /, ''), SECRET, 'HS256');
  return c.json(payload);
});
app.get('/teapot', () => { throw new HTTPException(418, { message: 'short and stout', res: new Response('custom teapot body', { status: 418, headers: { 'x-custom': 'yes' } }) }); });
app.get('/forbidden', () => { throw new HTTPException(403, { message: 'not you', cause: new Error('inner cause') }); });
app.get('/crash', () => { JSON.parse('{bad json'); });
app.get('/async-crash', async () => { await Promise.resolve(); throw new RangeError('async crash'); });
app.get('/stream', (c) => stream(c, async (s) => {
  for (let i = 0; i < 5; i++) { await s.write(`chunk${i};`); await s.sleep(0); }
}));
app.get('/page/:n', (c) => {
  const n = Number(c.req.param('n'));
  const items = Array.from({ length: n }, (_, i) => jsx('li', { class: i % 2 ? 'odd' : 'even', key: i }, `item ${i} <${Math.floor(rand() * 100)}>`));
  const Layout = ({ title, children }) => jsx('html', null, jsx('head', null, jsx('title', null, title)), jsx('body', null, children));
  return c.html(jsx(Layout, { title: `page ${n}` }, jsx(Fragment, null, jsx('h1', null, 'Items'), jsx('ul', null, ...items), jsx('p', { dangerouslySetInnerHTML: { __html: '<b>raw</b>' } }))));
});
app.notFound((c) => c.json({ notFound: c.req.path }, 404));
app.onError((err, c) => {
  frames.push(...stackLines(err));
  if (err instanceof HTTPException) {
    const res = err.getResponse();
    res.headers.set('x-handled', 'http');
    return res;
  }
  return c.json({ error: err.name, message: err.message }, 500);
});

async function show(label, res) {
  const headers = [...res.headers.entries()].filter(([k]) => !['date'].includes(k)).sort();
  d.add(label, { status: res.status, headers, body: await res.text() });
}

const token = await (await app.request('/token/ada')).text();
const requests = [
  ['/api/users/42?tag=a&tag=b', { headers: { origin: 'https://site.test' } }],
  ['/api/users/grace'],
  ['/api/users', { method: 'POST', body: JSON.stringify({ name: '  Ada ', age: '36' }), headers: { 'content-type': 'application/json' } }],
  ['/api/users', { method: 'POST', body: JSON.stringify({ name: 'A' }), headers: { 'content-type': 'application/json' } }],
  ['/api/users', { method: 'OPTIONS', headers: { origin: 'https://site.test', 'access-control-request-method': 'POST' } }],
  ['/api/files/a/b/c.txt'],
  ['/etag/10'], ['/etag/10', { headers: { 'if-none-match': '"placeholder"' } }],
  ['/admin/panel'], ['/admin/panel', { headers: { authorization: `Basic ${Buffer.from('ada:lovelace').toString('base64')}` } }],
  ['/admin/panel', { headers: { authorization: `Basic ${Buffer.from('ada:wrong').toString('base64')}` } }],
  ['/upload', { method: 'POST', body: 'small' }], ['/upload', { method: 'POST', body: 'x'.repeat(200) }],
  ['/cookie'], ['/cookie', { headers: { cookie: 'visits=4' } }],
  ['/me', { headers: { authorization: `Bearer ${token}` } }], ['/me', { headers: { authorization: 'Bearer not.a.jwt' } }],
  ['/teapot'], ['/forbidden'], ['/crash'], ['/async-crash'], ['/stream'], ['/page/3'], ['/page/12'], ['/nowhere/at/all'],
];
for (const [i, [url, init]] of requests.entries()) await show(`req:${i}:${url}`, await app.request(url, init));
// the etag of the first answer, sent back
const first = await app.request('/etag/10');
await show('etag:304', await app.request('/etag/10', { headers: { 'if-none-match': first.headers.get('etag') } }));

// the typed client, its fetch going straight to the app
const client = hc('http://local.test/api', { fetch: (input, init) => app.fetch(new Request(input, init)) });
const r1 = await client.users[':id'].$get({ param: { id: '7' }, query: { tag: ['x'] } });
const r2 = await client.users.$post({ json: { name: 'Linus', age: 54 } });
d.add('client', [r1.status, await r1.json(), r2.status, await r2.json(), client.users[':id'].$url({ param: { id: '9' } }).href]);

d.add('routes', app.routes.map((r) => [r.method, r.path]));
d.add('trail', trail);
try {
  await verify(token.slice(0, -3) + 'AAA', SECRET, 'HS256');
} catch (err) {
  frames.push(...stackLines(err));
  d.add('jwt:bad', [err.name, err.message]);
}
d.print();
printStackLines(frames);
