// The workflow Breadcrumb exists for, end to end through the binary: run, see the gap into an npm
// package, add the suggested include, run again, and read the package's calls.

import * as path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { EXAMPLES, makeCli, type Cli } from './cli-harness.js';

const GAPS = path.join(EXAMPLES, 'gaps');

interface GapsResult {
  untraced_calls: { function: string; module: string | null; call_count: number; suggested_include: string | null }[];
  tip: string;
}

let cli: Cli;
beforeAll(() => {
  cli = makeCli();
  cli.json(['init', 'gaps']);
});

it('gaps → config edit --add-include → run → the package is traced', () => {
  const first = cli.run(['run', '-c', 'gaps', '--', 'node', 'main.js'], { cwd: GAPS });
  expect(first.status).toBe(0);
  expect(first.stdout).toContain('90s = 90000 ms = 2 minutes');

  const gaps = cli.json<GapsResult>(['query', '-c', 'gaps', '--gaps'], { cwd: GAPS });
  const msGap = gaps.untraced_calls.find((g) => g.module === 'ms');
  expect(msGap).toMatchObject({ call_count: 6, suggested_include: 'ms/**' });
  expect(gaps.tip).toContain("breadcrumb config edit gaps --add-include 'ms/**'");

  cli.json(['config', 'edit', 'gaps', '--add-include', msGap!.suggested_include!]);
  const second = cli.run(['run', '-c', 'gaps', '--', 'node', 'main.js'], { cwd: GAPS });
  expect(second.status).toBe(0);
  expect(second.stdout).toBe(first.stdout);

  const parse = cli.json<{ module: string; calls: { args: unknown; return_value: unknown }[] }>(
    ['query', '-c', 'gaps', '--call', 'parse'],
    { cwd: GAPS },
  );
  expect(parse.module).toBe('ms/index.js');
  expect(parse.calls.map((c) => c.return_value)).toEqual([90_000, 7_200_000, 129_600_000]);
  const after = cli.json<GapsResult>(['query', '-c', 'gaps', '--gaps'], { cwd: GAPS });
  expect(after.untraced_calls.some((g) => g.module === 'ms')).toBe(false);
});

it('a callee the config excludes: the tip removes the exclude (an include would change nothing), and then it is traced', () => {
  cli.json(['init', 'gaps-excluded', '--include', './**', '--include', 'ms/**', '--exclude', 'ms/**']);
  expect(cli.run(['run', '-c', 'gaps-excluded', '--', 'node', 'main.js'], { cwd: GAPS }).status).toBe(0);
  const gaps = cli.json<GapsResult & { untraced_calls: { excluded_by?: string }[] }>(['query', '-c', 'gaps-excluded', '--gaps'], { cwd: GAPS });
  expect(gaps.untraced_calls.find((g) => g.module === 'ms')).toMatchObject({ suggested_include: 'ms/**', excluded_by: 'ms/**' });
  expect(gaps.tip).toContain("breadcrumb config edit gaps-excluded --remove-exclude 'ms/**'");
  expect(gaps.tip).not.toContain('--add-include');
  const call = cli.run(['query', '-c', 'gaps-excluded', '--call', 'ms'], { cwd: GAPS });
  expect(call.status).toBe(2);
  expect(call.stderr).toContain("--remove-exclude 'ms/**'");

  cli.json(['config', 'edit', 'gaps-excluded', '--remove-exclude', 'ms/**']);
  expect(cli.run(['run', '-c', 'gaps-excluded', '--', 'node', 'main.js'], { cwd: GAPS }).status).toBe(0);
  expect(cli.json<{ module: string }>(['query', '-c', 'gaps-excluded', '--call', 'parse'], { cwd: GAPS }).module).toBe('ms/index.js');
});
