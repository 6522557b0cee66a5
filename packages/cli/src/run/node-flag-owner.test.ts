import { describe, expect, it } from 'vitest';
import { mayAddNodeFlag } from './node-flag-owner.js';

describe('mayAddNodeFlag', () => {
  it('adds to node itself, not to what starts node (a shell, npx, npm)', () => {
    expect(mayAddNodeFlag(['node', 'main.js'], '--stack-size', undefined)).toBe(true);
    expect(mayAddNodeFlag(['/usr/local/bin/node', 'main.js'], '--stack-size', undefined)).toBe(true);
    expect(mayAddNodeFlag(['npx', 'tsx', 'main.ts'], '--stack-size', undefined)).toBe(false);
    expect(mayAddNodeFlag(['sh', '-c', 'node main.js'], '--stack-size', undefined)).toBe(false);
    expect(mayAddNodeFlag([], '--stack-size', undefined)).toBe(false);
  });

  it("leaves a flag the user set alone, spelled with dashes or underscores, on the command line or in NODE_OPTIONS", () => {
    expect(mayAddNodeFlag(['node', '--stack-size=4000', 'main.js'], '--stack-size', undefined)).toBe(false);
    expect(mayAddNodeFlag(['node', '--stack_size=4000', 'main.js'], '--stack-size', undefined)).toBe(false);
    expect(mayAddNodeFlag(['node', 'main.js'], '--v8-pool-size', '--max-old-space-size=512 --v8-pool-size=2')).toBe(false);
    expect(mayAddNodeFlag(['node', 'main.js'], '--v8-pool-size', '--max-old-space-size=512')).toBe(true);
  });
});
