// A capture must not be the first read of an error's stack: V8 formats it then, once, with the name,
// message and Error.prepareStackTrace of that moment (redact/error-stack.ts).
import { describe, expect, it } from 'vitest';
import { EventKind } from '../src/spool/format.js';
import { extraNodeBinaries, FIXTURES, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

describe('error stacks the program reads after a capture', () => {
  const nodes = [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()];
  for (const { version, node } of nodes) {
    it(`keep the header the error has when the program first reads it (${version})`, async () => {
      const options = { cwd: `${FIXTURES}/lazy-stack`, node };
      const plain = await runPlain(['main.js'], options);
      const traced = await runTraced(['main.js'], options);
      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain('Error: config.json: unexpected token\n    at parseConfig');
      expect(plain.stdout).toContain('SyntaxError: Unexpected token (1:8)\n    at createError');
      expect(plain.stdout).toContain('QuotaError: quota exceeded\n');
      expect(plain.stdout).toContain('TypeError|late formatter|true');
      expect(traced.stderr).toBe(plain.stderr);
      expect(traced.stdout).toBe(plain.stdout);

      // The recorded exceptions still carry their stacks (frames at the original columns).
      const values: string[] = [];
      for (const b of rootProcess(traced).batches) {
        for (let i = 0; i < b.count; i++) if (b.kind[i] === EventKind.Exception && b.value[i]! >= 0) values.push(b.values[b.value[i]!]!);
      }
      const thrown = values.map((v) => JSON.parse(v) as { message?: string; stack?: string });
      const parse = thrown.find((v) => v.message === 'unexpected token');
      expect(parse?.stack).toMatch(/^Error: unexpected token\n {4}at parseConfig \(.*main\.js:8:9\)/);
      expect(thrown.some((v) => typeof v.stack === 'string' && v.stack.includes('at fail ('))).toBe(true);
    }, 60_000);
  }
});
