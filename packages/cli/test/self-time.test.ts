// Self time in mutual recursion through the real binary: a function's calls' durations less its
// callees', nested calls included, past the detail cap too.

import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCli, type Cli } from './cli-harness.js';

const FIXTURE = path.join(__dirname, 'fixtures/mutual-recursion/main.js');

interface Entry {
  function: string;
  calls: number;
  total_ms: number;
  self_ms: number;
  recursive: boolean;
}

let cli: Cli;
beforeAll(() => {
  cli = makeCli();
  cli.json(['init', 'recursion']);
  cli.json(['config', 'edit', 'recursion', '--set', 'detail.max_calls_per_function=5']);
  const traced = cli.run(['run', '-c', 'recursion', '--', 'node', FIXTURE]);
  expect(traced.status).toBe(0);
  expect(traced.stdout).toBe('24\n');
}, 60_000);

describe('--performance in mutual recursion, run for real', () => {
  it("gives the spinning to the function that spins, not to the one that only passes on", () => {
    const perf = cli.json<{ functions: Entry[] }>(['query', '-c', 'recursion', '--performance', '--limit', '100']);
    const byName = Object.fromEntries(perf.functions.map((f) => [f.function, f]));
    const { work, node, mapping } = byName as Record<string, Entry>;
    expect([node!.calls, mapping!.calls, work!.calls]).toEqual([38, 24, 38]);
    expect(node!.recursive && mapping!.recursive).toBe(true);
    // 38 × 2 ms at least in work (long against mapping's own few µs a call, whatever pauses a loaded
    // machine makes); mapping's calls hold most of it (nested), none of it its own: it had all of its
    // nested node calls' time as self time (their edge from mapping, every call nested, had none)
    expect(work!.self_ms).toBeGreaterThanOrEqual(76);
    expect(mapping!.total_ms).toBeGreaterThan(work!.self_ms / 4);
    expect(mapping!.self_ms).toBeLessThan(work!.self_ms / 10);
    expect(node!.self_ms).toBeLessThan(work!.self_ms / 10);
  });
});
