// The database schema as one ordered list of migrations. `PRAGMA user_version` holds how many have
// been applied: an older file is upgraded in place when opened for writing, a newer one is refused
// (this Breadcrumb would misread it). Every table and column is documented in ../SCHEMA.md.
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { displayNameSql } from './queries/display-name.js';

/** Wall-clock ms → ISO-8601 text (what the seed's views show). */
const iso = (ms: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', (${ms}) / 1000.0, 'unixepoch')`;
const jsonOrText = (column: string) => `CASE WHEN json_valid(${column}) THEN json(${column}) ELSE ${column} END`;

/**
 * The seed's `trace_events` view, its names taken from `functions` (a table or view with `id`, `name` and
 * `module_id`): the functions table itself before schema 7, function_names since.
 */
function traceEventsView(functions: 'functions' | 'function_names'): string {
  return `
  CREATE VIEW trace_events AS
    SELECT e.id * 2 AS id,
      p.run_id AS trace_id,
      ${iso('p.started_at_ms + e.ts / 1e6')} AS timestamp,
      CASE e.kind WHEN 3 THEN 'call_site' WHEN 6 THEN 'return' ELSE 'call' END AS event_type,
      CASE WHEN e.kind = 3 THEN s.callee ELSE f.name END AS function_name,
      CASE WHEN e.kind = 3 THEN COALESCE(s.callee_module, s.module_id) ELSE f.module_id END AS module_name,
      CASE WHEN e.kind IN (3, 6) THEN e.aux / 1e6 END AS duration_ms,
      CASE e.kind
        WHEN 3 THEN json_object('callee', s.callee, 'call_id', e.call, 'file', s.file, 'line', s.line,
          'caller', (SELECT cf.name FROM ${functions} cf WHERE cf.id = s.function_id))
        WHEN 6 THEN json_object('return_value', ${jsonOrText('e.args')}, 'call_id', e.call, 'settled', json('true'))
        ELSE json_object('args', ${jsonOrText('e.args')}, 'call_id', e.call, 'depth', e.depth, 'process_id', e.process_id,
          'caller', (SELECT pf.name FROM events pe JOIN ${functions} pf ON pf.id = pe.fn WHERE pe.id = e.parent))
      END AS data
    FROM events e
    JOIN processes p ON p.id = e.process_id
    LEFT JOIN ${functions} f ON e.kind <> 3 AND f.id = e.fn
    LEFT JOIN call_sites s ON e.kind = 3 AND s.id = e.fn
    WHERE e.kind IN (0, 2, 3, 6, 7)
    UNION ALL
    SELECT e.id * 2 + 1 AS id,
      p.run_id AS trace_id,
      ${iso('p.started_at_ms + (e.ts + e.aux) / 1e6')} AS timestamp,
      CASE e.kind WHEN 2 THEN 'exception' ELSE 'return' END AS event_type,
      f.name AS function_name,
      f.module_id AS module_name,
      e.aux / 1e6 AS duration_ms,
      CASE e.kind
        WHEN 2 THEN json_object('exception', ${jsonOrText('e.result')}, 'call_id', e.call)
        ELSE json_object('return_value', ${jsonOrText('e.result')}, 'call_id', e.call)
      END AS data
    FROM events e
    JOIN processes p ON p.id = e.process_id
    JOIN ${functions} f ON f.id = e.fn
    WHERE e.kind IN (0, 2);
  `;
}

const MIGRATIONS: readonly string[] = [
  // user_version 1: the compact trace schema and the seed's views.
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    project TEXT,
    command TEXT NOT NULL,
    cwd TEXT,
    started_at_ms INTEGER NOT NULL,
    ended_at_ms INTEGER,
    status TEXT NOT NULL DEFAULT 'running'
      CHECK (status IN ('running', 'completed', 'failed', 'timeout', 'killed')),
    exit_code INTEGER,
    origin TEXT NOT NULL DEFAULT 'run' CHECK (origin IN ('run', 'ingest'))
  );

  CREATE TABLE processes (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    process_key TEXT NOT NULL UNIQUE,
    parent_key TEXT,
    parent_id INTEGER,
    pid INTEGER, ppid INTEGER, thread_id INTEGER, host TEXT,
    argv TEXT, exec_argv TEXT, cwd TEXT, node_version TEXT,
    started_at_ms REAL NOT NULL,
    hr_origin_ns REAL NOT NULL,
    ended_at_ms REAL,
    end_reason TEXT,
    exit_code INTEGER,
    signal TEXT,
    events INTEGER NOT NULL DEFAULT 0,
    calls INTEGER NOT NULL DEFAULT 0,
    returns INTEGER NOT NULL DEFAULT 0,
    exceptions INTEGER NOT NULL DEFAULT 0,
    call_sites INTEGER NOT NULL DEFAULT 0,
    next_seq INTEGER NOT NULL DEFAULT 0,
    lost_events INTEGER NOT NULL DEFAULT 0,
    dropped_events INTEGER NOT NULL DEFAULT 0,
    sampled_out INTEGER NOT NULL DEFAULT 0,
    max_ts INTEGER NOT NULL DEFAULT 0,
    first_event INTEGER,
    last_event INTEGER
  );
  CREATE INDEX processes_run ON processes(run_id);

  CREATE TABLE modules (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL,
    module_id TEXT NOT NULL,
    file TEXT NOT NULL,
    fn_base INTEGER NOT NULL,
    site_base INTEGER NOT NULL
  );
  CREATE INDEX modules_process ON modules(process_id);

  CREATE TABLE functions (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL,
    local_id INTEGER NOT NULL,
    module_id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    is_async INTEGER NOT NULL,
    is_generator INTEGER NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    col INTEGER NOT NULL,
    params TEXT,
    UNIQUE (process_id, local_id)
  );
  CREATE INDEX functions_name ON functions(name);

  CREATE TABLE call_sites (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL,
    local_id INTEGER NOT NULL,
    function_id INTEGER,
    module_id TEXT NOT NULL,
    callee TEXT NOT NULL,
    callee_module TEXT,
    builtin INTEGER NOT NULL DEFAULT 0,
    suggested_include TEXT,
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    col INTEGER NOT NULL,
    UNIQUE (process_id, local_id)
  );

  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    fn INTEGER NOT NULL,
    call INTEGER NOT NULL,
    parent INTEGER NOT NULL,
    depth INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    aux INTEGER NOT NULL,
    end_pos INTEGER,
    args TEXT,
    result TEXT
  );
  CREATE TABLE function_calls (
    fn INTEGER NOT NULL,
    id INTEGER NOT NULL,
    PRIMARY KEY (fn, id)
  ) WITHOUT ROWID;
  CREATE INDEX events_exceptions ON events(process_id, end_pos, parent, result) WHERE kind = 2;

  CREATE TABLE function_stats (
    function_id INTEGER PRIMARY KEY,
    calls INTEGER NOT NULL DEFAULT 0,
    returns INTEGER NOT NULL DEFAULT 0,
    exceptions INTEGER NOT NULL DEFAULT 0,
    total_ns INTEGER NOT NULL DEFAULT 0,
    self_ns INTEGER NOT NULL DEFAULT 0,
    min_ns INTEGER,
    max_ns INTEGER,
    histogram TEXT,
    agg_count INTEGER,
    agg_detailed INTEGER,
    agg_total_ns INTEGER,
    agg_min_ns INTEGER,
    agg_max_ns INTEGER,
    agg_histogram TEXT
  );

  CREATE TABLE site_stats (
    site_id INTEGER PRIMARY KEY,
    calls INTEGER NOT NULL DEFAULT 0,
    total_ns INTEGER NOT NULL DEFAULT 0,
    agg_count INTEGER,
    agg_total_ns INTEGER
  );

  CREATE TABLE warnings (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    process_id INTEGER,
    message TEXT NOT NULL,
    file TEXT
  );
  CREATE INDEX warnings_run ON warnings(run_id);

  CREATE TABLE spool_files (
    process_key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    offset INTEGER NOT NULL DEFAULT 0,
    done INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (process_key, file_name)
  ) WITHOUT ROWID;

  CREATE VIEW traces AS
    SELECT r.id AS id,
      ${iso('r.started_at_ms')} AS started_at,
      CASE WHEN r.ended_at_ms IS NULL THEN NULL ELSE ${iso('r.ended_at_ms')} END AS ended_at,
      r.status AS status,
      CASE WHEN r.ended_at_ms IS NULL THEN NULL ELSE r.ended_at_ms - r.started_at_ms END AS duration_ms,
      r.project AS project,
      r.command AS command,
      r.cwd AS cwd,
      r.exit_code AS exit_code,
      (SELECT COALESCE(SUM(p.events), 0) FROM processes p WHERE p.run_id = r.id) AS event_count
    FROM runs r;

  ${traceEventsView('functions')}  `,
  // user_version 2: how many of the aggregated calls had their duration measured (the runtime times a random
  // sample of the calls past the detail cap; agg_total_ns is then an estimate).
  `ALTER TABLE function_stats ADD COLUMN agg_timed INTEGER;`,
  // user_version 3: the runtime's exact caller -> callee counts (its Aggregates frame), which say who called a
  // function past its detail cap and which functions recurse.
  `
  CREATE TABLE edge_stats (
    callee_id INTEGER NOT NULL,
    caller_id INTEGER NOT NULL,
    calls INTEGER NOT NULL,
    timed INTEGER NOT NULL,
    total_ns INTEGER NOT NULL,
    PRIMARY KEY (callee_id, caller_id)
  ) WITHOUT ROWID;
  `,
  // user_version 4: what ended a process that died of an uncaught exception or unhandled rejection (JSON: name,
  // message, stack, and the value as its Exception events captured it).
  `ALTER TABLE processes ADD COLUMN end_error TEXT;`,
  // user_version 5: an async function's or generator's time on the thread apart from its elapsed time. Durations
  // (total_ns, self_ns, min/max, histograms) became on-thread time: overlapping awaits added up to
  // many times the run. A call row's aux stays its elapsed time; on_thread_ns is set when it suspended.
  `
  ALTER TABLE events ADD COLUMN on_thread_ns INTEGER;
  ALTER TABLE function_stats ADD COLUMN elapsed_ns INTEGER;
  ALTER TABLE function_stats ADD COLUMN elapsed_max_ns INTEGER;
  ALTER TABLE function_stats ADD COLUMN agg_elapsed_timed INTEGER;
  ALTER TABLE function_stats ADD COLUMN agg_elapsed_ns INTEGER;
  ALTER TABLE function_stats ADD COLUMN agg_elapsed_max_ns INTEGER;
  `,
  // user_version 6: the lookup from a function to its calls as one row per function and ingest
  // transaction (the ids of its call rows, a JSON array) instead of one row per call: the ingest wrote
  // a row per call at a few hundred places of a B-tree in turn, ~12% of its CPU. function_calls stays,
  // as a view with the same columns, for --sql queries written against it.
  `
  CREATE TABLE function_call_lists (
    fn INTEGER NOT NULL,
    ids TEXT NOT NULL
  );
  CREATE INDEX function_call_lists_fn ON function_call_lists(fn);
  INSERT INTO function_call_lists (fn, ids)
    SELECT fn, json_group_array(id ORDER BY id) FROM function_calls GROUP BY fn;
  DROP TABLE function_calls;
  CREATE VIEW function_calls AS
    SELECT l.fn AS fn, j.value AS id FROM function_call_lists l, json_each(l.ids) j;
  `,
  // user_version 7: trace_events names functions as the queries' answers do (function_names): an anonymous
  // function by where it is, a name that several functions of the run share by the --call argument that
  // picks one. It showed the instrumenter's bare names: 48,000 calls of lodash's and acorn's runs grouped
  // under one '<anonymous>', and a caller 'wrapper' that named four functions.
  `
  DROP VIEW trace_events;
  CREATE VIEW function_names AS
    WITH places AS (
      SELECT DISTINCT p.run_id, f.name, f.module_id, f.line, f.col
      FROM functions f JOIN processes p ON p.id = f.process_id
      WHERE f.name NOT LIKE '<anonymous%>'
    ), shared AS (
      SELECT run_id, name, module_id, line, col,
        COUNT(*) OVER (PARTITION BY run_id, name) AS in_run,
        COUNT(*) OVER (PARTITION BY run_id, name, module_id) AS in_module,
        COUNT(*) OVER (PARTITION BY run_id, name, module_id, line) AS on_line
      FROM places
    )
    SELECT f.id AS id,
      CASE
        WHEN c.in_run IS NULL OR c.in_run < 2 THEN ${displayNameSql('f')}
        WHEN c.in_module < 2 THEN f.module_id || ':' || f.name
        WHEN c.on_line < 2 THEN f.module_id || ':' || f.name || '@' || f.line
        ELSE f.module_id || ':' || f.name || '@' || f.line || ':' || (f.col + 1)
      END AS name,
      f.module_id AS module_id
    FROM functions f JOIN processes p ON p.id = f.process_id
    LEFT JOIN shared c ON c.run_id = p.run_id AND c.name = f.name AND c.module_id = f.module_id AND c.line = f.line AND c.col = f.col;
  ${traceEventsView('function_names')}`,
  // user_version 8: the time of nested calls (a call made while another of the same function ran, directly
  // or through others), which agg_total_ns and edge_stats.total_ns leave out: with them, a function's
  // self time is its calls' durations less its callees'. Without, in mutual recursion (js-yaml's
  // readBlockMapping -> composeNode -> readBlockMapping) one function kept its nested callees' time as its
  // own (1,217 ms self where a CPU profile saw 19) and another showed 0 ms of its 714.
  `
  ALTER TABLE function_stats ADD COLUMN agg_with_nested_ns INTEGER;
  ALTER TABLE edge_stats ADD COLUMN with_nested_ns INTEGER;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersionOf(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a file written by a newer Breadcrumb; upgrades an older one (when writable). */
export function migrate(db: Database.Database, dbPath: string, readonly: boolean): void {
  const version = schemaVersionOf(db);
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      'SCHEMA_TOO_NEW',
      `${dbPath} has schema version ${version}, newer than this Breadcrumb understands (${SCHEMA_VERSION}): upgrade Breadcrumb, or move the file aside to start a new database`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  if (readonly) {
    throw new StoreError(
      'DATABASE_UNREADABLE',
      `${dbPath} has schema version ${version} and needs an upgrade to ${SCHEMA_VERSION}: run any breadcrumb command that writes (e.g. \`breadcrumb list\`) first`,
    );
  }
  const upgrade = db.transaction(() => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const current = schemaVersionOf(db);
    for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  upgrade.immediate();
}
