// Ingest of a spool folder: `<processKey>.<n>.bcspool` files, appended to while the process runs,
// rotated to n+1, the last one ending with ProcessEnd (unless the process was killed). Each poll
// reads from where the last one stopped; the rows and the new offset are committed in the same
// transaction, so a file is never ingested twice and nothing is lost if the CLI dies mid-way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import {
  EventKind,
  FrameType,
  type Aggregates,
  type EventBatch,
  type Frame,
  type ModuleTable,
  type ProcessEnd,
  type ProcessStart,
} from '@breadcrumb/core';
import { retryWhileBusy } from '../open-database.js';
import { CalleeOriginResolver } from './callee-origin.js';
import { EventWriter } from './event-writer.js';
import { LISTED_CALLS_PER_FUNCTION, ProcessState, ProcessStateWriter } from './process-state.js';
import { trimHistogram } from './duration-histogram.js';
import { ROW_OPEN, ROW_RETURNED, ROW_THREW } from '../row-kinds.js';
import { READ_CHUNK, asPlainBytes, decodeGoodFrames, listSpoolFiles, startedAtOf, type SpoolFile } from './spool-files.js';

export interface IngestStats {
  /** Events stored by this call. */
  events: number;
  /** Spool files read from (at least partly) by this call. */
  files: number;
  /** Processes seen for the first time by this call. */
  processes: number;
  /** Problems met (corrupt or truncated files): also stored as warnings of the run. */
  warnings: string[];
}

interface IngestCounters extends IngestStats {
  frames: number;
  bytes: number;
  deletedFiles: number;
}

export interface SpoolIngester {
  /** Ingests what is complete now; call every ~100 ms during a run. */
  poll(): IngestStats;
  /** Final: everything, deleting fully ingested files; marks processes without ProcessEnd as killed. */
  drain(): IngestStats;
}

export interface IngesterOptions {
  runId: number | null;
  project: string;
  /** Leave the spool files in place after ingesting them (they are remembered, never ingested twice). */
  keep?: boolean;
}

export class SpoolIngesterImpl implements SpoolIngester {
  private readonly states = new Map<string, ProcessState>();
  private readonly events: EventWriter;
  private readonly stateWriter: ProcessStateWriter;
  private readonly callees = new CalleeOriginResolver();
  private readonly runsByRecordedId = new Map<number, number>();
  private readonly stmt;

  constructor(
    private readonly db: Database.Database,
    private readonly spoolDir: string,
    private readonly options: IngesterOptions,
  ) {
    this.events = new EventWriter(db);
    this.stateWriter = new ProcessStateWriter(db);
    this.stmt = {
      progress: db.prepare('SELECT offset, done FROM spool_files WHERE process_key = ? AND file_name = ?'),
      saveProgress: db.prepare(
        `INSERT INTO spool_files (process_key, file_name, offset, done) VALUES (?, ?, ?, ?)
         ON CONFLICT (process_key, file_name) DO UPDATE SET offset = excluded.offset, done = excluded.done`,
      ),
      runExists: db.prepare('SELECT id FROM runs WHERE id = ?').pluck(),
      processRun: db.prepare('SELECT id, run_id FROM processes WHERE process_key = ?'),
      processAlive: db.prepare('SELECT end_reason, host, pid FROM processes WHERE process_key = ?'),
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
      endProcess: db.prepare('UPDATE processes SET ended_at_ms = ?, end_reason = ?, exit_code = ?, signal = ? WHERE id = ?'),
      aggregatesProcess: db.prepare('UPDATE processes SET dropped_events = MAX(dropped_events, ?), sampled_out = ? WHERE id = ?'),
      droppedAtEnd: db.prepare('UPDATE processes SET dropped_events = MAX(dropped_events, ?) WHERE id = ?'),
      aggregateFunction: db.prepare(
        `INSERT INTO function_stats (function_id, agg_count, agg_detailed, agg_total_ns, agg_min_ns, agg_max_ns, agg_histogram)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (function_id) DO UPDATE SET agg_count = excluded.agg_count, agg_detailed = excluded.agg_detailed,
           agg_total_ns = excluded.agg_total_ns, agg_min_ns = excluded.agg_min_ns, agg_max_ns = excluded.agg_max_ns,
           agg_histogram = excluded.agg_histogram`,
      ),
      aggregateSite: db.prepare(
        `INSERT INTO site_stats (site_id, agg_count, agg_total_ns) VALUES (?, ?, ?)
         ON CONFLICT (site_id) DO UPDATE SET agg_count = excluded.agg_count, agg_total_ns = excluded.agg_total_ns`,
      ),
      warning: db.prepare('INSERT INTO warnings (run_id, process_id, message, file) VALUES (?, ?, ?, ?)'),
      firstEvent: db.prepare('UPDATE processes SET first_event = ? WHERE id = ?'),
      callStart: db.prepare('SELECT fn, ts, parent, depth, kind FROM events WHERE id = ?'),
      finishCallRow: db.prepare('UPDATE events SET kind = ?, aux = ?, end_pos = ?, result = ? WHERE id = ?'),
    };
  }

  poll(): IngestStats {
    return this.ingest(false);
  }

  drain(): IngestStats {
    const stats = this.ingest(true);
    retryWhileBusy(() => this.db.transaction(() => this.finishUnendedProcesses()).immediate());
    this.finishIngestedRuns();
    return stats;
  }

  private ingest(final: boolean): IngestStats {
    const { events, files, processes, warnings } = this.ingestAll(final);
    return { events, files, processes, warnings };
  }

  /** For benchmarks: the counters including bytes and frames. */
  ingestAll(final: boolean): IngestCounters {
    const stats: IngestCounters = { events: 0, frames: 0, bytes: 0, files: 0, deletedFiles: 0, processes: 0, warnings: [] };
    const byProcess = listSpoolFiles(this.spoolDir);
    const keys = [...byProcess.keys()].sort((a, b) => startedAtOf(a) - startedAtOf(b));
    for (const key of keys) {
      const files = byProcess.get(key)!;
      // A process still running (its spool ingested while it runs, e.g. a pre-instrumented build
      // queried meanwhile) is not final: its files stay, to be read on.
      for (let i = 0; i < files.length; i++) this.ingestFile(files[i]!, i < files.length - 1, false, stats);
      if (final && !this.stillRunning(key)) {
        for (let i = 0; i < files.length; i++) this.ingestFile(files[i]!, i < files.length - 1, true, stats);
      }
    }
    return stats;
  }

  private stillRunning(processKey: string): boolean {
    const row = this.stmt.processAlive.get(processKey) as { end_reason: string | null; host: string | null; pid: number } | undefined;
    if (row && row.end_reason !== null) return false;
    if (row && row.host !== null && row.host !== os.hostname()) return false;
    const pid = row?.pid ?? Number(processKey.split('.')[0]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  private ingestFile(file: SpoolFile, rotated: boolean, final: boolean, stats: IngestCounters): void {
    const filePath = path.join(this.spoolDir, file.name);
    let progress = this.stmt.progress.get(file.processKey, file.name) as { offset: number; done: number } | undefined;
    if (progress?.done) {
      if (final || rotated) this.deleteFile(filePath, stats);
      return;
    }
    let fd: number;
    try {
      fd = fs.openSync(filePath, 'r');
    } catch {
      return; // Deleted meanwhile (another ingester finished it).
    }
    try {
      let offset = progress?.offset ?? 0;
      let size = fs.fstatSync(fd).size;
      let counted = false;
      let corruptEnd = false;
      while (offset < size) {
        const want = Math.min(size - offset, READ_CHUNK);
        const buffer = Buffer.allocUnsafe(want);
        const read = fs.readSync(fd, buffer, 0, want, offset);
        let decoded: { frames: Frame[]; consumed: number };
        let corrupt: string | null = null;
        ({ decoded, corrupt } = decodeGoodFrames(asPlainBytes(buffer, read)));
        if (decoded.frames.length === 0 && corrupt === null) {
          // One frame larger than the chunk: read it whole next time round.
          const frameLength = read >= 4 ? buffer.readUInt32LE(0) + 4 : Infinity;
          if (read >= 4 && offset + frameLength <= size && frameLength > want) {
            const whole = Buffer.allocUnsafe(frameLength);
            fs.readSync(fd, whole, 0, frameLength, offset);
            ({ decoded, corrupt } = decodeGoodFrames(asPlainBytes(whole, frameLength)));
          } else {
            break;
          }
        }
        if (!counted) {
          stats.files++;
          counted = true;
        }
        const newOffset = offset + decoded.consumed;
        // ProcessEnd does not end a file: an exit listener that runs after it may still append frames.
        const applied = retryWhileBusy(() =>
          this.db
            .transaction(() => {
              const current = this.stmt.progress.get(file.processKey, file.name) as { offset: number; done: number } | undefined;
              if ((current?.offset ?? 0) !== offset || current?.done) return false; // another ingester got here first
              this.events.begin(this.db);
              this.applyFrames(file, decoded.frames, stats);
              if (corrupt !== null) this.warn(file.processKey, `${file.name}: ${corrupt}; the rest of this file was skipped`, stats);
              this.stmt.saveProgress.run(file.processKey, file.name, newOffset, corrupt !== null ? 1 : 0);
              return true;
            })
            .immediate(),
        );
        if (!applied) {
          this.states.delete(file.processKey);
          return;
        }
        stats.frames += decoded.frames.length;
        stats.bytes += decoded.consumed;
        offset = newOffset;
        if (corrupt !== null) {
          corruptEnd = true;
          break;
        }
        if (decoded.consumed === 0) break;
        if (offset >= size) size = fs.fstatSync(fd).size;
      }
      const sizeNow = fs.fstatSync(fd).size;
      if (corruptEnd) {
        if (final || rotated) this.deleteFile(filePath, stats, fd);
        return;
      }
      if (final && offset < sizeNow) {
        this.warnInTransaction(file.processKey, `${file.name}: the last ${sizeNow - offset} bytes are an incomplete frame (the process stopped while writing it); they were skipped`, stats);
      }
      // A rotated file is complete (the writer moved on to the next one); at the final drain, every file is.
      if (final || (rotated && offset >= sizeNow)) {
        retryWhileBusy(() => this.stmt.saveProgress.run(file.processKey, file.name, offset, 1));
        progress = { offset, done: 1 };
        this.deleteFile(filePath, stats, fd);
      }
    } catch (error) {
      // The in-memory state may be ahead of what was committed: rebuild it from the database next time.
      this.states.delete(file.processKey);
      throw error;
    } finally {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed by deleteFile
      }
    }
  }

  private deleteFile(filePath: string, stats: IngestCounters, fd?: number): void {
    if (this.options.keep) return;
    try {
      if (fd !== undefined) fs.closeSync(fd);
    } catch {
      // ignore
    }
    try {
      fs.unlinkSync(filePath);
      stats.deletedFiles++;
    } catch {
      // Already gone.
    }
  }

  /** Returns whether a ProcessEnd frame was applied. */
  private applyFrames(file: SpoolFile, frames: Frame[], stats: IngestCounters): boolean {
    let ended = false;
    // Resuming mid-file (a new ingester, the ProcessStart read long ago): the state is in the database.
    let state = this.states.get(file.processKey) ?? ProcessState.load(this.db, file.processKey);
    if (state) this.states.set(file.processKey, state);
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
    if (state) this.stateWriter.save(state, this.events.nextId - 1);
    return ended;
  }

  private startProcess(start: ProcessStart, stats: IngestCounters): ProcessState {
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
        if (fn.async && !fn.generator) state.asyncFunctions.add(id);
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
    const { kind, id, call, parent, depth, ts, aux, value, values } = batch;
    const pid = state.id;
    const writer = this.events;
    let stored = 0;
    for (let i = skip; i < batch.count; i++) {
      const k = kind[i]!;
      const at = Math.round(ts[i]!);
      const v = value[i]!;
      const text = v >= 0 ? (values[v] ?? null) : null;
      if (at > state.maxTs) state.maxTs = at;
      const callId = call[i]!;
      if (k === EventKind.Call) {
        const fn = state.functions.get(id[i]!) ?? -1 - id[i]!;
        state.calls++;
        const stats = state.statsOf(fn);
        stats.calls++;
        // The row is written when the call ends, with both ends in it; its id keeps its place in order.
        const row = writer.reserve();
        state.setRowOfCall(callId, row);
        const parentCall = parent[i]!;
        state.openCalls.set(callId, {
          row, fn, ts: at, childNs: 0, parent: parentCall, parentRow: state.rowOfCall(parentCall), depth: depth[i]!, args: text,
          async: state.asyncFunctions.has(fn), written: false, listed: stats.calls <= LISTED_CALLS_PER_FUNCTION,
        });
      } else if (k === EventKind.Return || k === EventKind.Exception || k === EventKind.Settle) {
        this.completeCall(state, k, callId, at, text);
      } else if (k === EventKind.CallSite) {
        const site = state.sites.get(id[i]!) ?? -1 - id[i]!;
        const duration = Math.max(0, Math.round(aux[i]!));
        const s = state.siteStatsOf(site);
        s.calls++;
        s.totalNs += duration;
        state.callSites++;
        writer.add(writer.reserve(), pid, k, site, callId, state.rowOfCall(callId), depth[i]!, at, duration, null, text, null);
      } else {
        const fn = state.functions.get(id[i]!) ?? -1 - id[i]!;
        writer.add(writer.reserve(), pid, k, fn, callId, state.rowOfCall(callId), depth[i]!, at, 0, null, text, null);
      }
      stored++;
    }
    state.events += stored;
    state.nextSeq = Math.max(state.nextSeq, batch.seqStart + batch.count);
    return stored;
  }

  /**
   * Writes the row of a call that returned or threw and updates the statistics. An async function's
   * Return only hands its promise back (at its first await): its row is written when the promise
   * settles (Settle: fulfilled, Exception: rejected), with the time until then and the settled value.
   */
  private completeCall(state: ProcessState, kind: number, callId: number, at: number, value: string | null): void {
    let open = state.openCalls.get(callId);
    if (!open) {
      // Started before this ingester (a resumed ingest): its row was written as still open.
      const callRow = state.rowOfCall(callId);
      const row = callRow === 0 ? undefined : (this.stmt.callStart.get(callRow) as { fn: number; ts: number; parent: number; depth: number; kind: number } | undefined);
      if (!row || row.kind !== ROW_OPEN) return;
      open = {
        row: callRow, fn: row.fn, ts: row.ts, childNs: 0, parent: -1, parentRow: row.parent, depth: row.depth, args: null,
        async: state.asyncFunctions.has(row.fn), written: true, listed: true,
      };
      state.openCalls.set(callId, open);
    }
    if (open.async && kind === EventKind.Return) return;
    const durationNs = Math.max(0, at - open.ts);
    const stats = state.statsOf(open.fn);
    const threw = kind === EventKind.Exception;
    if (threw) {
      stats.exceptions++;
      state.exceptions++;
    } else {
      stats.returns++;
      state.returns++;
    }
    const rowKind = threw ? ROW_THREW : ROW_RETURNED;
    // Rows are only in the table once flushed, and an open call is flushed in the transaction that wrote it.
    if (open.written) this.stmt.finishCallRow.run(rowKind, durationNs, this.events.nextId, value, open.row);
    else this.events.add(open.row, state.id, rowKind, open.fn, callId, open.parentRow, open.depth, open.ts, durationNs, this.events.nextId, open.args, value, open.listed);
    stats.recordDuration(durationNs, Math.max(0, durationNs - open.childNs));
    state.openCalls.delete(callId);
    const parent = state.openCalls.get(open.parent);
    if (parent) parent.childNs += durationNs;
  }

  /** Calls still running at the end of a transaction get their row now (queries see them as open). */
  private writeOpenCalls(state: ProcessState): void {
    for (const [callId, open] of state.openCalls) {
      if (open.written) continue;
      this.events.add(open.row, state.id, ROW_OPEN, open.fn, callId, open.parentRow, open.depth, open.ts, 0, null, open.args, null, open.listed);
      open.written = true;
      open.args = null;
    }
  }

  private addAggregates(state: ProcessState, aggregates: Aggregates): void {
    this.stmt.aggregatesProcess.run(aggregates.droppedEvents, aggregates.sampledOut, state.id);
    for (const f of aggregates.functions) {
      const fn = state.functions.get(f.id);
      if (fn === undefined) continue;
      this.stmt.aggregateFunction.run(fn, f.count, f.detailed, Math.round(f.totalNs), Math.round(f.minNs), Math.round(f.maxNs), JSON.stringify(trimHistogram(f.histogram)));
    }
    for (const s of aggregates.sites) {
      const site = state.sites.get(s.id);
      if (site === undefined) continue;
      this.stmt.aggregateSite.run(site, s.count, Math.round(s.totalNs));
    }
  }

  private endProcess(state: ProcessState, end: ProcessEnd): void {
    this.stmt.endProcess.run(end.endedAtMs, end.reason, end.exitCode, end.signal, state.id);
    // The writer adds what it had to drop (its memory bound, the spool size cap) to ProcessEnd.
    const dropped = (end as { droppedEvents?: unknown }).droppedEvents;
    if (typeof dropped === 'number' && dropped > 0) this.stmt.droppedAtEnd.run(dropped, state.id);
    state.ended = true;
  }

  private warn(processKey: string, message: string, stats: IngestCounters): void {
    stats.warnings.push(message);
    const state = this.states.get(processKey) ?? ProcessState.load(this.db, processKey);
    const runId = state?.runId ?? this.options.runId;
    if (runId !== null && runId !== undefined) this.stmt.warning.run(runId, state?.id ?? null, message, null);
  }

  private warnInTransaction(processKey: string, message: string, stats: IngestCounters): void {
    retryWhileBusy(() => this.db.transaction(() => this.warn(processKey, message, stats)).immediate());
  }

  /** Processes of this ingest that never sent ProcessEnd were killed (or are still running: drain is final). */
  private finishUnendedProcesses(): void {
    const rows = this.db
      .prepare(
        `SELECT id, started_at_ms, max_ts FROM processes
         WHERE end_reason IS NULL AND process_key IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify([...this.states.keys()].filter((key) => !this.stillRunning(key)))) as { id: number; started_at_ms: number; max_ts: number }[];
    for (const row of rows) {
      this.stmt.endProcess.run(row.started_at_ms + row.max_ts / 1e6, 'killed', null, null, row.id);
    }
  }

  /** Runs this ingest created itself (no `breadcrumb run`) end with their root process. */
  private finishIngestedRuns(): void {
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
