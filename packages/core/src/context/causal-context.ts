// Async causality: which call scheduled the callback that is running now. When an async resource is
// created (a promise, a timer, an immediate, a nextTick, a socket whose events an emitter will deliver)
// the `init` hook stamps it with the call running at that moment, or, when no traced call is on the
// stack, with the stamp of the resource whose callback is running (so causality survives untraced hops
// such as a timer set from a timer). Only `init` is hooked: reading the stamp back costs one
// `executionAsyncResource()` and happens only when a root call starts, never on every call.
//
// Promises are the most frequent resource (every `await` makes some). Where Node lets an async hook
// leave them out (`trackPromises: false`, Node 24), V8's own promise hooks track them instead, at
// about half the cost per promise.
import { createHook, executionAsyncResource, type AsyncHook } from 'node:async_hooks';
import { promiseHooks } from 'node:v8';

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

// call id and depth packed in one number (no object per resource): call * 2^16 + depth.
const DEPTH_SPAN = 0x10000;

/** Returns whatever it is given: lets a subclass define its private field on any object. */
class OnAnyObject {
  constructor(target: object) {
    return target;
  }
}

/**
 * The stamp lives in a private field, not a property: the resources are the program's own objects
 * (its promises, Timeouts, sockets), and a symbol property showed in `console.log(promise)`, in
 * `Reflect.ownKeys`, and was copied by `Object.assign`. A private field is invisible to all reflection,
 * costs what a property costs, and can be added to frozen objects and proxies.
 */
class CauseStamp extends OnAnyObject {
  #cause = 0;

  static write(resource: object, cause: number): void {
    if (!(#cause in resource)) new CauseStamp(resource);
    (resource as CauseStamp).#cause = cause;
  }

  static read(resource: object | undefined): number | undefined {
    return resource !== undefined && resource !== null && #cause in resource ? (resource as CauseStamp).#cause : undefined;
  }
}

// While a promise reaction runs (V8 promise hooks only): its promise's stamp, or NO_CAUSE.
const NOT_IN_REACTION = -2;
const NO_CAUSE = -1;

export class AsyncCausalContext implements CausalContext {
  private running: RunningCall | null = null;
  private hook: AsyncHook | null = null;
  private stopPromiseHooks: Array<() => void> = [];
  private reaction = NOT_IN_REACTION;
  private readonly outerReactions: number[] = [];

  /** Starts stamping resources; `running` is read at each resource creation. */
  enable(running: RunningCall): void {
    this.running = running;
    if (this.hook !== null) return;
    const stamp = (resource: object): void => this.stamp(resource);
    const withoutPromises = asyncHooksCanLeaveOutPromises();
    // Before the hook is enabled, so that this promise hook runs ahead of the one async_hooks adds.
    if (!withoutPromises) this.stopPromiseHooks = hideAsyncIdsOfPromises();
    this.hook = createHook({
      init: (_id, _type, _trigger, resource) => stamp(resource as object),
      ...(withoutPromises ? { trackPromises: false } : {}),
    } as Parameters<typeof createHook>[0]);
    this.hook.enable();
    if (withoutPromises) {
      // Each returns its stop function (typed as Function by @types/node 20).
      this.stopPromiseHooks = [
        promiseHooks.onInit((promise) => stamp(promise as object)),
        promiseHooks.onBefore((promise) => {
          this.outerReactions.push(this.reaction);
          this.reaction = CauseStamp.read(promise as object) ?? NO_CAUSE;
        }),
        promiseHooks.onAfter(() => {
          this.reaction = this.outerReactions.pop() ?? NOT_IN_REACTION;
        }),
      ] as Array<() => void>;
    }
  }

  disable(): void {
    this.hook?.disable();
    this.hook = null;
    for (const stop of this.stopPromiseHooks) stop();
    this.stopPromiseHooks = [];
    this.reaction = NOT_IN_REACTION;
    this.outerReactions.length = 0;
  }

  rootParent(): number {
    const cause = this.currentCause();
    return cause === undefined ? 0 : Math.floor(cause / DEPTH_SPAN);
  }

  rootDepth(): number {
    const cause = this.currentCause();
    return cause === undefined ? -1 : cause % DEPTH_SPAN;
  }

  private stamp(resource: object): void {
    try {
      const running = this.running!;
      const call = running.currentCall();
      if (call !== 0) {
        CauseStamp.write(resource, call * DEPTH_SPAN + Math.min(Math.max(running.currentDepth(), 0), DEPTH_SPAN - 1));
        return;
      }
      const inherited = this.currentCause();
      if (inherited !== undefined) CauseStamp.write(resource, inherited);
    } catch {
      // a frozen resource or a recorder fault: that callback is simply a root
    }
  }

  private currentCause(): number | undefined {
    if (this.reaction !== NOT_IN_REACTION) return this.reaction === NO_CAUSE ? undefined : this.reaction;
    return CauseStamp.read(executionAsyncResource() as object | undefined);
  }
}

/**
 * Node 20 and 22 cannot leave promises out of an async hook (Node 24's `trackPromises: false`), and
 * async_hooks then writes each promise's ids into it as two symbol properties, enumerable:
 * `console.log(promise)` printed `[Symbol(async_id_symbol)]: 19` and `Object.assign` copied them,
 * which plain node does not. A V8 promise hook that runs first defines both, not enumerable, so that
 * async_hooks' assignments only set their values: the ids are where Node reads them, and the program
 * sees what it sees without Breadcrumb (`Reflect.ownKeys` still lists them). Returns the stop functions.
 */
function hideAsyncIdsOfPromises(): Array<() => void> {
  const symbols = asyncIdSymbols();
  if (symbols.length === 0) return [];
  const define = Object.defineProperty;
  const hasOwn = Object.hasOwn;
  const hide = (promise: object): void => {
    try {
      for (const symbol of symbols) if (!hasOwn(promise, symbol)) define(promise, symbol, { value: undefined, writable: true, enumerable: false, configurable: true });
    } catch {
      // never into the program
    }
  };
  return [promiseHooks.onInit((promise) => hide(promise as object))] as Array<() => void>;
}

/** The symbols async_hooks keeps a promise's ids under, read off a promise made under a probe hook. */
function asyncIdSymbols(): symbol[] {
  if (idSymbols !== null) return idSymbols;
  const probe = createHook({ init: () => {} });
  probe.enable();
  const promise = Promise.resolve();
  probe.disable();
  idSymbols = Object.getOwnPropertySymbols(promise).filter((s) => s.description === 'async_id_symbol' || s.description === 'trigger_async_id_symbol');
  return idSymbols;
}

let idSymbols: symbol[] | null = null;
let canLeaveOutPromises: boolean | null = null;

/** Whether createHook honours `trackPromises: false` (Node 24): one promise made under a probe hook. */
function asyncHooksCanLeaveOutPromises(): boolean {
  if (canLeaveOutPromises !== null) return canLeaveOutPromises;
  let sawPromise = false;
  const probe = createHook({ init: (_id, type) => (sawPromise ||= type === 'PROMISE'), trackPromises: false } as Parameters<typeof createHook>[0]);
  probe.enable();
  void Promise.resolve();
  probe.disable();
  canLeaveOutPromises = !sawPromise;
  return canLeaveOutPromises;
}
