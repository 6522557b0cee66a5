import { describe, expect, it } from 'vitest';
import { hasRun } from './string-rules.js';

const TOKEN = new Uint8Array(128);
const BASE64 = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  TOKEN[c] = /[A-Za-z0-9_~-]/.test(String.fromCharCode(c)) ? 1 : 0;
  BASE64[c] = /[A-Za-z0-9_~+/-]/.test(String.fromCharCode(c)) ? 1 : 0;
}

describe('hasRun', () => {
  it('says what /[...]{16}/ says, for runs of every length at every offset', () => {
    const inRun = ['a', 'Z', '7', '_', '~', '-', '+', '/'];
    const outside = [' ', '.', ':', '=', '"', '\n', 'é', '€'];
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    let runs = 0;
    for (let t = 0; t < 5_000; t++) {
      let text = '';
      const parts = 1 + Math.floor(random() * 6);
      for (let p = 0; p < parts; p++) {
        const length = Math.floor(random() * 40);
        for (let i = 0; i < length; i++) text += inRun[Math.floor(random() * inRun.length)];
        text += outside[Math.floor(random() * outside.length)].repeat(1 + Math.floor(random() * 3));
      }
      if (random() < 0.5) text = text.slice(0, -1);
      const token = /[A-Za-z0-9_~-]{16}/.test(text);
      const base64 = /[A-Za-z0-9_~+/-]{16}/.test(text);
      if (base64) runs++;
      expect(hasRun(text, TOKEN), JSON.stringify(text)).toBe(token);
      expect(hasRun(text, BASE64), JSON.stringify(text)).toBe(base64);
    }
    expect(runs).toBeGreaterThan(1_000);
  });

  it('finds a run of exactly 16 at the start, the end, and across a multiple of 16', () => {
    const run = 'x'.repeat(16);
    expect(hasRun(run, TOKEN)).toBe(true);
    expect(hasRun('x'.repeat(15), TOKEN)).toBe(false);
    expect(hasRun(' ' + run, TOKEN)).toBe(true);
    expect(hasRun(' '.repeat(40) + run, TOKEN)).toBe(true);
    expect(hasRun(' '.repeat(8) + run + ' '.repeat(8), TOKEN)).toBe(true);
    expect(hasRun(' '.repeat(8) + 'x'.repeat(15) + ' ' + 'x'.repeat(15), TOKEN)).toBe(false);
    expect(hasRun('a/b+c'.repeat(4), TOKEN)).toBe(false);
    expect(hasRun('a/b+c'.repeat(4), BASE64)).toBe(true);
  });
});
