import { describe, expect, it } from 'vitest';
import { scaleTierUpBudget, TIER_UP_BUDGET_SCALE, V8_11_INTERRUPT_BUDGET, V8_12_TURBOFAN_INVOCATIONS, type TierUpEnvironment } from './tier-up-budget.js';

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

  it('doubles TurboFan invocation count on V8 12.4 (Node 22, Maglev off), where traced code tiered up more than plain', () => {
    const env = environment({ v8Version: '12.4.254.21-node.33' });
    const flag = `--invocation-count-for-turbofan=${V8_12_TURBOFAN_INVOCATIONS}`;
    expect(scaleTierUpBudget(env)).toBe(flag);
    expect(env.set).toEqual([flag]);
  });

  it('leaves later V8s alone (Node 24: Maglev first, slower with the TurboFan count raised)', () => {
    for (const v8Version of ['12.9.202.28-node.13', '13.6.233.10-node.2']) {
      const env = environment({ v8Version });
      expect(scaleTierUpBudget(env)).toBeNull();
      expect(env.set).toEqual([]);
    }
  });

  it("leaves V8 12.4's tier-up alone when the program sets it or turns Maglev on", () => {
    for (const own of [{ execArgv: ['--stack-size=1900', '--invocation-count-for-turbofan=100'] }, { execArgv: ['--stack-size=1900', '--maglev'] }, { nodeOptions: '--invocation_count_for_turbofan=5' }]) {
      const env = environment({ v8Version: '12.4.254.21-node.33', ...own });
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
