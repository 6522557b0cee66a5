// The value rules for one string, each family behind a cheap gate so that the common case (a short
// string, a word, a path, a number as text) costs a length test and a couple of character searches.

import type { KeyClassifier } from './key-names.js';
import { findCardNumbers, findIbans, findSsns } from './pii-rules.js';
import { applySpans, type Span } from './spans.js';
import {
  findAssignments,
  findBareAuthorization,
  findCommandLinePasswords,
  findFlagValues,
  findOracleThinPasswords,
  findXmlElements,
  findKeyBlocks,
  findMultipartFields,
  findNameValueMembers,
  findPuttyPrivateLines,
  findQuotedAfterSecretWord,
  findRedisPasswords,
  findPhpDefines,
  findAttributePairs,
  findGoDsnPasswords,
  findShellSetValues,
  findPgpassLines,
  findEzconnectPasswords,
  findUnquotedAfterPasswordWord,
  findUrlPasswords,
  findSqlInsertValues,
  findBareSetCookie,
  findNameValueCalls,
  findMaskedValues,
} from './text-rules.js';
import { findPairedSecrets } from './paired-rules.js';
import { findTokens } from './token-scanner.js';

/** An id and its secret side by side: AWS 20 + 40 characters, Twilio 34 + 32. */
const MIN_PAIR_LENGTH = 60;

/** Shorter strings carry no self-identifying secret (the shortest rule needs a 16-character run). */
const MIN_SCANNED_LENGTH = 8;

export interface StringRules {
  /** The spans of `text` that the value rules (and the user's patterns) find. */
  find(text: string, spans: Span[]): void;
  /** `text` with every finding replaced; the same string when nothing was found. */
  redact(text: string): string;
}

export function createStringRules(keys: KeyClassifier, userPatterns: readonly RegExp[]): StringRules {
  function find(text: string, spans: Span[]): void {
    findPlain(text, spans);
    // JSON or a form percent-encoded into a URL (`?payload=%7B%22password%22%3A%22…`): the rules run once more
    // on the decoded text, and what they find there is redacted in its encoded form
    if (text.length >= MIN_SCANNED_LENGTH && text.includes('%22')) findPercentDecoded(text, spans, findPlain);
  }
  function findPlain(text: string, spans: Span[]): void {
    if (userPatterns.length > 0) findUserPatterns(text, spans, userPatterns);
    if (text.length < MIN_SCANNED_LENGTH) return;

    // Each family runs only when a character or literal it cannot do without is present. One pass
    // of plain JavaScript over the string finds them all (cheaper than a regex test per gate).
    const traits = scanTraits(text);
    // key blocks first, whatever their body looks like; their bodies are then left out of the token scan
    const blocks = traits & SPACE && text.includes('BEGIN ') ? findKeyBlocks(text, spans) : NO_BLOCKS;
    if (traits & TOKEN_RUN || (traits & BASE64_RUN && text.includes('_') && BASE64_TOKEN_GATE.test(text))) {
      if (blocks.length === 0) findTokens(text, spans);
      else findTokensOutside(text, blocks, spans);
      // key bodies are full of `AC` and 40-character runs: pairs are looked for in text without them
      if (blocks.length === 0 && text.length >= MIN_PAIR_LENGTH) findPairedSecrets(text, spans);
    }
    if (traits & COLON && text.includes('Private-Lines:')) findPuttyPrivateLines(text, spans);
    if (traits & (COLON | EQUALS)) {
      findAssignments(text, spans, keys);
      if (traits & COLON && traits & AT && text.includes('://')) findUrlPasswords(text, spans);
      if (traits & COLON && text.includes(':thin:')) findOracleThinPasswords(text, spans);
      if (traits & COLON && text.includes('alue') && VALUE_MEMBER_GATE.test(text)) findNameValueMembers(text, spans, keys);
    }
    if (traits & SPACE) {
      if (traits & QUOTE && QUOTED_GATE.test(text)) findQuotedAfterSecretWord(text, spans);
      if (traits & DIGIT_ANY && PASSWORD_WORD_GATE.test(text)) findUnquotedAfterPasswordWord(text, spans);
      if (BARE_SCHEME_GATE.test(text)) findBareAuthorization(text, spans);
      if (traits & DOUBLE_DASH) findFlagValues(text, spans, keys);
      if (COMMAND_GATE.test(text)) findCommandLinePasswords(text, spans);
    }
    if (traits & CLOSING_TAG) findXmlElements(text, spans, keys);
    // less common dialects, each behind the characters it needs and a literal search (a skip search: cheap on
    // key bodies, which have no quotes and so pay only for the Redis literals)
    if (traits & SPACE && (text.includes('requirepass') || text.includes('masterauth') || text.includes('AUTH '))) findRedisPasswords(text, spans);
    if (traits & EQUALS && traits & SPACE && startsLikeSetCookie(text)) findBareSetCookie(text, spans, keys);
    if (traits & QUOTE) {
      if (traits & SPACE && (text.includes('INSERT') || text.includes('insert'))) findSqlInsertValues(text, spans, keys);
      if (text.includes('",') || text.includes("',")) findNameValueCalls(text, spans, keys);
      if (text.includes('::add-mask::')) findMaskedValues(text, spans);
      if (traits & SPACE && text.includes('form-data')) findMultipartFields(text, spans, keys);
      if (traits & EQUALS && text.includes('value=')) findAttributePairs(text, spans, keys);
      if (text.includes('define(')) findPhpDefines(text, spans, keys);
    }
    if (traits & COLON && traits & AT && GO_DSN_GATE.test(text)) findGoDsnPasswords(text, spans);
    if (traits & AT && text.includes('@//')) findEzconnectPasswords(text, spans);
    if (traits & SPACE && (text.includes('setx ') || text.includes('set -'))) findShellSetValues(text, spans, keys);
    if (traits & COLON && traits & DIGIT_RUN && PGPASS_GATE.test(text)) findPgpassLines(text, spans);
    if (traits & DIGIT_RUN) {
      findCardNumbers(text, spans);
      findSsns(text, spans);
    }
    // an IBAN's BBAN may hold letters between every digit or two (`RO49 AAAA 1B31 ...`): any digit will do
    if (traits & DIGIT_ANY && text.length >= MIN_IBAN_LENGTH && IBAN_GATE.test(text)) findIbans(text, spans);
  }
  return {
    find,
    redact(text: string): string {
      const spans: Span[] = [];
      find(text, spans);
      return applySpans(text, spans);
    },
  };
}

const PASSWORD_WORD_GATE = /passw|pwd|passphrase/i;
const QUOTED_GATE = /password|passwd|passphrase|pwd|secret|token|api[ _-]?key|identified/i;
const BARE_SCHEME_GATE = /(?:Bearer|Basic|Token)\s/i;
const COMMAND_GATE = / -[pauU]|--user |rabbitmqctl |\/(?:user|USER|u):/;
/** `name=value;` at the very start, as a Set-Cookie value begins (two native searches, no regex). */
function startsLikeSetCookie(text: string): boolean {
  const semicolon = text.indexOf(';');
  if (semicolon < 3) return false;
  const equals = text.indexOf('=');
  return equals > 0 && equals < semicolon && text.lastIndexOf(' ', semicolon) < 0;
}
/** A country, check digits and the 11 characters the shortest BBAN has (Norway's), in one case. */
const IBAN_GATE = /[A-Z]{2}\d\d(?: ?[A-Z0-9]){11}|[a-z]{2}\d\d(?: ?[a-z0-9]){11}/;
const MIN_IBAN_LENGTH = 15;
const GO_DSN_GATE = /@(?:tcp6?|unix|udp)\(/;
/** Four colons, the second right after a port: the shape of a `.pgpass` line. */
const PGPASS_GATE = /:(?:\d{2,5}|\*):[^:\s]+:[^:\s]+:/;
const VALUE_MEMBER_GATE = /[Vv]alue["']?[ \t]*:/;
/**
 * Tokens whose alphabet is base64 with `+` and `/` (Svix / Stripe `whsec_`, Sentry, Grafana Cloud, Fly.io,
 * 1Password): their runs may be broken by those characters, which paths and URLs are full of.
 */
const BASE64_TOKEN_GATE = /whsec_|sntry[us]_|glc_|f(?:o1|m2)_|ops_eyJ/;

const NO_BLOCKS: [number, number][] = [];

/**
 * Runs `findIn` on `text` with its percent-escapes decoded (byte by byte: the names and operators the rules
 * look for are ASCII) and maps each span found back onto the encoded text.
 */
function findPercentDecoded(text: string, spans: Span[], findIn: (decoded: string, found: Span[]) => void): void {
  let decoded = '';
  const at: number[] = []; // at[i]: where decoded character i starts in `text`
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 37 && i + 2 < text.length && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) {
      decoded += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
      at.push(i);
      i += 3;
    } else {
      decoded += text[i];
      at.push(i);
      i++;
    }
  }
  at.push(text.length);
  const found: Span[] = [];
  findIn(decoded, found);
  for (const f of found) spans.push({ start: at[f.start]!, end: at[f.end]!, rule: f.rule });
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Provider tokens in the text between key/certificate bodies. */
function findTokensOutside(text: string, blocks: [number, number][], spans: Span[]): void {
  let pos = 0;
  for (const [start, end] of [...blocks, [text.length, text.length] as [number, number]]) {
    if (start > pos) {
      const found: Span[] = [];
      findTokens(text.slice(pos, start), found);
      for (const f of found) spans.push({ start: f.start + pos, end: f.end + pos, rule: f.rule });
    }
    pos = Math.max(pos, end);
  }
}

function findUserPatterns(text: string, spans: Span[], patterns: readonly RegExp[]): void {
  for (const re of patterns) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      spans.push({ start: m.index, end: m.index + m[0].length, rule: 'custom' });
    }
  }
}

/**
 * Compiles the project's patterns: `source` or `/source/flags`. Always global; an invalid pattern
 * throws InvalidRedactionPatternError naming it.
 */
export function compileUserPatterns(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) => {
    const literal = /^\/(.+)\/([a-z]*)$/s.exec(p);
    const source = literal ? literal[1] : p;
    const flags = literal ? literal[2] : '';
    try {
      return new RegExp(source, flags.includes('g') ? flags : flags + 'g');
    } catch (e) {
      throw new InvalidRedactionPatternError(p, (e as Error).message);
    }
  });
}

export class InvalidRedactionPatternError extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`invalid redaction pattern ${JSON.stringify(pattern)}: ${reason}; fix or remove it in the project's redaction.patterns`);
    this.name = 'InvalidRedactionPatternError';
  }
}

const TOKEN_RUN = 1; // 16 letters, digits, `_`, `-` or `~` in a row: nearly every provider token has such a run
const COLON = 2;
const EQUALS = 4;
const SPACE = 8;
const QUOTE = 16;
const DOUBLE_DASH = 32;
const CLOSING_TAG = 64;
const DIGIT_RUN = 128; // three digits in a row: cards, SSNs and IBANs all have one
const AT = 256;
const DIGIT_ANY = 512;
const BASE64_RUN = 1024; // the same with `+` and `/`: base64-alphabet tokens have at least this

/** 1 for characters of a token run, 2 for digits (also token characters), 3 for `+` and `/` (base64 runs only). */
const CHAR_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_~-]/.test(ch)) CHAR_CLASS[c] = 1;
  if (/[0-9]/.test(ch)) CHAR_CLASS[c] = 2;
  if (/[+/]/.test(ch)) CHAR_CLASS[c] = 3;
}

/**
 * Past this length the engine's native searches (and hasRun) beat one JavaScript pass: measured on
 * slices of the long strings marked and js-yaml pass, 236 against 223 ns at 32 characters, 1,536
 * against 783 ns at 256 (both find the same traits on all of them); at 12 characters, 81 against 133.
 */
const NATIVE_SCAN_FROM = 32;

function scanTraits(text: string): number {
  if (text.length > NATIVE_SCAN_FROM) return scanTraitsNatively(text);
  let traits = 0;
  let run = 0;
  let base64 = 0;
  let digits = 0;
  let prev = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const cls = c < 128 ? CHAR_CLASS[c] : 0;
    if (cls === 3) {
      if (++base64 >= 16) traits |= BASE64_RUN;
      run = 0;
      digits = 0;
    } else if (cls !== 0) {
      if (++base64 >= 16) traits |= BASE64_RUN;
      if (++run >= 16) traits |= TOKEN_RUN;
      if (cls === 2) {
        traits |= DIGIT_ANY;
        if (++digits >= 3) traits |= DIGIT_RUN;
      } else digits = 0;
    } else {
      run = 0;
      base64 = 0;
      digits = 0;
      switch (c) {
        case 58: traits |= COLON; break; // :
        case 61: traits |= EQUALS; break; // =
        case 32: case 9: case 10: case 13: traits |= SPACE; break;
        case 34: case 39: case 96: traits |= QUOTE; break; // " ' `
        case 64: traits |= AT; break; // @
      }
    }
    if (c === 45 && prev === 45) traits |= DOUBLE_DASH; // --
    else if (c === 47 && prev === 60) traits |= CLOSING_TAG; // </ (`/` belongs to base64 runs)
    prev = c;
  }
  return traits;
}

/** Characters of a token run (1) and of a base64 run (1 or 2), as in CHAR_CLASS but for hasRun. */
const TOKEN_RUN_CHARS = new Uint8Array(128);
const BASE64_RUN_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  TOKEN_RUN_CHARS[c] = CHAR_CLASS[c] === 1 || CHAR_CLASS[c] === 2 ? 1 : 0;
  BASE64_RUN_CHARS[c] = CHAR_CLASS[c] !== 0 ? 1 : 0;
}
const RUN_LENGTH = 16;

/**
 * Whether `text` holds 16 characters of `chars` in a row. Such a run covers one of every 16th
 * position: only those are looked at, and the run around one that is in `chars` measured. A quarter of
 * the time of the best regex (`(?:^|[^...])[...]{16}`) on the long strings a Markdown lexer and a YAML
 * parser pass (0.7 µs against 2.7 µs a window), and a tenth of a regex trying every position.
 */
export function hasRun(text: string, chars: Uint8Array): boolean {
  const n = text.length;
  for (let i = RUN_LENGTH - 1; i < n; i += RUN_LENGTH) {
    const c = text.charCodeAt(i);
    if (c >= 128 || chars[c] === 0) continue;
    // the run's start, looked for no further back than a run's length
    let before = i - 1;
    while (before > i - RUN_LENGTH) {
      const b = text.charCodeAt(before);
      if (b >= 128 || chars[b] === 0) break;
      before--;
    }
    const end = before + RUN_LENGTH + 1;
    let after = i + 1;
    while (after < end && after < n) {
      const a = text.charCodeAt(after);
      if (a >= 128 || chars[a] === 0) break;
      after++;
    }
    if (after - before - 1 >= RUN_LENGTH) return true;
  }
  return false;
}

function scanTraitsNatively(text: string): number {
  let traits = 0;
  // Token characters are base64 characters too: without a base64 run there is no token run.
  if (hasRun(text, BASE64_RUN_CHARS)) {
    traits |= BASE64_RUN;
    if (hasRun(text, TOKEN_RUN_CHARS)) traits |= TOKEN_RUN;
  }
  if (text.includes(':')) traits |= COLON;
  if (text.includes('=')) traits |= EQUALS;
  if (/\s/.test(text)) traits |= SPACE;
  if (/["'`]/.test(text)) traits |= QUOTE;
  if (text.includes('--')) traits |= DOUBLE_DASH;
  if (text.includes('</')) traits |= CLOSING_TAG;
  if (/\d{3}/.test(text)) traits |= DIGIT_RUN;
  if (/\d/.test(text)) traits |= DIGIT_ANY;
  if (text.includes('@')) traits |= AT;
  return traits;
}
