// Value capture for the recorder's hot path: arguments by parameter name at enter, the return or
// thrown value at exit, as redacted JSON text, written in one pass by ./writer.ts. Shapes and rules:
// packages/core/CAPTURE.md.

import { compileUserPatterns, createRedactionRules, type KeyClass, type RedactionRules } from '../redact/index.js';
import { redactedMarker } from '../redact/spans.js';
import { DEFAULT_CAPTURE, type CaptureLimits, type RedactionSettings } from '../settings.js';
import { legacyRegExpStaticsWatched, restoreRegExpStatics, saveRegExpStatics } from './regexp-statics.js';
import { oneByte } from './one-byte.js';
import { CaptureWriter, flat } from './writer.js';
import { writeArraysOfEveryKind } from './array-kinds.js';
import { ownJson } from '../node-originals.js';

export { REDACTION_WINDOW } from './long-strings.js';
export { CaptureWriter } from './writer.js';

export interface ValueCapturer {
  /** `{"a":7,"b":6}`: each value under its parameter name (extra arguments as `arguments[i]`), redacted JSON text. */
  args(names: readonly string[], values: ArrayLike<unknown>): string;
  /**
   * args() with the call's receiver last, under `this` (a reserved word: no parameter has that name),
   * for a function that reads `this`: `{"a":7,"this":{"$class":"Cart","items":[]}}`.
   */
  argsWithReceiver(names: readonly string[], values: ArrayLike<unknown>, receiver: unknown): string;
  /** A return or thrown value as redacted JSON text. */
  value(value: unknown): string;
}

interface ParamName {
  name: string;
  /** `{"name":` and `,"name":`: the member's key as written first and after another. */
  openText: string;
  nextText: string;
  cls: KeyClass;
}

/** Numbers at or above this may be card numbers and take the writer's path. */
const CARD_NUMBER_FLOOR = 1e11;
const KEY_CONTEXT_JSON = ownJson.stringify(redactedMarker('key-context'));
const NOT_CAPTURED = '{"$type":"not-captured"}';
const UNDEFINED_JSON = '{"$type":"undefined"}';
const GLOBAL_RECEIVER_JSON = '{"$type":"global"}';
/** argsWithReceiver's `receiver` when there is none: args() is the same call without one. */
const NO_RECEIVER: unknown = Symbol('no receiver');
const PARAM_CACHE_LIMIT = 4096;

export function createCapturer(limits: CaptureLimits, redaction: RedactionSettings): ValueCapturer {
  if (!limits.enabled) return { args: () => '{}', argsWithReceiver: () => '{}', value: () => NOT_CAPTURED };
  const rules = redactionRulesFor(redaction);
  const writer = new CaptureWriter(limits, rules);
  writeArraysOfEveryKind(writer);
  // The receiver's own budget (settings.ts, thisValues); 0: none is captured; 1: its class alone, as
  // the depth mark (`{"$type":"truncated","reason":"depth","of":"Parser"}`, one cached text per class:
  // ~0.4 us, where 8 values of acorn's Parser cost ~4.5 us, most of it reading its keys).
  const thisValues = limits.thisValues ?? DEFAULT_CAPTURE.thisValues!;
  const receiverWriter =
    thisValues === 1
      ? new CaptureWriter({ ...limits, maxDepth: 0 }, rules)
      : thisValues === (limits.maxValues ?? thisValues)
        ? writer
        : new CaptureWriter({ ...limits, maxValues: thisValues }, rules);
  // a receiver reduced to its class needs no walk (see CaptureWriter.classMark); with no value
  // allowed at all (maxValues 0), write() marks it as cut by size instead
  const receiverClassOnly = thisValues === 1 && (limits.maxValues ?? 1) >= 1;
  const params = new Map<string, ParamName>();
  const maxMembers = limits.maxKeys;

  /** A parameter's JSON key text and what its name says, computed once per name. */
  function param(name: string): ParamName {
    let p = params.get(name);
    if (p === undefined) {
      const keyText = oneByte(ownJson.stringify(name) + ':');
      p = { name, openText: '{' + keyText, nextText: ',' + keyText, cls: rules.keys.classify(name) };
      if (params.size < PARAM_CACHE_LIMIT) params.set(name, p);
    }
    return p;
  }

  /** `arguments[i]`, the name of an argument past the declared parameters (callbacks get them often). */
  const extraParams: ParamName[] = [];
  function extraParam(i: number): ParamName {
    return extraParams[i] ?? (extraParams[i] = param(`arguments[${i}]`));
  }

  /** Most values are small primitives: those are written here, the rest by the writer. */
  function valueText(v: unknown, name: string | null, cls: KeyClass): string {
    // type tests, not a switch on `typeof` (see the writer's value())
    if (typeof v === 'number') {
      if (v > -CARD_NUMBER_FLOOR && v < CARD_NUMBER_FLOOR && (v !== 0 || 1 / v > 0)) return cls !== 'none' ? KEY_CONTEXT_JSON : '' + v;
    } else if (typeof v === 'boolean') return v ? 'true' : 'false';
    else if (typeof v === 'undefined') return UNDEFINED_JSON; // what most functions return
    else if (v === null) return 'null';
    return writer.write(v, name, cls);
  }

  const receiverName = param('this');
  /** The receiver; the global object (a plain call of a sloppy function) by name, not its hundred keys. */
  function receiverText(receiver: unknown): string {
    if (receiver === globalThis) return GLOBAL_RECEIVER_JSON;
    return typeof receiver === 'object' && receiver !== null ? receiverWriter.write(receiver, receiverName.name, receiverName.cls) : valueText(receiver, receiverName.name, receiverName.cls);
  }

  // The last class mark a receiver got and its member texts, `,"this":<mark>}` (after the arguments)
  // and `{"this":<mark>}` (alone): a method's receiver is of one class call after call, and its member
  // is then one piece of the capture's text where it was three (two appends, and two pieces for the
  // batch's join to copy, on nearly every detailed call of a method).
  let lastMark = '';
  let lastMarkAfter = '';
  let lastMarkAlone = '';
  /** The receiver's member and the closing brace; `alone`: with no argument before it. */
  function receiverMember(receiver: unknown, alone: boolean): string {
    if (receiverClassOnly && typeof receiver === 'object' && receiver !== null && receiver !== globalThis) {
      const mark = receiverWriter.classMark(receiver);
      if (mark !== lastMark) {
        lastMark = mark;
        lastMarkAfter = flat(receiverName.nextText + mark + '}');
        lastMarkAlone = flat(receiverName.openText + mark + '}');
      }
      return alone ? lastMarkAlone : lastMarkAfter;
    }
    return (alone ? receiverName.openText : receiverName.nextText) + receiverText(receiver) + '}';
  }

  const capturer: ValueCapturer = {
    args(names, values) {
      return capturer.argsWithReceiver(names, values, NO_RECEIVER);
    },
    argsWithReceiver(names, values, receiver) {
      try {
        const n = values.length;
        const withReceiver = receiver !== NO_RECEIVER && thisValues > 0;
        // not flattened: the recorder hands arguments to its batch at once, whose
        // join copies the pieces straight into the joined text, one copy instead of two
        if (n === 0) return withReceiver ? receiverMember(receiver, true) : '{}';
        // The declared parameters, then the arguments beyond them as an object's keys: up to maxKeys
        // members in all, the rest counted (`sum.apply(null, list)` with 50,000 items wrote every one).
        const listed = n <= maxMembers || n <= names.length ? n : names.length > maxMembers ? names.length : maxMembers;
        let out = '';
        for (let i = 0; i < listed; i++) {
          const p = i < names.length ? param(names[i]!) : extraParam(i);
          out += (i === 0 ? p.openText : p.nextText) + valueText(values[i], p.name, p.cls);
        }
        if (listed < n) out += ',"$moreKeys":' + (n - listed);
        return withReceiver ? out + receiverMember(receiver, false) : out + '}';
      } catch (e) {
        return captureError(e);
      }
    },
    value(value) {
      try {
        // not flattened, like an argument's: the frame closes right after its return value is captured
        // and the recorder hands it to its batch, whose join copies the pieces once (flattening here
        // copied them twice: 110 instructions a detailed call on capture.mjs's acorn workload). A frame
        // suspended after its return (a `yield` in a `finally`) holds one such tree, not thousands.
        return valueText(value, null, 'none');
      } catch (e) {
        return captureError(e);
      }
    },
  };
  // Redaction runs patterns, which set RegExp.$1 and the other legacy statics of the program's realm.
  return {
    args(names, values) {
      return this.argsWithReceiver(names, values, NO_RECEIVER);
    },
    argsWithReceiver(names, values, receiver) {
      if (!legacyRegExpStaticsWatched()) return capturer.argsWithReceiver(names, values, receiver);
      const statics = saveRegExpStatics();
      try {
        return capturer.argsWithReceiver(names, values, receiver);
      } finally {
        restoreRegExpStatics(statics);
      }
    },
    value(value) {
      if (!legacyRegExpStaticsWatched()) return capturer.value(value);
      const statics = saveRegExpStatics();
      try {
        return capturer.value(value);
      } finally {
        restoreRegExpStatics(statics);
      }
    },
  };
}

/** The project's redaction rules; a pattern the CLI should have rejected is dropped rather than stopping the program. */
function redactionRulesFor(settings: RedactionSettings): RedactionRules {
  try {
    return createRedactionRules(settings);
  } catch {
    const valid = settings.patterns.filter((p) => {
      try {
        compileUserPatterns([p]);
        return true;
      } catch {
        return false;
      }
    });
    return createRedactionRules({ ...settings, patterns: valid });
  }
}

/** Capture never throws into the program: a failure (stack overflow on a pathological value) is recorded instead. */
function captureError(e: unknown): string {
  const reason = e instanceof RangeError ? 'RangeError' : 'internal error';
  return `{"$type":"capture-error","reason":${ownJson.stringify(reason)}}`;
}
