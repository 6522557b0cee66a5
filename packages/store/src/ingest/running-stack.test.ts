import { describe, expect, it } from 'vitest';
import { FunctionStats, OpenCalls } from './process-state.js';
import { RunningStack } from './running-stack.js';

function calls(...ids: number[]): OpenCalls {
  const open = new OpenCalls();
  for (const id of ids) open.add(id, id, 1, new FunctionStats(), 0, 0, 0, 0, null, 0);
  return open;
}

const childNs = (open: OpenCalls, id: number) => open.childNs[open.slotOf(id)]!;

describe('RunningStack', () => {
  it("charges a callee's running time to the frame it ran inside, less the callee's own Breadcrumb work", () => {
    const open = calls(1, 2);
    const stack = new RunningStack(open);
    stack.enter(1, 0, 0);
    stack.enter(2, 1, 100);
    stack.stop(2, 400, 50);
    stack.stop(1, 500);
    expect(childNs(open, 1)).toBe(250);
  });

  it('charges nothing to a suspended caller for what runs while it waits', () => {
    const open = calls(1, 2, 3);
    const stack = new RunningStack(open);
    stack.enter(1, 0, 0);
    stack.enter(2, 1, 10);
    stack.stop(2, 30); // 2 awaits: 20 ns inside 1
    stack.stop(1, 40); // 1 awaits
    stack.enter(3, 1, 1000); // a timer callback scheduled by 1
    stack.stop(3, 2000);
    stack.resume(2, 3000); // 2 resumes from the event loop
    stack.stop(2, 3100);
    stack.resume(1, 4000);
    stack.stop(1, 4010);
    expect(childNs(open, 1)).toBe(20);
  });

  it('charges a generator resumed by another call to that call', () => {
    const open = calls(1, 2, 3);
    const stack = new RunningStack(open);
    stack.enter(1, 0, 0);
    stack.enter(3, 1, 10); // the generator's body starts at 1's first next()
    stack.stop(3, 20);
    stack.stop(1, 30);
    stack.enter(2, 0, 100);
    stack.resume(3, 110); // 2 calls next()
    stack.stop(3, 150);
    stack.stop(2, 200);
    expect(childNs(open, 1)).toBe(10);
    expect(childNs(open, 2)).toBe(40);
  });

  it('takes frames above a running caller as stopped when the caller makes a call (an exception exit not written yet)', () => {
    const open = calls(1, 2, 3);
    const stack = new RunningStack(open);
    stack.enter(1, 0, 0);
    stack.enter(2, 1, 10);
    // 2 threw at 20; 1's finally calls 3 before 2's exception event arrives
    stack.enter(3, 1, 25);
    stack.stop(3, 35);
    stack.stop(2, 20); // not running any more: nothing more charged
    stack.stop(1, 50);
    expect(childNs(open, 1)).toBe(15 + 10);
  });
});
