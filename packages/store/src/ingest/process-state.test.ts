import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../schema.js';
import { FunctionStats, ProcessState, ProcessStateWriter, SiteStats } from './process-state.js';

function database(): Database.Database {
  const db = new Database(':memory:');
  migrate(db, ':memory:', false);
  db.prepare("INSERT INTO processes (id, run_id, process_key, started_at_ms, hr_origin_ns) VALUES (1, 1, 'p', 0, 0)").run();
  return db;
}

describe('ProcessState statistics', () => {
  it('start their nanosecond fields at a zero that is stored as the integer 0', () => {
    // The fields start at -0 (a double, for V8's sake): nothing of it may show in the database.
    expect(new FunctionStats().totalNs === 0 && new SiteStats().totalNs === 0).toBe(true);
    const db = database();
    const state = new ProcessState(1, 1, 'p');
    state.statsOf(10).calls = 1;
    state.siteStatsOf(20).calls = 1;
    new ProcessStateWriter(db).save(state, 0);
    expect(db.prepare('SELECT total_ns, typeof(total_ns) AS type, self_ns, typeof(self_ns) AS self_type FROM function_stats').get()).toEqual({
      total_ns: 0, type: 'integer', self_ns: 0, self_type: 'integer',
    });
    expect(db.prepare('SELECT total_ns, typeof(total_ns) AS type FROM site_stats').get()).toEqual({ total_ns: 0, type: 'integer' });
    expect(db.prepare('SELECT max_ts, typeof(max_ts) AS type FROM processes').get()).toEqual({ max_ts: 0, type: 'integer' });
  });

  it('add up nanoseconds past 2³¹ exactly', () => {
    const stats = new FunctionStats();
    stats.recordDuration(1, 1);
    for (let i = 0; i < 3; i++) stats.recordDuration(2 ** 31 + 1, 2 ** 31 + 1);
    expect(stats.totalNs).toBe(3 * (2 ** 31 + 1) + 1);
    expect(stats.selfNs).toBe(3 * (2 ** 31 + 1) + 1);
    expect(stats.minNs).toBe(1);
  });
});
