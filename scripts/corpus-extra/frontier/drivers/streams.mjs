// Node streams and the APIs around them (ESM): pipeline() through async generator transforms and a
// Transform in object mode, backpressure (write() returning false, 'drain') on a slow Writable with a
// small highWaterMark, Readable.from and async iteration, readline over a stream, zlib (gzip, deflate,
// brotli; sync and streamed in fixed chunks), crypto (hash, hmac, AES-GCM with a fixed key and iv,
// scrypt, pbkdf2, hkdf with fixed salts), timers/promises (setTimeout with a value, setInterval as an
// async iterator), AbortController and AbortSignal.any aborting a pipeline and a timer, events.on with
// a signal, and the errors a failing stage sends through the pipeline.
import { Readable, Writable, Transform, PassThrough, pipeline as pipelineCb } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import readline from 'node:readline';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { setTimeout as sleep, setInterval as every, setImmediate as nextImmediate } from 'node:timers/promises';
import { on, EventEmitter } from 'node:events';
import { promisify } from 'node:util';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const d = new Digest('streams');
const frames = [];
const rand = prng(4242);
const words = Array.from({ length: 4000 }, () => 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do'.split(' ')[Math.floor(rand() * 10)]);
const text = words.map((w, i) => (i % 12 === 11 ? `${w}\n` : `${w} `)).join('');

// pipeline: source → async generator → object-mode Transform → collecting Writable
const counts = new Map();
class Counter extends Transform {
  constructor() { super({ readableObjectMode: true, writableObjectMode: true }); this.seen = 0; }
  _transform(line, _enc, cb) { this.seen++; cb(null, { line: this.seen, words: line.split(' ').filter(Boolean).length }); }
  _flush(cb) { this.push({ total: this.seen }); cb(); }
}
const collected = [];
await pipeline(
  Readable.from([text]),
  async function* (source) { let rest = ''; for await (const chunk of source) { const parts = (rest + chunk).split('\n'); rest = parts.pop(); yield* parts; } if (rest) yield rest; },
  new Counter(),
  new Writable({ objectMode: true, write(obj, _e, cb) { collected.push(obj); cb(); } }),
);
for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
d.add('pipeline', [collected.length, collected.slice(0, 5), collected.at(-1), [...counts].sort()]);

// backpressure
const writes = [];
let drains = 0;
const slow = new Writable({ highWaterMark: 64, write(chunk, _e, cb) { writes.push(chunk.length); setImmediate(cb); } });
slow.on('drain', () => drains++);
let refused = 0;
for (let i = 0; i < 40; i++) {
  if (!slow.write(Buffer.alloc(16 + (i % 7), i))) { refused++; await new Promise((r) => slow.once('drain', r)); }
}
await new Promise((r) => slow.end(r));
d.add('backpressure', [refused, drains, writes.length, writes.reduce((a, b) => a + b, 0), slow.writableFinished]);

// readline over a PassThrough fed in odd-sized chunks
const pass = new PassThrough();
const rl = readline.createInterface({ input: pass, crlfDelay: Infinity });
const lines = [];
const reading = (async () => { for await (const line of rl) lines.push(line.length); })();
for (let i = 0; i < text.length; i += 333) pass.write(text.slice(i, i + 333).replace(/\n/g, i % 2 ? '\r\n' : '\n'));
pass.end();
await reading;
d.add('readline', [lines.length, lines.slice(0, 20)]);

// zlib
const input = Buffer.from(text);
const gz = zlib.gzipSync(input, { level: 6 });
const br = zlib.brotliCompressSync(input, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
const df = await promisify(zlib.deflate)(input);
const chunks = [];
await pipeline(Readable.from((function* () { for (let i = 0; i < input.length; i += 1000) yield input.subarray(i, i + 1000); })()), zlib.createGzip({ level: 1 }), zlib.createGunzip(), new Writable({ write(c, _e, cb) { chunks.push(c); cb(); } }));
d.add('zlib', [crypto.createHash('sha256').update(gz).digest('hex'), br.length, df.length, zlib.gunzipSync(gz).equals(input), zlib.brotliDecompressSync(br).equals(input), zlib.inflateSync(df).equals(input), Buffer.concat(chunks).equals(input)]);
try { zlib.gunzipSync(Buffer.from('not gzip at all')); } catch (e) { d.add('zlib:error', [e.code, e.errno, e.message]); frames.push(...stackLines(e)); }

// crypto with fixed inputs
const key = crypto.createHash('sha256').update('fixed key').digest();
const iv = Buffer.alloc(12, 7);
const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
cipher.setAAD(Buffer.from('header'));
const sealed = Buffer.concat([cipher.update(input.subarray(0, 500)), cipher.final()]);
const tag = cipher.getAuthTag();
const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
decipher.setAAD(Buffer.from('header'));
decipher.setAuthTag(tag);
const opened = Buffer.concat([decipher.update(sealed), decipher.final()]);
const tampered = crypto.createDecipheriv('aes-256-gcm', key, iv);
tampered.setAuthTag(Buffer.alloc(16));
try { tampered.update(sealed); tampered.final(); } catch (e) { d.add('crypto:error', e.message); frames.push(...stackLines(e)); }
const scrypted = await promisify(crypto.scrypt)('password', 'salt-0001', 32, { N: 1024, r: 8, p: 1 });
d.add('crypto', [
  crypto.createHmac('sha512', key).update(text).digest('base64'),
  sealed.toString('hex').slice(0, 64), tag.toString('hex'), opened.equals(input.subarray(0, 500)),
  scrypted.toString('hex'), crypto.pbkdf2Sync('pw', 'salt', 1000, 24, 'sha256').toString('hex'),
  Buffer.from(crypto.hkdfSync('sha256', key, 'salt', 'info', 16)).toString('hex'),
  crypto.createHash('md5').update('').digest('hex'), crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')),
]);

// timers/promises and aborts
const order = [];
const v = await sleep(2, 'slept');
order.push(v, await nextImmediate('immediate value'));
let ticks = 0;
for await (const t of every(3, 'tick')) { order.push(`${t} ${++ticks}`); if (ticks === 3) break; }
const ac = new AbortController();
const any = AbortSignal.any ? AbortSignal.any([ac.signal, new AbortController().signal]) : ac.signal;
const pending = sleep(10_000, null, { signal: any }).catch((e) => { order.push([e.name, e.code, String(any.reason)]); });
ac.abort(new Error('stopped by the driver'));
await pending;
const ee = new EventEmitter();
const stopper = new AbortController();
const got = [];
const listening = (async () => { try { for await (const [x] of on(ee, 'data', { signal: stopper.signal })) got.push(x); } catch (e) { got.push(e.name); } })();
await nextImmediate();
for (const x of ['a', 'b', 'c']) ee.emit('data', x);
await nextImmediate();
stopper.abort();
await listening;
order.push(got);
const aborter = new AbortController();
const endless = new Readable({ read() { this.push('x'.repeat(10)); } });
const aborted = pipeline(endless, new Writable({ write(_c, _e, cb) { setImmediate(cb); } }), { signal: aborter.signal }).catch((e) => e.name);
setTimeout(() => aborter.abort(), 5);
order.push(await aborted);
d.add('timers', order);

// a failing stage's error through pipeline (callback form)
const failure = await new Promise((resolve) => {
  pipelineCb(
    Readable.from(['1', '2', 'three', '4']),
    new Transform({ objectMode: true, transform(chunk, _e, cb) { const n = Number(chunk); if (Number.isNaN(n)) cb(new TypeError(`not a number: ${chunk}`)); else cb(null, n * 2); } }),
    new Writable({ objectMode: true, write(_c, _e, cb) { cb(); } }),
    (err) => resolve(err),
  );
});
d.add('pipeline:error', [failure.name, failure.message]);
frames.push(...stackLines(failure));
d.print();
printStackLines(frames);
