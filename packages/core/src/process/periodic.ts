// The runtime's periodic flush, kept out of the program's timers. A `setInterval` timer sits in the
// same lists as the program's: when the program's timer and ours fell due in the same turn (a loaded
// machine, a slow traced callback), Node ran the program's microtasks between the two lists, inside
// processTimers, and an error made there had `runNextTicks` and `processTimers` frames in its stack that
// it has not in a plain run. `Atomics.waitAsync` with a timeout is a V8 delayed task instead, which Node
// runs apart from its timer lists and which, like an unref'd timer, never keeps the process (or a
// worker) alive.

export interface Periodic {
  stop(): void;
}

/** Calls `tick` every `intervalMs` until stopped; `tick` must not throw. */
export function every(intervalMs: number, tick: () => void): Periodic {
  const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
  if (typeof waitAsync !== 'function' || typeof SharedArrayBuffer !== 'function') return everyByTimer(intervalMs, tick);
  // never notified: each wait ends by its timeout
  const cell = new Int32Array(new SharedArrayBuffer(4));
  let stopped = false;
  let fallback: Periodic | null = null;
  const next = (): void => {
    if (stopped) return;
    const wait = waitAsync(cell, 0, 0, intervalMs);
    if (!wait.async) {
      fallback = everyByTimer(intervalMs, tick);
      return;
    }
    (wait.value as Promise<unknown>).then(() => {
      if (stopped) return;
      tick();
      next();
    });
  };
  next();
  return {
    stop() {
      stopped = true;
      fallback?.stop();
    },
  };
}

type WaitAsync = (array: Int32Array, index: number, value: number, timeoutMs: number) => { async: boolean; value: Promise<unknown> | string };

function everyByTimer(intervalMs: number, tick: () => void): Periodic {
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
