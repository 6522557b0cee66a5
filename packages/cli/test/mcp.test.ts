// `breadcrumb serve-mcp` end to end: the SDK's own Client over StdioClientTransport spawns the built
// binary, with BREADCRUMB_HOME a temp folder holding trace databases made by the store from recorded
// runs of examples/basic (spool files written with the spool format's encoders and ingested as
// `breadcrumb run` ingests them).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { openStore } from '@breadcrumb/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRunFolder } from '../src/project/waiting-spool.js';
import { writeRecordedBasicRun } from './mcp-recorded-run.js';

const REPO = resolve(__dirname, '../../..');
const BIN = join(REPO, 'node_modules/.bin/breadcrumb');
const EXAMPLE_DIR = join(REPO, 'examples/basic');
const PROJECT = 'basic';

let home: string;
let client: Client;
let transport: StdioClientTransport;
let serverStderr = '';

function spoolDirOf(runId: number | null): string {
  return runId === null ? join(home, 'spool', PROJECT) : join(home, 'spool', PROJECT, `run-${runId}`);
}

/** What `breadcrumb run` does around the program: a run, its spool ingested, the run finished. */
function recordFinishedRun(startedAtMs: number): number {
  const store = openStore(join(home, `${PROJECT}-traces.db`));
  try {
    const runId = store.createRun({ project: PROJECT, command: ['node', 'main.js'], cwd: EXAMPLE_DIR, startedAtMs });
    writeRecordedBasicRun({ spoolDir: spoolDirOf(runId), runId, project: PROJECT, exampleDir: EXAMPLE_DIR, startedAtMs });
    store.ingester(spoolDirOf(runId), { runId, project: PROJECT }).drain();
    store.finishRun(runId, { status: 'completed', exitCode: 0, endedAtMs: startedAtMs + 60 });
    return runId;
  } finally {
    store.close();
  }
}

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

function textOf(result: CallToolResult): string {
  expect(result.content).toHaveLength(1);
  const first = result.content[0]!;
  if (first.type !== 'text') throw new Error(`expected text content, got ${first.type}`);
  return first.text;
}

async function answer(name: string, args: Record<string, unknown>): Promise<any> {
  const result = await call(name, args);
  const text = textOf(result);
  if (result.isError) throw new Error(`${name} answered isError: ${text}`);
  return JSON.parse(text);
}

async function refusal(name: string, args: Record<string, unknown>): Promise<string> {
  const result = await call(name, args);
  expect(result.isError, `${name} ${JSON.stringify(args)} should be refused`).toBe(true);
  return textOf(result);
}

let firstRun: number;
let secondRun: number;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'breadcrumb-mcp-e2e-'));
  writeFileSync(join(home, `${PROJECT}.yaml`), 'include:\n  - "./**"\n');
  writeFileSync(join(home, 'other.yaml'), 'include:\n  - "./**"\n');
  firstRun = recordFinishedRun(Date.now() - 60_000);
  secondRun = recordFinishedRun(Date.now() - 30_000);

  transport = new StdioClientTransport({
    command: BIN,
    args: ['serve-mcp'],
    env: { ...getDefaultEnvironment(), BREADCRUMB_HOME: home },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (serverStderr += chunk.toString()));
  client = new Client({ name: 'breadcrumb-e2e', version: '0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('breadcrumb serve-mcp over stdio', () => {
  it('lists the nine tools with schemas that require a project', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'analyze_performance',
      'find_exceptions',
      'find_gaps',
      'get_calls',
      'get_flow',
      'get_trace',
      'list_runs',
      'query_traces',
      'run_report',
    ]);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.inputSchema.required, tool.name).toContain('project');
    }
    expect(client.getServerVersion()?.name).toBe('breadcrumb');
  });

  it('list_runs: the runs newest first', async () => {
    const { runs } = await answer('list_runs', { project: PROJECT });
    expect(runs.map((r: { id: number }) => r.id)).toEqual([secondRun, firstRun]);
    expect(runs[0].status).toBe('completed');
  });

  it('get_calls: arguments, return values and callers of multiply in the latest run', async () => {
    const result = await answer('get_calls', { project: PROJECT, function: 'multiply' });
    expect(result.function).toBe('multiply');
    expect(result.calls.map((c: any) => [c.args, c.return_value])).toEqual([
      [{ a: 7, b: 6 }, 42],
      [{ a: 100, b: 2 }, 200],
      [{ a: 200, b: 0.15 }, 30],
    ]);
    expect(result.calls.map((c: any) => c.called_by)).toEqual(['main', 'calculateTotal', 'calculateTotal']);
    expect(result.calls.every((c: any) => c.run_id === secondRun)).toBe(true);
    const limited = await answer('get_calls', { project: PROJECT, function: 'multiply', run_id: firstRun, limit: 1 });
    expect(limited.calls).toHaveLength(1);
    expect(limited.calls[0].run_id).toBe(firstRun);
  });

  it('find_exceptions: the caught RangeError of parseQuantity', async () => {
    const result = await answer('find_exceptions', { project: PROJECT });
    const text = JSON.stringify(result);
    expect(text).toContain('parseQuantity');
    expect(text).toContain('RangeError');
    expect(text).toContain('not a quantity');
  });

  it('find_gaps: the calls into node:os and node:path, built-ins without an include', async () => {
    const result = await answer('find_gaps', { project: PROJECT });
    const callees = result.untraced_calls.map((c: any) => c.function).sort();
    expect(callees).toEqual(['os.tmpdir', 'path.basename', 'path.join']);
    for (const gap of result.untraced_calls) expect(gap.called_by).toBe('main');
  });

  it('get_flow: the timeline in order with depths, and narrowed to a module', async () => {
    const { events } = await answer('get_flow', { project: PROJECT });
    const calls = events.filter((e: any) => e.type === 'call');
    expect(calls.slice(0, 4).map((e: any) => [e.function, e.depth])).toEqual([
      ['main', 0],
      ['add', 1],
      ['multiply', 1],
      ['greet', 1],
    ]);
    const cartOnly = await answer('get_flow', { project: PROJECT, module: './cart.js' });
    const functions = new Set(cartOnly.events.map((e: any) => e.function));
    expect([...functions].every((f) => String(f).includes('Cart'))).toBe(true);
    expect(functions.size).toBeGreaterThan(0);
  });

  it('analyze_performance: exact counts per function', async () => {
    const result = await answer('analyze_performance', { project: PROJECT, run_id: firstRun });
    const text = JSON.stringify(result);
    expect(text).toContain('multiply');
    expect(text).toContain('calculateTotal');
  });

  it('run_report: JSON by default, the CLI text on request', async () => {
    const report = await answer('run_report', { project: PROJECT, run_id: firstRun });
    expect(JSON.stringify(report)).toContain('multiply');
    const text = textOf(await call('run_report', { project: PROJECT, format: 'text' }));
    expect(text).toContain('multiply');
    expect(text).toContain(`-c ${PROJECT}`);
  });

  it('get_trace: one run with its process and events', async () => {
    const trace = await answer('get_trace', { project: PROJECT, trace_id: firstRun, limit: 5 });
    const text = JSON.stringify(trace);
    expect(text).toContain('main.js');
    expect(text).toContain('multiply');
  });

  it('query_traces: read-only SQL over the documented views', async () => {
    const result = await answer('query_traces', {
      project: PROJECT,
      sql: "SELECT function_name, COUNT(*) AS n FROM trace_events WHERE event_type = 'call' AND trace_id = " +
        firstRun +
        ' GROUP BY function_name ORDER BY n DESC, function_name',
    });
    expect(result.rows[0]).toEqual({ function_name: 'multiply', n: 3 });
    // The description points agents at sqlite_master to find the columns.
    const views = await answer('query_traces', {
      project: PROJECT,
      sql: "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name",
    });
    // function_calls: the table of that name before schema 6, kept as a view for SQL written against it;
    // function_names: the names the answers show, which trace_events uses (schema 7).
    expect(views.rows).toEqual([{ name: 'function_calls' }, { name: 'function_names' }, { name: 'trace_events' }, { name: 'traces' }]);
  });
});

describe('bad calls', () => {
  it('an unknown project names the projects that exist', async () => {
    const text = await refusal('find_exceptions', { project: 'nope' });
    expect(text).toBe(`unknown project 'nope' in ${home}; projects that exist: ${PROJECT}, other`);
  });

  it('a project that has not run yet says how to trace one', async () => {
    expect(await answer('list_runs', { project: 'other' })).toEqual({ project: 'other', runs: [] });
    expect(await refusal('get_calls', { project: 'other', function: 'add' })).toContain(
      'trace one with `breadcrumb run -c other -- node main.js`',
    );
  });

  it('an unknown run names the runs that exist', async () => {
    const text = await refusal('get_calls', { project: PROJECT, function: 'add', run_id: 999 });
    expect(text).toBe(
      `project '${PROJECT}' has no run 999; its most recent runs are ${secondRun}, ${firstRun} (call list_runs for details)`,
    );
    expect(await refusal('get_trace', { project: PROJECT, trace_id: 999 })).toContain('has no run 999');
  });

  it('arguments that do not fit the schema are refused', async () => {
    expect(await refusal('get_calls', { project: PROJECT })).toMatch(/Input validation error/);
    expect(await refusal('find_gaps', { project: PROJECT, run_id: 'latest' })).toMatch(/run_id/);
    expect(await refusal('list_runs', {})).toMatch(/project/);
  });

  it('an unknown function lists the closest names', async () => {
    expect(await refusal('get_calls', { project: PROJECT, function: 'multiplx' })).toContain('multiply');
  });

  it('writes through query_traces are refused and change nothing', async () => {
    for (const sql of ['DELETE FROM runs', "UPDATE runs SET status = 'failed'", 'DROP TABLE events', "ATTACH DATABASE '/tmp/x.db' AS x"]) {
      expect(await refusal('query_traces', { project: PROJECT, sql })).toMatch(/^query_traces is read-only/);
    }
    const { runs } = await answer('list_runs', { project: PROJECT });
    expect(runs.map((r: any) => [r.id, r.status])).toEqual([
      [secondRun, 'completed'],
      [firstRun, 'completed'],
    ]);
  });

  it('a file that is not a trace database is named, and the server keeps serving', async () => {
    writeFileSync(join(home, 'broken.yaml'), 'include:\n  - "./**"\n');
    writeFileSync(join(home, 'broken-traces.db'), 'not a database '.repeat(10));
    try {
      expect(await refusal('list_runs', { project: 'broken' })).toBe(
        `${join(home, 'broken-traces.db')} is not a Breadcrumb trace database (file is not a database): move it aside and run again`,
      );
      expect((await answer('list_runs', { project: PROJECT })).runs.length).toBe(2);
    } finally {
      rmSync(join(home, 'broken.yaml'));
      rmSync(join(home, 'broken-traces.db'));
    }
  });

  it('bad SQL is answered with the error, and the server keeps serving', async () => {
    expect(await refusal('query_traces', { project: PROJECT, sql: 'SELECT nope FROM nowhere' })).toMatch(/nowhere|no such/);
    expect((await answer('list_runs', { project: PROJECT })).runs.length).toBe(2);
  });
});

describe('while a run is being recorded', () => {
  it('answers from what is ingested so far, with the run shown as running', async () => {
    const store = openStore(join(home, `${PROJECT}-traces.db`));
    try {
      const startedAtMs = Date.now();
      const runId = store.createRun({ project: PROJECT, command: ['node', 'main.js'], cwd: EXAMPLE_DIR, startedAtMs });
      writeRecordedBasicRun({
        spoolDir: spoolDirOf(runId),
        runId,
        project: PROJECT,
        exampleDir: EXAMPLE_DIR,
        startedAtMs,
        unfinished: true,
      });
      // As `breadcrumb run` does: the folder is claimed, so other ingesters (the server's) leave it alone.
      claimRunFolder(spoolDirOf(runId));
      const ingester = store.ingester(spoolDirOf(runId), { runId, project: PROJECT });
      ingester.poll();
      // The run's own ingest keeps writing (in transactions) while the agent asks.
      const pending = [
        answer('list_runs', { project: PROJECT }),
        answer('get_calls', { project: PROJECT, function: 'multiply', run_id: runId }),
        answer('find_exceptions', { project: PROJECT, run_id: runId }),
      ];
      const writer = setInterval(() => {
        writeRecordedBasicRun({
          spoolDir: spoolDirOf(runId),
          runId,
          project: PROJECT,
          exampleDir: EXAMPLE_DIR,
          startedAtMs: startedAtMs + Math.floor(Math.random() * 1e6),
          unfinished: true,
        });
        ingester.poll();
      }, 5);
      const [listed, calls] = await Promise.all(pending).finally(() => clearInterval(writer));
      expect(listed.runs[0]).toMatchObject({ id: runId, status: 'running' });
      expect(calls.calls.length).toBeGreaterThanOrEqual(3);
      ingester.drain();
      store.finishRun(runId, { status: 'completed', exitCode: 0, endedAtMs: Date.now() });
    } finally {
      store.close();
    }
  });

  it('ingests a recording left in the project spool folder before answering', async () => {
    const before = (await answer('list_runs', { project: PROJECT })).runs.length;
    writeRecordedBasicRun({
      spoolDir: spoolDirOf(null),
      runId: null,
      project: PROJECT,
      exampleDir: EXAMPLE_DIR,
      startedAtMs: Date.now(),
    });
    const { runs } = await answer('list_runs', { project: PROJECT });
    expect(runs.length).toBe(before + 1);
    const calls = await answer('get_calls', { project: PROJECT, function: 'greet', run_id: runs[0].id });
    expect(calls.calls[0].return_value).toBe('Hello, Ada!');
  });
});

describe('the process', () => {
  it('logs only to stderr and exits when stdin closes', async () => {
    const child = spawn(BIN, ['serve-mcp'], {
      env: { ...process.env, BREADCRUMB_HOME: home },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const request = (id: number, method: string, params: unknown) =>
      child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    request(1, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'raw', version: '0' },
    });
    child.stdin.write('this is not JSON\n');
    request(2, 'tools/call', { name: 'list_runs', arguments: { project: 'nope' } });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    child.stdin.end();
    expect(await exited).toBe(0);
    const messages = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(messages.map((m) => m.id)).toEqual([1, 2]);
    expect(messages[1].result.isError).toBe(true);
    // The line that is not JSON is reported on stderr, and the server went on serving.
    expect(stderr).toContain(`serving projects of ${home}`);
    expect(stderr).toMatch(/protocol error: .*not valid JSON/);
    expect(stderr).not.toContain('    at ');
    // Nothing in this file's session needed a stack trace either.
    expect(serverStderr).not.toContain('    at ');
  });
});
