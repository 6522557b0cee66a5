// A call site whose callee is an API that calls back (`emit`, `every`, `map`...) and that enters a traced
// function of another name: a listener called back by untraced code (the site stays a gap), or a traced
// wrapper of the callee (async's `awaitable`), which the stack tells apart.
import { describe, expect, it } from 'vitest';
import { EventKind } from '../src/spool/format.js';
import { rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

describe('call sites of APIs that call back', () => {
  it('are gaps through untraced code, not when traced code calls a wrapper of the callee', async () => {
    const traced = await runTraced(['callback-gaps/main.js']);
    expect(traced.stdout).toBe('true 0,1,2\n');
    const root = rootProcess(traced);
    const callees = new Map<number, string>();
    for (const table of root.modules) table.callSites.forEach((site, i) => callees.set(table.siteBase + i, site.callee));
    const gaps: string[] = [];
    for (const b of root.batches) {
      for (let i = 0; i < b.count; i++) if (b.kind[i] === EventKind.CallSite) gaps.push(callees.get(b.id[i]!)!);
    }
    expect(gaps.filter((g) => g === 'bus.emit')).toHaveLength(3);
    expect(gaps).not.toContain('lib.every');
  }, 60_000);

  it('reads stacks through the realm\'s own Error when the program replaced the global one (zone.js)', async () => {
    const plain = await runPlain(['callback-gaps/replaced-error.js']);
    const traced = await runTraced(['callback-gaps/replaced-error.js']);
    expect(plain.stdout).toBe('0,1,2 /replaced-error.js:26:12)\n');
    expect(traced.stderr).toBe('');
    expect(traced.stdout).toBe(plain.stdout);
  }, 60_000);
});
