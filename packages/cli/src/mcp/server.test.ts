// The MCP layer in process (InMemoryTransport, the SDK's own Client) over a recording store: which
// store method each tool calls with which options, and how every kind of failure is answered. The
// end-to-end tests (test/mcp.test.ts) run the real binary on real traced runs.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectAccess } from './project-access.js';
import { createBreadcrumbMcpServer } from './server.js';
import type { Store } from '../project/store-client.js';

class FakeStoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface StoreCall {
  method: string;
  args: unknown[];
}

/** A store over a fixed list of runs that answers each query with what it was asked. */
function recordingStore(runIds: number[], calls: StoreCall[]): Store {
  const record =
    (method: string, answer: (...args: never[]) => unknown = () => ({ method })) =>
    (...args: unknown[]) => {
      calls.push({ method, args });
      const options = args.find((a): a is { runId?: number } => typeof a === 'object' && a !== null);
      const runId = typeof args[0] === 'number' ? args[0] : options?.runId;
      if (runId !== undefined && !runIds.includes(runId)) throw new FakeStoreError('UNKNOWN_RUN', `no run ${runId}`);
      if (runIds.length === 0 && method !== 'listRuns') throw new FakeStoreError('NO_RUNS', 'no runs');
      return (answer as (...a: unknown[]) => unknown)(...args);
    };
  const store = {
    listRuns: record('listRuns', () => [...runIds].reverse().map((id) => ({ id, status: 'completed' }))) as never,
    latestRunId: () => (runIds.length === 0 ? null : Math.max(...runIds)),
    runReport: record('runReport', (runId: number) => ({ run: { id: runId }, metrics: { calls: 3 } })),
    queryCall: record('queryCall', (name: string, options: unknown) => ({ function: name, options, calls: [] })),
    queryGaps: record('queryGaps', (options: unknown) => ({ untraced_calls: [], options })),
    queryFlow: record('queryFlow', (options: { module?: string; limit?: number }) => {
      if (options.module !== 'huge/**') return { events: [], options };
      // A long timeline: 2,000 events of ~100 characters, `limit` of them shown.
      const shown = Math.min(2_000, options.limit ?? 2_000);
      // `serialized` counts how often the answer was turned into JSON text
      const counter = { toJSON: () => (serializations++, 'counted') };
      return { events: Array.from({ length: shown }, (_, i) => ({ i, function: 'f'.repeat(80) })), total_events: 2_000, counter };
    }),
    queryExceptions: record('queryExceptions', (options: unknown) => ({ exceptions: [], options })),
    queryPerformance: record('queryPerformance', (options: unknown) => ({ functions: [], options })),
    querySql: record('querySql', (sql: string) => {
      if (/^\s*delete/i.test(sql)) throw new FakeStoreError('SQL_REFUSED', 'only SELECT statements may run');
      if (/boom/.test(sql)) throw new TypeError('something inside broke');
      return { columns: ['n'], rows: [{ n: 1 }] };
    }),
    getTrace: record('getTrace', (runId: number, options: unknown) => ({ run: { id: runId }, options })),
    close: () => void calls.push({ method: 'close', args: [] }),
  };
  // Only the query methods the MCP server calls; writing methods are absent on purpose.
  return store as unknown as Store;
}

let home: string;
let serializations = 0;
let calls: StoreCall[];
let logged: string[];
let ingested: string[];
let client: Client;

function text(result: CallToolResult): string {
  const first = result.content[0];
  if (first?.type !== 'text') throw new Error('expected text content');
  return first.text;
}

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

function makeProject(name: string, { database }: { database: boolean }): void {
  writeFileSync(join(home, `${name}.yaml`), 'include: ["./**"]\n');
  if (database) writeFileSync(join(home, `${name}-traces.db`), '');
}

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'breadcrumb-mcp-unit-'));
  calls = [];
  logged = [];
  ingested = [];
  makeProject('app', { database: true });
  makeProject('fresh', { database: false });
  makeProject('empty', { database: true });
  const access = new ProjectAccess({
    home,
    openStore: (database) => recordingStore(database.includes('empty') ? [] : [1, 2, 3], calls),
    ingestWaitingSpool: (_store, project) => void ingested.push(project.name),
  });
  const server = createBreadcrumbMcpServer({
    access,
    renderReport: (report, { project }) => `report of ${project}: ${JSON.stringify(report)}`,
    version: '0.0.0-test',
    log: (line) => logged.push(line),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: 'unit-test', version: '0' });
  await client.connect(clientSide);
});

afterEach(async () => {
  await client.close();
  rmSync(home, { recursive: true, force: true });
});

describe('tool list', () => {
  it('offers the nine tools, each with a required project argument and a description', async () => {
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
      expect(tool.inputSchema.required, tool.name).toContain('project');
      expect(tool.description!.length, tool.name).toBeGreaterThan(100);
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
    }
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get('get_calls')!.inputSchema.required).toEqual(['project', 'function']);
    expect(byName.get('query_traces')!.inputSchema.required).toEqual(['project', 'sql']);
    expect(byName.get('get_trace')!.inputSchema.required).toEqual(['project', 'trace_id']);
    expect(byName.get('find_gaps')!.description).toContain('--add-include');
  });

  it('tells the agent the workflow in its instructions', () => {
    expect(client.getInstructions()).toMatch(/find_gaps[\s\S]*--add-include[\s\S]*breadcrumb run/);
  });
});

describe('answers', () => {
  it('passes each query its run, limit and filters, and closes the store', async () => {
    const result = await call('get_calls', { project: 'app', function: 'Cart.total', run_id: 2, limit: 5 });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(text(result))).toEqual({ function: 'Cart.total', options: { runId: 2, limit: 5 }, calls: [] });
    expect(calls.map((c) => c.method)).toEqual(['queryCall', 'close']);
    expect(ingested).toEqual(['app']);
  });

  it("passes the config's excludes to the queries that suggest how to trace a callee", async () => {
    writeFileSync(join(home, 'app.yaml'), 'include: ["./**"]\nexclude: ["./vendor/**"]\n');
    expect(JSON.parse(text(await call('find_gaps', { project: 'app' })))).toEqual({
      untraced_calls: [],
      options: { project: 'app', excludes: ['./vendor/**'] },
    });
    const calls_ = JSON.parse(text(await call('get_calls', { project: 'app', function: 'f' })));
    expect(calls_.options).toEqual({ excludes: ['./vendor/**'] });
  });

  it('leaves absent options out so the store applies the CLI defaults', async () => {
    expect(JSON.parse(text(await call('find_exceptions', { project: 'app' })))).toEqual({ exceptions: [], options: {} });
    expect(JSON.parse(text(await call('get_flow', { project: 'app', module: './src/**' })))).toEqual({
      events: [],
      options: { module: './src/**' },
    });
    expect(JSON.parse(text(await call('find_gaps', { project: 'app', run_id: 1 })))).toEqual({
      untraced_calls: [],
      options: { project: 'app', runId: 1 },
    });
    expect(JSON.parse(text(await call('analyze_performance', { project: 'app', limit: 3 })))).toEqual({
      functions: [],
      options: { limit: 3 },
    });
  });

  it('asks again with a smaller limit when an answer would not fit an agent context', async () => {
    const text_ = text(await call('get_flow', { project: 'app', module: 'huge/**' }));
    expect(text_.length).toBeLessThanOrEqual(50_000);
    const flowCalls = calls.filter((c) => c.method === 'queryFlow').map((c) => c.args[0]);
    expect(flowCalls).toHaveLength(2);
    expect(flowCalls[0]).toEqual({ module: 'huge/**' });
    const { limit } = flowCalls[1] as { limit: number };
    expect(JSON.parse(text_).events).toHaveLength(limit);
    expect(limit).toBeGreaterThan(300);
    // An explicit limit is the agent's choice.
    const explicit = text(await call('get_flow', { project: 'app', module: 'huge/**', limit: 1_000 }));
    expect(JSON.parse(explicit).events).toHaveLength(1_000);
  });

  it("sends an answer as the one JSON text it measured: each answer asked is stringified once", async () => {
    serializations = 0;
    const result = await call('get_flow', { project: 'app', module: 'huge/**', limit: 10 });
    expect(result.content).toHaveLength(1);
    expect(JSON.parse(text(result))).toMatchObject({ total_events: 2_000, counter: 'counted' });
    expect(serializations).toBe(1);
    serializations = 0;
    const cut = JSON.parse(text(await call('get_flow', { project: 'app', module: 'huge/**' })));
    expect(cut.note).toMatch(/^cut to fit 50,000 characters/);
    // the default answer and the one asked again with a smaller limit
    expect(serializations).toBe(2);
  });

  it('reports the latest run by default, as JSON or as the CLI text', async () => {
    expect(JSON.parse(text(await call('run_report', { project: 'app' })))).toEqual({
      run: { id: 3 },
      metrics: { calls: 3 },
    });
    expect(text(await call('run_report', { project: 'app', run_id: 1, format: 'text' }))).toBe(
      'report of app: {"run":{"id":1},"metrics":{"calls":3}}',
    );
  });

  it('lists runs, and no runs for a project that has never run', async () => {
    expect(JSON.parse(text(await call('list_runs', { project: 'app', limit: 2 })))).toEqual({
      project: 'app',
      runs: [
        { id: 3, status: 'completed' },
        { id: 2, status: 'completed' },
        { id: 1, status: 'completed' },
      ],
    });
    expect(calls[0]).toEqual({ method: 'listRuns', args: [{ limit: 2 }] });
    expect(JSON.parse(text(await call('list_runs', { project: 'fresh' })))).toEqual({ project: 'fresh', runs: [] });
  });

  it('gets one trace and runs read-only SQL', async () => {
    expect(JSON.parse(text(await call('get_trace', { project: 'app', trace_id: 2, limit: 10 })))).toEqual({
      run: { id: 2 },
      options: { limit: 10 },
    });
    expect(JSON.parse(text(await call('query_traces', { project: 'app', sql: 'SELECT 1 AS n' })))).toEqual({
      columns: ['n'],
      rows: [{ n: 1 }],
    });
  });
});

describe('bad calls', () => {
  it('names the projects that exist for an unknown project', async () => {
    const result = await call('find_exceptions', { project: 'nope' });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(`unknown project 'nope' in ${home}; projects that exist: app, empty, fresh`);
  });

  it('keeps the list of projects to one readable line when there are many', async () => {
    for (let i = 0; i < 40; i++) makeProject(`p${String(i).padStart(2, '0')}`, { database: false });
    const message = text(await call('list_runs', { project: 'nope' }));
    expect(message).toMatch(/projects that exist: app, empty, fresh, p00, .*, p26 and 13 more$/);
  });

  it('refuses a project name that would leave the folder', async () => {
    const result = await call('list_runs', { project: '../etc' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^invalid project name '\.\.\/etc'/);
  });

  it('names the runs that exist for an unknown run', async () => {
    for (const [tool, args] of [
      ['get_calls', { function: 'add', run_id: 9 }],
      ['run_report', { run_id: 9 }],
      ['get_trace', { trace_id: 9 }],
    ] as const) {
      const result = await call(tool, { project: 'app', ...args });
      expect(result.isError, tool).toBe(true);
      expect(text(result), tool).toBe(
        "project 'app' has no run 9; its most recent runs are 3, 2, 1 (call list_runs for details)",
      );
    }
  });

  it('says how to make a first run when the project has none', async () => {
    for (const project of ['fresh', 'empty']) {
      const result = await call('find_gaps', { project });
      expect(result.isError).toBe(true);
      expect(text(result)).toContain(`has no traced runs yet; trace one with \`breadcrumb run -c ${project} -- node main.js\``);
    }
  });

  it('rejects arguments that do not fit the schema, and keeps serving', async () => {
    const missing = await call('get_calls', { project: 'app' });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/Input validation error[\s\S]*function/);
    const wrongType = await call('find_exceptions', { project: 'app', run_id: 'latest' });
    expect(wrongType.isError).toBe(true);
    expect(text(wrongType)).toMatch(/run_id/);
    const negative = await call('analyze_performance', { project: 'app', limit: -1 });
    expect(negative.isError).toBe(true);
    expect(calls).toEqual([]);
    expect((await call('list_runs', { project: 'app' })).isError).toBeFalsy();
  });

  it('refuses writes in query_traces', async () => {
    const result = await call('query_traces', { project: 'app', sql: 'DELETE FROM runs' });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(
      'query_traces is read-only: only SELECT statements may run; nothing was changed (to delete old runs, use `breadcrumb clear -c app --keep N` in a shell)',
    );
  });

  it('answers an internal failure with isError, logs it on stderr, and keeps serving', async () => {
    const result = await call('query_traces', { project: 'app', sql: 'SELECT boom' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^query_traces failed inside Breadcrumb: something inside broke/);
    expect(logged.join('\n')).toMatch(/TypeError: something inside broke\n\s+at /);
    expect(calls.at(-1)).toEqual({ method: 'close', args: [] });
    expect((await call('find_exceptions', { project: 'app' })).isError).toBeFalsy();
  });

  it('answers an unknown tool with isError', async () => {
    const result = await call('drop_everything', { project: 'app' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/drop_everything not found/);
  });
});
