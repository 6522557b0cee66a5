'use strict';
// pako 3 (CJS; a port of zlib: deflate/inflate state machines over typed
// arrays, Huffman trees built per block, the Deflate/Inflate stream classes
// with onData/onEnd callbacks, gzip headers, dictionaries, raw streams):
// compress seeded text and binary at every level and strategy, compare with
// node:zlib's inflate (so both must agree), stream in chunks through the
// classes (with a subclass overriding onData), gzip with a header, a preset
// dictionary, and the errors of corrupt input.
const pako = require('pako');
const zlib = require('node:zlib');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(8675309);
const d = new Digest('pako');
const words = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog', 'ünïcode', '\n'];
const text = (n) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
const noise = (n) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));

const inputs = [text(20000), text(300), '', 'a'.repeat(50000)].map((s) => new TextEncoder().encode(s)).concat([noise(20000), noise(10)]);
let agree = 0;
let checks = 0;
for (const [i, input] of inputs.entries()) {
  for (let level = 0; level <= 9; level += 3) {
    for (const strategy of [0, 1, 2, 3, 4]) {
      const out = pako.deflate(input, { level, strategy, memLevel: 1 + ((level + strategy) % 9) });
      d.add(`deflate:${i}:${level}:${strategy}`, Buffer.from(out).toString('base64').slice(0, 400) + `:${out.length}`);
      const back = zlib.inflateSync(out);
      checks++;
      if (Buffer.compare(back, Buffer.from(input)) === 0) agree++;
    }
  }
  const raw = pako.deflateRaw(input, { level: 6, windowBits: 9 });
  const gz = pako.gzip(input, { header: { name: `input${i}.txt`, comment: 'from pako', time: 1700000000, os: 3, extra: [1, 2, 3], hcrc: true } });
  d.add(`raw:${i}`, [raw.length, Buffer.from(pako.inflateRaw(raw, { windowBits: 9 })).equals(Buffer.from(input))]);
  d.add(`gzip:${i}`, [Buffer.from(gz).toString('base64').slice(0, 200), gz.length, Buffer.from(zlib.gunzipSync(gz)).equals(Buffer.from(input))]);
  // node:zlib output inflated by pako.
  d.add(`fromZlib:${i}`, Buffer.from(pako.inflate(zlib.deflateSync(input, { level: 9 }))).equals(Buffer.from(input)));
}
d.add('strings', [pako.inflate(pako.deflate('hello ünïcode ✓'), { to: 'string' }), pako.ungzip(pako.gzip('gz text'), { to: 'string' })]);

// Streaming through the classes in seeded chunk sizes; a subclass collects.
class Collecting extends pako.Inflate {
  constructor(opts) { super(opts); this.pieces = []; this.ended = null; }
  onData(chunk) { this.pieces.push(chunk.length); super.onData(chunk); }
  onEnd(status) { this.ended = status; super.onEnd(status); }
  get total() { return this.pieces.reduce((a, b) => a + b, 0); }
}
const big = inputs[0];
const def = new pako.Deflate({ level: 7, chunkSize: 1024, gzip: true, header: { name: 'stream.txt', time: 1700000000 } });
for (let off = 0; off < big.length;) {
  const n = 1 + Math.floor(rand() * 5000);
  def.push(big.subarray(off, off + n), false);
  off += n;
}
def.push(new Uint8Array(0), true);
const inf = new Collecting({ chunkSize: 777 });
const packed = def.result;
for (let off = 0; off < packed.length; off += 333) inf.push(packed.subarray(off, off + 333), off + 333 >= packed.length);
d.add('stream', [packed.length, inf.pieces.length, inf.total, inf.ended, inf.err, inf.header && inf.header.name, Buffer.from(inf.result).equals(Buffer.from(big))]);

// A preset dictionary (zlib's Z_NEED_DICT path on inflate).
const dict = new TextEncoder().encode('quick brown fox jumps lazy dog');
const withDict = pako.deflate(text(500), { dictionary: dict });
d.add('dictionary', [withDict.length, pako.inflate(withDict, { dictionary: dict }).length]);
console.log(`inputs=${inputs.length} checks=${checks} agree=${agree} stream=${packed.length}`);

const errors = [];
const frames = [];
const broken = Uint8Array.from(pako.deflate(text(100)));
broken[10] ^= 0xff;
for (const bad of [
  () => pako.inflate(broken),
  () => pako.inflate(Uint8Array.from([1, 2, 3, 4])),
  () => pako.inflate(withDict),
  () => pako.ungzip(pako.deflate('not gzip')),
  () => pako.deflate('x', { level: 42 }),
  () => new pako.Deflate({ windowBits: 99 }),
]) {
  try { const r = bad(); errors.push(`no error ${r && r.length}`); } catch (e) {
    errors.push(`${e.name || typeof e}: ${e.message || e}`);
    if (e instanceof Error) frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ checks, agree });
printStackLines(frames);
