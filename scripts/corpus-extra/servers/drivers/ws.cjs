'use strict';
// ws (CJS): a local WebSocketServer on port 0 (with a verifyClient callback,
// per-message deflate, subprotocol selection) and clients exchanging text and
// binary messages, fragmented sends, ping/pong, broadcast, server-side close
// codes, a rejected handshake (error + stack lines), then everything closes.
const { WebSocketServer, WebSocket } = require('ws');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('ws');
const rand = prng(99);
const events = [];

const wss = new WebSocketServer({
  port: 0, host: '127.0.0.1',
  perMessageDeflate: { threshold: 64 },
  handleProtocols: (protocols) => (protocols.has('v2') ? 'v2' : false),
  verifyClient: (info, cb) => (info.req.headers['x-deny'] ? cb(false, 401, 'Denied') : cb(true)),
});

let clientSeq = 0;
wss.on('connection', (socket, req) => {
  const id = ++clientSeq;
  events.push(`server:connection ${id} ${socket.protocol} ${req.url}`);
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      const buf = Buffer.from(data);
      socket.send(Buffer.from(buf.map((b) => 255 - b)), { binary: true });
    } else {
      const text = data.toString();
      if (text === 'broadcast') {
        for (const c of wss.clients) c.send(`broadcast from ${id}`);
      } else if (text === 'close-me') {
        socket.close(4001, 'asked to close');
      } else {
        socket.send(JSON.stringify({ echo: text.length > 40 ? text.slice(0, 40) + '…' : text, len: text.length, upper: text.toUpperCase().slice(0, 8) }));
      }
    }
  });
  socket.on('ping', (p) => events.push(`server:ping ${id} ${p.toString()}`));
  socket.on('close', (code, reason) => events.push(`server:close ${id} ${code} ${reason.toString()}`));
});

function once(emitter, ev) { return new Promise((resolve) => emitter.once(ev, (...a) => resolve(a))); }

async function session(n, url) {
  const ws = new WebSocket(`${url}/room/${n}`, ['v1', 'v2'], { perMessageDeflate: n % 2 === 0 });
  const got = [];
  ws.on('message', (data, isBinary) => got.push(isBinary ? `bin:${Buffer.from(data).toString('hex').slice(0, 32)}` : `txt:${data.toString()}`));
  ws.on('pong', (p) => got.push(`pong:${p.toString()}`));
  await once(ws, 'open');
  d.add(`open${n}`, { protocol: ws.protocol, ext: ws.extensions, state: ws.readyState });
  const sends = 10 + Math.floor(rand() * 10);
  for (let i = 0; i < sends; i++) {
    const r = rand();
    if (r < 0.5) ws.send(`msg ${n}.${i} ` + 'abc'.repeat(Math.floor(rand() * 60)));
    else if (r < 0.8) ws.send(Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 256))));
    else { ws.send('frag-a ', { fin: false }); ws.send('frag-b', { fin: true }); }
    await once(ws, 'message');
  }
  ws.ping(`p${n}`);
  await once(ws, 'pong');
  ws.send('close-me');
  const [code, reason] = await once(ws, 'close');
  d.add(`session${n}`, { got, code, reason: reason.toString() });
}

let caught;
(async () => {
  await once(wss, 'listening');
  const url = `ws://127.0.0.1:${wss.address().port}`;
  for (let n = 0; n < 8; n++) await session(n, url);

  // Two clients at once, one asks for a broadcast.
  const a = new WebSocket(`${url}/a`, 'v2');
  const b = new WebSocket(`${url}/b`, 'v2');
  await Promise.all([once(a, 'open'), once(b, 'open')]);
  const bGot = once(b, 'message');
  const aGot = once(a, 'message');
  a.send('broadcast');
  d.add('broadcast', [(await aGot)[0].toString(), (await bGot)[0].toString()]);
  a.close(1000, 'bye a');
  b.terminate();
  await Promise.all([once(a, 'close'), once(b, 'close')]);

  // A rejected handshake.
  const denied = new WebSocket(url, { headers: { 'x-deny': '1' } });
  const deniedClosed = once(denied, 'close');
  const [err] = await once(denied, 'error');
  caught = err;
  d.add('denied', err.message);
  await deniedClosed;

  try { new WebSocket('not a url'); } catch (e) { d.add('badUrl', { name: e.name, message: e.message }); }

  await new Promise((resolve) => wss.close(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  d.add('events', events.sort());
  d.print({ events: events.length, clients: clientSeq });
  printStackLines(stackLines(caught));
})().catch((e) => { console.error(e); process.exitCode = 1; });
