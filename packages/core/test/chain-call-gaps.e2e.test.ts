// Calls without arguments on a chain: `b` (a call that may reach untraced code starts) runs after the
// chain, so a traced getter or call in it does not hide the untraced callee's gap, and a traced callee
// is still no gap.
import { describe, expect, it } from 'vitest';
import { EventKind } from '../src/spool/format.js';
import { rootProcess, runTraced } from './helpers/traced-process.js';

describe('calls without arguments on a chain', () => {
  it('are gaps when the callee is untraced, whatever traced code the chain ran', async () => {
    const traced = await runTraced(['chain-call-gaps/main.js']);
    expect(traced.stderr).toBe('');
    expect(traced.stdout).toBe('true 1 true 0 true\n');
    const root = rootProcess(traced);
    const callees = new Map<number, string>();
    for (const table of root.modules) table.callSites.forEach((site, i) => callees.set(table.siteBase + i, site.callee));
    const gaps = new Set<string>();
    for (const b of root.batches) {
      for (let i = 0; i < b.count; i++) if (b.kind[i] === EventKind.CallSite) gaps.add(callees.get(b.id[i]!)!);
    }
    expect(gaps).toContain('holder.system.cpus');
    expect(gaps).toContain('make().uptime');
    expect(gaps).toContain('new holder.events.EventEmitter');
    expect(gaps).not.toContain('holder.own.id');
  }, 60_000);
});
