import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheFile, KEPT_FILES, readCodeCache, writeCodeCache, type CodeCacheEntry } from './code-cache-file.js';

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-code-cache-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const entries: CodeCacheEntry[] = [
  { file: '/x/dist/a.js', size: 10, mtimeMs: 1700000000000.5, data: Buffer.from([1, 2, 3]) },
  { file: '/x/dist/é/b.js', size: 0, mtimeMs: 1, data: Buffer.alloc(0) },
  { file: '/x/dist/c.js', size: 7, mtimeMs: 2, data: Buffer.from('code') },
];

describe('the code cache file', () => {
  it('reads back what was written, in a folder it creates', () => {
    const file = path.join(work, 'code', 'runtime.bin');
    writeCodeCache(file, entries);
    expect(readCodeCache(file).map((e) => ({ ...e, data: [...e.data] }))).toEqual(entries.map((e) => ({ ...e, data: [...e.data] })));
    expect(fs.readdirSync(path.dirname(file))).toEqual(['runtime.bin']); // nothing left aside
  });

  it('reads a missing, foreign, damaged or cut file as empty', () => {
    const file = path.join(work, 'runtime.bin');
    expect(readCodeCache(file)).toEqual([]);
    fs.writeFileSync(file, 'something else entirely');
    expect(readCodeCache(file)).toEqual([]);
    writeCodeCache(file, entries);
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, whole.length - 2));
    expect(readCodeCache(file)).toEqual([]);
    const damaged = Buffer.from(whole);
    damaged.writeUInt32LE(5, 8);
    fs.writeFileSync(file, damaged);
    expect(readCodeCache(file)).toEqual([]);
  });

  it('keeps the newest files of the folder, one for each Node version and flags used lately', () => {
    const folder = path.join(work, 'code');
    fs.mkdirSync(folder);
    for (let i = 0; i < KEPT_FILES + 3; i++) {
      const file = path.join(folder, `runtime-old-${i}.bin`);
      fs.writeFileSync(file, '');
      fs.utimesSync(file, new Date(1_000_000 + i * 1000), new Date(1_000_000 + i * 1000));
    }
    fs.writeFileSync(path.join(folder, 'not-ours.txt'), '');
    writeCodeCache(path.join(folder, 'runtime-new.bin'), entries);
    const left = fs.readdirSync(folder);
    expect(left).toHaveLength(KEPT_FILES + 1);
    expect(left).toEqual(expect.arrayContaining(['runtime-new.bin', 'not-ours.txt', `runtime-old-${KEPT_FILES + 2}.bin`]));
    expect(left).not.toContain('runtime-old-0.bin');
    expect(left).not.toContain('runtime-old-3.bin');
  });

  it('is named after the Node version, the architecture and the node flags', () => {
    const plain = codeCacheFile('/c', 'runtime', []);
    expect(plain).toMatch(new RegExp(`^/c/code/runtime-${process.version.replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{8}\\.bin$`));
    expect(codeCacheFile('/c', 'runtime', ['--stack-size=2400'])).not.toBe(plain);
    expect(codeCacheFile('/c', 'runtime', [])).toBe(plain);
  });
});
