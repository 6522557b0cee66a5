// `breadcrumb serve-mcp` on real traced runs: `breadcrumb run` traces examples/basic and a program that
// is still running while the agent asks, and the SDK's Client asks the built binary about them.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(__dirname, '../../..');
const BIN = join(REPO, 'node_modules/.bin/breadcrumb');
const EXAMPLE_DIR = join(REPO, 'examples/basic');

let home: string;
let liveDir: string;
let client: Client;

function breadcrumb(args: string[], cwd: string): string {
  return execFileSync(BIN, args, { cwd, env: { ...process.env, BREADCRUMB_HOME: home }, encoding: 'utf8', stdio: 'pipe' });
}

async function answer(name: string, args: Record<string, unknown>): Promise<any> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const first = result.content[0];
  if (first?.type !== 'text') throw new Error(`${name}: no text content`);
  if (result.isError) throw new Error(`${name} answered isError: ${first.text}`);
  return JSON.parse(first.text);
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'breadcrumb-mcp-real-'));
  liveDir = mkdtempSync(join(tmpdir(), 'breadcrumb-mcp-live-'));
  breadcrumb(['init', 'example'], EXAMPLE_DIR);
  breadcrumb(['run', '-c', 'example', '--', 'node', 'main.js'], EXAMPLE_DIR);
  breadcrumb(['init', 'live'], liveDir);

  const transport = new StdioClientTransport({
    command: BIN,
    args: ['serve-mcp'],
    env: { ...getDefaultEnvironment(), BREADCRUMB_HOME: home },
    stderr: 'pipe',
  });
  client = new Client({ name: 'breadcrumb-e2e-real', version: '0' });
  await client.connect(transport);
}, 60_000);

afterAll(async () => {
  await client?.close();
  for (const dir of [home, liveDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a real run of examples/basic', () => {
  it('get_calls: what multiply received and returned', async () => {
    const result = await answer('get_calls', { project: 'example', function: 'multiply' });
    expect(result.calls.map((c: any) => [c.args, c.return_value, c.called_by])).toEqual([
      [{ a: 7, b: 6 }, 42, 'main'],
      [{ a: 100, b: 2 }, 200, 'calculateTotal'],
      [{ a: 200, b: 0.15 }, 30, 'calculateTotal'],
    ]);
    expect(result.module).toBe('./main.js');
  });

  it('get_calls with match: only the calls that hold the text', async () => {
    const result = await answer('get_calls', { project: 'example', function: 'multiply', match: '"b": 0.15' });
    expect(result.calls.map((c: any) => [c.args, c.return_value])).toEqual([[{ a: 200, b: 0.15 }, 30]]);
    expect(result).toMatchObject({ total_calls: 3, matched_calls: 1 });
  });

  it('find_exceptions: the RangeError thrown by parseQuantity, caught by main', async () => {
    const { exceptions } = await answer('find_exceptions', { project: 'example' });
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({
      function: 'parseQuantity',
      type: 'RangeError',
      message: 'not a quantity: "three"',
      caught: true,
    });
    // Where it was thrown in the original source: the `throw` of parseQuantity.
    expect(exceptions[0]).toMatchObject({ file: './main.js', line: 27, column: 11 });
  });

  it('find_gaps: the calls into console, node:os and node:path, built-ins without an include', async () => {
    const { untraced_calls } = await answer('find_gaps', { project: 'example' });
    const byFunction = new Map(untraced_calls.map((g: any) => [g.function, g]));
    expect(byFunction.get('console.log')).toMatchObject({ call_count: 7, called_by: 'main', suggested_include: null });
    expect(byFunction.get('os.tmpdir')).toMatchObject({ module: 'node:os', builtin: true, suggested_include: null });
    expect(byFunction.get('path.basename')).toMatchObject({ module: 'node:path', builtin: true });
  });

  it('run_report and list_runs: the run completed', async () => {
    const { runs } = await answer('list_runs', { project: 'example' });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', exit_code: 0 });
    const report = await answer('run_report', { project: 'example' });
    expect(report.metrics.calls).toBeGreaterThanOrEqual(12);
  });
});

describe('the gap workflow on examples/gaps, as the tool descriptions teach it', () => {
  it('find_gaps suggests an include; with it, the next run traces the package', async () => {
    const gapsDir = join(REPO, 'examples/gaps');
    breadcrumb(['init', 'gaps'], gapsDir);
    breadcrumb(['run', '-c', 'gaps', '--', 'node', 'main.js'], gapsDir);

    const before = await answer('find_gaps', { project: 'gaps' });
    const msGap = before.untraced_calls.find((g: any) => g.function === 'ms');
    expect(msGap).toMatchObject({ module: 'ms', builtin: false, called_by: 'describeTimeout', suggested_include: 'ms/**' });
    const notTraced = (await client.callTool({ name: 'get_calls', arguments: { project: 'gaps', function: 'parse' } })) as CallToolResult;
    expect(notTraced.isError).toBe(true);

    breadcrumb(['config', 'edit', 'gaps', '--add-include', msGap.suggested_include], gapsDir);
    breadcrumb(['run', '-c', 'gaps', '--', 'node', 'main.js'], gapsDir);

    const parse = await answer('get_calls', { project: 'gaps', function: 'parse' });
    expect(parse.module).toBe('ms/index.js');
    expect(parse.calls.map((c: any) => c.args)).toEqual([{ str: '90s' }, { str: '2h' }, { str: '1.5d' }]);
    expect(parse.calls.map((c: any) => c.return_value)).toEqual([90_000, 7_200_000, 129_600_000]);
    const after = await answer('find_gaps', { project: 'gaps' });
    expect(after.untraced_calls.map((g: any) => g.function)).not.toContain('ms');
  }, 60_000);
});

describe('a run that is still going', () => {
  it('is answered as far as it got, shown running, and complete once it ends', async () => {
    // Ticks until the test has seen it running (the `stop` file), then writes how many ticks it made.
    writeFileSync(
      join(liveDir, 'ticker.js'),
      [
        "const fs = require('node:fs');",
        'function tick(n) { return n * 2; }',
        'let n = 0;',
        'const timer = setInterval(() => {',
        '  tick(n++);',
        "  if (fs.existsSync('stop') || n === 3000) { clearInterval(timer); fs.writeFileSync('ticks', String(n)); }",
        '}, 20);',
        '',
      ].join('\n'),
    );
    const run = spawn(BIN, ['run', '-c', 'live', '--', 'node', 'ticker.js'], {
      cwd: liveDir,
      env: { ...process.env, BREADCRUMB_HOME: home },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let runStderr = '';
    run.stderr!.on('data', (chunk: Buffer) => (runStderr += chunk.toString()));
    const ended = new Promise<number | null>((resolve) => run.on('exit', (code) => resolve(code)));
    let exited = false;
    void ended.then(() => (exited = true));

    // Ask until some calls of the running program are in: first the run exists, then tick's function
    // table, then its calls, as the run's own CLI ingests the spool every ~100 ms.
    let callsWhileRunning = 0;
    let lastRefusal = '';
    const statusOfLatestRun = async () => (await answer('list_runs', { project: 'live' })).runs[0]?.status;
    while (callsWhileRunning === 0 && !exited) {
      await new Promise((r) => setTimeout(r, 100));
      if ((await statusOfLatestRun()) !== 'running') continue;
      const result = (await client.callTool({ name: 'get_calls', arguments: { project: 'live', function: 'tick' } })) as CallToolResult;
      const text = (result.content[0] as { text: string }).text;
      if (result.isError) {
        lastRefusal = text; // tick's function table is not ingested yet
        continue;
      }
      if ((await statusOfLatestRun()) === 'running') callsWhileRunning = JSON.parse(text).total_calls;
    }
    writeFileSync(join(liveDir, 'stop'), '');
    expect(
      exited,
      `the run ended before any of its calls could be seen (last answer: ${lastRefusal}; breadcrumb run said: ${runStderr.slice(0, 2_000)})`,
    ).toBe(false);
    expect(callsWhileRunning).toBeGreaterThan(0);

    expect(await ended).toBe(0);
    const ticks = Number(readFileSync(join(liveDir, 'ticks'), 'utf8'));
    expect(callsWhileRunning).toBeLessThan(ticks);
    const { runs } = await answer('list_runs', { project: 'live' });
    expect(runs[0].status).toBe('completed');
    const { total_calls } = await answer('get_calls', { project: 'live', function: 'tick' });
    expect(total_calls).toBe(ticks);
  }, 60_000);
});
