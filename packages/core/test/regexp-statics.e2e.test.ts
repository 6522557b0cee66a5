// RegExp.$1 and the other legacy statics read after traced calls (capture/regexp-statics.ts).
import { describe, expect, it } from 'vitest';
import { callsOf, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

describe('legacy RegExp statics', () => {
  it('read after traced calls are the program\'s own, values still captured and redacted', async () => {
    const plain = await runPlain(['regexp-statics.js']);
    const traced = await runTraced(['regexp-statics.js']);
    expect(plain.stdout).toBe('12.4 v12.4 [release | (password=hunter2)]\n["alice","example","mail alice@example now","example","alice@example"]\n');
    expect(traced.stdout).toBe(plain.stdout);
    expect(traced.code).toBe(plain.code);
    const normalise = callsOf(rootProcess(traced)).filter((c) => c.name === 'normalise');
    expect(normalise).toHaveLength(2);
    const values = rootProcess(traced).batches.flatMap((b) => b.values);
    expect(values.some((v) => v.includes('4111'))).toBe(false);
    expect(values.some((v) => v.includes('[REDACTED:'))).toBe(true);
  }, 60_000);
});
