import { describe, expect, it } from 'vitest';
import { narrowIngestInlining, TRACED_INLINING_BUDGET, tracedInliningFlags } from './inlining-budget.js';
import { beforeOwnV8FlagsChange } from './own-v8-flags.js';

describe('tracedInliningFlags', () => {
  it('gives node a smaller inlining budget', () => {
    expect(tracedInliningFlags(['node', 'main.js'])).toEqual([`--max-inlined-bytecode-size-cumulative=${TRACED_INLINING_BUDGET}`]);
    expect(tracedInliningFlags(['/opt/n24/bin/node', '--import', 'tsx', 'main.ts'])).toHaveLength(1);
  });

  it("leaves other commands and a budget of the user's own alone", () => {
    expect(tracedInliningFlags(['npm', 'test'])).toEqual([]);
    expect(tracedInliningFlags(['node', '--max-inlined-bytecode-size-cumulative=2000', 'main.js'])).toEqual([]);
    expect(tracedInliningFlags(['node', '--max_inlined_bytecode_size_cumulative=100', 'main.js'])).toEqual([]);
    expect(tracedInliningFlags([])).toEqual([]);
  });
});

describe('narrowIngestInlining', () => {
  it("sets the budget in this process after the hook (the CLI's code cache is saved first), unless its command line has one", () => {
    const calls: string[] = [];
    beforeOwnV8FlagsChange(() => calls.push('hook'));
    try {
      expect(narrowIngestInlining(['--max_inlined_bytecode_size_cumulative=500'])).toBe(false);
      expect(calls).toEqual([]);
      // The flag only changes how much TurboFan inlines: harmless in the test's process.
      expect(narrowIngestInlining([])).toBe(true);
      expect(calls).toEqual(['hook']);
    } finally {
      beforeOwnV8FlagsChange(() => {});
    }
  });
});
