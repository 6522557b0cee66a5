// Value capture for the recorder's hot path: arguments by parameter name at enter, the return or
// thrown value at exit, as redacted JSON text. Primitives are written straight to text; objects go
// through a bounded snapshot (./snapshot.ts), then the redactor, then JSON. Shapes: packages/core/CAPTURE.md.

import { createRedactor, type Redactor } from '../redact/index.js';
import { redactedMarker } from '../redact/spans.js';
import type { CaptureLimits, RedactionSettings } from '../settings.js';
import { snapshotToJson } from './json.js';
import { SnapshotTaker } from './snapshot.js';

export { REDACTION_WINDOW, SnapshotTaker, type Snapshot } from './snapshot.js';

export interface ValueCapturer {
  /** `{"a":7,"b":6}`: each value under its parameter name (extra arguments as `arguments[i]`), redacted JSON text. */
  args(names: readonly string[], values: ArrayLike<unknown>): string;
  /** A return or thrown value as redacted JSON text. */
  value(value: unknown): string;
}

interface ParamName {
  keyText: string;
  secret: boolean;
}

/** Numbers at or above this may be card numbers and go through the redactor. */
const CARD_NUMBER_FLOOR = 1e11;
const KEY_CONTEXT_JSON = JSON.stringify(redactedMarker('key-context'));
const NOT_CAPTURED = '{"$type":"not-captured"}';
const UNDEFINED_JSON = '{"$type":"undefined"}';

export function createCapturer(limits: CaptureLimits, redaction: RedactionSettings): ValueCapturer {
  if (!limits.enabled) return { args: () => '{}', value: () => NOT_CAPTURED };
  const redactor = redactorFor(redaction);
  const taker = new SnapshotTaker(limits, redactor.redactString);
  const params = new Map<string, ParamName>();
  const maxString = limits.maxStringLength;

  /** A parameter's JSON key text and whether its name says secret, computed once per name. */
  function param(name: string): ParamName {
    let p = params.get(name);
    if (p === undefined) {
      p = { keyText: JSON.stringify(name) + ':', secret: redactor.classifyKey(name) !== 'none' };
      if (params.size < 4096) params.set(name, p);
    }
    return p;
  }

  function valueText(v: unknown, name: string | null, secretName: boolean): string {
    switch (typeof v) {
      case 'number':
        if (v > -CARD_NUMBER_FLOOR && v < CARD_NUMBER_FLOOR && (v !== 0 || 1 / v > 0)) return secretName ? KEY_CONTEXT_JSON : '' + v;
        break;
      case 'boolean':
        return v ? 'true' : 'false';
      case 'undefined':
        return UNDEFINED_JSON; // what most functions return
      case 'string':
        if (v.length <= maxString) return JSON.stringify(name === null ? redactor.redactString(v) : redactor.redactNamed(name, v));
        break;
      case 'object':
        if (v === null) return 'null';
        break;
    }
    return snapshotToJson(redactor.redactSnapshot(taker.take(v, name), name));
  }

  return {
    args(names, values) {
      try {
        let out = '{';
        for (let i = 0; i < values.length; i++) {
          const name = i < names.length ? names[i] : `arguments[${i}]`;
          const p = param(name);
          out += (i === 0 ? '' : ',') + p.keyText + valueText(values[i], name, p.secret);
        }
        return out + '}';
      } catch (e) {
        return captureError(e);
      }
    },
    value(value) {
      try {
        return valueText(value, null, false);
      } catch (e) {
        return captureError(e);
      }
    },
  };
}

/** The project's redactor; a pattern the CLI should have rejected is dropped rather than stopping the program. */
function redactorFor(settings: RedactionSettings): Redactor {
  try {
    return createRedactor(settings);
  } catch {
    const valid = settings.patterns.filter((p) => {
      try {
        createRedactor({ patterns: [p] });
        return true;
      } catch {
        return false;
      }
    });
    return createRedactor({ ...settings, patterns: valid });
  }
}

/** Capture never throws into the program: a failure (stack overflow on a pathological value) is recorded instead. */
function captureError(e: unknown): string {
  const reason = e instanceof RangeError ? 'RangeError' : 'internal error';
  return `{"$type":"capture-error","reason":${JSON.stringify(reason)}}`;
}
