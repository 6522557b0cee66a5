import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { displayName, displayNameSql } from './display-name.js';

describe('display names', () => {
  // name, module id, function's file, module's file, line, column, display name
  const rows: [string, string, string, string, number, number, string][] = [
    ['<anonymous>', './src/app.js', '/p/src/app.js', '/p/src/app.js', 12, 4, '<anonymous@src/app.js:12:5>'],
    ['<anonymous class>', 'axios/lib/core.js', '/p/node_modules/axios/lib/core.js', '/p/node_modules/axios/lib/core.js', 3, 0, '<anonymous class@axios/lib/core.js:3:1>'],
    ['Cart.total', './src/cart.js', '/p/src/cart.js', '/p/src/cart.js', 7, 2, 'Cart.total'],
    ['default export', './src/index.js', '/p/src/index.js', '/p/src/index.js', 1, 0, 'default export'],
    // positions from a source map: the source file's path, relative to the same folder as module ids
    ['<anonymous>', './dist/pay.js', '/p/src/pay.ts', '/p/dist/pay.js', 4, 23, '<anonymous@src/pay.ts:4:24>'],
    ['<anonymous>', 'lib/dist/index.js', '/p/node_modules/lib/src/index.ts', '/p/node_modules/lib/dist/index.js', 9, 2, '<anonymous@lib/src/index.ts:9:3>'],
    // a source outside that folder keeps the module id
    ['<anonymous>', './dist/pay.js', '/elsewhere/pay.ts', '/p/dist/pay.js', 4, 23, '<anonymous@dist/pay.js:4:24>'],
  ];

  it('gives anonymous functions their position, the same in SQL as in JavaScript', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE functions (process_id INTEGER, name TEXT, module_id TEXT, file TEXT, line INTEGER, col INTEGER)');
    db.exec('CREATE TABLE modules (process_id INTEGER, module_id TEXT, file TEXT)');
    const insert = db.prepare('INSERT INTO functions VALUES (1, ?, ?, ?, ?, ?)');
    const insertModule = db.prepare('INSERT INTO modules VALUES (1, ?, ?)');
    for (const [name, module, file, moduleFile, line, col] of rows) {
      insert.run(name, module, file, line, col);
      insertModule.run(module, moduleFile);
    }
    const fromSql = db.prepare(`SELECT ${displayNameSql('f')} FROM functions f ORDER BY rowid`).pluck().all();
    expect(fromSql).toEqual(rows.map((r) => r[6]));
    expect(rows.map(([name, module, file, moduleFile, line, col]) => displayName(name, module, line, col, file, moduleFile))).toEqual(rows.map((r) => r[6]));
    db.close();
  });
});
