// What the ingest remembers about one traced process between frames: the map from the process's
// function and call-site ids to database ids, the calls still open (to compute durations and self
// time as returns arrive), the running counters and per-function statistics. Rebuilt from the
// database when an ingest resumes in a new CLI process.
import type Database from 'better-sqlite3';
import { CallIdMap } from './call-id-map.js';
import { CallRows } from './call-rows.js';
import { OrphanRows } from './orphan-rows.js';
import { bucketOf, trimHistogram } from './duration-histogram.js';
import type { StoredText } from './event-writer.js';
import { RunningStack } from './running-stack.js';

/**
 * The calls of a process that have started and not ended yet, in columns (typed arrays indexed by a
 * slot, found from the call id through a hash table): pairing a call with its end allocates nothing
 * per call. Slots are packed (a removed slot takes the last one), so iteration is over 0..size-1.
 */
export class OpenCalls {
  /** Call id → slot. */
  private readonly slotOfCall = new CallIdMap();
  size = 0;
  private capacity = 64;
  callId = new Float64Array(this.capacity);
  /** events.id reserved for the call's row. */
  row = new Float64Array(this.capacity);
  fn = new Float64Array(this.capacity);
  ts = new Float64Array(this.capacity);
  /** Time its callees ran inside it (see RunningStack): its self time is the time it ran less this. */
  childNs = new Float64Array(this.capacity);
  /** ns it has spent suspended at await/yield so far. */
  waitedNs = new Float64Array(this.capacity);
  /** When it suspended last; NaN while it runs. */
  suspendedAt = new Float64Array(this.capacity);
  /** Call id of the causal parent (-1: unknown, a call resumed from the database). */
  parent = new Float64Array(this.capacity);
  parentRow = new Float64Array(this.capacity);
  depth = new Float64Array(this.capacity);
  /** Bit 1: async; bit 2: its row is in the table already (as still open, or returned and waiting for its promise); bit 4: entered in function_call_lists. */
  flags = new Uint8Array(this.capacity);
  args: (StoredText | null)[] = [];
  /** Its function's statistics (one Map lookup per call, at its start). */
  stats: (FunctionStats | null)[] = [];

  static readonly ASYNC = 1;
  static readonly WRITTEN = 2;
  static readonly LISTED = 4;
  /** A recursive call (the runtime's CALL_NESTED): its time is inside an outer call's, not added to the total. */
  static readonly NESTED = 8;
  /** A call of an async function or generator: its elapsed time is kept apart from the time it ran. */
  static readonly SUSPENDABLE = 16;
  /** It suspended at least once: its row gets on_thread_ns. */
  static readonly SUSPENDED = 32;

  /** The slot of an open call, or -1. */
  slotOf(callId: number): number {
    return this.slotOfCall.get(callId, -1);
  }

  add(
    callId: number, row: number, fn: number, stats: FunctionStats, ts: number, parent: number, parentRow: number, depth: number,
    args: StoredText | null, flags: number,
  ): number {
    if (this.size === this.capacity) this.grow();
    const slot = this.size++;
    this.callId[slot] = callId;
    this.row[slot] = row;
    this.fn[slot] = fn;
    this.ts[slot] = ts;
    this.childNs[slot] = 0;
    this.waitedNs[slot] = 0;
    this.suspendedAt[slot] = NaN;
    this.parent[slot] = parent;
    this.parentRow[slot] = parentRow;
    this.depth[slot] = depth;
    this.flags[slot] = flags;
    this.args[slot] = args;
    this.stats[slot] = stats;
    this.slotOfCall.set(callId, slot);
    return slot;
  }

  remove(slot: number): void {
    const last = --this.size;
    this.slotOfCall.delete(this.callId[slot]!);
    if (slot !== last) {
      this.callId[slot] = this.callId[last]!;
      this.row[slot] = this.row[last]!;
      this.fn[slot] = this.fn[last]!;
      this.ts[slot] = this.ts[last]!;
      this.childNs[slot] = this.childNs[last]!;
      this.waitedNs[slot] = this.waitedNs[last]!;
      this.suspendedAt[slot] = this.suspendedAt[last]!;
      this.parent[slot] = this.parent[last]!;
      this.parentRow[slot] = this.parentRow[last]!;
      this.depth[slot] = this.depth[last]!;
      this.flags[slot] = this.flags[last]!;
      this.args[slot] = this.args[last]!;
      this.stats[slot] = this.stats[last]!;
      this.slotOfCall.set(this.callId[slot]!, slot);
    }
    this.args[last] = null;
    this.stats[last] = null;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const grow = (column: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const grown = new Float64Array(capacity);
      grown.set(column);
      return grown;
    };
    this.callId = grow(this.callId);
    this.row = grow(this.row);
    this.fn = grow(this.fn);
    this.ts = grow(this.ts);
    this.childNs = grow(this.childNs);
    this.waitedNs = grow(this.waitedNs);
    this.suspendedAt = grow(this.suspendedAt);
    this.parent = grow(this.parent);
    this.parentRow = grow(this.parentRow);
    this.depth = grow(this.depth);
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
    this.capacity = capacity;
  }
}

/**
 * How many calls of each function per process are entered in function_call_lists, the lookup `--call`
 * starts from: the runtime's own detail cap (1000 by default) stays under it, so normally every call
 * is; past it (detail cap raised), queries scan on from the last entry, and ingest keeps its pace.
 */
export const LISTED_CALLS_PER_FUNCTION = 5000;

/**
 * 0 for a field that sums or holds nanoseconds: -0 is a double, never a small integer, so V8 stores
 * the field as a double from the first object on. Started as 0, such a field turns into a double once
 * it passes 2³⁰ (a second of nanoseconds) and V8 replaces the objects' layout, throwing away the
 * optimised code of every function that used it: the ingest's hottest functions were compiled again
 * three times in a corpus run. Arithmetic and comparisons treat -0 as 0; it is stored as 0.
 */
export const DOUBLE_ZERO = -0;

export class FunctionStats {
  /** Changed since the last save (ProcessState.touchedFunctions lists it). */
  touched = false;
  calls = 0;
  returns = 0;
  exceptions = 0;
  totalNs = DOUBLE_ZERO;
  selfNs = DOUBLE_ZERO;
  minNs: number | null = null;
  maxNs: number | null = null;
  histogram: number[] = [];

  /** Async functions and generators: the summed and longest elapsed time of their ended calls; null for others. */
  elapsedNs: number | null = null;
  elapsedMaxNs: number | null = null;

  /**
   * `ns`: the time the call ran (an async function's or generator's suspended time left out);
   * `nested`: a recursive call, whose time the total has in the outer call's already; `elapsedNs`:
   * an async function's or generator's time from start to settle or finish.
   */
  recordDuration(ns: number, selfNs: number, nested = false, elapsedNs: number | null = null): void {
    if (elapsedNs !== null) {
      this.elapsedNs = (this.elapsedNs ?? 0) + elapsedNs;
      this.elapsedMaxNs = Math.max(this.elapsedMaxNs ?? 0, elapsedNs);
    }
    if (!nested) this.totalNs += ns;
    this.selfNs += selfNs;
    this.minNs = this.minNs === null ? ns : Math.min(this.minNs, ns);
    this.maxNs = this.maxNs === null ? ns : Math.max(this.maxNs, ns);
    const bucket = bucketOf(ns);
    while (this.histogram.length <= bucket) this.histogram.push(0);
    this.histogram[bucket]!++;
  }
}

export class SiteStats {
  touched = false;
  calls = 0;
  totalNs = DOUBLE_ZERO;
}

/** Process-local ids (0, 1, 2, ...) → database ids: an array lookup on every event, not a hash. */
export class DenseIdMap {
  private ids = new Float64Array(256).fill(NaN);

  get(local: number): number | undefined {
    const id = local < this.ids.length ? this.ids[local]! : NaN;
    return id === id ? id : undefined;
  }

  set(local: number, id: number): void {
    if (local >= this.ids.length) {
      let size = this.ids.length * 2;
      while (size <= local) size *= 2;
      const grown = new Float64Array(size).fill(NaN);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[local] = id;
  }
}

/** Callers past the detail cap whose callees' rows wait for their row (OrphanRows). */
const MAX_ORPHAN_PARENTS = 1024;
const MAX_ORPHANS_PER_PARENT = 16;

export class ProcessState {
  /** Process-local function id → functions.id. */
  readonly functions = new DenseIdMap();
  /**
   * functions.id of async functions and generators (they suspend) → their calls' OpenCalls flags:
   * SUSPENDABLE, and ASYNC for async functions that are not generators. One lookup per call.
   */
  readonly suspendingFunctions = new Map<number, number>();

  /** A function's kind as flags of its open calls (see suspendingFunctions). */
  noteFunction(id: number, isAsync: boolean, isGenerator: boolean): void {
    if (isAsync || isGenerator) this.suspendingFunctions.set(id, OpenCalls.SUSPENDABLE | (isAsync && !isGenerator ? OpenCalls.ASYNC : 0));
  }

  /** OpenCalls.ASYNC / SUSPENDABLE for a call of function `id`. */
  kindOf(id: number): number {
    return this.suspendingFunctions.get(id) ?? 0;
  }
  readonly sites = new DenseIdMap();
  readonly openCalls = new OpenCalls();
  readonly running = new RunningStack(this.openCalls);
  /** Call id → events.id of its Call row, for every detailed call of the process (causal parents may have ended). */
  private readonly callRows = new CallRows();
  readonly functionStats = new Map<number, FunctionStats>();
  readonly siteStats = new Map<number, SiteStats>();
  /** The ids whose statistics changed since the last save (each once: a flag on the statistics, not a Set lookup per call). */
  readonly touchedFunctions: number[] = [];
  readonly touchedSites: number[] = [];
  events = 0;
  calls = 0;
  returns = 0;
  exceptions = 0;
  callSites = 0;
  nextSeq = 0;
  lostEvents = 0;
  maxTs = DOUBLE_ZERO;
  ended = false;
  hasFirstEvent = false;

  constructor(
    readonly id: number,
    readonly runId: number,
    readonly processKey: string,
  ) {}

  static load(db: Database.Database, processKey: string): ProcessState | null {
    const row = db.prepare('SELECT * FROM processes WHERE process_key = ?').get(processKey) as Record<string, number> | undefined;
    if (!row) return null;
    const state = new ProcessState(row.id!, row.run_id!, processKey);
    Object.assign(state, {
      events: row.events, calls: row.calls, returns: row.returns, exceptions: row.exceptions,
      callSites: row.call_sites, nextSeq: row.next_seq, lostEvents: row.lost_events, maxTs: row.max_ts,
      ended: row.end_reason !== null && row.end_reason !== undefined,
      hasFirstEvent: row.first_event !== null && row.first_event !== undefined,
    });
    for (const f of db.prepare('SELECT id, local_id, is_async, is_generator FROM functions WHERE process_id = ?').iterate(state.id) as Iterable<Record<string, number>>) {
      state.functions.set(f.local_id!, f.id!);
      state.noteFunction(f.id!, f.is_async === 1, f.is_generator === 1);
    }
    for (const s of db.prepare('SELECT id, local_id FROM call_sites WHERE process_id = ?').iterate(state.id) as Iterable<Record<string, number>>) {
      state.sites.set(s.local_id!, s.id!);
    }
    // The rows of calls that began before this ingester are found when an event refers to them.
    state.findCallRow = callRowFinder(db, state.id, row.first_event ?? 0, row.last_event ?? 0);
    const statsRows = db
      .prepare('SELECT s.* FROM function_stats s JOIN functions f ON f.id = s.function_id WHERE f.process_id = ?')
      .iterate(state.id) as Iterable<Record<string, unknown>>;
    for (const s of statsRows) {
      const stats = new FunctionStats();
      Object.assign(stats, {
        calls: s.calls, returns: s.returns, exceptions: s.exceptions, totalNs: s.total_ns, selfNs: s.self_ns,
        minNs: s.min_ns, maxNs: s.max_ns, histogram: s.histogram ? JSON.parse(s.histogram as string) : [],
        elapsedNs: s.elapsed_ns ?? null, elapsedMaxNs: s.elapsed_max_ns ?? null,
      });
      state.functionStats.set(s.function_id as number, stats);
    }
    const siteRows = db
      .prepare('SELECT s.* FROM site_stats s JOIN call_sites c ON c.id = s.site_id WHERE c.process_id = ?')
      .iterate(state.id) as Iterable<Record<string, number>>;
    for (const s of siteRows) {
      const stats = new SiteStats();
      stats.calls = s.calls!;
      stats.totalNs = s.total_ns!;
      state.siteStats.set(s.site_id!, stats);
    }
    return state;
  }

  /** Set for a process resumed from the database: looks up a call row written by an earlier ingester. */
  findCallRow: ((callId: number) => number) | null = null;

  rowOfCall(callId: number): number {
    const known = this.callRows.get(callId);
    if (known !== 0 || callId === 0 || this.findCallRow === null) return known;
    const found = this.findCallRow(callId);
    if (found !== 0) this.setRowOfCall(callId, found);
    return found;
  }

  setRowOfCall(callId: number, row: number): void {
    this.callRows.set(callId, row);
  }

  /** Rows of calls that ended while their caller had no row (see OrphanRows). */
  private readonly orphans = new OrphanRows(MAX_ORPHAN_PARENTS, MAX_ORPHANS_PER_PARENT);
  /** [row, parent row] pairs found this transaction, set once the rows are written. */
  readonly adoptions: number[] = [];

  noteOrphan(parentCall: number, row: number): void {
    this.orphans.note(parentCall, row);
  }

  /** A call recorded late, as `row`: the rows of its callees that ended before get it as their parent. */
  adoptOrphans(callId: number, row: number): void {
    this.orphans.adopt(callId, row, this.adoptions);
  }

  statsOf(fn: number): FunctionStats {
    let stats = this.functionStats.get(fn);
    if (!stats) this.functionStats.set(fn, (stats = new FunctionStats()));
    return this.touch(fn, stats);
  }

  /** `stats` (function `fn`'s) changes now: they are saved with the transaction. */
  touch(fn: number, stats: FunctionStats): FunctionStats {
    if (!stats.touched) {
      stats.touched = true;
      this.touchedFunctions.push(fn);
    }
    return stats;
  }

  siteStatsOf(site: number): SiteStats {
    let stats = this.siteStats.get(site);
    if (!stats) this.siteStats.set(site, (stats = new SiteStats()));
    if (!stats.touched) {
      stats.touched = true;
      this.touchedSites.push(site);
    }
    return stats;
  }
}

/**
 * Finds the row of call `callId` of a process without an index on `call`: a process's call rows
 * have increasing ids and increasing call ids alike, so a binary search over ids finds it in about
 * log2(rows) short probes.
 */
function callRowFinder(db: Database.Database, processId: number, firstEvent: number, lastEvent: number): (callId: number) => number {
  const probe = db.prepare('SELECT id, call FROM events WHERE id >= ? AND id <= ? AND process_id = ? AND kind IN (0, 2, 7) ORDER BY id LIMIT 1');
  return (callId) => {
    let lo = firstEvent;
    let hi = lastEvent;
    while (lo <= hi) {
      const mid = Math.floor((lo + hi) / 2);
      const row = probe.get(mid, hi, processId) as { id: number; call: number } | undefined;
      if (!row) hi = mid - 1;
      else if (row.call === callId) return row.id;
      else if (row.call < callId) lo = row.id + 1;
      else hi = mid - 1;
    }
    return 0;
  };
}

/** Writes the counters and the statistics changed since the last save (inside a transaction). */
export class ProcessStateWriter {
  private readonly saveProcess: Database.Statement;
  private readonly saveFunction: Database.Statement;
  private readonly saveSite: Database.Statement;

  constructor(db: Database.Database) {
    this.saveProcess = db.prepare(
      `UPDATE processes SET events = ?, calls = ?, returns = ?, exceptions = ?, call_sites = ?, next_seq = ?,
         lost_events = ?, max_ts = ?, last_event = MAX(COALESCE(last_event, 0), ?) WHERE id = ?`,
    );
    this.saveFunction = db.prepare(
      `INSERT INTO function_stats (function_id, calls, returns, exceptions, total_ns, self_ns, min_ns, max_ns, histogram, elapsed_ns, elapsed_max_ns)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (function_id) DO UPDATE SET calls = excluded.calls, returns = excluded.returns,
         exceptions = excluded.exceptions, total_ns = excluded.total_ns, self_ns = excluded.self_ns,
         min_ns = excluded.min_ns, max_ns = excluded.max_ns, histogram = excluded.histogram,
         elapsed_ns = excluded.elapsed_ns, elapsed_max_ns = excluded.elapsed_max_ns`,
    );
    this.saveSite = db.prepare(
      `INSERT INTO site_stats (site_id, calls, total_ns) VALUES (?, ?, ?)
       ON CONFLICT (site_id) DO UPDATE SET calls = excluded.calls, total_ns = excluded.total_ns`,
    );
  }

  /** `lastEvent`: an upper bound of the ids of the process's rows so far. */
  save(state: ProcessState, lastEvent: number): void {
    this.saveProcess.run(state.events, state.calls, state.returns, state.exceptions, state.callSites, state.nextSeq, state.lostEvents, Math.round(state.maxTs), lastEvent, state.id);
    for (const fn of state.touchedFunctions) {
      const s = state.functionStats.get(fn)!;
      s.touched = false;
      this.saveFunction.run(fn, s.calls, s.returns, s.exceptions, Math.round(s.totalNs), Math.round(s.selfNs),
        s.minNs === null ? null : Math.round(s.minNs), s.maxNs === null ? null : Math.round(s.maxNs), JSON.stringify(trimHistogram(s.histogram)),
        s.elapsedNs === null ? null : Math.round(s.elapsedNs), s.elapsedMaxNs === null ? null : Math.round(s.elapsedMaxNs));
    }
    for (const site of state.touchedSites) {
      const s = state.siteStats.get(site)!;
      s.touched = false;
      this.saveSite.run(site, s.calls, Math.round(s.totalNs));
    }
    state.touchedFunctions.length = 0;
    state.touchedSites.length = 0;
  }
}
