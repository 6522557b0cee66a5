'use strict';
// node:cluster (CJS): the primary forks 2 workers running this same file; each worker starts an HTTP
// server on its own port (exclusive), tells the primary, serves one request (a body computed from the
// request), closes and exits with its own code; the primary collects the responses, the workers'
// messages and their exit codes, sorted by worker id. Only the primary prints.
const cluster = require('node:cluster');
const http = require('node:http');

function checksum(text) {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
  return h.toString(16);
}

function renderPage(id, url) {
  const words = url.split('/').filter(Boolean);
  return JSON.stringify({ worker: id, words, checksum: checksum(url), reversed: words.map((w) => [...w].reverse().join('')) });
}

if (cluster.isWorker) {
  const id = cluster.worker.id;
  const server = http.createServer((req, res) => {
    const body = renderPage(id, req.url);
    res.writeHead(200, { 'content-type': 'application/json', 'x-worker': String(id) });
    res.end(body, () => {
      server.close(() => {
        process.send({ served: req.url, by: id }, () => process.exit(10 + id));
      });
    });
  });
  server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
    process.send({ port: server.address().port, id });
  });
} else {
  const { Digest, printStackLines, stackLines } = require('./_util.cjs');
  const d = new Digest('cluster');
  const results = [];
  const messages = [];
  const exits = [];
  const ports = [];
  const get = (port, path) => new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, worker: res.headers['x-worker'], body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
  });

  cluster.setupPrimary({ silent: false });
  let listening = 0;
  const started = [];
  cluster.on('fork', (worker) => started.push(worker.id));
  cluster.on('exit', (worker, code, signal) => {
    exits.push({ id: worker.id, code, signal, exitedAfterDisconnect: worker.exitedAfterDisconnect });
    if (exits.length === 2) finish();
  });
  for (let i = 0; i < 2; i++) {
    const worker = cluster.fork({ CLUSTER_ROLE: `worker-${i + 1}` });
    worker.on('message', (m) => {
      if (m.port !== undefined) {
        listening++;
        ports.push(m.port);
        get(m.port, `/orders/${m.id}/items/alpha-${m.id * 7}`).then((r) => results.push(r), (e) => results.push({ error: e.message }));
      } else messages.push(m);
    });
  }

  function finish() {
    const byId = (a, b) => (a.id ?? a.by ?? a.worker) - (b.id ?? b.by ?? b.worker);
    d.add('started', started.sort());
    d.add('listening', listening);
    d.add('responses', results.sort((a, b) => Number(a.worker) - Number(b.worker)));
    d.add('messages', messages.sort(byId));
    d.add('exits', exits.sort(byId));
    d.add('workers-left', Object.keys(cluster.workers).length);
    // a request to a worker that is gone: the error's stack is the primary's
    get(ports[0], '/late').then(() => d.add('late', 'answered'), (err) => {
      d.add('late', err.code);
      let caught;
      try {
        readBody('{"truncated": ');
      } catch (e) {
        caught = e;
        d.add('bad-body', e.name);
      }
      d.print();
      printStackLines(stackLines(caught));
    });
  }
  function readBody(text) {
    return JSON.parse(text);
  }
}

