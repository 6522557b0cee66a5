import { describe, expect, it } from 'vitest';
import { progressLine } from './progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream, writes };
}

const at = (elapsedMs: number, done: number) => ({ done, total: 100, instrumented: done, elapsedMs });

describe('progressLine', () => {
  it('stays quiet for builds that end within a second', () => {
    const { stream, writes } = fakeStream(true);
    const line = progressLine(stream);
    line.update(at(100, 10));
    line.update(at(900, 90));
    line.end();
    expect(writes).toEqual([]);
  });

  it('rewrites one line on a terminal, at most every 200 ms, and ends it', () => {
    const { stream, writes } = fakeStream(true);
    const line = progressLine(stream);
    line.update(at(1000, 10));
    line.update(at(1100, 11));
    line.update(at(1300, 12));
    line.end();
    expect(writes).toEqual([
      '\rbreadcrumb: build 10/100 files (10 instrumented, 1.0 s)\u001b[K',
      '\rbreadcrumb: build 12/100 files (12 instrumented, 1.3 s)\u001b[K',
      '\n',
    ]);
  });

  it('prints whole lines every 2 s into a log', () => {
    const { stream, writes } = fakeStream(false);
    const line = progressLine(stream);
    for (let ms = 1000; ms <= 5000; ms += 500) line.update(at(ms, ms / 100));
    line.end();
    expect(writes).toEqual([
      'breadcrumb: build 10/100 files (10 instrumented, 1.0 s)\n',
      'breadcrumb: build 30/100 files (30 instrumented, 3.0 s)\n',
      'breadcrumb: build 50/100 files (50 instrumented, 5.0 s)\n',
    ]);
  });
});
