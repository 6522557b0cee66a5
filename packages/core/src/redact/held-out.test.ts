// The generated held-out-style set (__fixtures__/held-out-set.ts), judged as the shared scorer judges:
// a secret is found when it no longer occurs in the redacted value's JSON (raw or JSON-escaped), a
// look-alike is untouched when the result is deep-equal to the input.
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateHeldOutSet, type LabelledItem } from './__fixtures__/held-out-set.js';
import { redact } from './index.js';

function serialise(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Map) return [...v.entries()];
    if (v instanceof Set) return [...v];
    return v;
  });
}

function leaks(item: LabelledItem, result: unknown): boolean {
  const text = serialise(result);
  const secret = item.secret!;
  const once = JSON.stringify(secret).slice(1, -1);
  return text.includes(secret) || text.includes(once) || text.includes(JSON.stringify(once).slice(1, -1));
}

interface Outcome {
  missed: LabelledItem[];
  falsePositives: LabelledItem[];
  positives: number;
  negatives: number;
}

function judge(items: readonly LabelledItem[]): Outcome {
  const outcome: Outcome = { missed: [], falsePositives: [], positives: 0, negatives: 0 };
  for (const item of items) {
    const result = redact(item.sample);
    if (item.positive) {
      outcome.positives++;
      if (leaks(item, result)) outcome.missed.push(item);
    } else {
      outcome.negatives++;
      if (!isDeepStrictEqual(result, item.sample)) outcome.falsePositives.push(item);
    }
  }
  return outcome;
}

const show = (items: LabelledItem[]): string => items.map((i) => `${i.kind}: ${serialise(i.sample).slice(0, 300)}`).join('\n');

describe('generated held-out-style set', () => {
  it('has every kind the shared corpus has, with secrets that occur in their samples', () => {
    const items = generateHeldOutSet(1);
    for (const item of items.filter((i) => i.positive)) expect(serialise(item.sample), item.kind).toContain(JSON.stringify(item.secret).slice(1, -1));
    expect(items.filter((i) => i.positive).length).toBeGreaterThan(400);
    expect(items.filter((i) => !i.positive).length).toBeGreaterThan(60);
  });

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: finds every secret and leaves every look-alike`, () => {
      const outcome = judge(generateHeldOutSet(seed));
      if (process.env.HELD_OUT_REPORT) console.log(`seed ${seed}: found ${outcome.positives - outcome.missed.length}/${outcome.positives}, false positives ${outcome.falsePositives.length}/${outcome.negatives}\nMISSED\n${show(outcome.missed)}\nFALSE POSITIVES\n${show(outcome.falsePositives)}`);
      expect(show(outcome.missed)).toBe('');
      expect(show(outcome.falsePositives)).toBe('');
    });
  }
});
