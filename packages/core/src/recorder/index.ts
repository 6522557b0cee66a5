// The recorder: implements the probe object `globalThis.__breadcrumb__` that instrumented code calls.
import { createMonotonicClock } from './clock.js';
import { patchFunctionToString } from './function-to-string.js';
import { createRecorder } from './recorder.js';
import { installStackPositionRemap } from './stack-positions.js';
import type { Recorder, RecorderOptions } from './types.js';

export type { CausalContext, Recorder, RecorderOptions, RecorderSink, ValueCapturer } from './types.js';
export type { ProbeApi } from './recorder.js';
export { createMonotonicClock, type MonotonicClock } from './clock.js';
export { originalFunctionText, patchFunctionToString } from './function-to-string.js';

export const PROBE_GLOBAL = '__breadcrumb__';

/** Defines globalThis.__breadcrumb__ (not enumerable, so the program's view of the global is unchanged). */
export function installRecorder(options: RecorderOptions): Recorder {
  const now = options.now ?? createMonotonicClock().now;
  const { probe, recorder } = createRecorder(options, now);
  Object.defineProperty(globalThis, PROBE_GLOBAL, { value: probe, writable: true, configurable: true, enumerable: false });
  patchFunctionToString();
  installStackPositionRemap();
  return recorder;
}
