'use strict';
// socket.io + socket.io-client 4 (CJS; engine.io transports over a local HTTP
// server (polling upgraded to websocket via ws), namespaces, middleware with
// errors, rooms and broadcasts, acknowledgements with timeouts, binary
// payloads, the packet encoder/decoder, emitter classes everywhere): several
// clients exchange seeded messages with the server, in a fixed order.
const http = require('node:http');
const { Server } = require('socket.io');
const { io } = require('socket.io-client');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(7070);
const d = new Digest('socket-io');
const serverLog = [];
let frames = [];

function once(emitter, ev) { return new Promise((r) => emitter.once(ev, r)); }

async function main() {
  const httpServer = http.createServer();
  const ioServer = new Server(httpServer, { serveClient: false, pingInterval: 60000, pingTimeout: 60000, maxHttpBufferSize: 1e6 });
  httpServer.listen(0, '127.0.0.1');
  await once(httpServer, 'listening');
  const url = `http://127.0.0.1:${httpServer.address().port}`;

  // middleware: a token is required; one client is refused with data
  ioServer.use((socket, next) => {
    const token = socket.handshake.auth && socket.handshake.auth.token;
    if (token === 'bad') {
      const err = new Error('not authorized');
      err.data = { reason: 'bad token' };
      return next(err);
    }
    socket.data.user = token;
    next();
  });

  const counts = new Map();
  ioServer.on('connection', (socket) => {
    serverLog.push(`connect ${socket.data.user}`);
    socket.on('join', (room, ack) => { socket.join(room); ack({ joined: room, rooms: [...socket.rooms].filter((r) => r !== socket.id).sort() }); });
    socket.on('say', (room, text) => { counts.set(room, (counts.get(room) || 0) + 1); socket.to(room).emit('said', { from: socket.data.user, room, text }); });
    socket.on('sum', (nums, ack) => ack(null, nums.reduce((a, b) => a + b, 0)));
    socket.on('bin', (buf, ack) => ack(Buffer.from(buf).reverse(), buf.length));
    socket.on('fail', (ack) => {
      try { JSON.parse('{broken'); } catch (e) { if (!frames.length) frames = stackLines(e); ack({ error: `${e.name}` }); }
    });
    socket.on('slow', (_x, _ack) => { /* never acks: the client times out */ });
    socket.on('disconnect', (reason) => serverLog.push(`disconnect ${socket.data.user} ${reason}`));
  });

  const admin = ioServer.of('/admin');
  admin.use((socket, next) => (socket.handshake.auth.token === 'root' ? next() : next(new Error('admins only'))));
  admin.on('connection', (socket) => {
    socket.on('stats', async (ack) => {
      const sockets = await ioServer.fetchSockets();
      ack({ sockets: sockets.length, rooms: Object.fromEntries([...counts].sort()) });
    });
  });

  const names = ['ann', 'bob', 'cyd', 'dee'];
  const clients = [];
  for (const [i, name] of names.entries()) {
    const c = io(url, { auth: { token: name }, transports: i % 2 ? ['websocket'] : ['polling', 'websocket'], reconnection: false, forceNew: true });
    c.received = [];
    c.on('said', (m) => c.received.push(`${m.from}@${m.room}:${m.text}`));
    await once(c, 'connect');
    clients.push(c);
  }
  // refused by middleware
  const refused = io(url, { auth: { token: 'bad' }, reconnection: false, forceNew: true });
  const refusal = await once(refused, 'connect_error');
  d.add('refused', [refusal.message, refusal.data]);
  refused.close();
  const adminRefused = io(`${url}/admin`, { auth: { token: 'ann' }, reconnection: false, forceNew: true });
  d.add('adminRefused', (await once(adminRefused, 'connect_error')).message);
  adminRefused.close();

  const rooms = ['red', 'blue'];
  for (const c of clients) for (const r of rooms) if (rand() < 0.7) d.add('join', await c.emitWithAck('join', r));

  // seeded chat: each message awaits a round trip so delivery order is fixed
  for (let i = 0; i < 300; i++) {
    const c = clients[Math.floor(rand() * clients.length)];
    const room = rooms[Math.floor(rand() * rooms.length)];
    c.emit('say', room, `m${i}-${'x'.repeat(Math.floor(rand() * 30))}`);
    const nums = Array.from({ length: 1 + Math.floor(rand() * 10) }, () => Math.floor(rand() * 100));
    d.add(`sum:${i}`, await c.emitWithAck('sum', nums));
    if (i % 25 === 0) {
      const buf = Buffer.from(Array.from({ length: 64 + i }, (_x, k) => (k * 7 + i) & 255));
      const [rev, len] = await new Promise((r) => c.emit('bin', buf, (a, b) => r([a, b])));
      d.add(`bin:${i}`, [Buffer.from(rev).toString('hex').slice(0, 40), len]);
    }
  }
  // every client has all messages in the same order after a final round trip
  await Promise.all(clients.map((c) => c.emitWithAck('sum', [0])));
  for (const c of clients) d.add(`received:${c.auth.token}`, c.received);

  d.add('fail', await clients[0].emitWithAck('fail'));
  try {
    await clients[1].timeout(50).emitWithAck('slow', 1);
  } catch (e) {
    d.add('timeout', e.message);
    console.log(`timeout: ${e.message}`);
  }
  const adm = io(`${url}/admin`, { auth: { token: 'root' }, reconnection: false, forceNew: true });
  await once(adm, 'connect');
  d.add('stats', await adm.emitWithAck('stats'));
  adm.close();

  // server-side broadcast with acks from every client
  for (const c of clients) c.on('ping-all', (n, ack) => ack(`${c.auth.token}:${n * 2}`));
  const replies = await ioServer.timeout(2000).emitWithAck('ping-all', 21);
  d.add('broadcastAcks', replies.sort());

  for (const c of clients) {
    const gone = once(c, 'disconnect');
    c.disconnect();
    await gone;
  }
  await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => ioServer.close(() => r()));
  d.add('serverLog', serverLog.slice().sort());
  console.log(serverLog.slice().sort().join('\n'));
  d.print({ clients: clients.length });
  printStackLines(frames);
}
main().catch((e) => { console.error(e); process.exit(1); });
