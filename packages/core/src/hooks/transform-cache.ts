// The on-disk transform cache: instrumented output keyed by a hash of the source, the instrumenter's
// build and the transform options, so a second run loads Babel not at all. Entries are written to a
// temporary name and renamed into place, so concurrent writers (parallel processes of one run) never
// expose a half-written entry; the last rename wins and every candidate is equally valid.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/** A cached outcome: instrumented code, or the reason the file must run as it is. */
export type CachedTransform = { kind: 'code'; code: string } | { kind: 'failed'; message: string } | { kind: 'skipped' };

export function transformCacheKey(source: string, stamp: string, options: Readonly<Record<string, unknown>>): string {
  return crypto.createHash('sha256').update(stamp).update('\0').update(JSON.stringify(options)).update('\0').update(source).digest('hex');
}

export class TransformCache {
  constructor(private readonly dir: string) {}

  get(key: string): CachedTransform | null {
    try {
      const text = fs.readFileSync(this.entryPath(key), 'utf8');
      // First line: the outcome; then the code (so a hit costs no JSON parse of megabytes).
      const newline = text.indexOf('\n');
      const head = newline === -1 ? text : text.slice(0, newline);
      if (head === 'code') return { kind: 'code', code: text.slice(newline + 1) };
      if (head === 'skipped') return { kind: 'skipped' };
      if (head === 'failed') return { kind: 'failed', message: text.slice(newline + 1) };
      return null;
    } catch {
      return null;
    }
  }

  /** Stores an outcome (and the source map next to it); a cache that cannot be written is no error. */
  set(key: string, entry: CachedTransform, map?: unknown): void {
    try {
      const file = this.entryPath(key);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      if (map !== undefined && map !== null) writeAtomically(`${file.slice(0, -3)}.map`, JSON.stringify(map));
      const body = entry.kind === 'code' ? `code\n${entry.code}` : entry.kind === 'failed' ? `failed\n${entry.message}` : 'skipped';
      writeAtomically(file, body);
    } catch {
      // read-only home, full disk: the next run transforms again
    }
  }

  /** The source map stored with an entry, or null. */
  getMap(key: string): unknown {
    try {
      return JSON.parse(fs.readFileSync(`${this.entryPath(key).slice(0, -3)}.map`, 'utf8')) as unknown;
    } catch {
      return null;
    }
  }

  private entryPath(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.js`);
  }
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.${threadId}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, text, { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
