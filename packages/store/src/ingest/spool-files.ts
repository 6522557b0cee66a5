// The spool folder as files: which exist (`<processKey>.<n>.bcspool`, grouped by process, in order)
// and how their bytes decode, keeping the good frames before a corrupt one.
import fs from 'node:fs';
import { SPOOL_FILE_EXTENSION, SpoolFormatError, SpoolVersionError, decodeFrames, type DecodedColumnMemory, type Frame } from '@breadcrumb/core';

export interface SpoolFile {
  name: string;
  processKey: string;
  index: number;
}

const SPOOL_NAME = /^(.+)\.(\d+)\.bcspool$/;
/**
 * The most read (and ingested in one transaction) at a time. A poll of a busy program finds ~2-3 MB
 * new, but the CLI's first poll and any poll after it fell behind find more, and one 8 MB transaction
 * (the chunk until now) held its rows, decoded values and pages at once: a cold process touched that
 * much fresh memory, a page fault per 4 KiB. `breadcrumb run` of corpus js-yaml, the CLI's page faults
 * (perf record -e page-faults -c 1, 5 runs each, interleaved): median 15.9 k at 8 MB, 10.2 k at 4 MB
 * (2 MB: 8.2 k of 3, but the runtime's Events frames are ~1.0-1.3 MB, so a 2 MB read holds one and
 * reads the next one's start again: callgrind of ingest-replay.mjs +41 M instructions; 4 MB: the same
 * count as 8 MB). ingest-replay.mjs with 8 MB slices (a CLI behind), 4 rounds each: poll page faults
 * 14.5 k -> 11.6 k. Two or more frames fit, and a frame larger than this is still read whole.
 */
export const READ_CHUNK = 4 * 1024 * 1024;

export function listSpoolFiles(spoolDir: string): Map<string, SpoolFile[]> {
  const byProcess = new Map<string, SpoolFile[]>();
  let names: string[];
  try {
    names = fs.readdirSync(spoolDir);
  } catch {
    return byProcess;
  }
  for (const name of names) {
    if (!name.endsWith(SPOOL_FILE_EXTENSION)) continue;
    const match = SPOOL_NAME.exec(name);
    if (!match) continue;
    const file = { name, processKey: match[1]!, index: Number(match[2]) };
    const list = byProcess.get(file.processKey) ?? [];
    list.push(file);
    byProcess.set(file.processKey, list);
  }
  for (const list of byProcess.values()) list.sort((a, b) => a.index - b.index);
  return byProcess;
}

/**
 * decodeFrames, but a corrupt frame does not cost the good ones before it: whatever fails to decode
 * (bad length, unknown type, torn JSON) ends the good part, and is reported. Values are decoded as the
 * UTF-8 bytes the spool holds (the store binds them as they are, see event-writer.ts); with
 * `columnMemory`, the frames' columns are copied into it (reset first), valid until the next call.
 */
export function decodeGoodFrames(bytes: Uint8Array, columnMemory?: DecodedColumnMemory): {
  decoded: { frames: Frame[]; consumed: number };
  corrupt: string | null;
  /** The bad frame is a ProcessStart of a spool format version this Breadcrumb cannot read. */
  unsupportedVersion?: boolean;
} {
  const options = { valuesAsBytes: true, columnMemory };
  columnMemory?.reset();
  try {
    return { decoded: decodeFrames(bytes, options), corrupt: null };
  } catch {
    // Find the first bad frame, one frame at a time.
    columnMemory?.reset();
  }
  const frames: Frame[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 5 <= bytes.length) {
    const end = at + 4 + view.getUint32(at, true);
    if (end > bytes.length) break;
    try {
      const one = decodeFrames(bytes.subarray(at, end), options);
      if (one.frames.length !== 1) throw new SpoolFormatError(`corrupt spool frame at byte ${at}`);
      frames.push(one.frames[0]!);
    } catch (error) {
      const reason = error instanceof SpoolFormatError ? error.message : `corrupt frame at byte ${at} (${(error as Error).message})`;
      return { decoded: { frames, consumed: at }, corrupt: reason, unsupportedVersion: error instanceof SpoolVersionError };
    }
    at = end;
  }
  return { decoded: { frames, consumed: at }, corrupt: null };
}

/**
 * A Uint8Array over exactly these bytes: decodeFrames views columns through `.buffer`, which for a
 * pooled or offset Node Buffer would be the wrong memory.
 */
export function asPlainBytes(buffer: Buffer, length: number): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

/** processKey is `${pid}.${threadId}.${startedAtMs}`: parents start before their children. */
export function startedAtOf(processKey: string): number {
  const last = Number(processKey.split('.').pop());
  return Number.isFinite(last) ? last : 0;
}

