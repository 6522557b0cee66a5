import { afterEach, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
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
});
