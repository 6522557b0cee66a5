// An exception that passes through a `finally` block calling cleanup code is one exception, caught
// where its catch is: the cleanup's calls (traced or not) do not end it, as a catch in untraced code
// does. Before, babel's parser showed each syntax error twice in `--exceptions`: "unknown, caught by
// allowInAnd" (its `finally` calls `this.prodParam.exit()`) and again from allowInAnd up. And an
// exception caught and thrown on with a longer message is one exception too.
import { describe, expect, it } from 'vitest';
import { EventKind } from '../src/spool/format.js';
import { FIXTURES, rootProcess, runTraced, type TracedProcess } from './helpers/traced-process.js';

/** `function: message` of each Exception event (`unknown` when the value was never seen), in call order. */
function exceptionExits(root: TracedProcess): string[] {
  const names = new Map<number, string>();
  for (const table of root.modules) table.functions.forEach((fn, i) => names.set(table.fnBase + i, fn.name));
  const exits: Array<[number, string]> = [];
  for (const b of root.batches) {
    for (let i = 0; i < b.count; i++) {
      if (b.kind[i] !== EventKind.Exception) continue;
      const value = b.value[i]! >= 0 ? (JSON.parse(b.values[b.value[i]!]!) as { $type?: string; message?: string }) : null;
      const label = value === null ? 'none' : value.$type === 'unknown' ? 'unknown' : JSON.stringify(value.message).slice(1, -1);
      exits.push([b.call[i]!, `${names.get(b.id[i]!)}: ${label}`]);
    }
  }
  return exits.sort((a, b) => a[0] - b[0]).map(([, text]) => text);
}

describe('exceptions through finally blocks', () => {
  it('keep their value through cleanup calls, and are caught only where a catch is', async () => {
    const traced = await runTraced(['main.js'], { cwd: `${FIXTURES}/finally-exceptions`, settings: { include: ['./main.js'] } });
    expect(traced.stdout).toBe(
      [
        'caught unexpected token',
        'caught through untraced cleanup',
        'reported caught by untraced code',
        'caught cleanup failed',
        'swallowed by return',
        'caught in the same function',
        'caught later',
        '',
      ].join('\n'),
    );
    expect(exceptionExits(rootProcess(traced))).toEqual([
      // through two `finally` blocks calling traced cleanup, caught in main
      'Parser.parse: unexpected token',
      'Parser.inScope: unexpected token',
      '<anonymous>: unexpected token',
      'Parser.inScope: unexpected token',
      '<anonymous>: unexpected token',
      'Parser.parseAtom: unexpected token',
      'Parser.raise: unexpected token',
      // a `finally` calling untraced cleanup
      'Parser.inUntracedScope: through untraced cleanup',
      '<anonymous>: through untraced cleanup',
      'Parser.raise: through untraced cleanup',
      // caught by untraced code, which then calls traced code: never seen
      '<anonymous>: unknown',
      'Parser.raise: unknown',
      // replaced by the cleanup's own exception
      'Parser.replacedByCleanup: cleanup failed',
      'Parser.raise: unknown',
      'Parser.failingExit: cleanup failed',
      // dropped by a `return` in the `finally` block
      'Parser.raise: unknown',
      // caught in the function whose `finally` ran
      'Parser.raise: caught in the same function',
      'Parser.inScope: later',
      '<anonymous>: later',
    ]);
    expect(traced.stderr).toBe('');
  });

  it('thrown on from a catch after a change to its message, keep the value they had at the catch', async () => {
    const traced = await runTraced(['rethrow.js'], { cwd: `${FIXTURES}/finally-exceptions`, settings: { include: ['./rethrow.js'] } });
    expect(traced.stdout).toBe('bad node 1 / Rule: "corpus/boom"\nwrapped <- bad node 2\nbad node 3 (async)\n');
    expect(exceptionExits(rootProcess(traced))).toEqual([
      'verify: bad node 1',
      'runRule: bad node 1',
      'rule: bad node 1',
      'wrapInNew: wrapped',
      'rule: bad node 2',
      'asyncRunRule: bad node 3',
      'rule: bad node 3',
    ]);
    expect(traced.stderr).toBe('');
  });
});
