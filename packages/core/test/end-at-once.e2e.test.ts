// A traced process ends at once after its last 'exit' listener where nothing its program could see
// changes (src/process/end-at-once.ts): the same exit code and output, every event flushed, and a
// native addon's cleanup at a natural end still happens.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { callsOf, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

const betterSqlite3 = createRequire(path.resolve(__dirname, '../../store/package.json')).resolve('better-sqlite3');

describe('the end of a traced process', () => {
  it("keeps the exit code an 'exit' listener sets and the output it writes, and records the listener's calls", async () => {
    const plain = await runPlain(['end-exit-code.js']);
    const traced = await runTraced(['end-exit-code.js']);
    expect(plain.code).toBe(3);
    expect(traced.code).toBe(plain.code);
    expect(traced.stdout).toBe(plain.stdout);
    expect(traced.stderr).toBe(plain.stderr);
    const root = rootProcess(traced);
    expect(root.end).toMatchObject({ reason: 'exit', exitCode: 3 });
    expect(callsOf(root).map((c) => c.name)).toEqual(expect.arrayContaining(['onExit', 'summary']));
  }, 60_000);

  it("ends naturally once a native addon is loaded: better-sqlite3's cleanup still closes the database (no -wal left)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-end-addon-'));
    const plainDb = path.join(dir, 'plain.db');
    const tracedDb = path.join(dir, 'traced.db');
    const plain = await runPlain(['end-addon-database.js', betterSqlite3, plainDb]);
    const traced = await runTraced(['end-addon-database.js', betterSqlite3, tracedDb]);
    expect(plain.code).toBe(0);
    expect(traced.code).toBe(0);
    expect(traced.stdout).toBe(plain.stdout);
    expect(fs.existsSync(`${plainDb}-wal`)).toBe(false);
    expect(fs.existsSync(`${tracedDb}-wal`)).toBe(false);
    expect(callsOf(rootProcess(traced)).map((c) => c.name)).toContain('record');
  }, 60_000);
});
