// The on-disk transform cache: instrumented output keyed by a hash of the source, the instrumenter's
// build and the transform options, so a second run loads Babel not at all. Entries are written to a
// temporary name and renamed into place, so concurrent writers (parallel processes of one run) never
// expose a half-written entry; the last rename wins and every candidate is equally valid.
//
// An entry never holds the program's own text (a password written as a literal in the source must not
// end up under ~/.breadcrumb): the instrumenter only inserts, so an entry stores the insertions and
// their offsets, and a hit puts them back into the source being loaded. Source maps are stored without
// `sourcesContent`. Output that is not the source plus insertions is not cached.
import crypto from 'node:crypto';
import { ownFs as fs, ownJson } from '../node-originals.js';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * A cached outcome: instrumented code (and whether it may load an ES module, the instrumenter's
 * `loadsModules`; null when not known), or the reason the file must run as it is.
 */
export type CachedTransform = { kind: 'code'; code: string; loadsModules: boolean | null } | { kind: 'failed'; message: string } | { kind: 'skipped' };

/** The first line of a code entry: `insertions`, then whether the code may load an ES module, when known. */
const LOADS_MODULES_WORD = new Map<boolean | null, string>([
  [true, 'insertions loads-modules'],
  [false, 'insertions no-module-loads'],
  [null, 'insertions'],
]);
const LOADS_MODULES_OF_WORD = new Map([...LOADS_MODULES_WORD].map(([value, word]) => [word, value]));

/** Where `code` adds text to `source`: [offset in source, inserted text] pairs in order, or null. */
export function insertionsOf(source: string, code: string): [number, string][] | null {
  const insertions: [number, string][] = [];
  let i = 0;
  let j = 0;
  // Greedy subsequence matching: whenever the next source character can be matched it is, which finds
  // an alignment whenever the source is a subsequence of the code (and the code is then exactly the
  // source with the unmatched characters inserted).
  while (i < source.length) {
    const start = j;
    const want = source.charCodeAt(i);
    while (j < code.length && code.charCodeAt(j) !== want) j++;
    if (j === code.length) return null;
    if (j > start) insertions.push([i, code.slice(start, j)]);
    // then take the longest run that matches as it is
    let runEnd = i;
    while (runEnd < source.length && j < code.length && source.charCodeAt(runEnd) === code.charCodeAt(j)) {
      runEnd++;
      j++;
    }
    i = runEnd;
  }
  if (j < code.length) insertions.push([source.length, code.slice(j)]);
  return insertions;
}

/** The code `insertionsOf` described, from the same source; null if they do not fit it. */
export function applyInsertions(source: string, insertions: readonly (readonly [number, string])[]): string | null {
  const parts: string[] = [];
  let at = 0;
  for (const [offset, text] of insertions) {
    if (!Number.isInteger(offset) || offset < at || offset > source.length || typeof text !== 'string') return null;
    parts.push(source.slice(at, offset), text);
    at = offset;
  }
  parts.push(source.slice(at));
  return parts.join('');
}

export function transformCacheKey(source: string, stamp: string, options: Readonly<Record<string, unknown>>): string {
  return crypto.createHash('sha256').update(stamp).update('\0').update(ownJson.stringify(options)).update('\0').update(source).digest('hex');
}

export class TransformCache {
  constructor(private readonly dir: string) {}

  /** The outcome stored for `key`, rebuilt over `source` (the text the key was computed from). */
  get(key: string, source: string): CachedTransform | null {
    try {
      const text = fs.readFileSync(this.entryPath(key), 'utf8');
      // First line: the outcome; then its data.
      const newline = text.indexOf('\n');
      const head = newline === -1 ? text : text.slice(0, newline);
      const loadsModules = LOADS_MODULES_OF_WORD.get(head);
      if (loadsModules !== undefined) {
        const code = applyInsertions(source, ownJson.parse(text.slice(newline + 1)) as [number, string][]);
        return code === null ? null : { kind: 'code', code, loadsModules };
      }
      if (head === 'skipped') return { kind: 'skipped' };
      if (head === 'failed') return { kind: 'failed', message: text.slice(newline + 1) };
      return null;
    } catch {
      return null;
    }
  }

  /** Stores an outcome (and the source map next to it); a cache that cannot be written is no error. */
  set(key: string, entry: CachedTransform, source: string, map?: unknown): void {
    try {
      let body: string;
      if (entry.kind === 'code') {
        const insertions = insertionsOf(source, entry.code);
        if (insertions === null) return; // not source plus insertions: caching it would store the program's text
        body = `${LOADS_MODULES_WORD.get(entry.loadsModules ?? null)}\n${ownJson.stringify(insertions)}`;
      } else {
        body = entry.kind === 'failed' ? `failed\n${entry.message}` : 'skipped';
      }
      const file = this.entryPath(key);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      if (map !== undefined && map !== null) writeAtomically(`${file.slice(0, -3)}.map`, ownJson.stringify(withoutSourcesContent(map)));
      writeAtomically(file, body);
    } catch {
      // read-only home, full disk: the next run transforms again
    }
  }

  /** The source map stored with an entry, or null. */
  getMap(key: string): unknown {
    try {
      return ownJson.parse(fs.readFileSync(`${this.entryPath(key).slice(0, -3)}.map`, 'utf8')) as unknown;
    } catch {
      return null;
    }
  }

  private entryPath(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.js`);
  }
}

function withoutSourcesContent(map: unknown): unknown {
  if (map === null || typeof map !== 'object' || !('sourcesContent' in map)) return map;
  const { sourcesContent: _dropped, ...rest } = map as Record<string, unknown>;
  return rest;
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
