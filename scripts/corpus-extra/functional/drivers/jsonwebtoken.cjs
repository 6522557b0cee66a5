'use strict';
// jsonwebtoken 9 (CJS; jws/jwa underneath, Buffer-based base64url, node:crypto
// HMACs, error classes JsonWebTokenError < Error, TokenExpiredError and
// NotBeforeError extending it, callback and sync APIs, a clock injected via
// clockTimestamp): sign seeded payloads with HS256/384/512 (no timestamps,
// so no clock), verify with audience/issuer/subject/maxAge checks at fixed
// clock values, decode complete tokens, tamper with signatures, and catch
// the library's errors with their stacks.
const jwt = require('jsonwebtoken');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(4096);
const d = new Digest('jsonwebtoken');
const NOW = 1700000000;
const secrets = ['s3cr3t', 'another secret with spaces', Buffer.from('binary\u0000key\u00ff', 'latin1')];
const algs = ['HS256', 'HS384', 'HS512'];
const roles = ['admin', 'user', 'guest'];

const tokens = [];
for (let i = 0; i < 1500; i++) {
  const payload = {
    sub: `user${Math.floor(rand() * 500)}`,
    role: roles[Math.floor(rand() * roles.length)],
    n: i,
    nested: { scopes: Array.from({ length: Math.floor(rand() * 4) }, (_x, j) => `scope:${j}`), ok: rand() < 0.5 },
    iat: NOW - Math.floor(rand() * 1000),
  };
  const alg = algs[i % 3];
  const secret = secrets[Math.floor(rand() * secrets.length)];
  const opts = { algorithm: alg, audience: rand() < 0.8 ? 'corpus' : 'other', issuer: 'breadcrumb', keyid: `k${i % 5}` };
  if (rand() < 0.7) opts.expiresIn = Math.floor(rand() * 2000) - 500;
  if (rand() < 0.2) opts.notBefore = Math.floor(rand() * 600);
  const token = jwt.sign(payload, secret, opts);
  tokens.push({ token, secret, alg });
  if (i % 50 === 0) d.add(`token${i}`, token);
}

const outcome = {};
for (const [i, { token, secret, alg }] of tokens.entries()) {
  const useSecret = i % 17 === 0 ? 'wrong' : secret;
  const tampered = i % 23 === 0 ? token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA') : token;
  let r;
  try {
    const v = jwt.verify(tampered, useSecret, { algorithms: [alg], audience: /^corp/, issuer: ['breadcrumb'], clockTimestamp: NOW, maxAge: '20m', clockTolerance: 5 });
    r = `ok:${v.role}`;
  } catch (e) {
    r = `${e.name}:${e.message}`;
    if (e.expiredAt) r += `:${e.expiredAt.toISOString()}`;
    if (e.date) r += `:${e.date.toISOString()}`;
  }
  outcome[r] = (outcome[r] || 0) + 1;
}
d.add('outcome', outcome);
d.add('decode', tokens.slice(0, 20).map(({ token }) => jwt.decode(token, { complete: true })));
d.add('decodeBad', [jwt.decode('not.a.token'), jwt.decode('')]);

// The callback API runs asynchronously (on the next tick or later).
const order = [];
jwt.sign({ a: 1 }, 'cb-secret', { noTimestamp: true }, (err, tok) => {
  order.push(`signed ${err ? err.message : tok.length}`);
  jwt.verify(tok, 'cb-secret', (err2, decoded) => {
    order.push(`verified ${err2 ? err2.name : JSON.stringify(decoded)}`);
    jwt.verify(tok, 'nope', (err3) => {
      order.push(`rejected ${err3.name}: ${err3.message}`);
      finish();
    });
  });
});
order.push('after sign call');
Promise.resolve().then(() => order.push('microtask'));

function finish() {
  d.add('order', order);
  console.log(order.join(' | '));
  const byKind = {};
  for (const [k, v] of Object.entries(outcome)) { const kind = k.split(':').slice(0, 2).join(':'); byKind[kind] = (byKind[kind] || 0) + v; }
  console.log(Object.entries(byKind).sort().map(([k, v]) => `${k}=${v}`).join('\n'));
  const errors = [];
  const frames = [];
  for (const bad of [
    () => jwt.verify(tokens[0].token, tokens[0].secret, { algorithms: ['RS256'] }),
    () => jwt.sign({ a: 1 }, 'k', { algorithm: 'nope' }),
    () => jwt.sign('a string', 'k', { expiresIn: 10 }),
    () => jwt.verify(jwt.sign({ exp: NOW - 10 }, 'k'), 'k', { clockTimestamp: NOW }),
    () => jwt.verify(jwt.sign({ nbf: NOW + 100 }, 'k'), 'k', { clockTimestamp: NOW }),
    () => jwt.verify('a.b', 'k'),
    () => jwt.sign({ a: 1 }, '', { algorithm: 'HS256' }),
  ]) {
    try { bad(); errors.push('no error'); } catch (e) {
      errors.push(`${e.name}: ${e.message}${e.inner ? ` (${e.inner.name})` : ''}`);
      frames.push(...stackLines(e));
    }
  }
  console.log(errors.join('\n'));
  d.add('errors', errors);
  d.print({ tokens: tokens.length });
  printStackLines(frames);
}
