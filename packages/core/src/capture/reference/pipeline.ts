// Test support: the former three-pass capture (snapshot tree -> redaction walk over it -> JSON text),
// kept as it was so that the single-pass writer (../writer.ts) can be checked against it byte for byte
// (../writer.differential.test.ts) and measured against it (scripts/bench/capture.mjs). Nothing in the
// runtime imports it. Its known differences from the writer, each deliberate, are listed in
// packages/core/CAPTURE.md ("How a value is written").

import { createRedactionRules } from '../../redact/index.js';
import { ValueWalker } from '../../redact/value-walker.js';
import { redactedMarker } from '../../redact/spans.js';
import type { CaptureLimits, RedactionSettings } from '../../settings.js';
import type { ValueCapturer } from '../index.js';
import { snapshotToJson } from './json.js';
import { SnapshotTaker } from './snapshot.js';

const CARD_NUMBER_FLOOR = 1e11;
const KEY_CONTEXT_JSON = JSON.stringify(redactedMarker('key-context'));
const NOT_CAPTURED = '{"$type":"not-captured"}';
const UNDEFINED_JSON = '{"$type":"undefined"}';

interface ParamName {
  keyText: string;
  secret: boolean;
}

export function createReferenceCapturer(limits: CaptureLimits, redaction: RedactionSettings): ValueCapturer {
  if (!limits.enabled) return { args: () => '{}', argsWithReceiver: () => '{}', value: () => NOT_CAPTURED };
  const { keys, strings } = createRedactionRules(redaction);
  const untrusted = new ValueWalker(keys, strings, false);
  const snapshots = new ValueWalker(keys, strings, true);
  const redactString = (text: string): string => strings.redact(text);
  const taker = new SnapshotTaker(limits, redactString);
  const params = new Map<string, ParamName>();
  const maxString = limits.maxStringLength;

  function param(name: string): ParamName {
    let p = params.get(name);
    if (p === undefined) {
      p = { keyText: JSON.stringify(name) + ':', secret: keys.classify(name) !== 'none' };
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
        return UNDEFINED_JSON;
      case 'string':
        if (v.length <= maxString) {
          return JSON.stringify(name === null ? redactString(v) : untrusted.value(v, name, keys.classify(name), 0));
        }
        break;
      case 'object':
        if (v === null) return 'null';
        break;
    }
    const snapshot = taker.take(v, name);
    return snapshotToJson(snapshots.value(snapshot, name, name === null ? 'none' : keys.classify(name), 0));
  }

  return {
    argsWithReceiver(names, values, receiver) {
      const args = this.args(names, values);
      if (args.startsWith('{"$type"')) return args;
      const self = receiver === globalThis ? '{"$type":"global"}' : valueText(receiver, 'this', false);
      return `${args.slice(0, -1)}${args === '{}' ? '' : ','}"this":${self}}`;
    },
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

function captureError(e: unknown): string {
  const reason = e instanceof RangeError ? 'RangeError' : 'internal error';
  return `{"$type":"capture-error","reason":${JSON.stringify(reason)}}`;
}
