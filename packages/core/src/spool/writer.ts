// The spool writer: the sink the recorder writes frames into. Small frames queue in memory and are
// appended to `<spoolDir>/<processKey>.<n>.bcspool` by `flush()` (every 50 ms from the runtime's timer,
// and at exit); a full batch of events is appended when it comes. The program's thread only pays for an
// append into the page cache, never for the database.
// Every file starts with the ProcessStart frame, so each one can be ingested on its own; files rotate at
// `fileBytes` and the process's files are capped at `maxBytes` in total, the oldest dropped first.
// Never throws: a full disk or a read-only folder loses trace data (counted), not the program.
import { ownFs as fs, ownPerformanceNow } from '../node-originals.js';
import path from 'node:path';
import { FrameType, SPOOL_FILE_EXTENSION, encodeJsonFrame, type ProcessEnd, type ProcessStart, type Warning } from './format.js';

export interface SpoolWriterOptions {
  dir: string;
  start: ProcessStart;
  /** Largest file before rotating. */
  fileBytes: number;
  /** Cap on all files of this process (the oldest are deleted first). */
  maxBytes: number;
  /** Frames waiting in memory beyond this are dropped (events only) and counted. */
  maxPendingBytes?: number;
  /** Queued frames older than this are written by the next `write` (default 50 ms). */
  flushIntervalMs?: number;
}

export interface SpoolWriterStats {
  bytesWritten: number;
  files: number;
  /** Events lost: the memory bound, the size cap, or a write error. */
  droppedEvents: number;
  droppedFrames: number;
}

interface SpoolFile {
  path: string;
  bytes: number;
  events: number;
  /** Module frames in this file, rewritten into the current file if this one is dropped by the cap. */
  modules: Uint8Array[];
}

const DEFAULT_MAX_PENDING_BYTES = 32 * 1024 * 1024;
/** The queue's first buffer, and the most it keeps from one flush to the next. */
const QUEUE_INITIAL_BYTES = 1024 * 1024;
const QUEUE_KEPT_BYTES = 16 * 1024 * 1024;
/** Queued bytes that are written at once, without waiting for the timer. */
const FLUSH_BYTES = 4 * 1024 * 1024;
/**
 * An Events frame this big (a full batch) is written at once, after what is queued: copying megabytes
 * into the queue only to write them a few ms later doubled the memory batches take.
 */
const DIRECT_BYTES = 64 * 1024;
export const FLUSH_INTERVAL_MS = 50;

export class SpoolWriter {
  private readonly startFrame: Uint8Array;
  private readonly maxPendingBytes: number;
  private readonly flushIntervalMs: number;
  /** Frames waiting for the next flush: views into `queue` (or frames of our own, see enforceCap). */
  private pending: Uint8Array[] = [];
  private queuedBytes = 0;
  /**
   * Where queued frames are copied: the caller may reuse a frame's memory once write() returns (the
   * recorder encodes every batch into the same buffer), and one buffer reused from flush to flush
   * leaves no dead buffers behind.
   */
  private queue = new Uint8Array(0);
  private queueUsed = 0;
  private lastFlushMs = ownPerformanceNow();
  private files: SpoolFile[] = [];
  private fd: number | null = null;
  private fileIndex = 0;
  private broken = false;
  private closed = false;
  private readonly counters: SpoolWriterStats = { bytesWritten: 0, files: 0, droppedEvents: 0, droppedFrames: 0 };

  constructor(private readonly options: SpoolWriterOptions) {
    this.startFrame = encodeJsonFrame(FrameType.ProcessStart, options.start);
    this.maxPendingBytes = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
    this.flushIntervalMs = options.flushIntervalMs ?? FLUSH_INTERVAL_MS;
  }

  /** Queues a copy of a frame; cheap, never blocks, never throws. */
  write(frame: Uint8Array): void {
    if (this.closed) return this.writeAfterClose(frame);
    const isEvents = frame[4] === FrameType.Events;
    if (isEvents && this.queuedBytes + frame.length > this.maxPendingBytes) {
      this.countDropped(frame);
      return;
    }
    if (isEvents && frame.length >= DIRECT_BYTES) {
      this.flush();
      this.append(frame);
      return;
    }
    this.pending.push(this.copyIntoQueue(frame));
    this.queuedBytes += frame.length;
    // A long synchronous stretch of the program starves the 50 ms timer: batches still leave when
    // enough has queued or enough time has passed, so a SIGKILL loses at most the last 50 ms.
    if (this.queuedBytes >= FLUSH_BYTES || ownPerformanceNow() - this.lastFlushMs >= this.flushIntervalMs) this.flush();
  }

  /** Bytes handed to `write` and not yet on disk (the recorder drops batches above its bound). */
  pendingBytes(): number {
    return this.queuedBytes;
  }

  warn(warning: Warning): void {
    this.write(encodeJsonFrame(FrameType.Warning, warning));
  }

  /** Creates the first file now (ProcessStart on disk: the run knows this process even if it is killed). */
  start(): void {
    if (this.files.length > 0 || this.broken) return;
    try {
      this.openFile();
    } catch {
      this.broken = true;
    }
  }

  /** Appends every queued frame to the spool (synchronously: an append to the page cache). */
  flush(): void {
    this.lastFlushMs = ownPerformanceNow();
    // A loop: a rotation that drops an old file queues its function tables again.
    while (this.pending.length > 0) {
      const frames = this.pending;
      this.pending = [];
      this.queuedBytes = 0;
      for (const frame of frames) this.append(frame);
    }
    this.queueUsed = 0;
    if (this.queue.length > QUEUE_KEPT_BYTES) this.queue = new Uint8Array(0);
  }

  private copyIntoQueue(frame: Uint8Array): Uint8Array {
    if (this.queueUsed + frame.length > this.queue.length) {
      // Frames queued so far stay in the former buffer (their views keep it) until the flush.
      this.queue = new Uint8Array(Math.max(frame.length, this.queue.length * 2, QUEUE_INITIAL_BYTES));
      this.queueUsed = 0;
    }
    const copy = this.queue.subarray(this.queueUsed, this.queueUsed + frame.length);
    copy.set(frame);
    this.queueUsed += frame.length;
    return copy;
  }

  /**
   * Flushes and writes ProcessEnd, the last frame of the process. Idempotent. The file stays open:
   * the process is ending, and an exit listener that runs after ours may still record something.
   */
  close(end: ProcessEnd): void {
    if (this.closed) return;
    this.flush(); // first: writing may rotate and drop, and ProcessEnd reports the drops
    const dropped = this.counters.droppedEvents;
    this.write(encodeJsonFrame(FrameType.ProcessEnd, dropped > 0 ? { ...end, droppedEvents: dropped } : end));
    this.flush();
    this.closed = true;
  }

  stats(): SpoolWriterStats {
    return { ...this.counters };
  }

  /** The files this process has written (some may since have been ingested and deleted). */
  filePaths(): string[] {
    return this.files.map((f) => f.path);
  }

  // Something recorded after ProcessEnd (an exit listener that runs after ours): no timer will flush
  // it any more, so append it now; a reader treats frames after ProcessEnd like any other.
  private writeAfterClose(frame: Uint8Array): void {
    this.append(frame);
  }

  private append(frame: Uint8Array): void {
    if (this.broken) return this.countDropped(frame);
    try {
      const file = this.fileFor(frame.length);
      writeAll(this.fd!, frame);
      file.bytes += frame.length;
      this.counters.bytesWritten += frame.length;
      if (frame[4] === FrameType.Events) file.events += eventCount(frame);
      // kept to be written again if this file is dropped: a copy, the queue's memory is reused
      else if (frame[4] === FrameType.Module) file.modules.push(frame.slice());
    } catch {
      // A full disk or a folder removed under us: stop trying, count what is lost.
      this.broken = true;
      this.closeFile();
      this.countDropped(frame);
    }
  }

  private fileFor(frameBytes: number): SpoolFile {
    const current = this.files[this.files.length - 1];
    if (this.fd !== null && current !== undefined) {
      const full = current.bytes + frameBytes > this.options.fileBytes && current.bytes > this.startFrame.length;
      if (!full) return current;
      this.closeFile();
      this.fileIndex++;
    }
    return this.openFile();
  }

  private openFile(): SpoolFile {
    const { dir, start } = this.options;
    if (this.files.length === 0) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file: SpoolFile = {
      path: path.join(dir, `${start.processKey}.${this.fileIndex}${SPOOL_FILE_EXTENSION}`),
      bytes: 0,
      events: 0,
      modules: [],
    };
    this.fd = fs.openSync(file.path, 'a', 0o600);
    writeAll(this.fd, this.startFrame);
    file.bytes = this.startFrame.length;
    this.counters.bytesWritten += file.bytes;
    this.counters.files++;
    this.files.push(file);
    this.enforceCap();
    return file;
  }

  // Runs at each rotation: files the CLI has already ingested (and deleted) no longer count.
  private enforceCap(): void {
    this.files = this.files.filter((f, i) => i === this.files.length - 1 || fs.existsSync(f.path));
    let total = this.files.reduce((sum, f) => sum + f.bytes, 0);
    const rescued: Uint8Array[] = [];
    while (total > this.options.maxBytes && this.files.length > 1) {
      const oldest = this.files.shift()!;
      total -= oldest.bytes;
      try {
        fs.unlinkSync(oldest.path);
      } catch {
        continue; // ingested and removed meanwhile: nothing was lost
      }
      this.counters.droppedEvents += oldest.events;
      rescued.push(...oldest.modules);
      rescued.push(
        encodeJsonFrame(FrameType.Warning, {
          message: `spool size cap (${this.options.maxBytes} bytes) reached: dropped ${oldest.events} events of the oldest spool file`,
          file: oldest.path,
        }),
      );
    }
    // Function tables of the dropped file are still needed to read the events that follow.
    for (const frame of rescued) this.pending.unshift(frame);
    if (rescued.length > 0) this.queuedBytes += rescued.reduce((sum, f) => sum + f.length, 0);
  }

  private closeFile(): void {
    if (this.fd === null) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // already gone
    }
    this.fd = null;
  }

  private countDropped(frame: Uint8Array): void {
    this.counters.droppedFrames++;
    if (frame[4] === FrameType.Events) this.counters.droppedEvents += eventCount(frame);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) at += fs.writeSync(fd, bytes, at, bytes.length - at);
}

/** The event count of an Events frame (u32 right after the header and its 3 padding bytes). */
function eventCount(frame: Uint8Array): number {
  return new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(8, true);
}
