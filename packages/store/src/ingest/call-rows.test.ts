import { describe, expect, it } from 'vitest';
import { CallRows } from './call-rows.js';

describe('CallRows', () => {
  it('agrees with a Map for ids in order, ids out of order and ids set again, through growth', () => {
    const rows = new CallRows();
    const reference = new Map<number, number>();
    let seed = 987;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    let callId = 0;
    for (let row = 1; row <= 100_000; row++) {
      // Mostly rising sparse ids (detailed calls among counted ones); sometimes an earlier one (a call
      // recorded late) or one set again (a row found in the database); a few past 2^32.
      const r = random();
      const id = r < 0.05 ? Math.floor(random() * callId) : r < 0.06 && reference.size > 0 ? [...reference.keys()][Math.floor(random() * reference.size)]! : (callId += 1 + Math.floor(random() * 60)) + (row > 90_000 ? 2 ** 32 : 0);
      rows.set(id, row);
      reference.set(id, row);
      if (random() < 0.3) expect(rows.get(id)).toBe(row);
    }
    for (const [id, row] of reference) expect(rows.get(id)).toBe(row);
    for (let id = 0; id < 20_000; id++) if (!reference.has(id)) expect(rows.get(id)).toBe(0);
  });

  it('answers 0 for unknown and negative ids, also when the last lookup missed and the id is set after', () => {
    const rows = new CallRows();
    expect(rows.get(5)).toBe(0);
    rows.set(-1, 3);
    expect(rows.get(-1)).toBe(0);
    rows.set(5, 9);
    expect(rows.get(5)).toBe(9);
    expect(rows.get(4)).toBe(0);
    rows.set(4, 11); // recorded late
    expect(rows.get(4)).toBe(11);
    expect(rows.get(5)).toBe(9);
  });
});
