import { describe, expect, it } from 'vitest';
import { scaleTierUpBudget, TIER_UP_BUDGET_SCALE, V8_11_INTERRUPT_BUDGET, type TierUpEnvironment } from './tier-up-budget.js';

function environment(overrides: Partial<TierUpEnvironment> = {}): TierUpEnvironment & { set: string[] } {
  const set: string[] = [];
  return { v8Version: '11.3.244.8-node.33', execArgv: ['--stack-size=1900'], nodeOptions: undefined, setFlags: (f) => void set.push(f), set, ...overrides };
}

describe('scaleTierUpBudget', () => {
  it('scales the interrupt budget on V8 11 (Node 20), where it counts bytecode bytes', () => {
    const env = environment();
    const flag = `--interrupt-budget=${V8_11_INTERRUPT_BUDGET * TIER_UP_BUDGET_SCALE}`;
    expect(scaleTierUpBudget(env)).toBe(flag);
    expect(env.set).toEqual([flag]);
  });

  it('leaves V8 12 and later alone (Node 22, 24): their budget already grows with the bytecode', () => {
    for (const v8Version of ['12.4.254.21-node.33', '13.6.233.10-node.2']) {
      const env = environment({ v8Version });
      expect(scaleTierUpBudget(env)).toBeNull();
      expect(env.set).toEqual([]);
    }
  });

  it("leaves a budget of the program's own command line or NODE_OPTIONS alone", () => {
    for (const own of [{ execArgv: ['--stack-size=1900', '--interrupt-budget=1000'] }, { execArgv: ['--stack_size=1900', '--interrupt_budget', '1000'] }, { nodeOptions: '--max-old-space-size=100 --interrupt-budget=5' }]) {
      const env = environment(own);
      expect(scaleTierUpBudget(env)).toBeNull();
      expect(env.set).toEqual([]);
    }
    // a different flag that starts alike is not the budget
    expect(scaleTierUpBudget(environment({ execArgv: ['--stack-size=1900', '--interrupt-budget-for-feedback-allocation=100'] }))).not.toBeNull();
  });

  it('only where the command line has a V8 flag already: a flag set later costs the built-in modules their code cache', () => {
    for (const execArgv of [[], ['--v8-pool-size=1'], ['--require', 'x.js']]) {
      const env = environment({ execArgv });
      expect(scaleTierUpBudget(env)).toBeNull();
      expect(env.set).toEqual([]);
    }
  });

  it('never throws, whatever V8 says', () => {
    const env = environment({ setFlags: () => { throw new Error('refused'); } });
    expect(scaleTierUpBudget(env)).toBeNull();
    expect(scaleTierUpBudget(environment({ v8Version: 'unknown' }))).toBeNull();
  });
});
