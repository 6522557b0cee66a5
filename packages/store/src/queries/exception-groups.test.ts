import { describe, expect, it } from 'vitest';
import { chainShape, foldCycles, messagePattern } from './exception-groups.js';

describe('foldCycles', () => {
  it('folds a cycle repeated in a row, and says how many times', () => {
    expect(foldCycles(['load', 'compose', 'read', 'compose', 'read', 'compose', 'read', 'throwError'])).toEqual([
      'load',
      { $repeat: ['compose', 'read'], times: 3 },
      'throwError',
    ]);
    expect(foldCycles(['a', 'a', 'a'])).toEqual([{ $repeat: ['a'], times: 3 }]);
  });

  it('leaves a chain without repeats as it is', () => {
    expect(foldCycles(['run', 'first', 'helper', 'second', 'helper', 'first'])).toEqual(['run', 'first', 'helper', 'second', 'helper', 'first']);
    expect(foldCycles([])).toEqual([]);
  });

  it('takes the cycle that covers most, the shortest of those', () => {
    // [a b] × 2 covers 4, [a b a b] would cover 8 only if repeated: a b a b a b a b is [a b] × 4
    expect(foldCycles(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'])).toEqual([{ $repeat: ['a', 'b'], times: 4 }]);
    expect(foldCycles(['x', 'x', 'y', 'x', 'x', 'y'])).toEqual([{ $repeat: ['x', 'x', 'y'], times: 2 }]);
  });
});

describe('chainShape', () => {
  it('is the same for chains that differ only in how many times a cycle ran', () => {
    expect(chainShape([1, 2, 3, 2, 3, 4])).toBe(chainShape([1, 2, 3, 2, 3, 2, 3, 2, 3, 4]));
    expect(chainShape([1, 2, 3, 4])).not.toBe(chainShape([1, 2, 3, 2, 3, 4]));
  });
});

describe('messagePattern', () => {
  it('keeps the first line, numbers left out', () => {
    expect(messagePattern('missed comma between flow collection entries (1:320)\n\n 1 | {"a": 1 "b"}')).toBe('missed comma between flow collection entries (#:#)');
    expect(messagePattern("Cannot read properties of undefined (reading 'id')")).toBe("Cannot read properties of undefined (reading 'id')");
  });
});
