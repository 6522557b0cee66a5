// Async causality: which call scheduled the callback that is running now. When an async resource is
// created (a promise, a timer, an immediate, a nextTick, a socket whose events an emitter will deliver)
// the `init` hook stamps it with the call running at that moment, or, when no traced call is on the
// stack, with the stamp of the resource whose callback is running (so causality survives untraced hops
// such as a timer set from a timer). Only `init` is hooked: reading the stamp back costs one
// `executionAsyncResource()` and happens only when a root call starts, never on every call.
import { createHook, executionAsyncResource, type AsyncHook } from 'node:async_hooks';

/** Call id/depth that scheduled the callback now running (0 / -1: none). The recorder's view. */
export interface CausalContext {
  rootParent(): number;
  rootDepth(): number;
}

/** Where the context learns which call is running: the recorder. */
export interface RunningCall {
  currentCall(): number;
  currentDepth(): number;
}

const CAUSE = Symbol('breadcrumb.cause');
// call id and depth packed in one number (no object per resource): call * 2^16 + depth.
const DEPTH_SPAN = 0x10000;

type Stamped = { [CAUSE]?: number };

export class AsyncCausalContext implements CausalContext {
  private running: RunningCall | null = null;
  private hook: AsyncHook | null = null;

  /** Starts stamping resources; `running` is read at each resource creation. */
  enable(running: RunningCall): void {
    this.running = running;
    if (this.hook !== null) return;
    this.hook = createHook({ init: (_id, _type, _trigger, resource) => this.stamp(resource as Stamped) });
    this.hook.enable();
  }

  disable(): void {
    this.hook?.disable();
    this.hook = null;
  }

  rootParent(): number {
    const cause = currentCause();
    return cause === undefined ? 0 : Math.floor(cause / DEPTH_SPAN);
  }

  rootDepth(): number {
    const cause = currentCause();
    return cause === undefined ? -1 : cause % DEPTH_SPAN;
  }

  private stamp(resource: Stamped): void {
    try {
      const running = this.running!;
      const call = running.currentCall();
      if (call !== 0) {
        resource[CAUSE] = call * DEPTH_SPAN + Math.min(Math.max(running.currentDepth(), 0), DEPTH_SPAN - 1);
        return;
      }
      const inherited = currentCause();
      if (inherited !== undefined) resource[CAUSE] = inherited;
    } catch {
      // a frozen resource or a recorder fault: that callback is simply a root
    }
  }
}

function currentCause(): number | undefined {
  const resource = executionAsyncResource() as Stamped | undefined;
  return resource?.[CAUSE];
}
