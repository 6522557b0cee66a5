'use strict';
// axios 1 (CJS build; http adapter, interceptors, transformRequest/Response,
// AxiosError, AxiosHeaders, cancellation with AbortController) against a local
// node:http server this driver starts and closes: JSON round trips, query
// params, status errors, timeouts, redirects, streams.
const http = require('node:http');
const axios = require('axios');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(2025);

function startServer() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (url.pathname === '/echo') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, query: Object.fromEntries(url.searchParams), body: body ? JSON.parse(body) : null, h: req.headers['x-trace'] || null, ct: req.headers['content-type'] || null }));
      } else if (url.pathname === '/status') {
        res.statusCode = Number(url.searchParams.get('code'));
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ error: `status ${res.statusCode}` }));
      } else if (url.pathname === '/redirect') {
        res.statusCode = 302;
        res.setHeader('location', '/echo?from=redirect');
        res.end();
      } else if (url.pathname === '/slow') {
        setTimeout(() => { if (!res.destroyed) res.end('late'); }, 300);
      } else if (url.pathname === '/text') {
        res.setHeader('content-type', 'text/plain');
        res.end('x'.repeat(Number(url.searchParams.get('n'))));
      } else {
        res.statusCode = 404;
        res.end('nope');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const server = await startServer();
  const base = `http://127.0.0.1:${server.address().port}`;
  const d = new Digest('axios');
  const client = axios.create({ baseURL: base, headers: { 'x-trace': 'on' }, timeout: 2000 });
  let intercepted = 0;
  client.interceptors.request.use((config) => { intercepted++; config.headers.set('x-seq', String(intercepted)); return config; });
  client.interceptors.response.use((res) => { res.data = typeof res.data === 'object' ? { ...res.data, seen: true } : res.data; return res; }, (err) => Promise.reject(err));

  for (let i = 0; i < 150; i++) {
    const payload = { i, v: Math.floor(rand() * 1000), tags: Array.from({ length: Math.floor(rand() * 4) }, (_x, k) => `t${k}`) };
    const method = ['get', 'post', 'put', 'delete', 'patch'][i % 5];
    const res = method === 'get' || method === 'delete'
      ? await client[method]('/echo', { params: { i, q: payload.v, arr: payload.tags } })
      : await client[method]('/echo', payload);
    d.add(`req:${i}`, { status: res.status, data: res.data, ct: res.headers['content-type'] });
  }
  const codes = [400, 401, 404, 418, 500, 503];
  let frames = [];
  for (const code of codes) {
    try {
      await client.get('/status', { params: { code } });
    } catch (e) {
      d.add(`err:${code}`, { name: e.name, code: e.code, message: e.message, status: e.response.status, data: e.response.data, isAxios: axios.isAxiosError(e), json: Object.keys(e.toJSON()).sort() });
      if (code === 404) frames = stackLines(e);
    }
  }
  const ok = await client.get('/status', { params: { code: 404 }, validateStatus: () => true });
  d.add('validate', ok.status);
  const red = await client.get('/redirect');
  d.add('redirect', red.data);
  try {
    await client.get('/slow', { timeout: 50 });
  } catch (e) {
    d.add('timeout', { code: e.code, message: e.message });
  }
  const ac = new AbortController();
  const p = client.get('/slow', { signal: ac.signal });
  ac.abort();
  try { await p; } catch (e) { d.add('abort', { code: e.code, cancel: axios.isCancel(e), name: e.name }); }
  const text = await axios.get(`${base}/text`, { params: { n: 5000 }, responseType: 'text', transformResponse: [(data) => data.length] });
  d.add('transform', text.data);
  const stream = await axios.get(`${base}/text`, { params: { n: 20000 }, responseType: 'stream' });
  let streamed = 0;
  for await (const chunk of stream.data) streamed += chunk.length;
  d.add('stream', streamed);
  const h = new axios.AxiosHeaders({ 'Content-Type': 'a/b', 'X-A': '1' });
  h.set('x-b', '2');
  d.add('headers', { json: h.toJSON(), has: h.has('x-a'), str: h.toString() });
  d.add('uri', client.getUri({ url: '/x', params: { a: [1, 2], b: 'c d' } }).replace(base, 'BASE'));
  const all = await Promise.all([1, 2, 3].map((n) => axios.post(`${base}/echo`, { n })));
  d.add('all', all.map((r) => r.data.body));
  try { await axios.get(`${base}/missing`); } catch (e) { d.add('404', { status: e.response.status, data: e.response.data }); }
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  d.print({ intercepted });
  printStackLines(frames);
}
main();
