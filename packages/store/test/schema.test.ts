import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, StoreError, openStore } from '../src/index.js';
import { tempDir, testStore } from './helpers.js';

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
