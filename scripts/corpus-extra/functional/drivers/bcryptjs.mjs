// bcryptjs 3 (ESM; a pure-JS Blowfish with typed arrays, the EksBlowfish key
// schedule in tight loops, async hashing split into chunks on setImmediate /
// nextTick with progress callbacks, base64 in bcrypt's alphabet): hash seeded
// passwords with fixed salts (no randomness) at cost 4..6, sync and async
// (callbacks and promises interleaved with timers), compare right and wrong
// passwords, truncation at 72 bytes, and errors thrown for bad salts.
import bcrypt from 'bcryptjs';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(1999);
const d = new Digest('bcryptjs');
const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const salt = (cost) => `$2b$0${cost}$${Array.from({ length: 22 }, () => alphabet[Math.floor(rand() * 64)]).join('')}`;
const words = ['hunter2', 'correct horse battery staple', 'ünïcødé пароль', '', 'x'.repeat(80), 'pa\u0000ss'];

const hashes = [];
for (let i = 0; i < 40; i++) {
  const pw = `${words[i % words.length]}${i % 7 ? i : ''}`;
  const h = bcrypt.hashSync(pw, salt(4 + (i % 2)));
  hashes.push({ pw, h });
  d.add(`hash${i}`, h);
}
d.add('meta', hashes.slice(0, 6).map(({ h }) => [bcrypt.getRounds(h), bcrypt.getSalt(h), bcrypt.truncates('x'.repeat(73)), bcrypt.truncates('short')]));
let matches = 0;
for (const [i, { pw, h }] of hashes.entries()) {
  if (bcrypt.compareSync(pw, h)) matches++;
  if (bcrypt.compareSync(`${pw}!`, h)) d.add(`unexpected${i}`, h);
}
// 72-byte truncation: both passwords share their first 72 bytes.
d.add('truncation', bcrypt.compareSync('y'.repeat(72) + 'tail', bcrypt.hashSync('y'.repeat(72) + 'other', salt(4))));

// Async: callbacks with progress and promises; completions are sorted, as
// their order depends on the time slices.
const order = [];
const progress = { calls: 0, last: 0 };
const p1 = new Promise((resolve, reject) => bcrypt.hash('callback pw', salt(6), (err, h) => (err ? reject(err) : (order.push('cost6 callback'), resolve(h))), (pct) => { progress.calls++; progress.last = pct; }));
const p2 = bcrypt.hash('promise pw', salt(4)).then((h) => { order.push('cost4 promise'); return h; });
const p3 = bcrypt.compare('hunter2', hashes[0].h).then((ok) => { order.push(`compare ${ok}`); return ok; });
// (bcryptjs cuts async work into ~100 ms slices, so how a setImmediate
// interleaves with them depends on speed: not recorded.)
process.nextTick(() => order.push('tick'));
const results = await Promise.all([p1, p2, p3]);
d.add('async', results);
d.add('progress', [progress.calls > 0, progress.last]);
order.sort();
d.add('order', order);
console.log(`hashes=${hashes.length} matches=${matches} async=${results.map((r) => String(r).slice(0, 7)).join(',')} order=${order.join(',')}`);

// Errors: bad salts and bad arguments, sync and async.
const errors = [];
const frames = [];
for (const bad of [
  () => bcrypt.hashSync('pw', '$2b$04$tooshort'),
  () => bcrypt.hashSync('pw', '$2x$04$' + 'a'.repeat(22)),
  () => bcrypt.hashSync(42, salt(4)),
  () => bcrypt.compareSync('pw', 17),
  () => bcrypt.hash('pw', '$9z$04$' + 'a'.repeat(22)),
]) {
  try { await bad(); errors.push('no error'); } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ hashes: hashes.length, matches });
printStackLines(frames);
