// jszip 3 (ESM importing a CJS package; its own worker/stream pipeline
// (GenericWorker chains, DataWorker, Crc32Probe, DataLengthProbe) driven by
// setImmediate, the lie/ set-immediate-shim polyfills, pako inside for
// DEFLATE, a readable-stream v2 adapter for nodebuffer streams): build
// archives of seeded files and folders (STORE and DEFLATE, comments, dates
// fixed, unix permissions), generate as uint8array/base64/nodebuffer, stream
// one through generateNodeStream, load them back and compare, and catch the
// errors of a corrupt archive and a bad option.
import JSZip from 'jszip';
import { Writable } from 'node:stream';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(90210);
const d = new Digest('jszip');
const FIXED = new Date(Date.UTC(2024, 0, 2, 3, 4, 6));
const words = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'ünïcode', '\n', '\t', '<xml/>'];
const text = (n) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
const binary = (n) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));

function build(seed) {
  const zip = new JSZip();
  zip.file('README.txt', `archive ${seed}\n${text(200)}`, { date: FIXED, comment: `readme ${seed}` });
  const src = zip.folder('src');
  for (let i = 0; i < 8; i++) src.file(`mod${i}.js`, `export const v${i} = ${JSON.stringify(text(30 + i * 20))};\n`, { date: FIXED, unixPermissions: 0o100644 });
  src.folder('nested').folder('deeper').file('data.bin', binary(500 + seed * 10), { date: FIXED, binary: true, compression: 'STORE' });
  zip.file('big.txt', text(4000), { date: FIXED, compression: 'DEFLATE', compressionOptions: { level: 1 + (seed % 9) } });
  zip.file('empty.txt', '', { date: FIXED });
  zip.file('b64.txt', Buffer.from(text(10)).toString('base64'), { base64: true, date: FIXED });
  // Folders made by folder() are stamped with the clock: fix them too.
  for (const f of Object.values(zip.files)) f.date = FIXED;
  return zip;
}

let archives = 0;
let totalBytes = 0;
for (let seed = 0; seed < 12; seed++) {
  const zip = build(seed);
  const type = ['uint8array', 'nodebuffer', 'base64'][seed % 3];
  const out = await zip.generateAsync({ type, compression: 'DEFLATE', comment: `zip ${seed}`, platform: 'UNIX' });
  const buf = type === 'base64' ? Buffer.from(out, 'base64') : Buffer.from(out);
  totalBytes += buf.length;
  archives++;
  d.add(`zip${seed}`, buf.toString('base64'));
  const back = await JSZip.loadAsync(buf, { checkCRC32: true });
  const listing = [];
  back.forEach((path, f) => listing.push(`${path}:${f.dir}:${f.date.toISOString()}:${f.unixPermissions}:${f.comment || ''}`));
  d.add(`list${seed}`, listing);
  d.add(`content${seed}`, [await back.file('README.txt').async('string'), (await back.file('src/nested/deeper/data.bin').async('uint8array')).length, await back.file('b64.txt').async('text'), back.comment]);
  d.add(`filter${seed}`, back.filter((p) => p.endsWith('.js')).map((f) => f.name));
}

// generateNodeStream into a local Writable, with the worker's progress metadata.
const chunks = [];
let updates = 0;
await new Promise((resolve, reject) => {
  const sink = new Writable({ write(c, _e, cb) { chunks.push(c); cb(); } });
  sink.on('finish', resolve);
  build(99).generateNodeStream({ type: 'nodebuffer', streamFiles: true, compression: 'DEFLATE' }, () => { updates++; }).on('error', reject).pipe(sink);
});
const streamed = Buffer.concat(chunks);
d.add('stream', streamed.toString('base64'));
const fromStream = await JSZip.loadAsync(streamed);
d.add('streamList', Object.keys(fromStream.files));

// internalStream with on('data') and a file removed and renamed.
const zip = build(5);
zip.remove('big.txt');
zip.file('renamed.txt', await zip.file('README.txt').async('string'), { date: FIXED });
const pieces = [];
await new Promise((resolve, reject) => {
  zip.file('renamed.txt').internalStream('string').on('data', (c) => pieces.push(c)).on('error', reject).on('end', resolve).resume();
});
d.add('internal', [pieces.join('').length, Object.keys(zip.files)]);
console.log(`archives=${archives} bytes=${totalBytes} streamed=${streamed.length} updates=${updates > 0}`);

const errors = [];
const frames = [];
const good = await build(1).generateAsync({ type: 'uint8array' });
const corrupt = Uint8Array.from(good);
corrupt[corrupt.length - 10] ^= 0xff;
const badCrc = Uint8Array.from(good);
badCrc[60] ^= 0x55;
for (const bad of [
  () => JSZip.loadAsync(Uint8Array.from([0x50, 0x4b, 1, 2, 3])),
  () => JSZip.loadAsync(corrupt),
  () => JSZip.loadAsync(badCrc, { checkCRC32: true }).then((z) => Promise.all(Object.values(z.files).map((f) => f.async('string')))),
  () => build(2).generateAsync({ type: 'nope' }),
  () => new JSZip().file('x.txt', 'x').file('x.txt').async('bogus'),
]) {
  try { await bad(); errors.push('no error'); } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ archives, totalBytes });
printStackLines(frames);
