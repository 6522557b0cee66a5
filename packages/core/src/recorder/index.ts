// The recorder: implements the probe object `globalThis.__breadcrumb__` that instrumented code calls.
import { createMonotonicClock } from './clock.js';
import { FUNCTION_TO_STRING_FILE, patchFunctionToString, type FrameAllowance } from './function-to-string.js';
import { allowWrapperFrame, hideWrapperFrames, restoreStackLimit, type RaisedLimit } from './wrapper-frames.js';
import { createRecorder } from './recorder.js';
import { installStackPositionRemap } from './stack-positions.js';
import type { Recorder, RecorderOptions } from './types.js';

export type { CausalContext, Recorder, RecorderOptions, RecorderSink, ValueCapturer } from './types.js';
export type { ProbeApi } from './recorder.js';
export { createMonotonicClock, type MonotonicClock } from './clock.js';
export { originalFunctionText, patchFunctionToString } from './function-to-string.js';
export { registerFirstLineOffset } from './stack-positions.js';

export const PROBE_GLOBAL = '__breadcrumb__';

const preparedRealms = new WeakSet<object>();
const TO_STRING_FRAME: FrameAllowance = { allow: allowWrapperFrame, restore: (raised) => restoreStackLimit(raised as RaisedLimit | undefined) };

/**
 * Makes another realm (a vm context: jest runs each test file in one) able to run instrumented code
 * as this one does: the same probe object under the same global name, stack columns mapped back for
 * errors made there, and functions made there showing their original text. Before the recorder is
 * installed, or for this realm, nothing to do.
 */
export function prepareRealm(realm: typeof globalThis): void {
  const probe = (globalThis as Record<string, unknown>)[PROBE_GLOBAL];
  if (probe === undefined || realm === globalThis || preparedRealms.has(realm)) return;
  preparedRealms.add(realm);
  // jest's environment copies the main global's own properties into its context, the probe included
  if ((realm as Record<string, unknown>)[PROBE_GLOBAL] !== probe) {
    Object.defineProperty(realm, PROBE_GLOBAL, { value: probe, writable: true, configurable: true, enumerable: false });
  }
  if (typeof realm.Function === 'function') patchFunctionToString(realm.Function, typeof realm.Error === 'function' ? realm.Error : Error, TO_STRING_FRAME);
  if (typeof realm.Error === 'function') installStackPositionRemap(realm.Error);
}

/** Defines globalThis.__breadcrumb__ (not enumerable, so the program's view of the global is unchanged). */
export function installRecorder(options: RecorderOptions): Recorder {
  const now = options.now ?? createMonotonicClock().now;
  const { probe, recorder } = createRecorder(options, now);
  Object.defineProperty(globalThis, PROBE_GLOBAL, { value: probe, writable: true, configurable: true, enumerable: false });
  patchFunctionToString(Function, Error, TO_STRING_FRAME);
  hideWrapperFrames(FUNCTION_TO_STRING_FILE);
  installStackPositionRemap();
  return recorder;
}
