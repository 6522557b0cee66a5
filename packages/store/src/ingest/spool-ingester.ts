// Ingest of a spool folder: `<processKey>.<n>.bcspool` files, appended to while the process runs,
// rotated to n+1, the last one ending with ProcessEnd (unless the process was killed). Each poll
// reads from where the last one stopped; the rows and the new offset are committed in the same
// transaction, so a file is never ingested twice and nothing is lost if the CLI dies mid-way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { DecodedColumnMemory, type Frame } from '@breadcrumb/core';
import { PAGE_CACHE_KIB, retryWhileBusy } from '../open-database.js';
import { FrameRecorder } from './frame-recorder.js';
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
  /**
   * Files written by a Breadcrumb whose spool format this one cannot read (`name: reason`): nothing of
   * them was ingested and they were left in place, for that version to ingest. Absent when none.
   */
  refused?: string[];
}

interface IngestCounters extends IngestStats {
  refused: string[];
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

/**
 * The page cache while ingesting (KiB), lowered to it on a connection someone gave a larger one (every
 * connection opens with PAGE_CACHE_KIB now, this size, for the reasons below). The rows an ingest appends are
 * not read again, only the B-trees' right edges and the small tables are: a cache as large as the run (the
 * connections' former 128 MiB) only makes the process fault in fresh memory for every page it writes. Measured on acorn's
 * spool (93 MB of rows), a cold process's ingest took 8% less CPU at 32 MiB than at 128; the report
 * after it as long. 32 MiB still faulted in a page of memory for each of its first 8,000 16 KiB
 * pages: in a cold process (breadcrumb run's), a third of the polls' CPU was system time, most of
 * it page faults. At 4 MiB (ingest-replay.mjs, one round in a fresh process, medians of 5 and 3):
 * js-yaml's spool 21 k -> 13 k page faults in the polls, poll CPU 1,046 -> 899 ms; acorn's 25 k ->
 * 18 k, 1,310 -> 1,166 ms; the log written the same (no page spilled twice), 2 and 8 MiB alike.
 * The connection keeps it after the drain: given its 128 MiB back, the run's report read each page it
 * needed into fresh memory, a fault per page again (js-yaml's report, whose exceptions are read from
 * all over the run: 106 ms of CPU at 4 MiB, 172 with the cache given back; 5 fresh processes each).
 */
const INGEST_CACHE_KIB = PAGE_CACHE_KIB;

export class SpoolIngesterImpl implements SpoolIngester {
  private readonly recorder: FrameRecorder;
  private readonly stmt;
  private buffer = Buffer.alloc(0);
  /** The decoded frames' columns, reused from one read to the next (see DecodedColumnMemory). */
  private readonly columns = new DecodedColumnMemory();

  constructor(
    private readonly db: Database.Database,
    private readonly spoolDir: string,
    private readonly options: IngesterOptions,
  ) {
    lowerCacheSize(db, INGEST_CACHE_KIB);
    this.recorder = new FrameRecorder(db, options);
    this.stmt = {
      progress: db.prepare('SELECT offset, done FROM spool_files WHERE process_key = ? AND file_name = ?'),
      saveProgress: db.prepare(
        `INSERT INTO spool_files (process_key, file_name, offset, done) VALUES (?, ?, ?, ?)
         ON CONFLICT (process_key, file_name) DO UPDATE SET offset = excluded.offset, done = excluded.done`,
      ),
      processAlive: db.prepare('SELECT end_reason, host, pid FROM processes WHERE process_key = ?'),
    };
  }

  poll(): IngestStats {
    return this.ingest(false);
  }

  drain(): IngestStats {
    const stats = this.ingest(true);
    retryWhileBusy(() => this.db.transaction(() => this.recorder.finishUnendedProcesses((key) => this.stillRunning(key))).immediate());
    this.recorder.finishIngestedRuns();
    return stats;
  }

  private ingest(final: boolean): IngestStats {
    const { events, files, processes, warnings, refused } = this.ingestAll(final);
    return { events, files, processes, warnings, ...(refused.length > 0 ? { refused } : {}) };
  }

  /** For benchmarks: the counters including bytes and frames. */
  ingestAll(final: boolean): IngestCounters {
    const stats: IngestCounters = { events: 0, frames: 0, bytes: 0, files: 0, deletedFiles: 0, processes: 0, warnings: [], refused: [] };
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
    const progress = this.stmt.progress.get(file.processKey, file.name) as { offset: number; done: number } | undefined;
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
        const buffer = this.readBuffer(want);
        const read = fs.readSync(fd, buffer, 0, want, offset);
        let decoded: { frames: Frame[]; consumed: number };
        let corrupt: string | null = null;
        let unsupportedVersion: boolean | undefined;
        ({ decoded, corrupt, unsupportedVersion } = decodeGoodFrames(asPlainBytes(buffer, read), this.columns));
        if (unsupportedVersion && offset === 0 && decoded.frames.length === 0) {
          const refusal = `${file.name}: ${corrupt}`;
          if (!stats.refused.includes(refusal)) stats.refused.push(refusal);
          return; // not ours to read, nor to delete
        }
        if (decoded.frames.length === 0 && corrupt === null) {
          // One frame larger than the chunk: read it whole next time round.
          const frameLength = read >= 4 ? buffer.readUInt32LE(0) + 4 : Infinity;
          if (read >= 4 && offset + frameLength <= size && frameLength > want) {
            const whole = Buffer.allocUnsafe(frameLength);
            fs.readSync(fd, whole, 0, frameLength, offset);
            ({ decoded, corrupt } = decodeGoodFrames(asPlainBytes(whole, frameLength), this.columns));
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
              this.recorder.begin();
              this.recorder.apply(file.processKey, decoded.frames, stats);
              if (corrupt !== null) this.recorder.warn(file.processKey, `${file.name}: ${corrupt}; the rest of this file was skipped`, stats);
              this.stmt.saveProgress.run(file.processKey, file.name, newOffset, corrupt !== null ? 1 : 0);
              return true;
            })
            .immediate(),
        );
        if (!applied) {
          this.recorder.forget(file.processKey);
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
        this.deleteFile(filePath, stats, fd);
      }
    } catch (error) {
      // The in-memory state may be ahead of what was committed: rebuild it from the database next time.
      this.recorder.forget(file.processKey);
      throw error;
    } finally {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed by deleteFile
      }
    }
  }

  /**
   * One buffer for every read, of READ_CHUNK bytes from the first read on (only the pages a read fills
   * are ever touched): grown step by step to the largest read, each larger buffer was fresh memory
   * touched again, a page fault per 4 KiB (js-yaml's `breadcrumb run`, 8 MB chunks: 2.6-3.2 k faults in
   * reads against 2.0 k at once). Decoding copies the Events frames' columns (into this.columns) and parses the other
   * frames; the captured values stay views of this buffer, which the transaction that records them
   * stores and lets go of (writeOpenCalls), so it is free again once its frames are recorded.
   */
  private readBuffer(bytes: number): Buffer {
    if (this.buffer.length < bytes) this.buffer = Buffer.allocUnsafeSlow(Math.max(bytes, READ_CHUNK));
    return this.buffer;
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

  private warnInTransaction(processKey: string, message: string, stats: IngestCounters): void {
    retryWhileBusy(() => this.db.transaction(() => this.recorder.warn(processKey, message, stats)).immediate());
  }
}

/** Lowers the connection's page cache to `kib` if it is larger. */
function lowerCacheSize(db: Database.Database, kib: number): void {
  const current = db.pragma('cache_size', { simple: true }) as number;
  // Negative: a size in KiB; positive: a number of pages.
  const currentKib = current < 0 ? -current : (current * (db.pragma('page_size', { simple: true }) as number)) / 1024;
  if (currentKib > kib) db.pragma(`cache_size = -${kib}`);
}
