// A string found under a name (an object key, a parameter, the first item of a `[name, value]` pair):
// the one place that says what the name's class does to it. Shared by the walker of `redact()` and the
// capture writer, so both judge a named string alike.

import type { KeyClass, KeyClassifier } from './key-names.js';
import { isPlaceholder } from './placeholders.js';
import { applySpans, redactedMarker, type Span } from './spans.js';
import type { StringRules } from './string-rules.js';
import { findKeyedValue } from './text-rules.js';

const KEY_CONTEXT = redactedMarker('key-context');

export function redactNamedString(keys: KeyClassifier, strings: StringRules, s: string, name: string | null, cls: KeyClass): string {
  if (cls === 'none') return strings.redact(s);
  if (isPlaceholder(s)) return s;
  if (cls === 'secret') return name !== null && keys.isHarmlessValue(name, s) ? s : KEY_CONTEXT;
  // authorization / cookie: the credential and the cookie values go; what stays is a scheme and names
  const spans: Span[] = [];
  findKeyedValue(s, 0, cls, spans);
  return applySpans(s, spans);
}
