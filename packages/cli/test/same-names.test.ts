// Functions that share a name, end to end through the binary: acorn's three `parse` functions are
// named apart, and two nested `helper`s of one module are offered as `--call` arguments that each pick
// one, in the error, in --performance and in the run report; and two helpers that call and throw
// through each other are told apart in every plain list of names, in the CLI's JSON and the MCP tools'.

import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BREADCRUMB_BIN, expectOneLineError, makeCli, type Cli } from './cli-harness.js';

const FIXTURE = path.join(__dirname, 'fixtures', 'same-names');

interface CallResult {
  function: string;
  call?: string;
  module: string;
  total_calls: number;
  calls: { line: number; args: unknown; return_value: unknown }[];
}

let cli: Cli;
let report: string;
beforeAll(() => {
  cli = makeCli();
  cli.json(['init', 'names']);
  const run = cli.run(['run', '-c', 'names', '--', 'node', 'main.js'], { cwd: FIXTURE });
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('QUIET WORDS');
  report = run.stderr;
});

const call = (name: string) => cli.json<CallResult>(['query', '-c', 'names', '--call', name], { cwd: FIXTURE });

it("names acorn's three parse functions apart: the export, the static and the method", () => {
  expect(call('parse')).toMatchObject({ function: 'parse', module: './parser.js', total_calls: 1, calls: [{ line: 23 }] });
  expect(call('Parser.parse')).toMatchObject({ function: 'Parser.parse', calls: [{ line: 19 }] });
  expect(call('Parser.prototype.parse')).toMatchObject({ function: 'Parser.prototype.parse', calls: [{ line: 9 }] });
  // a method assigned through `var pp = Parser.prototype`
  expect(call('parseTopLevel').function).toBe('Parser.prototype.parseTopLevel');
  // `exports.loud = function amplify`: both names find it
  expect(call('amplify').function).toBe('exports.loud (function amplify)');
  expect(call('loud').calls[0]!.return_value).toBe('QUIET WORDS');
  const performance = cli.json<{ functions: { function: string }[] }>(['query', '-c', 'names', '--performance'], { cwd: FIXTURE });
  expect(performance.functions.map((f) => f.function)).toEqual(expect.arrayContaining(['parse', 'Parser.parse', 'Parser.prototype.parse']));
});

it('offers two nested helpers of one module as arguments that each pick one', () => {
  const ambiguous = cli.run(['query', '-c', 'names', '--call', 'helper'], { cwd: FIXTURE });
  expect(ambiguous.status).toBe(2);
  const line = expectOneLineError(ambiguous);
  expect(line).toBe(
    "breadcrumb: 'helper' names 2 functions: ./parser.js:helper@28, ./parser.js:helper@33; " +
      'pass one of them to --call (MODULE:NAME, with @LINE or @LINE:COLUMN where a module has more than one)',
  );
  const first = call('./parser.js:helper@28');
  expect(first).toMatchObject({ function: 'helper', call: './parser.js:helper@28', total_calls: 4 });
  expect(first.calls.map((c) => c.return_value)).toEqual([3, 1, 2, 3]);
  expect(call('helper@33')).toMatchObject({ call: './parser.js:helper@33', total_calls: 2 });
  expect(call('helper@33').calls.map((c) => c.return_value)).toEqual(['QUIET', 'WORDS']);

  const performance = cli.json<{ functions: { function: string; call?: string; calls: number }[] }>(['query', '-c', 'names', '--performance'], { cwd: FIXTURE });
  const helpers = performance.functions.filter((f) => f.function === 'helper');
  expect(helpers.map((f) => `${f.call}:${f.calls}`).sort()).toEqual(['./parser.js:helper@28:4', './parser.js:helper@33:2']);
  expect(performance.functions.find((f) => f.function === 'words')).not.toHaveProperty('call');

  const flow = cli.json<{ events: { type: string; function: string; call?: string }[] }>(['query', '-c', 'names', '--flow'], { cwd: FIXTURE });
  const helperCalls = flow.events.filter((e) => e.type === 'call' && e.function === 'helper').map((e) => e.call);
  expect(helperCalls).toEqual([...Array(4).fill('./parser.js:helper@28'), './parser.js:helper@33', './parser.js:helper@33']);
  expect(flow.events.find((e) => e.function === 'words')).not.toHaveProperty('call');

  // the report prints the argument in place of the name
  expect(report).toMatch(/^ +-> \.\/parser\.js:helper@33 ×2 \(/m);
  expect(report).toMatch(/^ {2}\.\/parser\.js:helper@28: 4 calls$/m);
  expect(report).toMatch(/^ {2}words: 4 calls {2}\(\.\/parser\.js\)$/m);
});

describe('plain lists of names, two helpers that call and throw through each other', () => {
  let relay: Cli;
  let relayReport: string;
  beforeAll(() => {
    relay = makeCli();
    relay.json(['init', 'relay']);
    const run = relay.run(['run', '-c', 'relay', '--', 'node', 'relay.js'], { cwd: FIXTURE });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('caught too far: 2\n');
    relayReport = run.stderr;
  });

  const query = <T>(...args: string[]) => relay.json<T>(['query', '-c', 'relay', ...args], { cwd: FIXTURE });
  /** What `--call NAME` picks: its `call` argument where it has one, else its name (and no error). */
  const picked = (name: string) => {
    const found = query<CallResult>('--call', name);
    return found.call ?? found.function;
  };

  it('shows the argument that picks each helper wherever a list names one, and each picks it back', () => {
    const { exceptions } = query<{ exceptions: { function: string; call?: string; caught_by: string | null; propagated_through: string[]; call_chain: string[] }[] }>('--exceptions');
    expect(exceptions).toMatchObject([
      {
        function: 'helper',
        call: './relay.js:helper@8',
        caught_by: './relay.js:helper@8',
        propagated_through: ['first', './relay.js:helper@21', 'second'],
        call_chain: ['first', './relay.js:helper@8', 'second', './relay.js:helper@21', 'first', './relay.js:helper@8'],
      },
    ]);

    const second = query<{ calls: { called_by: string | null; calls_made: string[] }[] }>('--call', 'second');
    expect(second.calls).toMatchObject([{ called_by: './relay.js:helper@8', calls_made: ['./relay.js:helper@21'] }]);
    const first = query<{ calls: { called_by: string | null; calls_made: string[] }[] }>('--call', 'first');
    expect(first.calls.map((c) => c.called_by)).toEqual([null, './relay.js:helper@21']);
    expect(first.calls.map((c) => c.calls_made)).toEqual([['./relay.js:helper@8'], ['./relay.js:helper@8']]);

    const gaps = query<{ untraced_calls: { function: string; called_by: string | null; callers: string[] }[] }>('--gaps');
    const assertOk = gaps.untraced_calls.find((g) => g.function === 'assert.ok');
    expect(assertOk?.callers.sort()).toEqual(['./relay.js:helper@21', './relay.js:helper@8']);

    const listed = new Set([
      ...exceptions.flatMap((e) => [e.caught_by!, ...e.propagated_through, ...e.call_chain]),
      ...[...second.calls, ...first.calls].flatMap((c) => [c.called_by, ...c.calls_made]).filter((name): name is string => name !== null),
      ...assertOk!.callers,
    ]);
    expect([...listed].sort()).toEqual(['./relay.js:helper@21', './relay.js:helper@8', 'first', 'second']);
    for (const name of listed) expect(picked(name)).toBe(name);
  });

  it('the MCP tools answer the same lists', async () => {
    const transport = new StdioClientTransport({ command: BREADCRUMB_BIN, args: ['serve-mcp'], env: { ...getDefaultEnvironment(), BREADCRUMB_HOME: relay.home }, stderr: 'pipe' });
    const client = new Client({ name: 'same-names', version: '0' });
    await client.connect(transport);
    try {
      const tool = async (name: string, args: Record<string, unknown> = {}) => {
        const result = (await client.callTool({ name, arguments: { project: 'relay', ...args } })) as CallToolResult;
        const first = result.content[0];
        if (first?.type !== 'text' || result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
        return JSON.parse(first.text) as unknown;
      };
      expect(await tool('find_exceptions')).toEqual(query('--exceptions'));
      expect(await tool('get_calls', { function: 'second' })).toEqual(query('--call', 'second'));
      expect(await tool('get_calls', { function: './relay.js:helper@21' })).toEqual(query('--call', './relay.js:helper@21'));
      expect(await tool('find_gaps')).toEqual(query('--gaps'));
    } finally {
      await client.close();
    }
  });

  it("the report's exception line names the helper that threw as --call takes it", () => {
    expect(relayReport).toMatch(/^ {4}in \.\/relay\.js:helper@8 at relay\.js:10 \(caught\)$/m);
  });
});
