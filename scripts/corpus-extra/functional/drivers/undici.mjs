// undici 7 (ESM importing a CJS package; an HTTP/1.1 client with its own
// parser (llhttp in WebAssembly), Pool/Agent/Client dispatchers, fetch with
// web streams and Headers/Request/Response classes, interceptors
// (retry/redirect), MockAgent, errors as UndiciError subclasses): against a
// local node:http server started and closed by the driver, run seeded
// requests with request(), stream(), pipeline(), fetch() with JSON and
// streamed bodies, keep-alive on a Pool, redirects, retries of a flaky
// route, a MockAgent, and catch errors (timeouts, aborted requests, bad
// status) with their stacks.
import http from 'node:http';
import { Writable, Readable } from 'node:stream';
import { request, stream, pipeline, fetch, Pool, Agent, Client, MockAgent, interceptors, errors as uerrors, Headers, FormData } from 'undici';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(8080);
const d = new Digest('undici');

let flaky = 0;
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const body = [];
  for await (const c of req) body.push(c);
  const text = Buffer.concat(body).toString();
  if (url.pathname === '/echo') {
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-count', String(text.length));
    res.end(JSON.stringify({ method: req.method, path: url.pathname, q: Object.fromEntries(url.searchParams), len: text.length, sum: [...text].reduce((a, ch) => a + ch.charCodeAt(0), 0), ct: req.headers['content-type'] || null }));
  } else if (url.pathname === '/chunks') {
    const n = Number(url.searchParams.get('n'));
    for (let i = 0; i < n; i++) { res.write(`chunk ${i};`); await new Promise((r) => setImmediate(r)); }
    res.end('done');
  } else if (url.pathname === '/redirect') {
    res.statusCode = 302; res.setHeader('location', '/echo?from=redirect'); res.end();
  } else if (url.pathname === '/flaky') {
    flaky++;
    if (flaky % 3 !== 0) { res.statusCode = 503; res.setHeader('retry-after', '0'); res.end('busy'); } else res.end(`ok after ${flaky}`);
  } else if (url.pathname === '/slow') {
    setTimeout(() => res.end('late'), 500);
  } else if (url.pathname === '/status') {
    res.statusCode = Number(url.searchParams.get('code')); res.end(`status ${res.statusCode}`);
  } else { res.statusCode = 404; res.end('not found'); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

// request() on a Pool with keep-alive; bodies as strings, buffers and async iterables.
const pool = new Pool(origin, { connections: 4, pipelining: 1 });
const results = [];
for (let i = 0; i < 120; i++) {
  const kind = i % 3;
  const payload = Array.from({ length: Math.floor(rand() * 2000) }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join('');
  const body = kind === 0 ? payload : kind === 1 ? Buffer.from(payload) : (async function* gen() { for (let k = 0; k < payload.length; k += 500) yield payload.slice(k, k + 500); })();
  const { statusCode, headers, body: resBody } = await pool.request({ path: `/echo?i=${i}&k=${kind}`, method: 'POST', body, headers: { 'content-type': 'text/plain' } });
  results.push([statusCode, headers['x-count'], await resBody.json()]);
}
d.add('pool', results);

// Concurrency: many requests at once, answered in any order, recorded sorted.
const many = await Promise.all(Array.from({ length: 40 }, (_x, i) => request(`${origin}/echo?p=${i}`, { dispatcher: pool }).then(async (r) => `${i}:${r.statusCode}:${(await r.body.json()).q.p}`)));
d.add('parallel', many.sort());

// stream() and pipeline() into local streams.
const streamed = [];
await stream(`${origin}/chunks?n=30`, { opaque: streamed }, ({ opaque }) => new Writable({ write(c, _e, cb) { opaque.push(c.toString()); cb(); } }));
d.add('stream', streamed.join(''));
const piped = [];
await new Promise((resolve, reject) => {
  Readable.from(['pipeline ', 'body ', 'parts'])
    .pipe(pipeline(`${origin}/echo?via=pipeline`, { method: 'PUT' }, ({ body }) => body))
    .on('data', (c) => piped.push(c.toString()))
    .on('end', resolve)
    .on('error', reject);
});
d.add('pipeline', piped.join(''));

// fetch(): JSON, FormData, a streamed response read with for await, Headers.
const agent = new Agent({ keepAliveTimeout: 100 });
const f1 = await fetch(`${origin}/echo?f=1`, { method: 'POST', body: JSON.stringify({ a: 1 }), headers: new Headers({ 'content-type': 'application/json' }), dispatcher: agent });
const fd = new FormData();
fd.append('name', 'value');
fd.append('file', new Blob(['blob content']), 'b.txt');
const f2 = await fetch(`${origin}/echo?f=2`, { method: 'POST', body: fd, dispatcher: agent });
const f2json = await f2.json();
const f3 = await fetch(`${origin}/chunks?n=10`, { dispatcher: agent });
const parts = [];
for await (const c of f3.body) parts.push(Buffer.from(c).toString());
const redirected = await fetch(`${origin}/redirect`, { dispatcher: agent });
d.add('fetch', [f1.status, [...f1.headers.keys()].filter((k) => k !== 'date'), await f1.json(), f2json.ct.split(';')[0], f2json.len > 0, parts.join(''), redirected.redirected, await redirected.json()]);

// Interceptors: retry a flaky route; redirect through the dispatcher.
const retrying = new Agent().compose(interceptors.retry({ maxRetries: 4, minTimeout: 5, maxTimeout: 20, timeoutFactor: 1, statusCodes: [503] }), interceptors.redirect({ maxRedirections: 2 }));
const flakyResults = [];
for (let i = 0; i < 3; i++) {
  const r = await request(`${origin}/flaky`, { dispatcher: retrying });
  flakyResults.push(`${r.statusCode}:${await r.body.text()}`);
}
const rr = await request(`${origin}/redirect`, { dispatcher: retrying });
d.add('interceptors', [flakyResults, rr.statusCode, await rr.body.json()]);

// MockAgent with intercepts, no network.
const mock = new MockAgent();
mock.disableNetConnect();
const mp = mock.get('http://mocked.test');
mp.intercept({ path: '/a', method: 'GET' }).reply(200, { mocked: true }, { headers: { 'content-type': 'application/json' } });
mp.intercept({ path: (p) => p.startsWith('/b'), method: 'POST' }).reply(201, (opts) => `echo ${opts.body}`).times(2);
const m1 = await request('http://mocked.test/a', { dispatcher: mock });
const m2 = await request('http://mocked.test/b1', { method: 'POST', body: 'x', dispatcher: mock });
d.add('mock', [m1.statusCode, await m1.body.json(), m2.statusCode, await m2.body.text()]);
console.log(`pool=${results.length} parallel=${many.length} stream=${streamed.join('').length} flaky=${flakyResults.join(',')}`);

// Errors: a Client destroyed while a request waits, an aborted request, a mock with no
// intercept left, a bad URL, an HTTP error status turned into a throw.
const errors = [];
const frames = [];
const client = new Client(origin);
for (const bad of [
  () => { const p = client.request({ path: '/slow', method: 'GET' }); setTimeout(() => client.destroy(), 10); return p; },
  () => { const ac = new AbortController(); const p = request(`${origin}/slow`, { signal: ac.signal, dispatcher: pool }); setTimeout(() => ac.abort(new Error('driver aborted')), 10); return p; },
  () => request('http://mocked.test/a', { dispatcher: mock }),
  () => request('not a url'),
  async () => { const r = await fetch(`${origin}/status?code=418`, { dispatcher: agent }); if (!r.ok) throw new Error(`HTTP ${r.status}: ${await r.text()}`); },
]) {
  try { await bad(); errors.push('no error'); } catch (e) {
    errors.push(`${e.name}: ${e.message}${e.code ? ` [${e.code}]` : ''}${e instanceof uerrors.UndiciError ? ' (UndiciError)' : ''}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
await Promise.all([pool.close(), agent.close(), retrying.close(), mock.close()]);
server.closeAllConnections();
await new Promise((r) => server.close(r));
d.print({ requests: results.length + many.length });
printStackLines(frames);
