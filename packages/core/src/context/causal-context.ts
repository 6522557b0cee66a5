// Async causality: which call scheduled the callback that is running now. When an async resource is
// created (a promise, a timer, an immediate, a nextTick, a socket whose events an emitter will deliver)
// it is stamped with the call running at that moment, or, when no traced call is on the stack, with the
// stamp of the callback that is running (so causality survives untraced hops such as a timer set from a
// timer). Reading the stamp back happens only when a root call starts, never on every call.
//
// Promises (every `await` makes some) are followed by V8's promise hooks: a stamp on the promise, and
// the stamp of the reaction running now. Every other resource is stamped by an async hook's `init`,
// under its async id, and found again by `executionAsyncId()`. Not by `executionAsyncResource()`, nor
// `before`/`after` hooks: either makes Node run every callback of native code (fs, net, zlib...)
// through its `callbackTrampoline`, a stack frame the program's error stacks show only when traced
// (`at FSReqCallback.callbackTrampoline (node:internal/async_hooks:130:17)` under an uncaught error).
import { createHook, executionAsyncId, type AsyncHook } from 'node:async_hooks';
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

/**
 * Stamps of resources other than promises kept at once (by async id, the most recently used last):
 * about 3 MB. A resource whose callbacks keep coming (a server's handle, an interval) stays; one not
 * heard of for this many newer resources is forgotten, and its callback becomes a root call.
 */
const MAX_STAMPED_RESOURCES = 1 << 16;

/** Returns whatever it is given: lets a subclass define its private field on any object. */
class OnAnyObject {
  constructor(target: object) {
    return target;
  }
}

/**
 * A promise's stamp lives in a private field, not a property: promises are the program's own objects,
 * and a symbol property showed in `console.log(promise)`, in `Reflect.ownKeys`, and was copied by
 * `Object.assign`. A private field is invisible to all reflection and costs what a property costs.
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

// While a promise reaction runs: its promise's stamp, or NO_CAUSE.
const NOT_IN_REACTION = -2;
const NO_CAUSE = -1;

export class AsyncCausalContext implements CausalContext {
  private running: RunningCall | null = null;
  private hook: AsyncHook | null = null;
  private stopPromiseHooks: Array<() => void> = [];
  private reaction = NOT_IN_REACTION;
  private readonly outerReactions: number[] = [];
  /** async id → stamp, for resources other than promises. */
  private readonly causes = new Map<number, number>();

  /** Starts stamping resources; `running` is read at each resource creation. */
  enable(running: RunningCall): void {
    this.running = running;
    if (this.hook !== null) return;
    const withoutPromises = asyncHooksCanLeaveOutPromises();
    // Before the hook is enabled, so that this promise hook runs ahead of the one async_hooks adds.
    const hiding = withoutPromises ? [] : hideAsyncIdsOfPromises();
    this.hook = createHook({
      init: (id, type) => {
        if (type !== 'PROMISE') this.stampResource(id);
      },
      ...(withoutPromises ? { trackPromises: false } : {}),
    } as Parameters<typeof createHook>[0]);
    this.hook.enable();
    // Each returns its stop function (typed as Function by @types/node 20).
    this.stopPromiseHooks = [
      ...hiding,
      promiseHooks.onInit((promise) => this.stampPromise(promise as object)),
      promiseHooks.onBefore((promise) => {
        this.outerReactions.push(this.reaction);
        this.reaction = CauseStamp.read(promise as object) ?? NO_CAUSE;
      }),
      promiseHooks.onAfter(() => {
        this.reaction = this.outerReactions.pop() ?? NOT_IN_REACTION;
      }),
    ] as Array<() => void>;
  }

  disable(): void {
    this.hook?.disable();
    this.hook = null;
    for (const stop of this.stopPromiseHooks) stop();
    this.stopPromiseHooks = [];
    this.reaction = NOT_IN_REACTION;
    this.outerReactions.length = 0;
    this.causes.clear();
  }

  rootParent(): number {
    const cause = this.currentCause();
    return cause === undefined ? 0 : Math.floor(cause / DEPTH_SPAN);
  }

  rootDepth(): number {
    const cause = this.currentCause();
    return cause === undefined ? -1 : cause % DEPTH_SPAN;
  }

  /** What a resource made now is stamped with: the running call, or the stamp of the running callback. */
  private causeNow(): number | undefined {
    const running = this.running!;
    const call = running.currentCall();
    if (call !== 0) return call * DEPTH_SPAN + Math.min(Math.max(running.currentDepth(), 0), DEPTH_SPAN - 1);
    return this.currentCause();
  }

  private stampResource(id: number): void {
    try {
      const cause = this.causeNow();
      if (cause === undefined) return;
      this.causes.set(id, cause);
      if (this.causes.size > MAX_STAMPED_RESOURCES) this.causes.delete(this.causes.keys().next().value as number);
    } catch {
      // a recorder fault: that callback is simply a root
    }
  }

  private stampPromise(promise: object): void {
    try {
      const cause = this.causeNow();
      if (cause !== undefined) CauseStamp.write(promise, cause);
    } catch {
      // a frozen promise or a recorder fault: its reactions are simply roots
    }
  }

  private currentCause(): number | undefined {
    if (this.reaction !== NOT_IN_REACTION) return this.reaction === NO_CAUSE ? undefined : this.reaction;
    const id = executionAsyncId();
    const cause = this.causes.get(id);
    if (cause !== undefined) {
      // used again: the most recent now (a server handle's connections keep theirs)
      this.causes.delete(id);
      this.causes.set(id, cause);
    }
    return cause;
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
