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
  findPrivateKeyBlocks,
  findPuttyPrivateLines,
  findQuotedAfterSecretWord,
  findUrlPasswords,
} from './text-rules.js';
import { TOKEN_GATE } from './token-rules.js';
import { findTokens } from './token-scanner.js';

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
    if (userPatterns.length > 0) findUserPatterns(text, spans, userPatterns);
    if (text.length < MIN_SCANNED_LENGTH) return;

    // Each family runs only when a character or literal it cannot do without is present; the
    // gates are nested so that a plain word, path or sentence costs a handful of memchr-like scans.
    if (TOKEN_GATE.test(text)) {
      findTokens(text, spans);
      if (text.includes('PRIVATE KEY')) findPrivateKeyBlocks(text, spans);
      if (text.includes('Private-Lines:')) findPuttyPrivateLines(text, spans);
    }
    const colon = text.includes(':');
    if (colon || text.includes('=')) {
      findAssignments(text, spans, keys);
      if (colon && text.includes('://') && text.includes('@')) findUrlPasswords(text, spans);
      if (colon && text.includes(':thin:')) findOracleThinPasswords(text, spans);
    }
    if (text.includes(' ')) {
      if (/["'`]/.test(text) && QUOTED_GATE.test(text)) findQuotedAfterSecretWord(text, spans);
      if (BARE_SCHEME_GATE.test(text)) findBareAuthorization(text, spans);
      if (text.includes('--')) findFlagValues(text, spans, keys);
      if (COMMAND_GATE.test(text)) findCommandLinePasswords(text, spans);
    }
    if (text.includes('</')) findXmlElements(text, spans, keys);
    if (DIGIT_RUN_GATE.test(text)) {
      findCardNumbers(text, spans);
      findSsns(text, spans);
      if (IBAN_GATE.test(text)) findIbans(text, spans);
    }
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

const QUOTED_GATE = /password|passwd|passphrase|pwd|secret|token|api[ _-]?key|identified/i;
const BARE_SCHEME_GATE = /(?:Bearer|Basic|Token)\s/i;
const DIGIT_RUN_GATE = /\d{3}/;
const COMMAND_GATE = / -[pau]|--user /;
const IBAN_GATE = /[A-Z]{2}\d\d/;

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
