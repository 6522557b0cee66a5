// Compact `--exceptions` answers: a recursive-descent parser throws from deep inside the same few
// mutually recursive functions, so its call chains repeat one cycle many times (js-yaml: 6 × readFlowCollection →
// composeNode), and it throws the same error from the same place for many inputs (175 exceptions, 24
// of which filled 50 kB). Repeated cycles are folded, said as `{"$repeat": [...], "times": N}`, and
// exceptions alike in everything but their details are one entry with a count.

import type { Repeat } from '../types.js';

/** Longest cycle looked for: mutual recursion goes through a handful of functions, not dozens. */
const MAX_CYCLE = 8;

/**
 * `items` with every run of one cycle repeated in a row (at least twice) as a Repeat: from the left, the
 * cycle that covers most items there (the shortest of those), so that `a b a b a b c` is
 * `[{$repeat: [a, b], times: 3}, c]` and `a a a` is `[{$repeat: [a], times: 3}]`.
 */
export function foldCycles<T>(items: readonly T[]): (T | Repeat<T>)[] {
  const folded: (T | Repeat<T>)[] = [];
  let i = 0;
  while (i < items.length) {
    let bestLength = 0;
    let bestTimes = 1;
    for (let length = 1; length <= MAX_CYCLE && i + 2 * length <= items.length; length++) {
      let times = 1;
      while (i + (times + 1) * length <= items.length && sameRun(items, i, i + times * length, length)) times++;
      if (times >= 2 && times * length > bestTimes * bestLength) {
        bestLength = length;
        bestTimes = times;
      }
    }
    if (bestLength === 0) {
      folded.push(items[i]!);
      i++;
    } else {
      folded.push({ $repeat: items.slice(i, i + bestLength), times: bestTimes });
      i += bestLength * bestTimes;
    }
  }
  return folded;
}

function sameRun<T>(items: readonly T[], a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (items[a + k] !== items[b + k]) return false;
  return true;
}

/** A folded chain's shape, how many times each cycle ran left out: chains 5 and 6 levels deep are alike. */
export function chainShape<T>(items: readonly T[]): string {
  return foldCycles(items)
    .map((item) => (isRepeat(item) ? `(${item.$repeat.join(' ')})*` : String(item)))
    .join(' ');
}

export function isRepeat<T>(item: T | Repeat<T>): item is Repeat<T> {
  return typeof item === 'object' && item !== null && '$repeat' in item;
}

/**
 * A message with what varies between inputs left out: its first line (a parser's error goes on with
 * a snippet of the input), every number as `#` (positions, sizes, ids).
 */
export function messagePattern(message: string): string {
  return message.split('\n', 1)[0]!.replace(/\d+/g, '#');
}

/** Other messages of a group shown as examples, besides its first's. */
export const OTHER_MESSAGES = 3;
