// Arrays of every elements kind V8 gives an ordinary array, written once when a capturer is made.
//
// V8 keeps each elements kind (small integers, doubles, anything; packed or with holes; frozen, sealed,
// not extensible) under a map of its own, and the writer's reads of an array's length and items
// (array(), items(), itemText()) are optimised for the maps they have met. A program that passes arrays
// of a kind not met yet throws that code away ("wrong map") and V8 compiles it again: on lodash's driver
// traced, array() 4 times, items() and itemText() 3 and 2, and each deopt of items() also deoptimises
// the value() and object() frames it returns to. Met all at once, before the code is optimised, the
// reads take V8's generic path for any array from the start.
//
// Only numbers, booleans and null: no string, whose redaction would run patterns (and set the legacy
// RegExp statics before the program starts).

import type { CaptureWriter } from './writer.js';

export function writeArraysOfEveryKind(writer: CaptureWriter): void {
  const arrays: readonly (readonly unknown[])[] = [
    [1, 2], [1, , 2], [1.5, 2.5], [1.5, , 2.5], [null, true], [null, , true],
    Object.freeze([1, 2]), Object.seal([1.5, 2.5]), Object.preventExtensions([null, false]),
    // with a named property, as a RegExp match's result (index, input, groups): a map of its own each
    Object.assign([1, 2], { index: 0 }), Object.assign([1, 2], { input: null }), Object.assign([1, 2], { groups: null }),
  ];
  // V8 gives a function its feedback (where the maps met are kept) only from its 8th call on: the
  // first round of the 12 arrays passes that, the second is met by every read
  for (let round = 0; round < 2; round++) for (let i = 0; i < arrays.length; i++) writer.write(arrays[i], null, 'none');
}
