// Flushing at every way a process ends, without changing how it ends:
// - normal end and process.exit: the 'exit' event (our listener is kept last, so exit listeners of the
//   program that call traced code are recorded too); an exit listener that calls process.exit() itself
//   ends the process at once, skipping the listeners after it, ours included: process.reallyExit, which
//   Node calls last on every exit path (signal-exit hooks it the same way), flushes then;
// - an uncaught exception or unhandled rejection: 'uncaughtExceptionMonitor' records it and leaves Node
//   to print it and exit (code 1, or 7 ...) exactly as it would; 'exit' follows; where the line Node
//   prints above it is one with inserted text, we print the original line (exception-line.ts);
// - SIGINT/SIGTERM/SIGHUP, when the program has no handler of its own: flush, restore the default
//   disposition and raise the same signal again, so the parent sees the same death. Our handler is
//   listed only while the program has none for that signal: programs count the listeners
//   (signal-exit, behind execa, ora, write-file-atomic..., re-raises a signal only when its own are
//   all there are), and with ours counted nobody re-raised and the process survived a SIGINT.
import { isMainThread } from 'node:worker_threads';
import type { ProcessEnd } from '../spool/format.js';
import type { RedactionSettings } from '../settings.js';
import { printExceptionLineWhenFatal } from './exception-line.js';

export type ProcessEnding = Omit<ProcessEnd, 'endedAtMs' | 'droppedEvents'>;

const FATAL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * `thrown`: told the value of every uncaught exception / unhandled rejection (handled or not); returns
 * it as captured, which the fatal one's ProcessEnd carries (so that queries know which exception ended
 * the process). `redaction`: the project's, which the end's error text goes through (its message may
 * hold a secret); the redactor is made only for a fatal error.
 */
export function installExitHandlers(
  finish: (ending: ProcessEnding) => void,
  thrown?: (error: unknown) => string | undefined,
  redaction?: RedactionSettings,
  endAtOnce?: () => boolean,
): () => void {
  let uncaught: ProcessEnd['error'] | undefined;
  let exited = false;
  // Taken before the program can replace it (signal-exit does): ending at once is `process.exit()` as
  // Node does it, not as a program hooked it.
  const reallyExit = (process as unknown as { reallyExit?: ReallyExit }).reallyExit;

  const onExit = (eventCode: number): void => {
    if (exited) return;
    exited = true;
    // The code the process ends with: an 'exit' listener before ours may have set process.exitCode
    // after the event's code was given (Node reads it again once the listeners ran).
    const set = Number(process.exitCode);
    const code = process.exitCode === undefined || !Number.isInteger(set) ? eventCode : set;
    finish(uncaught === undefined ? { reason: 'exit', exitCode: code, signal: null } : { reason: 'uncaught', exitCode: code, signal: null, error: uncaught });
  };
  // The last 'exit' listener: flushes, then ends the process at once where that changes nothing the
  // program could see (end-at-once.ts), with the code Node would end it with (`process.exit()`'s).
  // Not after an uncaught exception: Node's own exit path prints and sets the code.
  const onExitEvent = (code: number): void => {
    const first = !exited;
    onExit(code);
    if (!first || uncaught !== undefined || endAtOnce === undefined || typeof reallyExit !== 'function') return;
    let now = false;
    try {
      now = endAtOnce();
    } catch {
      // a natural end, then
    }
    if (now) reallyExit.call(process, (process.exitCode as number | undefined) || 0);
  };
  let moving = false;
  // Ours steps out while the program adds its own (so that its 10th does not make Node warn of 11) and
  // comes back after them. Nothing can end the process in between but process.exit(), which
  // flushBeforeReallyExit covers.
  let exitListenerAway = false;
  const keepExitListenerLast = (event: string | symbol): void => {
    if (event !== 'exit' || moving) return;
    moving = true;
    process.removeListener('exit', onExitEvent);
    moving = false;
    if (exitListenerAway) return;
    exitListenerAway = true;
    queueMicrotask(() => {
      exitListenerAway = false;
      if (exited) return;
      moving = true;
      appendUncounted('exit', onExitEvent);
      moving = false;
    });
  };
  const onUncaught = (error: unknown, origin: string): void => {
    let value: string | undefined;
    try {
      value = thrown?.(error);
    } catch {
      // recording must not change how the process ends
    }
    // A program that handles it keeps running: only a fatal one ends the process.
    const handler = origin === 'unhandledRejection' ? 'unhandledRejection' : 'uncaughtException';
    if (process.listenerCount(handler) > 0) return;
    uncaught = describeThrown(error, redaction);
    if (value !== undefined) uncaught.value = value;
    // after our own exit listener, which stays last until now
    printExceptionLineWhenFatal(error, origin, (print) => appendUncounted('exit', print));
  };
  const signalHandlers = new Map<string | symbol, () => void>();
  const ourSignalHandlers = new Set<unknown>();
  let signalled = false;
  // The program's first listener for a signal replaces ours. It is added just after this runs, and
  // removing ours before that would leave none for a moment: Node would stop watching the signal and
  // not start again (its own 'newListener' hook has already run), so the program's handler would
  // never be called. Hence a microtask, which still runs before any signal can be delivered.
  // When one of the program's is there already, ours goes at once (else 10 listeners of the program
  // and ours made Node warn of a leak that plain runs do not have).
  const makeWayForProgram = (event: string | symbol, listener: unknown): void => {
    const ours = signalHandlers.get(event);
    if (ours === undefined || ourSignalHandlers.has(listener)) return;
    if (process.listenerCount(event) > 1) {
      process.removeListener(event, ours);
      return;
    }
    queueMicrotask(() => {
      if (process.listenerCount(event) > 1) process.removeListener(event, ours);
    });
  };
  // ... and ours comes back when the program's last one is gone.
  const standInWhenAlone = (event: string | symbol, listener: unknown): void => {
    const ours = signalHandlers.get(event);
    if (ours === undefined || signalled || ourSignalHandlers.has(listener) || process.listenerCount(event) > 0) return;
    process.on(event, ours);
  };
  const onNewListener = (event: string | symbol, listener: unknown): void => {
    keepExitListenerLast(event);
    makeWayForProgram(event, listener);
  };

  process.on('exit', onExitEvent);
  const restoreReallyExit = flushBeforeReallyExit(onExit);
  process.on('uncaughtExceptionMonitor', onUncaught);
  // Signals belong to the process: a worker thread neither receives nor handles them.
  if (isMainThread) {
    for (const signal of FATAL_SIGNALS) {
      const handler = (): void => {
        if (process.listenerCount(signal) > 1) return; // the program handles it
        signalled = true;
        finish({ reason: 'signal', exitCode: null, signal });
        process.removeListener(signal, handler);
        process.kill(process.pid, signal);
      };
      signalHandlers.set(signal, handler);
      ourSignalHandlers.add(handler);
      if (process.listenerCount(signal) === 0) process.on(signal, handler);
    }
    process.on('removeListener', standInWhenAlone);
  }
  process.on('newListener', onNewListener);
  return () => {
    restoreReallyExit();
    process.removeListener('exit', onExitEvent);
    process.removeListener('newListener', onNewListener);
    process.removeListener('removeListener', standInWhenAlone);
    process.removeListener('uncaughtExceptionMonitor', onUncaught);
    signalled = true;
    for (const [signal, handler] of signalHandlers) process.removeListener(signal, handler);
  };
}

/**
 * Appends a listener of ours after the program's as `process.on` would, without the max-listeners check:
 * a program with exactly `getMaxListeners()` 'exit' listeners of its own must not get a
 * MaxListenersExceededWarning because of ours. (Node keeps listeners in `_events`: one function or an array.)
 */
function appendUncounted(event: string, listener: (code: number) => void): void {
  const table = (process as unknown as { _events?: Record<string | symbol, unknown> })._events;
  const existing = table?.[event];
  if (table === undefined || existing === undefined) process.on(event, listener);
  else if (typeof existing === 'function') table[event] = [existing, listener];
  else if (Array.isArray(existing)) existing.push(listener);
  else process.on(event, listener);
}

type ReallyExit = (this: NodeJS.Process, code?: number) => never;

/** Runs `onExit` (when the 'exit' listeners did not) just before Node ends the process; returns the undo. */
function flushBeforeReallyExit(onExit: (code: number) => void): () => void {
  const holder = process as unknown as { reallyExit?: ReallyExit };
  const original = holder.reallyExit;
  if (typeof original !== 'function') return () => {};
  const reallyExit = function reallyExit(this: NodeJS.Process, code?: number): never {
    try {
      onExit(typeof code === 'number' ? code : Number(process.exitCode ?? 0) || 0);
    } catch {
      // recording must not change how the process ends
    }
    return original.call(this, code);
  };
  holder.reallyExit = reallyExit;
  return () => {
    if (holder.reallyExit === reallyExit) holder.reallyExit = original;
  };
}

/** The text rules of the project's redaction (none given: text as it is). */
function redactionOf(redaction: RedactionSettings | undefined): (text: string) => string {
  if (redaction === undefined) return (text) => text;
  const { createRedactor } = require('../redact/index.js') as typeof import('../redact/index.js');
  const redactor = createRedactor(redaction);
  return (text) => redactor.redactString(text);
}

function describeThrown(error: unknown, redaction: RedactionSettings | undefined): NonNullable<ProcessEnd['error']> {
  try {
    const redact = redactionOf(redaction);
    if (error instanceof Error) {
      return { name: String(error.name), message: redact(String(error.message)), stack: typeof error.stack === 'string' ? redact(error.stack) : null };
    }
    return { name: typeof error, message: redact(String(error)), stack: null };
  } catch {
    return { name: 'unknown', message: 'a value that cannot be turned into text', stack: null };
  }
}
