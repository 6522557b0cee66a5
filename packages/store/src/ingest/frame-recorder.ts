// Turning a process's spool frames into rows: its process and run, its modules' function and
// call-site tables, one row per call with both of its ends (paired here, with durations and self
// time), untraced calls, aggregates, its end and warnings. Keeps what it must remember between
// frames per process (ProcessState); the caller owns the transaction.
import type Database from 'better-sqlite3';
import {
  CALL_NESTED as NESTED_MARK,
  EventKind,
  FrameType,
  type Aggregates,
  type EventBatch,
  type FunctionAggregate,
  type Frame,
  type ModuleTable,
  type ProcessEnd,
  type ProcessStart,
} from '@breadcrumb/core';
import { retryWhileBusy } from '../open-database.js';
import { ROW_OPEN, ROW_RETURNED, ROW_THREW } from '../row-kinds.js';
import { CalleeOriginResolver } from './callee-origin.js';
import { trimHistogram } from './duration-histogram.js';
import { EventWriter, TEXT_PARAMETER, type StoredText } from './event-writer.js';
import { LISTED_CALLS_PER_FUNCTION, OpenCalls, ProcessState, ProcessStateWriter } from './process-state.js';

// The event kinds and the nested-call mark as module constants: read through the package's
// re-exports (a getter each time), they cost ~3% of the ingest in its per-event loop.
const { Call: CALL, Return: RETURN, Exception: EXCEPTION, CallSite: CALL_SITE, Suspend: SUSPEND, Resume: RESUME, Settle: SETTLE } = EventKind;
const CALL_NESTED = NESTED_MARK;

export interface RecordCounters {
  events: number;
  processes: number;
  warnings: string[];
}

export interface RecorderOptions {
  runId: number | null;
  project: string;
}

export class FrameRecorder {
  private readonly states = new Map<string, ProcessState>();
  private readonly events: EventWriter;
  private readonly stateWriter: ProcessStateWriter;
  private readonly callees = new CalleeOriginResolver();
  private readonly runsByRecordedId = new Map<number, number>();
  private readonly stmt;

  constructor(
    private readonly db: Database.Database,
    private readonly options: RecorderOptions,
  ) {
    this.events = new EventWriter(db);
    this.stateWriter = new ProcessStateWriter(db);
    this.stmt = {
      runExists: db.prepare('SELECT id FROM runs WHERE id = ?').pluck(),
      processRun: db.prepare('SELECT id, run_id FROM processes WHERE process_key = ?'),
      insertRun: db.prepare(
        `INSERT INTO runs (project, command, cwd, started_at_ms, status, origin) VALUES (?, ?, ?, ?, 'running', 'ingest')`,
      ),
      insertProcess: db.prepare(
        `INSERT INTO processes (run_id, process_key, parent_key, parent_id, pid, ppid, thread_id, host, argv, exec_argv, cwd,
           node_version, started_at_ms, hr_origin_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // A module's table can come again (the writer repeats it in a new file when the cap drops the old one).
      insertModule: db.prepare(
        `INSERT INTO modules (process_id, module_id, file, fn_base, site_base) SELECT ?, ?, ?, ?, ?
         WHERE NOT EXISTS (SELECT 1 FROM modules WHERE process_id = ? AND fn_base = ? AND module_id = ?)`,
      ),
      insertFunction: db.prepare(
        `INSERT OR IGNORE INTO functions (process_id, local_id, module_id, name, kind, is_async, is_generator, file, line, col, params)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertSite: db.prepare(
        `INSERT OR IGNORE INTO call_sites (process_id, local_id, function_id, module_id, callee, callee_module, builtin,
           suggested_include, file, line, col) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      endProcess: db.prepare('UPDATE processes SET ended_at_ms = ?, end_reason = ?, exit_code = ?, signal = ?, end_error = ? WHERE id = ?'),
      aggregatesProcess: db.prepare('UPDATE processes SET dropped_events = MAX(dropped_events, ?), sampled_out = ? WHERE id = ?'),
      droppedAtEnd: db.prepare('UPDATE processes SET dropped_events = MAX(dropped_events, ?) WHERE id = ?'),
      aggregateFunction: db.prepare(
        `INSERT INTO function_stats (function_id, agg_count, agg_detailed, agg_timed, agg_total_ns, agg_min_ns, agg_max_ns, agg_histogram,
           agg_elapsed_timed, agg_elapsed_ns, agg_elapsed_max_ns, agg_with_nested_ns)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (function_id) DO UPDATE SET agg_count = excluded.agg_count, agg_detailed = excluded.agg_detailed,
           agg_timed = excluded.agg_timed,
           agg_total_ns = excluded.agg_total_ns, agg_min_ns = excluded.agg_min_ns, agg_max_ns = excluded.agg_max_ns,
           agg_histogram = excluded.agg_histogram, agg_elapsed_timed = excluded.agg_elapsed_timed,
           agg_elapsed_ns = excluded.agg_elapsed_ns, agg_elapsed_max_ns = excluded.agg_elapsed_max_ns,
           agg_with_nested_ns = excluded.agg_with_nested_ns`,
      ),
      aggregateEdge: db.prepare(
        `INSERT INTO edge_stats (callee_id, caller_id, calls, timed, total_ns, with_nested_ns) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (callee_id, caller_id) DO UPDATE SET calls = excluded.calls, timed = excluded.timed, total_ns = excluded.total_ns,
           with_nested_ns = excluded.with_nested_ns`,
      ),
      aggregateSite: db.prepare(
        `INSERT INTO site_stats (site_id, agg_count, agg_total_ns) VALUES (?, ?, ?)
         ON CONFLICT (site_id) DO UPDATE SET agg_count = excluded.agg_count, agg_total_ns = excluded.agg_total_ns`,
      ),
      warning: db.prepare('INSERT INTO warnings (run_id, process_id, message, file) VALUES (?, ?, ?, ?)'),
      firstEvent: db.prepare('UPDATE processes SET first_event = ? WHERE id = ?'),
      callStart: db.prepare('SELECT fn, ts, parent, depth, kind FROM events WHERE id = ?'),
      finishCallRow: db.prepare(`UPDATE events SET kind = ?, aux = ?, end_pos = ?, on_thread_ns = ?, result = ${TEXT_PARAMETER} WHERE id = ?`),
      setParentRow: db.prepare('UPDATE events SET parent = ? WHERE id = ?'),
    };
  }

  /** Starts a transaction's rows (their ids continue after the table's largest). */
  begin(): void {
    this.events.begin(this.db);
  }

  /** Drops what is remembered of a process: it is read again from the database when needed. */
  forget(processKey: string): void {
    this.states.delete(processKey);
  }

  /** Records the frames of one process (inside the caller's transaction); returns whether one was ProcessEnd. */
  apply(processKey: string, frames: Frame[], stats: RecordCounters): boolean {
    let ended = false;
    // Resuming mid-file (a new ingester, the ProcessStart read long ago): the state is in the database.
    let state = this.states.get(processKey) ?? ProcessState.load(this.db, processKey);
    if (state) this.states.set(processKey, state);
    for (const frame of frames) {
      switch (frame.type) {
        case FrameType.ProcessStart:
          state = this.startProcess(frame.body, stats);
          break;
        case FrameType.Module:
          if (state) this.addModule(state, frame.body);
          break;
        case FrameType.Events:
          if (state) stats.events += this.addEvents(state, frame.body);
          break;
        case FrameType.Aggregates:
          if (state) this.addAggregates(state, frame.body);
          break;
        case FrameType.ProcessEnd:
          if (state) this.endProcess(state, frame.body);
          ended = true;
          break;
        case FrameType.Warning:
          if (state) this.stmt.warning.run(state.runId, state.id, frame.body.message, frame.body.file ?? null);
          break;
      }
    }
    if (state) this.writeOpenCalls(state);
    this.events.flush();
    if (state) this.adoptionsWritten(state);
    if (state) this.stateWriter.save(state, this.events.nextId - 1);
    return ended;
  }

  private startProcess(start: ProcessStart, stats: RecordCounters): ProcessState {
    const known = this.states.get(start.processKey) ?? ProcessState.load(this.db, start.processKey);
    if (known) {
      this.states.set(start.processKey, known);
      return known;
    }
    const parent = start.parentKey === null ? undefined : (this.stmt.processRun.get(start.parentKey) as { id: number; run_id: number } | undefined);
    const runId = this.runFor(start, parent?.run_id);
    const info = this.stmt.insertProcess.run(
      runId, start.processKey, start.parentKey, parent?.id ?? null, start.pid, start.ppid, start.threadId, start.host,
      JSON.stringify(start.argv), JSON.stringify(start.execArgv), start.cwd, start.nodeVersion, start.startedAtMs, start.hrOriginNs,
    );
    const state = new ProcessState(Number(info.lastInsertRowid), runId, start.processKey);
    this.states.set(start.processKey, state);
    stats.processes++;
    return state;
  }

  private runFor(start: ProcessStart, parentRun: number | undefined): number {
    if (start.runId !== null) {
      if (this.stmt.runExists.get(start.runId) !== undefined) return start.runId;
      const mapped = this.runsByRecordedId.get(start.runId);
      if (mapped !== undefined) return mapped;
    }
    if (parentRun !== undefined) return parentRun;
    if (start.runId === null && this.options.runId !== null && this.stmt.runExists.get(this.options.runId) !== undefined) {
      return this.options.runId;
    }
    const command = start.argv.length > 0 ? start.argv : ['node'];
    const info = this.stmt.insertRun.run(start.project ?? this.options.project, JSON.stringify(command), start.cwd, Math.round(start.startedAtMs));
    const runId = Number(info.lastInsertRowid);
    if (start.runId !== null) this.runsByRecordedId.set(start.runId, runId);
    return runId;
  }

  private addModule(state: ProcessState, table: ModuleTable): void {
    const { moduleId, file } = table;
    this.stmt.insertModule.run(state.id, moduleId, file, table.fnBase, table.siteBase, state.id, table.fnBase, moduleId);
    table.functions.forEach((fn, i) => {
      const localId = table.fnBase + i;
      const info = this.stmt.insertFunction.run(
        state.id, localId, moduleId, fn.name, fn.kind, fn.async ? 1 : 0, fn.generator ? 1 : 0, fn.file, fn.line, fn.column,
        fn.params.length > 0 ? JSON.stringify(fn.params) : null,
      );
      if (info.changes > 0) {
        const id = Number(info.lastInsertRowid);
        state.functions.set(localId, id);
        state.noteFunction(id, fn.async, fn.generator);
      }
    });
    table.callSites.forEach((site, i) => {
      const localId = table.siteBase + i;
      const enclosing = site.fn >= 0 ? (state.functions.get(table.fnBase + site.fn) ?? null) : null;
      const written = site as { module?: unknown; source?: unknown };
      const origin = this.callees.resolve(site.callee, moduleId, file);
      const declared = typeof written.source === 'string' ? written.source : typeof written.module === 'string' ? written.module : null;
      const calleeModule = declared ?? origin.module;
      const info = this.stmt.insertSite.run(
        state.id, localId, enclosing, moduleId, site.callee, calleeModule, origin.builtin ? 1 : 0, origin.suggestedInclude,
        table.functions[site.fn]?.file ?? file, site.line, site.column,
      );
      if (info.changes > 0) state.sites.set(localId, Number(info.lastInsertRowid));
    });
  }

  private addEvents(state: ProcessState, batch: EventBatch): number {
    let skip = 0;
    if (batch.seqStart < state.nextSeq) skip = Math.min(batch.count, state.nextSeq - batch.seqStart);
    else if (batch.seqStart > state.nextSeq) state.lostEvents += batch.seqStart - state.nextSeq;
    if (!state.hasFirstEvent && batch.count > skip) {
      // Where the process's events start: flow queries begin their scan there.
      this.stmt.firstEvent.run(this.events.nextId, state.id);
      state.hasFirstEvent = true;
    }
    const { kind, id, call, parent, depth, ts, aux, value, values, valueBytes } = batch;
    const pid = state.id;
    const writer = this.events;
    let stored = 0;
    for (let i = skip; i < batch.count; i++) {
      const k = kind[i]!;
      const at = Math.round(ts[i]!);
      const v = value[i]!;
      const text: StoredText | null = v >= 0 ? ((valueBytes !== undefined ? valueBytes[v] : values[v]) ?? null) : null;
      if (at > state.maxTs) state.maxTs = at;
      const callId = call[i]!;
      if (k === CALL) {
        const fn = state.functions.get(id[i]!) ?? -1 - id[i]!;
        state.calls++;
        const stats = state.statsOf(fn);
        stats.calls++;
        // The row is written when the call ends, with both ends in it; its id keeps its place in order.
        const row = writer.reserve();
        state.setRowOfCall(callId, row);
        state.adoptOrphans(callId, row);
        const parentCall = parent[i]!;
        const flags =
          state.kindOf(fn) |
          (stats.calls <= LISTED_CALLS_PER_FUNCTION ? OpenCalls.LISTED : 0) |
          (aux[i] === CALL_NESTED ? OpenCalls.NESTED : 0);
        // A view of the decoded batch, not a copy: no open call keeps its args past this transaction
        // (writeOpenCalls writes them and lets them go).
        state.openCalls.add(callId, row, fn, stats, at, parentCall, state.rowOfCall(parentCall), depth[i]!, text, flags);
        state.running.enter(callId, parentCall, at);
      } else if (k === RETURN || k === EXCEPTION || k === SETTLE) {
        this.completeCall(state, k, callId, at, text, aux[i]!);
      } else if (k === CALL_SITE) {
        const site = state.sites.get(id[i]!) ?? -1 - id[i]!;
        const duration = Math.max(0, Math.round(aux[i]!));
        const s = state.siteStatsOf(site);
        s.calls++;
        s.totalNs += duration;
        state.callSites++;
        writer.add(writer.reserve(), pid, k, site, callId, state.rowOfCall(callId), depth[i]!, at, duration, null, text, null);
      } else {
        const fn = state.functions.get(id[i]!) ?? -1 - id[i]!;
        // a resume's aux: the time suspended
        const waited = k === SUSPEND ? this.suspendCall(state, callId, at) : k === RESUME ? this.resumeCall(state, callId, at) : 0;
        writer.add(writer.reserve(), pid, k, fn, callId, state.rowOfCall(callId), depth[i]!, at, waited, null, text, null);
      }
      stored++;
    }
    state.events += stored;
    state.nextSeq = Math.max(state.nextSeq, batch.seqStart + batch.count);
    return stored;
  }

  /** A call suspends at await/yield: it stops running. */
  private suspendCall(state: ProcessState, callId: number, at: number): number {
    state.running.stop(callId, at);
    const open = state.openCalls;
    const slot = open.slotOf(callId);
    if (slot >= 0) {
      open.suspendedAt[slot] = at;
      open.flags[slot] = open.flags[slot]! | OpenCalls.SUSPENDED;
    }
    return 0;
  }

  /** A suspended call runs again; returns how long it was suspended. */
  private resumeCall(state: ProcessState, callId: number, at: number): number {
    const open = state.openCalls;
    const slot = open.slotOf(callId);
    if (slot < 0) return 0;
    state.running.resume(callId, at);
    const since = open.suspendedAt[slot]!;
    if (since !== since) return 0;
    const waited = Math.max(0, at - since);
    open.waitedNs[slot] = open.waitedNs[slot]! + waited;
    open.suspendedAt[slot] = NaN;
    return waited;
  }

  /**
   * Writes the row of a call that returned or threw and updates the statistics. An async function's
   * Return only hands its promise back (at its first await): its row is written when the promise
   * settles (Settle: fulfilled, Exception: rejected), with the time until then and the settled value.
   * `ownNs`: Breadcrumb's own work during the call (value capture, flushes), left out of its duration.
   * The row's duration is the elapsed time; the statistics add up the time it ran (suspended time at
   * await/yield left out), which its row keeps too (on_thread_ns) when it suspended.
   */
  private completeCall(state: ProcessState, kind: number, callId: number, at: number, value: StoredText | null, ownNs = 0): void {
    const open = state.openCalls;
    let slot = open.slotOf(callId);
    if (slot < 0) {
      // Started before this ingester (a resumed ingest): its row was written as still open.
      const callRow = state.rowOfCall(callId);
      const row = callRow === 0 ? undefined : (this.stmt.callStart.get(callRow) as { fn: number; ts: number; parent: number; depth: number; kind: number } | undefined);
      if (!row || row.kind !== ROW_OPEN) return;
      // (its suspensions before this ingester are not known: its time on the thread is taken as elapsed)
      const flags =
        state.kindOf(row.fn) | OpenCalls.WRITTEN | OpenCalls.LISTED;
      slot = open.add(callId, callRow, row.fn, state.statsOf(row.fn), row.ts, -1, row.parent, row.depth, null, flags);
    }
    const flags = open.flags[slot]!;
    if (flags & OpenCalls.ASYNC && kind === RETURN) return;
    const fn = open.fn[slot]!;
    const own = Math.round(ownNs);
    const durationNs = Math.max(0, at - open.ts[slot]! - own);
    // a generator closed while suspended (return()): its last wait lasted until now
    const suspendedAt = open.suspendedAt[slot]!;
    const waitedNs = open.waitedNs[slot]! + (suspendedAt === suspendedAt ? Math.max(0, at - suspendedAt) : 0);
    const onThreadNs = Math.max(0, durationNs - waitedNs);
    state.running.stop(callId, at, own);
    const stats = state.touch(fn, open.stats[slot]!);
    const threw = kind === EXCEPTION;
    if (threw) {
      stats.exceptions++;
      state.exceptions++;
    } else {
      stats.returns++;
      state.returns++;
    }
    const rowKind = threw ? ROW_THREW : ROW_RETURNED;
    // Rows are only in the table once flushed, and an open call is flushed in the transaction that wrote it.
    // A caller past the runtime's detail cap may get its Call event after this call's (when an
    // exception leaves both, the runtime records them after all): its row is looked up again.
    const parentRow = open.parentRow[slot]! || state.rowOfCall(open.parent[slot]!);
    if (parentRow === 0 && open.parent[slot]! !== 0) state.noteOrphan(open.parent[slot]!, open.row[slot]!);
    const onThreadColumn = flags & OpenCalls.SUSPENDED ? onThreadNs : null;
    if (flags & OpenCalls.WRITTEN) {
      this.stmt.finishCallRow.run(rowKind, durationNs, this.events.nextId, onThreadColumn, value, open.row[slot]!);
      if (parentRow !== open.parentRow[slot]) this.stmt.setParentRow.run(parentRow, open.row[slot]!);
    } else {
      this.events.add(open.row[slot]!, state.id, rowKind, fn, callId, parentRow, open.depth[slot]!, open.ts[slot]!, durationNs,
        this.events.nextId, open.args[slot]!, value, (flags & OpenCalls.LISTED) !== 0, onThreadColumn);
    }
    const selfNs = Math.min(onThreadNs, Math.max(0, onThreadNs - open.childNs[slot]!));
    stats.recordDuration(onThreadNs, selfNs, (flags & OpenCalls.NESTED) !== 0, flags & OpenCalls.SUSPENDABLE ? durationNs : null);
    open.remove(slot);
  }

  /** Rows whose caller was recorded late get its row as their parent (ProcessState.noteOrphan). */
  private adoptionsWritten(state: ProcessState): void {
    const pairs = state.adoptions;
    for (let i = 0; i + 1 < pairs.length; i += 2) this.stmt.setParentRow.run(pairs[i + 1]!, pairs[i]!);
    pairs.length = 0;
  }

  /** Calls still running at the end of a transaction get their row now (queries see them as open). */
  private writeOpenCalls(state: ProcessState): void {
    const open = state.openCalls;
    for (let slot = 0; slot < open.size; slot++) {
      const flags = open.flags[slot]!;
      if (flags & OpenCalls.WRITTEN) continue;
      this.events.add(open.row[slot]!, state.id, ROW_OPEN, open.fn[slot]!, open.callId[slot]!, open.parentRow[slot]!, open.depth[slot]!,
        open.ts[slot]!, 0, null, open.args[slot]!, null, (flags & OpenCalls.LISTED) !== 0);
      open.flags[slot] = flags | OpenCalls.WRITTEN;
      open.args[slot] = null;
    }
  }

  private addAggregates(state: ProcessState, aggregates: Aggregates): void {
    this.stmt.aggregatesProcess.run(aggregates.droppedEvents, aggregates.sampledOut, state.id);
    for (const f of aggregates.functions) {
      const fn = state.functions.get(f.id);
      if (fn === undefined) continue;
      const timed = f.timed ?? f.count;
      const elapsed = state.kindOf(fn) !== 0 ? elapsedOf(f, timed) : null;
      this.stmt.aggregateFunction.run(fn, f.count, f.detailed, timed, Math.round(f.totalNs), Math.round(f.minNs), Math.round(f.maxNs), JSON.stringify(trimHistogram(f.histogram)),
        elapsed === null ? null : timed, elapsed === null ? null : Math.round(elapsed.totalNs), elapsed === null ? null : Math.round(elapsed.maxNs),
        withNested(aggregates, f));
    }
    for (const e of aggregates.edges ?? []) {
      const callee = state.functions.get(e.callee);
      // caller 0: called from outside any traced function (a root call)
      const caller = e.caller === 0 ? 0 : state.functions.get(e.caller);
      if (callee === undefined || caller === undefined) continue;
      this.stmt.aggregateEdge.run(callee, caller, e.count, e.timed ?? e.count, Math.round(e.totalNs), withNested(aggregates, e));
    }
    for (const s of aggregates.sites) {
      const site = state.sites.get(s.id);
      if (site === undefined) continue;
      this.stmt.aggregateSite.run(site, s.count, Math.round(s.totalNs));
    }
  }

  private endProcess(state: ProcessState, end: ProcessEnd): void {
    this.stmt.endProcess.run(end.endedAtMs, end.reason, end.exitCode, end.signal, endError(end), state.id);
    // The writer adds what it had to drop (its memory bound, the spool size cap) to ProcessEnd.
    const dropped = (end as { droppedEvents?: unknown }).droppedEvents;
    if (typeof dropped === 'number' && dropped > 0) this.stmt.droppedAtEnd.run(dropped, state.id);
    state.ended = true;
  }

  warn(processKey: string, message: string, stats: RecordCounters): void {
    stats.warnings.push(message);
    const state = this.states.get(processKey) ?? ProcessState.load(this.db, processKey);
    const runId = state?.runId ?? this.options.runId;
    if (runId !== null && runId !== undefined) this.stmt.warning.run(runId, state?.id ?? null, message, null);
  }


  /** Processes of this ingest that never sent ProcessEnd were killed (or are still running: drain is final). */
  finishUnendedProcesses(stillRunning: (processKey: string) => boolean): void {
    const rows = this.db
      .prepare(
        `SELECT id, started_at_ms, max_ts FROM processes
         WHERE end_reason IS NULL AND process_key IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify([...this.states.keys()].filter((key) => !stillRunning(key)))) as { id: number; started_at_ms: number; max_ts: number }[];
    for (const row of rows) {
      this.stmt.endProcess.run(row.started_at_ms + row.max_ts / 1e6, 'killed', null, null, null, row.id);
    }
  }

  /** Runs this ingest created itself (no `breadcrumb run`) end with their root process. */
  finishIngestedRuns(): void {
    const runIds = new Set([...this.states.values()].map((s) => s.runId));
    for (const runId of runIds) {
      retryWhileBusy(() => {
        const run = this.db.prepare(`SELECT origin FROM runs WHERE id = ?`).get(runId) as { origin: string } | undefined;
        if (run?.origin !== 'ingest') return;
        const root = this.db
          .prepare(`SELECT end_reason, exit_code, ended_at_ms FROM processes WHERE run_id = ? AND parent_id IS NULL ORDER BY id LIMIT 1`)
          .get(runId) as { end_reason: string | null; exit_code: number | null; ended_at_ms: number | null } | undefined;
        if (!root || root.end_reason === null) return; // still running
        const status = root.end_reason === 'killed' || root.end_reason === 'signal' ? 'killed' : root.end_reason === 'uncaught' || (root.exit_code ?? 0) !== 0 ? 'failed' : 'completed';
        this.db
          .prepare(`UPDATE runs SET status = ?, exit_code = ?, ended_at_ms = ? WHERE id = ?`)
          .run(status, root.exit_code, root.ended_at_ms === null ? null : Math.round(root.ended_at_ms), runId);
      });
    }
  }
}

/**
 * An async function's or generator's elapsed time over its `timed` calls (start to settle or finish):
 * each call's duration (time it ran; the mean is the runtime's estimate) plus what it waited.
 */
function elapsedOf(f: FunctionAggregate, timed: number): { totalNs: number; maxNs: number } | null {
  if (timed === 0 || f.count === 0) return null;
  return { totalNs: (f.totalNs / f.count) * timed + (f.waitedNs ?? 0), maxNs: Math.max(f.maxNs, f.elapsedMaxNs ?? 0) };
}

/** ProcessEnd's error as stored (JSON text), when the end says what was thrown; older runtimes' lack `value`. */
function endError(end: ProcessEnd): string | null {
  const error = (end as { error?: unknown }).error;
  if (error === null || typeof error !== 'object') return null;
  const { name, message, stack, value } = error as Record<string, unknown>;
  return JSON.stringify({
    name: typeof name === 'string' ? name : null,
    message: typeof message === 'string' ? message : null,
    stack: typeof stack === 'string' ? stack : null,
    ...(typeof value === 'string' ? { value } : {}),
  });
}

/** The time of every call, nested ones included, when the runtime kept it (absent: as totalNs); NULL when it did not. */
function withNested(aggregates: Aggregates, entry: { totalNs: number; withNestedNs?: number }): number | null {
  return aggregates.nestedTimes === true ? Math.round(entry.withNestedNs ?? entry.totalNs) : null;
}
