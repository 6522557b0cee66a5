'use strict';
// crypto-js 4 (CJS; a hand-rolled class system (Base.extend/create/mixIn),
// WordArray objects, hashers with _doProcessBlock, block cipher modes and
// paddings, PBKDF2/EvpKDF, formatters; its random source is patched to a
// seeded PRNG through WordArray.random so nothing is random): hashes, HMACs,
// AES/TripleDES/Rabbit/RC4 round trips with explicit IVs and salts, progressive
// hashing, custom formats, and errors from malformed input.
const CryptoJS = require('crypto-js');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(6174);
const d = new Digest('crypto-js');
// Seeded randomness: crypto-js's salts for passphrase encryption come from here.
CryptoJS.lib.WordArray.random = function random(n) {
  const words = [];
  for (let i = 0; i < n; i += 4) words.push((rand() * 0x100000000) | 0);
  return CryptoJS.lib.WordArray.create(words, n);
};
const text = (n) => Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(rand() * 95))).join('') + 'ünï';

const hashers = ['MD5', 'SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512', 'SHA3', 'RIPEMD160'];
for (let i = 0; i < 120; i++) {
  const msg = text(Math.floor(rand() * 2000));
  d.add(`hash${i}`, hashers.map((h) => CryptoJS[h](msg).toString()));
  d.add(`hmac${i}`, CryptoJS.HmacSHA256(msg, `key${i}`).toString(CryptoJS.enc.Base64));
}
d.add('sha3-224', CryptoJS.SHA3('abc', { outputLength: 224 }).toString());

// Progressive hashing over chunks, and encoders.
const sha = CryptoJS.algo.SHA256.create();
const hmac = CryptoJS.algo.HMAC.create(CryptoJS.algo.SHA512, 'progressive key');
for (let i = 0; i < 200; i++) { const chunk = text(97); sha.update(chunk); hmac.update(chunk); }
d.add('progressive', [sha.finalize().toString(), hmac.finalize().toString()]);
const wa = CryptoJS.enc.Utf8.parse('encode me ✓');
d.add('encoders', [CryptoJS.enc.Hex.stringify(wa), CryptoJS.enc.Base64.stringify(wa), CryptoJS.enc.Base64url.stringify(wa), CryptoJS.enc.Latin1.stringify(CryptoJS.enc.Hex.parse('48656c6c6f')), CryptoJS.enc.Utf16.stringify(CryptoJS.enc.Utf16.parse('hi'))]);

// Ciphers: explicit key/IV in every mode and padding, passphrases (seeded salts).
const key = CryptoJS.enc.Hex.parse('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const iv = CryptoJS.enc.Hex.parse('0f0e0d0c0b0a09080706050403020100');
const modes = ['CBC', 'CFB', 'CTR', 'OFB', 'ECB'];
const pads = ['Pkcs7', 'Iso97971', 'AnsiX923', 'Iso10126', 'ZeroPadding', 'NoPadding'];
let roundTrips = 0;
for (let i = 0; i < 150; i++) {
  const mode = modes[i % modes.length];
  const padding = pads[Math.floor(i / 5) % pads.length];
  let msg = text(8 + Math.floor(rand() * 300));
  if (padding === 'NoPadding' && !['CFB', 'CTR', 'OFB'].includes(mode)) msg = msg.padEnd(Math.ceil(msg.length / 16) * 16 + 16, '.').slice(0, 64);
  const opts = { iv, mode: CryptoJS.mode[mode], padding: CryptoJS.pad[padding] };
  const ct = CryptoJS.AES.encrypt(msg, key, opts);
  const pt = CryptoJS.AES.decrypt(ct, key, opts);
  let back;
  try { back = pt.toString(CryptoJS.enc.Utf8); } catch (e) { back = `${e.message}`; }
  if (padding !== 'Iso10126') d.add(`aes${i}`, ct.toString());
  if (back === msg || (padding === 'ZeroPadding' && back === msg.replace(/\0+$/, ''))) roundTrips++;
}
const pass = ['TripleDES', 'DES', 'Rabbit', 'RC4', 'RC4Drop', 'AES', 'RabbitLegacy'].map((alg) => {
  const ct = CryptoJS[alg].encrypt(`secret for ${alg}`, 'passphrase').toString();
  return [alg, ct, CryptoJS[alg].decrypt(ct, 'passphrase').toString(CryptoJS.enc.Utf8)];
});
d.add('passphrase', pass);
d.add('kdf', [CryptoJS.PBKDF2('pw', 'salt', { keySize: 8, iterations: 300, hasher: CryptoJS.algo.SHA256 }).toString(), CryptoJS.EvpKDF('pw', 'salt', { keySize: 4 }).toString()]);

// A custom format object (JSON), used by encrypt and decrypt.
const JsonFormatter = {
  stringify(cp) { return JSON.stringify({ ct: cp.ciphertext.toString(CryptoJS.enc.Base64), iv: cp.iv && cp.iv.toString(), s: cp.salt && cp.salt.toString() }); },
  parse(str) {
    const o = JSON.parse(str);
    const cp = CryptoJS.lib.CipherParams.create({ ciphertext: CryptoJS.enc.Base64.parse(o.ct) });
    if (o.iv) cp.iv = CryptoJS.enc.Hex.parse(o.iv);
    if (o.s) cp.salt = CryptoJS.enc.Hex.parse(o.s);
    return cp;
  },
};
const fmt = CryptoJS.AES.encrypt('formatted', 'pp', { format: JsonFormatter }).toString();
d.add('format', [fmt, CryptoJS.AES.decrypt(fmt, 'pp', { format: JsonFormatter }).toString(CryptoJS.enc.Utf8)]);

// Extending the class system: a hasher subclass made with extend().
const Doubled = CryptoJS.algo.SHA256.extend({ _doFinalize() { const h = CryptoJS.algo.SHA256._doFinalize.call(this); return CryptoJS.SHA256(h); } });
d.add('extend', [CryptoJS.lib.Hasher._createHelper(Doubled)('x').toString(), Doubled.create() instanceof Object, typeof Doubled.$super]);
console.log(`roundTrips=${roundTrips}/150 passphrase=${pass.map((p) => p[2] === `secret for ${p[0]}`).join(',')}`);

const errors = [];
const frames = [];
for (const bad of [
  () => CryptoJS.AES.decrypt('not base64 !!', 'pp').toString(CryptoJS.enc.Utf8),
  () => CryptoJS.enc.Utf8.stringify(CryptoJS.enc.Hex.parse('c3')),
  () => CryptoJS.AES.encrypt('x', key, { iv, mode: CryptoJS.mode.NOPE }),
  () => CryptoJS.AES.decrypt(CryptoJS.AES.encrypt('abc', 'right').toString(), 'wrong').toString(CryptoJS.enc.Utf8).length || (() => { throw new Error('empty plaintext'); })(),
  () => CryptoJS.AES.encrypt('x', key, { iv, format: { stringify() { throw new TypeError('formatter failed'); } } }).toString(),
]) {
  try { bad(); errors.push('no error'); } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ roundTrips });
printStackLines(frames);
