'use strict';
// iconv-lite 0.7 (CJS; codec classes generated from tables: single-byte,
// DBCS with lazily decoded tables (Shift_JIS, GBK, Big5, EUC-KR), UTF-16/32
// with BOM handling, UTF-7; streaming encoders/decoders as Transform
// streams): round-trip seeded text through many encodings, decode
// random bytes, stream text in odd chunk sizes, and catch the errors for an
// unknown encoding and a bad stream write.
const iconv = require('iconv-lite');
const { Readable, Writable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(97531);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const samples = ['hello world', 'Grüße aus Köln', 'naïve café', 'Ελληνικά', 'Русский текст', '日本語のテキスト', '中文文本', '한국어 텍스트', 'emoji 😀 🎉', 'tab\tnew\nline', 'ØÆÅ øæå', '€uro £ ¥'];
const encodings = ['utf8', 'utf16le', 'utf16be', 'utf-16', 'utf32le', 'utf-32', 'utf7', 'latin1', 'win1252', 'win1251', 'koi8-r', 'iso-8859-7', 'cp437', 'macintosh', 'shift_jis', 'euc-jp', 'gbk', 'gb18030', 'big5', 'euc-kr', 'cesu8', 'base64', 'hex'];

const d = new Digest('iconv-lite');
let conversions = 0;
let lossless = 0;
for (let i = 0; i < 300; i++) {
  const text = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(samples)).join(' | ');
  const enc = encodings[i % encodings.length];
  const buf = iconv.encode(text, enc, { addBOM: i % 2 === 0 });
  const back = iconv.decode(buf, enc, { stripBOM: true });
  conversions++;
  if (back === text) lossless++;
  d.add(`${enc}:${i}`, [buf.toString('hex'), back]);
}
// Random bytes decoded by every multi-byte codec (invalid sequences become U+FFFD or '?').
for (const enc of ['utf8', 'shift_jis', 'gbk', 'big5', 'euc-kr', 'utf16le', 'utf7', 'gb18030']) {
  const bytes = Buffer.from(Array.from({ length: 400 }, () => Math.floor(rand() * 256)));
  d.add(`random:${enc}`, iconv.decode(bytes, enc));
}
d.add('exists', encodings.map((e) => iconv.encodingExists(e)).concat([iconv.encodingExists('klingon')]));

async function streamThrough(text, enc) {
  const chunks = [];
  for (let i = 0; i < text.length;) {
    const n = 1 + Math.floor(rand() * 7);
    chunks.push(text.slice(i, i + n));
    i += n;
  }
  const out = [];
  // Encode in chunks, then split the bytes at odd places (inside multi-byte sequences) and decode.
  const encoded = [];
  await pipeline(Readable.from(chunks), iconv.encodeStream(enc), new Writable({ write(c, _e, cb) { encoded.push(c); cb(); } }));
  const all = Buffer.concat(encoded);
  const pieces = [];
  for (let i = 0; i < all.length;) {
    const n = 1 + Math.floor(rand() * 5);
    pieces.push(all.subarray(i, i + n));
    i += n;
  }
  await pipeline(Readable.from(pieces), iconv.decodeStream(enc), new Writable({ decodeStrings: false, write(c, _e, cb) { out.push(c); cb(); } }));
  return [all.length, out.join('')];
}

(async () => {
  const streamed = [];
  for (const enc of ['utf8', 'utf16le', 'shift_jis', 'gbk', 'utf7', 'euc-kr', 'utf-16']) {
    streamed.push([enc, ...(await streamThrough(samples.join('\n').repeat(5), enc))]);
  }
  d.add('streamed', streamed);
  const decoder = iconv.getDecoder('utf8');
  const parts = [decoder.write(Buffer.from([0xe6, 0x97])), decoder.write(Buffer.from([0xa5, 0xe6])), decoder.end()];
  d.add('decoder', parts);

  const errors = [];
  const frames = [];
  for (const attempt of [
    () => iconv.encode('x', 'klingon'),
    () => iconv.decode(Buffer.from('x'), ''),
    () => iconv.getEncoder('utf8').write(42),
  ]) {
    try {
      attempt();
      errors.push('no error');
    } catch (e) {
      errors.push(`${e.name}: ${e.message}`);
      frames.push(...stackLines(e));
    }
  }
  try {
    await pipeline(Readable.from([Buffer.from('x'), 42], { objectMode: true }), iconv.encodeStream('utf8'), new Writable({ write(c, _e, cb) { cb(); } }));
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
  console.log(errors.join('\n'));
  d.add('errors', errors);
  d.print({ conversions, lossless });
  printStackLines(frames);
})();
