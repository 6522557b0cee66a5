// Calls of methods a module defines on what `this` is (`this.next()` in `pp.parse`, `this.#tax()`) get
// no gap probes (instrumenter/src/own-methods.ts): their traced callees are the caller's children as
// before, a call of an untraced function from a traced method is still a gap, and an untraced subclass
// overriding such a method is the rule's known blind spot.
import { describe, expect, it } from 'vitest';
import { EventKind } from '../src/spool/format.js';
import { rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

describe('calls of the module’s own methods', () => {
  it('are no gaps and keep their callers; an untraced function called from a traced method is a gap', async () => {
    const plain = await runPlain(['own-method-calls/main.js']);
    const traced = await runTraced(['own-method-calls/main.js'], { settings: { exclude: ['./own-method-calls/plugin.js'] } });
    expect(traced.stderr).toBe('');
    expect(traced.stdout).toBe('A B C! 33\n');
    expect(traced.stdout).toBe(plain.stdout);
    const root = rootProcess(traced);
    const callees = new Map<number, string>();
    const names = new Map<number, string>();
    for (const table of root.modules) {
      table.callSites.forEach((site, i) => callees.set(table.siteBase + i, site.callee));
      table.functions.forEach((fn, i) => names.set(table.fnBase + i, fn.name));
    }
    const gaps: string[] = [];
    const fnOfCall = new Map<number, string>();
    const callers = new Map<string, Set<string>>();
    for (const b of root.batches) {
      for (let i = 0; i < b.count; i++) {
        if (b.kind[i] === EventKind.CallSite) gaps.push(callees.get(b.id[i]!)!);
        if (b.kind[i] !== EventKind.Call) continue;
        const name = names.get(b.id[i]!)!;
        fnOfCall.set(b.call[i]!, name);
        const caller = fnOfCall.get(b.parent[i]!) ?? '(root)';
        (callers.get(name) ?? callers.set(name, new Set()).get(name)!).add(caller);
      }
    }
    expect([...callees.values()]).not.toContain('this.next');
    expect([...callees.values()]).not.toContain('this.#tax');
    expect(gaps.filter((g) => g === 'plugin.shout')).toHaveLength(3);
    expect(callers.get('Parser.prototype.next')).toEqual(new Set(['Parser.prototype.parse']));
    expect(callers.get('Shop.#tax')).toEqual(new Set(['Shop.total']));
    // The blind spot: `this.word(w)` reached the untraced plugin's override, which called the traced
    // `word` through `super`: no gap, and `word` shows as called by `parse` itself.
    expect(gaps).not.toContain('this.word');
    expect(callers.get('Parser.prototype.word')).toEqual(new Set(['Parser.prototype.parse']));
  }, 60_000);
});
