// Synthetic secrets for tests, generated in the right shape (checksums included) from a fixed seed.
// Lives under __fixtures__ so that it is not compiled into dist.

import { crc32 } from '../validators.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Deterministic pseudo-random string over `alphabet`. */
export function randomString(length: number, seed = 7, alphabet = ALPHANUMERIC): string {
  let x = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}

/** A GitHub-style token (`ghp_`, `npm_`...): 30 random characters and their CRC32 in base62. */
export function githubToken(prefix: string, seed = 11): string {
  return withCrc32(prefix, randomString(30, seed));
}

/** `prefix`, the 30-character `body`, and the body's CRC32 in base62, 6 characters wide. */
export function withCrc32(prefix: string, body: string): string {
  let n = crc32(body);
  let check = '';
  for (let i = 0; i < 6; i++) {
    check = BASE62[n % 62] + check;
    n = Math.floor(n / 62);
  }
  return prefix + body + check;
}
