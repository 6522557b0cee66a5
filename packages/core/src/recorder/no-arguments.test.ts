import { afterEach, describe, expect, it } from 'vitest';
import { noArguments } from './no-arguments.js';

const values = Array.prototype[Symbol.iterator];
const iteratorPrototype = Object.getPrototypeOf([][Symbol.iterator]()) as { next: unknown };
const next = iteratorPrototype.next;

function count(...args: unknown[]): number {
  return args.length;
}

describe('noArguments', () => {
  afterEach(() => {
    Array.prototype[Symbol.iterator] = values;
    iteratorPrototype.next = next;
  });

  it('spreads to no argument', () => {
    expect(count(...noArguments())).toBe(0);
  });

  it('calls nothing of a program that replaced the array iterator or its next', () => {
    // Spread and checked while replaced; expect() only after (it may iterate arrays itself).
    let called = 0;
    Array.prototype[Symbol.iterator] = function (this: unknown[]) {
      called++;
      return values.call(this);
    };
    const withValues = count(...noArguments());
    const calledWithValues = called;
    Array.prototype[Symbol.iterator] = values;
    iteratorPrototype.next = function (this: Iterator<unknown>) {
      called++;
      return (next as () => IteratorResult<unknown>).call(this);
    };
    const withNext = count(...noArguments());
    const calledWithNext = called;
    iteratorPrototype.next = next;
    expect([withValues, calledWithValues, withNext, calledWithNext]).toEqual([0, 0, 0, 0]);
  });
});
