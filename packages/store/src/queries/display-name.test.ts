import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { displayName, displayNameSql } from './display-name.js';

describe('display names', () => {
  const rows: [string, string, number, number, string][] = [
    ['<anonymous>', './src/app.js', 12, 4, '<anonymous@src/app.js:12:5>'],
    ['<anonymous class>', 'axios/lib/core.js', 3, 0, '<anonymous class@axios/lib/core.js:3:1>'],
    ['Cart.total', './src/cart.js', 7, 2, 'Cart.total'],
    ['default export', './src/index.js', 1, 0, 'default export'],
  ];

  it('gives anonymous functions their position, the same in SQL as in JavaScript', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE functions (name TEXT, module_id TEXT, line INTEGER, col INTEGER)');
    const insert = db.prepare('INSERT INTO functions VALUES (?, ?, ?, ?)');
    for (const [name, module, line, col] of rows) insert.run(name, module, line, col);
    const fromSql = db.prepare(`SELECT ${displayNameSql('f')} FROM functions f ORDER BY rowid`).pluck().all();
    expect(fromSql).toEqual(rows.map((r) => r[4]));
    expect(rows.map(([name, module, line, col]) => displayName(name, module, line, col))).toEqual(rows.map((r) => r[4]));
    db.close();
  });
});
