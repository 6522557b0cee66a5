import { describe, expect, it } from 'vitest';
import { positionFromStack } from './exceptions-query.js';

describe('positionFromStack', () => {
  it('reads the first frame that names a file, CommonJS or ESM, skipping built-ins', () => {
    expect(positionFromStack('Error: x\n    at parse (/app/src/a.js:12:5)\n    at main (/app/main.js:3:1)')).toEqual({ file: '/app/src/a.js', line: 12, column: 5 });
    expect(positionFromStack('Error: x\n    at async load (file:///app/src/b.mjs:7:11)')).toEqual({ file: '/app/src/b.mjs', line: 7, column: 11 });
    expect(positionFromStack('Error: x\n    at JSON.parse (<anonymous>)\n    at node:internal/x:1:2\n    at /app/c.js:4:9')).toEqual({ file: '/app/c.js', line: 4, column: 9 });
    expect(positionFromStack('no frames here')).toBeNull();
    expect(positionFromStack(null)).toBeNull();
  });
});
