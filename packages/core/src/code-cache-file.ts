// The file that keeps V8's compiled code of our own files between processes (own-modules.ts): one
// file per Node version, architecture and node command-line flags (V8 rejects code made by another
// V8 or under other V8 flags: one file for all would be rewritten at every switch), read in one go.
// Layout: the 8-byte magic, the index's length (uint32 LE), the index (JSON: one entry per source
// file, with the size and mtime it was compiled from), then the entries' code, back to back.
// A damaged or foreign file reads as empty; a new one replaces it whole (written aside, then renamed),
// so processes that start together never read half a file.
import path from 'node:path';
import { ownFs, ownJson } from './node-originals.js';

export interface CodeCacheEntry {
  /** Absolute path of the source file. */
  file: string;
  /** Size and mtime of the source file the code was compiled from: any other version is not served. */
  size: number;
  mtimeMs: number;
  data: Buffer;
}

const MAGIC = 'BCCODE1\n';
const HEADER_BYTES = MAGIC.length + 4;

/** `<cacheDir>/code/<name>-<node version>-<arch>-<hash of the node flags>.bin`. */
export function codeCacheFile(cacheDir: string, name: string, execArgv: readonly string[] = process.execArgv): string {
  return path.join(cacheDir, 'code', `${name}-${process.version}-${process.arch}-${fnv1a(execArgv.join('\0'))}.bin`);
}

/** 32-bit FNV-1a, as 8 hex digits: a name, not a check (the index holds each source's size and mtime). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export function readCodeCache(file: string): CodeCacheEntry[] {
  let bytes: Buffer;
  try {
    bytes = ownFs.readFileSync(file) as Buffer;
  } catch {
    return [];
  }
  try {
    if (bytes.length < HEADER_BYTES || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return [];
    const indexBytes = bytes.readUInt32LE(MAGIC.length);
    const index = ownJson.parse(bytes.toString('utf8', HEADER_BYTES, HEADER_BYTES + indexBytes)) as unknown;
    if (!Array.isArray(index)) return [];
    const entries: CodeCacheEntry[] = [];
    let offset = HEADER_BYTES + indexBytes;
    for (const item of index as Array<Record<string, unknown>>) {
      const { file: source, size, mtimeMs, length } = item;
      if (typeof source !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof length !== 'number') return [];
      if (offset + length > bytes.length) return [];
      entries.push({ file: source, size, mtimeMs, data: bytes.subarray(offset, offset + length) });
      offset += length;
    }
    return entries;
  } catch {
    return [];
  }
}

/** Replaces the file with these entries; throws what the file system throws. */
export function writeCodeCache(file: string, entries: readonly CodeCacheEntry[]): void {
  const index = Buffer.from(
    ownJson.stringify(entries.map(({ file: source, size, mtimeMs, data }) => ({ file: source, size, mtimeMs, length: data.length }))),
    'utf8',
  );
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(index.length, MAGIC.length);
  ownFs.mkdirSync(path.dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    ownFs.writeFileSync(aside, Buffer.concat([header, index, ...entries.map((entry) => entry.data)]));
    ownFs.renameSync(aside, file);
  } catch (error) {
    ownFs.rmSync(aside, { force: true });
    throw error;
  }
  keepNewest(path.dirname(file), KEPT_FILES);
}

/** Files kept in the folder: each Node version and set of node flags used lately has its own. */
export const KEPT_FILES = 24;

/** Deletes all but the `count` most recently written `.bin` files of the folder (a file written is one in use). */
function keepNewest(folder: string, count: number): void {
  try {
    const files = (ownFs.readdirSync(folder) as string[])
      .filter((name) => name.endsWith('.bin'))
      .map((name) => {
        const file = path.join(folder, name);
        return { file, mtimeMs: ownFs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 };
      });
    if (files.length <= count) return;
    files.sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const { file } of files.slice(count)) ownFs.rmSync(file, { force: true });
  } catch {
    // another process pruning at the same time, or a folder we may not list: next time
  }
}
