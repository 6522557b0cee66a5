import type { RuntimeSettings } from '../settings.js';

/** Where frames (spool/format.ts) go. `write` must not block. */
export interface RecorderSink {
  /** Takes a frame. Its bytes may be reused once this returns: a sink that keeps them copies them. */
  write(frame: Uint8Array): void;
  /**
   * Optional: bytes handed to `write` and not yet written out. Above the recorder's bound (48 MB) it
   * drops batches (and counts them) instead of growing the process without limit.
   */
  pendingBytes?(): number;
}

export interface CausalContext {
  // For a call that starts with no instrumented caller on this thread's stack (a callback run by the
  // event loop): the call id and depth of the call that scheduled it (0 / -1 when none).
  rootParent(): number;
  rootDepth(): number;
}

/** Implemented by the capture module (packages/core/src/capture). */
export interface ValueCapturer {
  args(names: readonly string[], values: ArrayLike<unknown>): string; // redacted JSON text
  /** args() with the receiver of a function that reads `this`, under `this`. */
  argsWithReceiver(names: readonly string[], values: ArrayLike<unknown>, receiver: unknown): string;
  value(value: unknown): string; // redacted JSON text
}

export interface RecorderOptions {
  settings: RuntimeSettings;
  sink: RecorderSink;
  context: CausalContext;
  /** null: values not captured. */
  capturer: ValueCapturer | null;
  /** ns since origin; default: a fast monotonic clock (origin: when the recorder was installed). */
  now?: () => number;
}

export interface Recorder {
  /** Call id running now on this thread (0 none): the runtime's async context reads it. */
  currentCall(): number;
  currentDepth(): number;
  /** Encode buffered events as frames and hand them to the sink. */
  flush(): void;
  /**
   * An uncaught exception or unhandled rejection: the value of the exception exits still waiting for
   * theirs (plain functions learn it where it is caught; nothing traced caught this one). Returns the
   * value as captured (redacted JSON, as in Exception events), or undefined when values are not captured.
   */
  thrown(error: unknown): string | undefined;
  /** flush + Aggregates frame (called at exit). */
  finish(): void;
  /** stackOverflows: calls nested deeper than the recorder's stack (32,768), timed as roots. */
  stats(): { events: number; dropped: number; calls: number; stackOverflows: number };
  /** Writes a Warning frame (e.g. a module that could not be instrumented). */
  warning(message: string, file?: string): void;
}
