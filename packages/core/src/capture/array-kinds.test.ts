import { describe, expect, it } from 'vitest';
import { createRedactionRules } from '../redact/index.js';
import { DEFAULT_CAPTURE } from '../settings.js';
import { writeArraysOfEveryKind } from './array-kinds.js';
import { CaptureWriter } from './writer.js';

const R = RegExp as unknown as Record<string, string>;
const rules = createRedactionRules({ patterns: [], allowKeys: [] });

describe('arrays of every elements kind, written as a capturer is made', () => {
  it('run no pattern: the legacy RegExp statics of the program are as they were', () => {
    /(ab)(c)/.exec('xabcx');
    writeArraysOfEveryKind(new CaptureWriter(DEFAULT_CAPTURE, rules));
    expect([R.lastMatch, R.$1, R.$2, R.leftContext]).toEqual(['abc', 'ab', 'c', 'x']);
  });

  it('leave the writer as it was: what it writes next is what a new writer writes', () => {
    const primed = new CaptureWriter(DEFAULT_CAPTURE, rules);
    writeArraysOfEveryKind(primed);
    const values = [[1, , 2.5], Object.assign([null, true], { index: 0 }), { list: Object.freeze([1, 2]) }, Array.from({ length: 30 }, (_, i) => i / 2)];
    for (const v of values) expect(primed.write(v, 'list', 'none')).toBe(new CaptureWriter(DEFAULT_CAPTURE, rules).write(v, 'list', 'none'));
  });
});
