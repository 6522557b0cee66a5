// Strings longer than maxStringLength: redacted over a window past the limit, then cut (never inside a
// redaction marker), and written as `{"$type":"string","length":N,"value":"<head>","truncated":true}`.
import { ownJson } from '../node-originals.js';

/** Characters beyond maxStringLength that string redaction still sees, so a secret cut by the limit is recognised. */
export const REDACTION_WINDOW = 1024;
const MARKER_START = '[REDACTED:';
const CACHE_SIZE = 64;
const CACHE_CHARS = 8 * 1024 * 1024;

export interface LongString {
  /** The redacted head. */
  readonly value: string;
  /** The whole tag as JSON text. */
  readonly json: string;
}

export class LongStrings {
  // Programs pass the same long string again and again (a parser's whole input on every call): its
  // redacted head is computed once. V8 hashes a long string by its length, and compares the same
  // string object by identity first, so a lookup costs next to nothing.
  private readonly cache = new Map<string, LongString>();
  private cachedChars = 0;

  constructor(
    private readonly maxString: number,
    private readonly redactString: (text: string) => string,
  ) {}

  /** A string over the capture's string limit, through the cache. */
  get(s: string): LongString {
    const cached = this.cache.get(s);
    if (cached !== undefined) return cached;
    const long = longString(s, cutLongString(s, this.maxString, this.redactString));
    // Holding a string the program has dropped keeps its memory: the cache is small and bounded in length.
    if (this.cache.size >= CACHE_SIZE || this.cachedChars + s.length > CACHE_CHARS) {
      this.cache.clear();
      this.cachedChars = 0;
    }
    if (s.length <= CACHE_CHARS) {
      this.cache.set(s, long);
      this.cachedChars += s.length;
    }
    return long;
  }

  /** A string over another limit (an error stack gets ten string lengths), not cached. */
  withLimit(s: string, max: number): LongString {
    return longString(s, cutLongString(s, max, this.redactString));
  }
}

function longString(s: string, value: string): LongString {
  return { value, json: '{"$type":"string","length":' + s.length + ',"value":' + ownJson.stringify(value) + ',"truncated":true}' };
}

function cutLongString(s: string, max: number, redactString: (text: string) => string): string {
  const redacted = redactString(s.slice(0, max + REDACTION_WINDOW));
  let cut = Math.min(max, redacted.length);
  const marker = redacted.lastIndexOf(MARKER_START, cut);
  if (marker >= 0) {
    const close = redacted.indexOf(']', marker);
    if (close >= cut) cut = close + 1;
  }
  return redacted.slice(0, cut);
}
