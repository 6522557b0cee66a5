import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, StoreError, openStore } from '../src/index.js';
import { busyRun, tempDir, testStore } from './helpers.js';

/** Version 8's columns, dropped to make a file of an older version. */
const DROP_VERSION_8 = 'ALTER TABLE function_stats DROP COLUMN agg_with_nested_ns; ALTER TABLE edge_stats DROP COLUMN with_nested_ns;';

describe('the database file', () => {
  it('is created owner-only (file 0600, folder 0700) in WAL mode', () => {
    const { store, dbPath } = testStore();
    store.createRun({ project: 'app', command: ['node'], cwd: '/', startedAtMs: 0 });
    expect(fs.statSync(dbPath).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(dbPath)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(`${dbPath}-wal`).mode & 0o777).toBe(0o600);
    const raw = new Database(dbPath, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it('refuses a database written by a newer Breadcrumb with a clear message', () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'new.db');
    const raw = new Database(dbPath);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    let error: unknown;
    try {
      openStore(dbPath);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('SCHEMA_TOO_NEW');
    expect((error as StoreError).message).toMatch(/newer than this Breadcrumb understands.*upgrade Breadcrumb/);
  });

  it('upgrades an older file in place and keeps its data', () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'old.db');
    const raw = new Database(dbPath);
    raw.exec('CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES (1)');
    raw.close();
    const store = openStore(dbPath);
    expect(store.querySql('SELECT COUNT(*) AS n FROM notes').rows[0]).toEqual({ n: 1 });
    expect(store.listRuns()).toEqual([]);
    store.close();
    const after = new Database(dbPath, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    after.close();
  });

  it('upgrades a version 5 file: its function_calls rows become function_call_lists, and --call reads the same calls', () => {
    const { store, dbPath } = busyRun(300);
    const before = store.queryCall('multiply', { limit: 700 });
    store.close();
    // Back to version 5's layout: one row per call in a function_calls table.
    const raw = new Database(dbPath);
    raw.exec(`
      ${DROP_VERSION_8}
      CREATE TABLE old_calls AS SELECT fn, id FROM function_calls;
      DROP VIEW function_calls;
      CREATE TABLE function_calls (fn INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (fn, id)) WITHOUT ROWID;
      INSERT INTO function_calls SELECT fn, id FROM old_calls ORDER BY fn, id;
      DROP TABLE old_calls;
      DROP TABLE function_call_lists;
      DROP VIEW function_names;
      PRAGMA user_version = 5;`);
    const entries = raw.prepare('SELECT COUNT(*) FROM function_calls').pluck().get() as number;
    raw.close();
    expect(entries).toBeGreaterThan(600);
    const upgraded = openStore(dbPath);
    expect(upgraded.querySql('SELECT COUNT(*) AS n FROM function_calls').rows[0]).toEqual({ n: entries });
    // One list per function, its ids in order.
    const lists = upgraded.querySql('SELECT fn, ids FROM function_call_lists').rows as { fn: number; ids: string }[];
    expect(new Set(lists.map((l) => l.fn)).size).toBe(lists.length);
    for (const list of lists) {
      const ids = JSON.parse(list.ids) as number[];
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
    expect(upgraded.queryCall('multiply', { limit: 700 })).toEqual(before);
    upgraded.close();
  });

  it('upgrades a version 6 file: trace_events takes its names from function_names', () => {
    const { store, dbPath } = busyRun(5);
    const before = store.querySql("SELECT id, function_name, data FROM trace_events WHERE event_type = 'call' ORDER BY id").rows;
    store.close();
    // version 6 had no function_names; its trace_events read the functions table
    const raw = new Database(dbPath);
    raw.exec(`${DROP_VERSION_8} DROP VIEW trace_events; DROP VIEW function_names; CREATE VIEW trace_events AS SELECT 1 AS stale; PRAGMA user_version = 6;`);
    raw.close();
    const upgraded = openStore(dbPath);
    expect(upgraded.querySql("SELECT id, function_name, data FROM trace_events WHERE event_type = 'call' ORDER BY id").rows).toEqual(before);
    expect(before.length).toBeGreaterThan(10);
    upgraded.close();
  });

  it("upgrades a version 7 file: its runs' self times come from the totals they have", () => {
    const { store, dbPath } = busyRun(5);
    const before = store.queryPerformance({}).functions;
    store.close();
    const raw = new Database(dbPath);
    raw.exec(`${DROP_VERSION_8} PRAGMA user_version = 7;`);
    raw.close();
    const upgraded = openStore(dbPath);
    const nested = upgraded.querySql('SELECT COUNT(*) AS n FROM function_stats WHERE agg_with_nested_ns IS NOT NULL').rows[0];
    expect(nested).toEqual({ n: 0 });
    // busyRun's functions do not recurse: the same answer either way
    expect(upgraded.queryPerformance({}).functions).toEqual(before);
    upgraded.close();
  });

  it('refuses a file that is not a database, naming it', () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'junk.db');
    fs.writeFileSync(dbPath, 'this is not sqlite at all, not even close'.repeat(100));
    expect(() => openStore(dbPath)).toThrow(/junk\.db is not a Breadcrumb trace database/);
  });

  it('says what to do when a read-only open finds no database', () => {
    const dir = tempDir();
    expect(() => openStore(path.join(dir, 'none.db'), { readonly: true })).toThrow(/no trace database .* run `breadcrumb run`/);
  });

  it('documents every table, view and column in SCHEMA.md', () => {
    const { store } = testStore();
    const doc = fs.readFileSync(path.join(import.meta.dirname, '..', 'SCHEMA.md'), 'utf8');
    const objects = store.querySql("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'").rows.map((r) => r.name as string);
    expect(objects.length).toBeGreaterThan(10);
    for (const name of objects) {
      expect(doc, `table ${name}`).toContain(`### \`${name}\``);
      const columns = store.querySql(`SELECT name FROM pragma_table_info('${name}')`).rows.map((r) => r.name as string);
      const section = doc.slice(doc.indexOf(`### \`${name}\``)).split('\n### ')[0]!;
      for (const column of columns) expect(section, `${name}.${column}`).toContain(`| \`${column}\` |`);
    }
  });
});
