import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EventWriter } from './event-writer.js';
import { FunctionStats, OpenCalls } from './process-state.js';

function eventsTable(): Database.Database {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE events (id INTEGER PRIMARY KEY, process_id INTEGER NOT NULL, kind INTEGER NOT NULL, fn INTEGER NOT NULL,
    call INTEGER NOT NULL, parent INTEGER NOT NULL, depth INTEGER NOT NULL, ts INTEGER NOT NULL, aux INTEGER NOT NULL,
    end_pos INTEGER, args TEXT, result TEXT, on_thread_ns INTEGER);
    CREATE TABLE function_call_lists (fn INTEGER NOT NULL, ids TEXT NOT NULL);`);
  return db;
}

const rowsOf = (db: Database.Database) => db.prepare('SELECT id, call, args, result, end_pos FROM events ORDER BY id').all();

describe('EventWriter', () => {
  it('writes rows added out of order in id order, with the reserved ids', () => {
    const db = eventsTable();
    db.prepare('INSERT INTO events VALUES (41, 1, 0, 1, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL)').run();
    const writer = new EventWriter(db);
    db.transaction(() => {
      writer.begin(db);
      const outer = writer.reserve();
      const inner = writer.reserve();
      const site = writer.reserve();
      writer.add(site, 1, 3, 5, 2, inner, 1, 30, 7, null, null, null);
      writer.add(inner, 1, 0, 2, 2, outer, 1, 20, 5, site + 1, '{"b":2}', '2', true);
      writer.add(outer, 1, 0, 1, 1, 0, 0, 10, 40, site + 1, '{"a":1}', '1', true);
      writer.flush();
    })();
    expect(rowsOf(db)).toEqual([
      { id: 41, call: 0, args: null, result: null, end_pos: null },
      { id: 42, call: 1, args: '{"a":1}', result: '1', end_pos: 45 },
      { id: 43, call: 2, args: '{"b":2}', result: '2', end_pos: 45 },
      { id: 44, call: 2, args: null, result: null, end_pos: null },
    ]);
    expect(db.prepare('SELECT fn, ids FROM function_call_lists ORDER BY fn').all()).toEqual([{ fn: 1, ids: '[42]' }, { fn: 2, ids: '[43]' }]);
  });

  it("lists each function's call rows once per transaction, in id order, whatever order they ended in", () => {
    const db = eventsTable();
    const writer = new EventWriter(db);
    const transaction = (calls: [fn: number, ends: number][]) =>
      db.transaction(() => {
        writer.begin(db);
        const ids = calls.map(() => writer.reserve());
        // Added innermost first, as calls end: the last reserved id first.
        for (let i = calls.length - 1; i >= 0; i--) writer.add(ids[i]!, 1, 0, calls[i]![0], i, 0, i, i, 1, null, null, null, true);
        writer.flush();
      })();
    transaction([[7, 0], [3, 0], [7, 0], [7, 0]]);
    transaction([[3, 0], [7, 0]]);
    expect(db.prepare('SELECT fn, ids FROM function_call_lists ORDER BY rowid').all()).toEqual([
      { fn: 3, ids: '[2]' },
      { fn: 7, ids: '[1,3,4]' },
      { fn: 3, ids: '[5]' },
      { fn: 7, ids: '[6]' },
    ]);
  });

  it('stores values given as UTF-8 bytes (straight from the spool) as text, like strings', () => {
    const db = eventsTable();
    const writer = new EventWriter(db);
    const utf8 = (text: string) => new Uint8Array(Buffer.from(text));
    db.transaction(() => {
      writer.begin(db);
      writer.add(writer.reserve(), 1, 0, 1, 1, 0, 0, 10, 1, null, utf8('{"name":"é ✓ 😀"}'), utf8('[1,2]'));
      writer.add(writer.reserve(), 1, 0, 1, 2, 0, 0, 20, 1, null, '{"s":1}', null);
      writer.flush();
    })();
    expect(db.prepare('SELECT args, typeof(args) AS a, result, typeof(result) AS r FROM events ORDER BY id').all()).toEqual([
      { args: '{"name":"é ✓ 😀"}', a: 'text', result: '[1,2]', r: 'text' },
      { args: '{"s":1}', a: 'text', result: null, r: 'null' },
    ]);
  });

  it('keeps ids that are not the next ones (a gap, or rows of an earlier transaction) as they are', () => {
    const db = eventsTable();
    const writer = new EventWriter(db);
    db.transaction(() => {
      writer.begin(db);
      writer.add(5, 1, 0, 1, 1, 0, 0, 10, 1, 6, null, 'x');
      writer.add(writer.reserve(), 1, 0, 1, 2, 0, 0, 20, 1, 6, null, 'y');
      writer.flush();
      // A second flush in the same transaction after a gap: ids still as given.
      writer.add(9, 1, 0, 1, 3, 0, 0, 30, 1, 10, null, 'z');
      writer.flush();
    })();
    expect(rowsOf(db).map((r) => (r as { id: number }).id)).toEqual([1, 5, 9]);
    // Many rows (several statement sizes), all appended.
    db.transaction(() => {
      writer.begin(db);
      const ids: number[] = [];
      for (let i = 0; i < 1000; i++) ids.push(writer.reserve());
      for (const id of ids.reverse()) writer.add(id, 1, 3, 1, id, 0, 0, id, 0, null, `v${id}`, null);
      writer.flush();
    })();
    const rows = rowsOf(db) as { id: number; args: string | null }[];
    expect(rows.length).toBe(1003);
    expect(rows.slice(3).every((r, i) => r.id === 10 + i && r.args === `v${10 + i}`)).toBe(true);
  });
});

describe('OpenCalls', () => {
  it('finds calls by id after others were removed (the last slot moves into the freed one)', () => {
    const open = new OpenCalls();
    const stats = Array.from({ length: 201 }, () => new FunctionStats());
    for (let call = 1; call <= 200; call++) open.add(call, 1000 + call, call % 3, stats[call]!, call * 10, call - 1, 0, call, `a${call}`, call % 2 ? OpenCalls.ASYNC : 0);
    for (let call = 2; call <= 200; call += 2) open.remove(open.slotOf(call));
    expect(open.size).toBe(100);
    expect(open.slotOf(2)).toBe(-1);
    expect(open.slotOf(-1)).toBe(-1);
    expect(open.slotOf(5000)).toBe(-1);
    for (let call = 1; call <= 200; call += 2) {
      const slot = open.slotOf(call);
      expect(open.callId[slot]).toBe(call);
      expect(open.row[slot]).toBe(1000 + call);
      expect(open.ts[slot]).toBe(call * 10);
      expect(open.args[slot]).toBe(`a${call}`);
      expect(open.stats[slot]).toBe(stats[call]);
      expect(open.flags[slot]).toBe(OpenCalls.ASYNC);
    }
  });
});
