// An async function's exception goes into its promise, often to a rejection callback rather than a
// catch clause: its value is taken as it leaves the function (instrumenter bodyEpilogue, probe `x`).
import { describe, expect, it } from 'vitest';
import { EventKind } from '../src/spool/format.js';
import { rootProcess, runPlain, runTraced, type TracedProcess } from './helpers/traced-process.js';

function exceptionValues(root: TracedProcess): string[] {
  const names = new Map<number, string>();
  for (const table of root.modules) table.functions.forEach((fn, i) => names.set(table.fnBase + i, fn.name));
  const out: string[] = [];
  for (const b of root.batches) {
    for (let i = 0; i < b.count; i++) {
      if (b.kind[i] !== EventKind.Exception) continue;
      const value = b.value[i]! >= 0 ? b.values[b.value[i]!]! : 'none';
      const message = /early teapot|late range|JSON|not seen where it was caught/.exec(value)?.[0] ?? value;
      out.push(`${names.get(b.id[i]!)}: ${message}`);
    }
  }
  return out.sort();
}

describe('exceptions of async functions caught by rejection callbacks', () => {
  it('keep their values, and the program its output, exit code and unhandled-rejection report', async () => {
    const plain = await runPlain(['async-rejection-callback.js']);
    const traced = await runTraced(['async-rejection-callback.js']);
    expect(plain.stdout).toBe('caught E_TEAPOT early teapot\ncaught SyntaxError\ncaught RangeError late range\n');
    expect(traced.stdout).toBe(plain.stdout);
    expect(plain.code).toBe(1);
    expect(traced.code).toBe(plain.code);
    // The unhandled rejection prints the user's throw line and the same stack, frames and all.
    const report = (s: string) => s.split('\n').filter((l) => l.startsWith('RangeError') || /^\s+at /.test(l) || /:\d+$/.test(l));
    expect(report(traced.stderr)).toEqual(report(plain.stderr));
    expect(exceptionValues(rootProcess(traced))).toEqual([
      'early: early teapot',
      'late: late range',
      'late: late range',
      'viaExpression: JSON',
    ]);
  }, 60_000);
});
