// Secret redaction, applied to every captured value before it leaves the traced process, and exported
// as `@breadcrumb/core/redact` (`redact(value) -> value`). A secret becomes `[REDACTED:<rule>]` in
// place; the rest of the value stays (a URL keeps its host, a header its scheme, a cookie its name).
// The rule families and the reasoning behind them: packages/core/CAPTURE.md, section Redaction.

import type { RedactionSettings } from '../settings.js';
import { createKeyClassifier, type KeyClass } from './key-names.js';
import { compileUserPatterns, createStringRules } from './string-rules.js';
import { redactedMarker } from './spans.js';
import { ValueWalker } from './value-walker.js';

export type { KeyClass } from './key-names.js';
export { splitWords } from './key-names.js';
export { compileUserPatterns, InvalidRedactionPatternError } from './string-rules.js';
export { isPlaceholder } from './placeholders.js';

export interface Redactor {
  /**
   * A copy of `value` with every secret replaced (copy-on-write: unchanged parts are the same objects;
   * the input is never modified, no getter, Proxy trap or toJSON runs). Strings, numbers, arrays,
   * plain objects, class instances, Map, Set, Error, Buffer and Uint8Array are understood.
   */
  redact(value: unknown): unknown;
  /** The value rules alone, for a string with no name around it. */
  redactString(text: string): string;
  /** A value known to sit under `name` (an object key, a header name, a parameter name). */
  redactNamed(name: string, value: unknown): unknown;
  /**
   * Redacts the capturer's own snapshot (plain data and `$type` tags), read without descriptor checks;
   * `name` is the name the value was found under (a parameter name), if any.
   */
  redactSnapshot(value: unknown, name?: string | null): unknown;
  /** What a name says about the value beside it. */
  classifyKey(name: string): KeyClass;
}

export const DEFAULT_REDACTION: RedactionSettings = { patterns: [], allowKeys: [] };

/**
 * A redactor with the project's extra patterns and allow-listed keys. An invalid pattern throws
 * InvalidRedactionPatternError (the CLI validates the config with compileUserPatterns first).
 */
export function createRedactor(settings: Partial<RedactionSettings> = DEFAULT_REDACTION): Redactor {
  const keys = createKeyClassifier(settings.allowKeys ?? []);
  const strings = createStringRules(keys, compileUserPatterns(settings.patterns ?? []));
  const untrusted = new ValueWalker(keys, strings, false);
  const snapshot = new ValueWalker(keys, strings, true);
  return {
    redact: (value) => {
      try {
        return untrusted.value(value, null, 'none', 0);
      } catch {
        // an engine limit (a regex or stack overflow on pathological input): nothing unredacted escapes
        return redactedMarker('redaction-error');
      }
    },
    redactString: (text) => strings.redact(text),
    redactNamed: (name, value) => untrusted.value(value, name, keys.classify(name), 0),
    redactSnapshot: (value, name = null) => snapshot.value(value, name, name === null ? 'none' : keys.classify(name), 0),
    classifyKey: (name) => keys.classify(name),
  };
}

let defaultRedactor: Redactor | null = null;

/** Redacts with the built-in rules only. Never throws for any input; never modifies it. */
export function redact(value: unknown): unknown {
  defaultRedactor ??= createRedactor();
  return defaultRedactor.redact(value);
}
