// Answers of `breadcrumb query` fit a context window, end to end through the binary: without
// --limit a long answer is cut to the budget and its note says why; --limit N gets N.

import * as path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { makeCli, type Cli } from './cli-harness.js';

const BIG_ARGS = path.join(__dirname, 'fixtures/big-args');

interface Listed {
  note?: string;
}

let cli: Cli;
beforeAll(() => {
  cli = makeCli();
  cli.json(['init', 'big']);
  const run = cli.run(['run', '-c', 'big', '--', 'node', 'main.js'], { cwd: BIG_ARGS });
  expect(run.status).toBe(0);
  expect(run.stdout).toBe('total 50850\n');
});

it('--flow without --limit stays under 50,000 characters of JSON and says so; --limit 500 gets 500', () => {
  const flow = cli.json<Listed & { events: unknown[]; total_events: number }>(['query', '-c', 'big', '--flow'], { cwd: BIG_ARGS });
  expect(JSON.stringify(flow).length).toBeLessThanOrEqual(50_000);
  expect(flow.events.length).toBeGreaterThan(10);
  expect(flow.events.length).toBeLessThan(500);
  expect(flow.note).toMatch(new RegExp(`^cut to fit 50,000 characters of JSON, as no limit was given; showing the first ${flow.events.length} of ${flow.total_events} events: pass --limit N for more`));
  const all = cli.json<{ events: unknown[] }>(['query', '-c', 'big', '--flow', '--limit', '500'], { cwd: BIG_ARGS });
  expect(all.events).toHaveLength(500);
});

it('--call and --sql are cut the same way; small answers are left whole', () => {
  const load = cli.json<Listed & { calls: { args: { rows: string[] } }[] }>(['query', '-c', 'big', '--call', 'load', '--limit', '100'], { cwd: BIG_ARGS });
  expect(load.calls).toHaveLength(100);
  const sql = cli.json<Listed & { rows: unknown[]; truncated?: boolean }>(['query', '-c', 'big', '--sql', 'SELECT args FROM events'], { cwd: BIG_ARGS });
  expect(JSON.stringify(sql).length).toBeLessThanOrEqual(50_000);
  expect(sql.truncated).toBe(true);
  expect(sql.note).toMatch(/^cut to fit 50,000 characters of JSON/);
  const perf = cli.json<Listed>(['query', '-c', 'big', '--performance'], { cwd: BIG_ARGS });
  expect(perf.note ?? '').not.toMatch(/cut to fit/);
});
