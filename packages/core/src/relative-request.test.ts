import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinRelative } from './relative-request.js';

describe('joinRelative', () => {
  it('names the same file as path.join for the requests tsc writes and for every other shape', () => {
    const folders = ['/work/core/dist', '/work/core/dist/hooks', '/a', '/', '/work/./dist', '/work//dist', '/work/dist/', '/work/.hidden/dist'];
    const requests = [
      './a.js',
      '../a.js',
      '../../recorder/index.js',
      './sub/c.js',
      '../../../../../../x.js',
      './',
      '../',
      './a/../b.js',
      './a/./b.js',
      './.hidden.js',
      '.././a.js',
      './a//b.js',
      './dir/',
      '../..',
    ];
    for (const folder of folders) {
      for (const request of requests) {
        expect(joinRelative(folder, request), `${folder} + ${request}`).toBe(path.join(folder, request));
      }
    }
  });
});
