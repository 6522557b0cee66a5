// The instrumenter in a user's own toolchain (examples/staging-babel): a plain Babel config file by
// file, and a Rollup bundle through @rollup/plugin-babel. Both outputs behave like the source, run
// unchanged without the runtime, and record what `breadcrumb query` answers about once ingested.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, makeCli, type Cli } from './cli-harness.js';

const example = path.join(EXAMPLES, 'staging-babel');
// Inside the example, so that the built code finds @breadcrumb/core in its node_modules.
const out = path.join(example, `dist-test-${process.pid}`);
let cli: Cli;

function node(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, args, {
    cwd: example,
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', BREADCRUMB_HOME: cli.home, ...env },
    timeout: 60_000,
  });
}

beforeAll(() => {
  cli = makeCli();
  const built = node(['build.mjs', out]);
  expect(built.status, built.stderr).toBe(0);
  expect(cli.run(['init', 'staging-example']).status).toBe(0);
}, 180_000);

afterAll(() => {
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(cli.home, { recursive: true, force: true });
});

describe('examples/staging-babel', () => {
  const expected = 'total: 14\nrefused: unknown discount code: BOGUS\n';

  it('the source prints what the built outputs print', () => {
    expect(node(['src/main.js']).stdout).toBe(expected);
  });

  it('instrumented output without the runtime runs unchanged and records nothing', () => {
    const babel = node([path.join(out, 'babel/main.js')]);
    expect(babel.stdout).toBe(expected);
    expect(babel.stderr).toBe('');
    expect(fs.readFileSync(path.join(out, 'babel/prices.js'), 'utf8')).toContain('__breadcrumb_instrumented__');
    const off = node([path.join(out, 'bundle.cjs')], { BREADCRUMB_ENABLED: 'false' });
    expect(off.stdout).toBe(expected);
    expect(fs.existsSync(path.join(cli.home, 'spool'))).toBe(false);
  });

  for (const [name, args] of [
    ['the plain Babel build (runtime preloaded with --require)', ['--require', './start-tracing.cjs', 'BUILT/babel/main.js']],
    ['the Rollup bundle (runtime started by its intro)', ['BUILT/bundle.cjs']],
  ] as const) {
    it(`${name} is traced and ingested`, () => {
      const before = cli.json<{ runs: unknown[] }>(['list', '-c', 'staging-example']).runs.length;
      const result = node(args.map((a) => a.replace('BUILT', out)));
      expect(result.stdout).toBe(expected);
      expect(cli.run(['ingest', '-c', 'staging-example']).status).toBe(0);
      expect(cli.json<{ runs: unknown[] }>(['list', '-c', 'staging-example']).runs.length).toBe(before + 1);
      const calls = cli.json<{ total_calls: number; calls: Array<{ args: unknown; return_value: unknown; called_by: string }> }>([
        'query', '-c', 'staging-example', '--call', 'lineTotal',
      ]);
      expect(calls.total_calls).toBe(3);
      expect(calls.calls[0]).toMatchObject({ args: { price: 12.5, quantity: 2 }, return_value: 25 });
      const exceptions = cli.json<{ exceptions: Array<{ function: string; type: string; caught: boolean }> }>([
        'query', '-c', 'staging-example', '--exceptions',
      ]);
      expect(exceptions.exceptions[0]).toMatchObject({ function: 'applyDiscount', type: 'RangeError', caught: true });
    });
  }
});
