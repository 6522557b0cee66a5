// Secret redaction, applied to every captured value before it leaves the traced process, and exported
// as `@breadcrumb/core/redact` (`redact(value) -> value`). A secret becomes `[REDACTED:<rule>]` in
// place; the rest of the value stays (a URL keeps its host, a header its scheme, a cookie its name).
// The rule families and the reasoning behind them: packages/core/CAPTURE.md, section Redaction.

import type { RedactionSettings } from '../settings.js';
import { createKeyClassifier, type KeyClass, type KeyClassifier } from './key-names.js';
import { compileUserPatterns, createStringRules, type StringRules } from './string-rules.js';
import { redactedMarker } from './spans.js';
import { ValueWalker } from './value-walker.js';

export type { KeyClass, KeyClassifier } from './key-names.js';
export type { StringRules } from './string-rules.js';
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
  /** What a name says about the value beside it. */
  classifyKey(name: string): KeyClass;
}

export const DEFAULT_REDACTION: RedactionSettings = { patterns: [], allowKeys: [] };

/**
 * A redactor with the project's extra patterns and allow-listed keys. An invalid pattern throws
 * InvalidRedactionPatternError (the CLI validates the config with compileUserPatterns first).
 */
export function createRedactor(settings: Partial<RedactionSettings> = DEFAULT_REDACTION): Redactor {
  const { keys, strings } = createRedactionRules(settings);
  const untrusted = new ValueWalker(keys, strings, false);
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
    classifyKey: (name) => keys.classify(name),
  };
}

/** The parts a redactor is made of: what a name says, and the value rules for one string. */
export interface RedactionRules {
  readonly keys: KeyClassifier;
  readonly strings: StringRules;
}

/**
 * The rules alone, for the capture writer, which applies them inline while it writes a value's JSON
 * (packages/core/src/capture/writer.ts). Throws InvalidRedactionPatternError like createRedactor.
 */
export function createRedactionRules(settings: Partial<RedactionSettings> = DEFAULT_REDACTION): RedactionRules {
  const keys = createKeyClassifier(settings.allowKeys ?? []);
  return { keys, strings: createStringRules(keys, compileUserPatterns(settings.patterns ?? [])) };
}

let defaultRedactor: Redactor | null = null;

/** Redacts with the built-in rules only. Never throws for any input; never modifies it. */
export function redact(value: unknown): unknown {
  defaultRedactor ??= createRedactor();
  return defaultRedactor.redact(value);
}
