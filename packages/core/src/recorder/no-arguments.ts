// What `B` hands the call it times to spread: no argument at all (the instrumenter puts `...B(site)` in
// an empty argument list, where V8 prints nothing of it in a `... is not a function`). V8 spreads an
// array without calling anything while the program has not replaced Array.prototype[Symbol.iterator]
// or the array iterator's `next`; once it has, a spread of an array would call the program's function,
// and an iterable of our own is spread instead (slower, but it calls nothing of the program).

const ARRAY_VALUES = Array.prototype[Symbol.iterator];
const ARRAY_ITERATOR_PROTOTYPE = Object.getPrototypeOf([][Symbol.iterator]()) as { next: unknown };
const ARRAY_ITERATOR_NEXT = ARRAY_ITERATOR_PROTOTYPE.next;

/** Never reaches the program: a spread copies its (no) elements. */
const EMPTY_ARRAY: readonly unknown[] = [];

const DONE = Object.freeze(Object.setPrototypeOf({ done: true, value: undefined }, null) as object);
const EMPTY_ITERABLE = Object.freeze(
  Object.setPrototypeOf(
    {
      [Symbol.iterator]() {
        return this;
      },
      next: () => DONE,
    },
    null,
  ) as Iterable<unknown>,
);

export function noArguments(): Iterable<unknown> {
  return Array.prototype[Symbol.iterator] === ARRAY_VALUES && ARRAY_ITERATOR_PROTOTYPE.next === ARRAY_ITERATOR_NEXT ? EMPTY_ARRAY : EMPTY_ITERABLE;
}
