import { describe, expect, it } from 'vitest';
import { OrphanRows } from './orphan-rows.js';

/** What OrphanRows replaced: a Map by caller, its first key dropped when full. */
class ReferenceOrphans {
  private readonly map = new Map<number, number[]>();
  constructor(private readonly maxParents: number, private readonly maxRows: number) {}
  note(parent: number, row: number): void {
    let rows = this.map.get(parent);
    if (rows === undefined) {
      if (this.map.size >= this.maxParents) this.map.delete(this.map.keys().next().value as number);
      this.map.set(parent, (rows = []));
    }
    if (rows.length < this.maxRows) rows.push(row);
  }
  adopt(callId: number, row: number, out: number[]): void {
    const rows = this.map.get(callId);
    if (rows === undefined) return;
    this.map.delete(callId);
    for (const child of rows) out.push(child, row);
  }
}

describe('OrphanRows', () => {
  it('adopts exactly what a Map by caller would, through evictions, adoptions and full callers', () => {
    const orphans = new OrphanRows(64, 4);
    const reference = new ReferenceOrphans(64, 4);
    let seed = 4242;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const got: number[] = [];
    const expected: number[] = [];
    for (let step = 1; step < 100_000; step++) {
      const parent = Math.floor(random() * 200) + (random() < 0.05 ? 2 ** 33 : 0);
      if (random() < 0.7) {
        orphans.note(parent, step);
        reference.note(parent, step);
      } else {
        orphans.adopt(parent, step, got);
        reference.adopt(parent, step, expected);
      }
    }
    expect(got.length).toBeGreaterThan(1000);
    expect(got).toEqual(expected);
  });

  it('keeps nothing for an unknown caller (-1: a call resumed from the database)', () => {
    const orphans = new OrphanRows(2, 2);
    orphans.note(-1, 5);
    orphans.note(7, 6);
    orphans.note(8, 9);
    const out: number[] = [];
    orphans.adopt(7, 100, out);
    orphans.adopt(8, 101, out);
    expect(out).toEqual([6, 100, 9, 101]);
  });
});
