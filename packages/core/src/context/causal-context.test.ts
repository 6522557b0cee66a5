import { afterEach, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import { AsyncCausalContext } from './causal-context.js';

// A stand-in for the recorder's view of the running call: tests set it around "calls".
const running = { call: 0, depth: -1, currentCall: () => running.call, currentDepth: () => running.depth };
function during<T>(call: number, depth: number, run: () => T): T {
  const saved = [running.call, running.depth];
  running.call = call;
  running.depth = depth;
  try {
    return run();
  } finally {
    [running.call, running.depth] = saved as [number, number];
  }
}

describe('AsyncCausalContext', () => {
  const context = new AsyncCausalContext();
  afterEach(() => context.disable());

  it('attributes timers, immediates, nextTick, promise callbacks and untraced hops to the scheduling call', async () => {
    context.enable(running);
    const seen: Record<string, [number, number]> = {};
    const record = (name: string) => () => (seen[name] = [context.rootParent(), context.rootDepth()]);
    await new Promise<void>((done) => {
      during(7, 2, () => {
        setTimeout(record('timer'), 1);
        setImmediate(record('immediate'));
        process.nextTick(record('tick'));
        void Promise.resolve().then(record('then'));
      });
      during(9, 0, () => setTimeout(() => setTimeout(record('hop'), 1), 1));
      setTimeout(done, 30);
    });
    expect(seen).toEqual({ timer: [7, 2], immediate: [7, 2], tick: [7, 2], then: [7, 2], hop: [9, 0] });
  });

  it('says "none" for callbacks no traced call scheduled', async () => {
    context.enable(running);
    const emitter = new EventEmitter();
    const seen = await new Promise<[number, number]>((resolve) => {
      emitter.on('x', () => resolve([context.rootParent(), context.rootDepth()]));
      setTimeout(() => emitter.emit('x'), 1);
    });
    expect(seen).toEqual([0, -1]);
  });

  it('leaves no trace on the program\'s resources: the stamp is not a property (console.log(promise) showed it)', async () => {
    context.enable(running);
    const made = during(7, 2, () => {
      const timer = setTimeout(() => {}, 1);
      const immediate = setImmediate(() => {});
      const promise = Promise.resolve(1);
      return { timer, immediate, promise };
    });
    clearTimeout(made.timer);
    clearImmediate(made.immediate);
    for (const resource of Object.values(made)) {
      const ours = Reflect.ownKeys(resource).filter((k) => typeof k === 'symbol' && /breadcrumb/.test(String(k.description)));
      expect(ours).toEqual([]);
      expect(inspect(resource, { showHidden: true })).not.toMatch(/breadcrumb|65536|458754/);
    }
    // nor async_hooks' own ids on a promise (Node 20 and 22 write them once any async hook is on)
    expect(inspect(made.promise)).toBe('Promise { 1 }');
    expect(Object.getOwnPropertySymbols({ ...made.promise })).toEqual([]);
    expect(Object.keys(made.promise)).toEqual([]);
    // and the stamp is still read back: a callback of a stamped timer knows its scheduler
    const seen = await new Promise<[number, number]>((resolve) => during(3, 1, () => setTimeout(() => resolve([context.rootParent(), context.rootDepth()]), 1)));
    expect(seen).toEqual([3, 1]);
  });
});
