import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { THROWING_COLUMNS, ThrownValues, type ThrowingRow } from './thrown-values.js';

describe('ThrownValues', () => {
  it('tells calls that threw one value as the values compare, through rethrows, wrapped errors and calls that captured none', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, parent INTEGER, kind INTEGER, result TEXT)');
    const big = JSON.stringify({ $type: 'Error', message: 'x'.repeat(5000) });
    // [id, parent, kind, result]: 2 → 3 → 4 rethrow one value; 5 is wrapped by 4; 8 throws 2's value
    // elsewhere; 6 and 7 captured none; 9 rethrows 8's through a call that returned (10).
    const rows: [number, number, number, string | null][] = [
      [1, 0, 0, null],
      [2, 3, 2, big],
      [3, 4, 2, big],
      [4, 1, 2, big],
      [5, 4, 2, '"wrapped"'],
      [6, 1, 2, null],
      [7, 6, 2, null],
      [8, 10, 2, big],
      [10, 9, 0, null],
      [9, 1, 2, big],
      [11, 1, 2, `${big} `],
    ];
    const insert = db.prepare('INSERT INTO events (id, parent, kind, result) VALUES (?, ?, ?, ?)');
    for (const row of rows) insert.run(...row);
    const values = new ThrownValues(db);
    values.add(db.prepare(`SELECT e.id, e.parent, ${THROWING_COLUMNS} FROM events e LEFT JOIN events p ON p.id = e.parent AND p.kind = 2 WHERE e.kind = 2`).all() as ThrowingRow[]);
    const threw = rows.filter((row) => row[2] === 2);
    for (const a of threw) for (const b of threw) expect([a[0], b[0], values.same(a[0], b[0])]).toEqual([a[0], b[0], a[3] === b[3]]);
    // a call that did not throw (its value null) against one that captured none, and one with a value
    expect(values.same(1, 6)).toBe(true);
    expect(values.same(1, 2)).toBe(false);
    expect(values.valueOf(5)).toBe('"wrapped"');
    expect(values.valueOf(6)).toBeNull();
  });
});
