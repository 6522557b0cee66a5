import { describe, expect, it } from 'vitest';
import { CallIdMap } from './call-id-map.js';

describe('CallIdMap', () => {
  it('agrees with a Map through sets, overwrites, deletes and growth, for sparse and large ids', () => {
    const map = new CallIdMap();
    const reference = new Map<number, number>();
    let seed = 12345;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    for (let step = 0; step < 200_000; step++) {
      // Sparse ids (every ~60th, as detailed calls among counted ones), a few past 2^32.
      const id = random() < 0.01 ? 2 ** 32 + Math.floor(random() * 1000) : Math.floor(random() * 50_000) * 61;
      if (random() < 0.4) {
        map.delete(id);
        reference.delete(id);
      } else {
        map.set(id, step);
        reference.set(id, step);
      }
    }
    expect(map.size).toBe(reference.size);
    for (const [id, value] of reference) expect(map.get(id, -1)).toBe(value);
    for (let id = 1; id < 50_000 * 61; id += 61) if (!reference.has(id)) expect(map.get(id, -1)).toBe(-1);
  });

  it('answers `missing` for unknown and negative ids and ignores negative ones when setting', () => {
    const map = new CallIdMap();
    map.set(-1, 5);
    map.set(0, 7);
    expect(map.size).toBe(1);
    expect(map.get(-1, 0)).toBe(0);
    expect(map.get(0, -1)).toBe(7);
    expect(map.get(1, -1)).toBe(-1);
    map.delete(-1);
    map.delete(3);
    expect(map.size).toBe(1);
  });

  it('keeps every entry reachable when deleting from the middle of long probe runs', () => {
    const map = new CallIdMap();
    // Consecutive ids, many more than the first capacity: collisions and wrap-around at the table's end.
    for (let id = 0; id < 5000; id++) map.set(id, id * 2);
    for (let id = 0; id < 5000; id += 3) map.delete(id);
    for (let id = 0; id < 5000; id++) expect(map.get(id, -1)).toBe(id % 3 === 0 ? -1 : id * 2);
  });
});
