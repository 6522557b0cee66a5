import { describe, expect, it, vi } from 'vitest';
import { programFrameTexts } from '../recorder/stack-positions.js';
import { readErrorStack } from './error-stack.js';

// counts the formatting of frames, which the capture does once or twice per error
vi.mock('../recorder/stack-positions.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../recorder/stack-positions.js')>();
  return { ...original, programFrameTexts: vi.fn(original.programFrameTexts) };
});

function thrower(message: string): Error {
  return new RangeError(message);
}

describe('readErrorStack', () => {
  it('reads a stack V8 has not formatted yet without formatting it', () => {
    const e = thrower('first');
    const read = readErrorStack(e);
    expect(read).toMatch(/^RangeError: first\n {4}at thrower \(/);
    e.message = 'second';
    // the program's own first read still formats with the message it has now
    expect(e.stack).toMatch(/^RangeError: second\n {4}at thrower \(/);
  });

  it('returns a formatted stack as it is, and leaves Error.prepareStackTrace as it was', () => {
    const before = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
    const e = thrower('formatted');
    const text = e.stack;
    e.message = 'changed';
    expect(readErrorStack(e)).toBe(text);
    expect(Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace')).toEqual(before);
  });

  it('does not call the program\'s formatter, nor a getter on name or message', () => {
    let calls = 0;
    const saved = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
    Error.prepareStackTrace = (err: Error) => `custom ${++calls} ${err.message}`;
    try {
      const e = thrower('x');
      Object.defineProperty(e, 'message', { get: () => { calls += 100; return 'from getter'; } });
      expect(readErrorStack(e)).toMatch(/^RangeError\n {4}at thrower \(/);
      expect(calls).toBe(0);
      expect(e.stack).toBe('custom 1 from getter');
    } finally {
      if (saved) Object.defineProperty(Error, 'prepareStackTrace', saved);
      else delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    }
  });

  it('null for a program\'s own stack getter, the text for a stack it stored', () => {
    const e = thrower('own');
    let read = false;
    Object.defineProperty(e, 'stack', { get: () => { read = true; return 'never'; }, configurable: true });
    expect(readErrorStack(e)).toBeNull();
    expect(read).toBe(false);
    Object.defineProperty(e, 'stack', { value: 'Stored: text\n    at here', configurable: true });
    expect(readErrorStack(e)).toBe('Stored: text\n    at here');
    expect(readErrorStack(Object.create(Error.prototype) as object)).toBeNull();
  });

  it('formats a costly stack once per error (a long message, many frames) and again when its header changes', () => {
    const big = thrower('m'.repeat(100_000));
    const first = readErrorStack(big);
    expect(first).toMatch(/^RangeError: m{100000}\n {4}at thrower \(/);
    // the same text, not formatted again (an error passed to 1,000 calls was formatted 1,000 times)
    expect(readErrorStack(big)).toBe(first);
    big.message = 'short now';
    expect(readErrorStack(big)).toMatch(/^RangeError: short now\n {4}at thrower \(/);
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = Infinity;
    const deep = (function down(n: number): Error { return n === 0 ? thrower('deep') : down(n - 1); })(200);
    Error.stackTraceLimit = limit;
    const text = readErrorStack(deep)!;
    expect(text.split('\n').length).toBeGreaterThan(200);
    expect(readErrorStack(deep)).toBe(text);
    // still not formatted by V8: the program's first read uses the message it has then
    deep.message = 'changed';
    expect(deep.stack).toMatch(/^RangeError: changed\n/);
  });

  it('keeps a short stack from its second capture on: an exception is captured at every traced call it leaves', () => {
    const formats = vi.mocked(programFrameTexts);
    const once = thrower('once');
    formats.mockClear();
    expect(readErrorStack(once)).toMatch(/^RangeError: once\n {4}at thrower \(/);
    expect(formats).toHaveBeenCalledTimes(1);
    const propagated = thrower('propagated');
    formats.mockClear();
    const texts = Array.from({ length: 17 }, () => readErrorStack(propagated));
    expect(new Set(texts).size).toBe(1);
    expect(formats).toHaveBeenCalledTimes(2);
    // a header changed since (`e.message = ctx + e.message`) is formatted again
    propagated.message = 'rethrown: propagated';
    expect(readErrorStack(propagated)).toMatch(/^RangeError: rethrown: propagated\n/);
    expect(formats).toHaveBeenCalledTimes(3);
  });
});

