import { describe, expect, it } from 'vitest';
import { TRACED_INLINING_BUDGET, tracedInliningFlags } from './inlining-budget.js';

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
