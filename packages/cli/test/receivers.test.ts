// examples/receivers end to end through the built binary: each call of a function that reads `this`
// shows its receiver (`this`), in --call, --flow and the MCP get_calls tool; an error handed to a
// logger twice shows its stack once per answer; files in answers are relative to the project root.

import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BREADCRUMB_BIN, EXAMPLES, makeCli, type Cli } from './cli-harness.js';

const EXAMPLE = path.join(EXAMPLES, 'receivers');

interface Call {
  args: unknown;
  this?: unknown;
  return_value?: unknown;
  exception?: { type: string };
  file: string;
}

let cli: Cli;
beforeAll(() => {
  cli = makeCli();
  cli.json(['init', 'receivers'], { cwd: EXAMPLE });
  // the receiver's first fields (by default only its class is kept)
  cli.json(['config', 'edit', 'receivers', '--set', 'capture.this_values=8'], { cwd: EXAMPLE });
  const run = cli.run(['run', '-c', 'receivers', '--', 'node', 'main.js'], { cwd: EXAMPLE });
  expect(run.status).toBe(0);
  // the program's own output, unchanged: the bugs are the program's
  expect(run.stdout).toBe('area = NaN\nbump: TypeError\nparsed 1\n');
});

const calls = (name: string) => cli.json<{ calls: Call[] }>(['query', '-c', 'receivers', '--call', name], { cwd: EXAMPLE }).calls;

describe('the receiver of each call', () => {
  it("shows a base constructor running the override before the subclass's fields exist", () => {
    const [override] = calls('Square.computeArea');
    expect(override).toMatchObject({ args: {}, this: { $class: 'Square', name: 'sq' }, return_value: { $type: 'number', value: 'NaN' } });
    expect(override!.this).not.toHaveProperty('side');
    // the base constructor's receiver, on entry: the subclass's instance, nothing set yet
    expect(calls('Shape.constructor')[0]).toMatchObject({ args: { name: 'sq' }, this: { $class: 'Square' } });
  });

  it('shows a method called through a detached reference, and none for a function that does not read `this`', () => {
    const [bound, detached] = calls('bump');
    expect(bound!.this).toEqual({ count: 0, bump: { $type: 'function', name: 'bump' } });
    expect(detached).toMatchObject({ this: { $type: 'undefined' }, exception: { type: 'TypeError' } });
    expect(calls('parseAll')[0]).not.toHaveProperty('this');
  });

  it('is not searched by --match, which looks at what a call was given and gave back', () => {
    const matched = (text: string) =>
      cli.json<{ matched_calls: number }>(['query', '-c', 'receivers', '--call', 'bump', '--match', text], { cwd: EXAMPLE }).matched_calls;
    // `count` is in the first call's receiver and in the second's exception ("reading 'count'"): the exception matches
    expect(matched('count')).toBe(1);
    expect(matched('"count": 0')).toBe(0);
  });

  it('is in --flow too, beside the arguments', () => {
    const flow = cli.json<{ events: { type: string; function: string; this?: unknown }[] }>(['query', '-c', 'receivers', '--flow'], { cwd: EXAMPLE });
    const entered = flow.events.filter((e) => e.type === 'call' && e.function === 'counter.bump').map((e) => e.this);
    expect(entered).toEqual([{ count: 0, bump: { $type: 'function', name: 'bump' } }, { $type: 'undefined' }]);
  });
});

describe('paths and stacks in answers', () => {
  it("writes an error's stack once per answer, with the project's files as module ids", () => {
    const [first, second] = calls('logFailure');
    const stack = (first!.args as { error: { stack: string } }).error.stack;
    expect(stack).toMatch(/^SyntaxError: .*\n {4}at JSON\.parse \(<anonymous>\)\n {4}at parseAll \(\.\/main\.js:41:21\)/);
    expect(stack).not.toContain(EXAMPLE);
    expect((second!.args as { error: { stack: unknown } }).error.stack).toEqual({ $same_as: 'calls[0].args.error.stack' });
    expect(first!.file).toBe('./main.js');
  });

  it('--exceptions and --performance name files relative to the root as well', () => {
    const exceptions = cli.json<{ exceptions: { file: string; stack: string }[] }>(['query', '-c', 'receivers', '--exceptions'], { cwd: EXAMPLE });
    expect(exceptions.exceptions.map((e) => e.file)).toEqual(['./main.js']);
    expect(exceptions.exceptions[0]!.stack).toContain('at bump (./main.js:28:5)');
    const performance = cli.json<{ functions: { file: string }[] }>(['query', '-c', 'receivers', '--performance'], { cwd: EXAMPLE });
    expect(new Set(performance.functions.map((f) => f.file))).toEqual(new Set(['./main.js']));
  });
});

describe('the MCP get_calls tool', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ name: 'breadcrumb-e2e-receivers', version: '0' });
    await client.connect(
      new StdioClientTransport({ command: BREADCRUMB_BIN, args: ['serve-mcp'], env: { ...getDefaultEnvironment(), BREADCRUMB_HOME: cli.home }, stderr: 'pipe' }),
    );
  }, 60_000);
  afterAll(async () => client?.close());

  it('get_trace writes stacks as --flow does: once per answer, files relative to the root', async () => {
    const result = (await client.callTool({ name: 'get_trace', arguments: { project: 'receivers', trace_id: 1 } })) as CallToolResult;
    const text = result.content[0]!.type === 'text' ? result.content[0]!.text : '';
    const logged = (events: { type: string; function: string; args?: { error: { stack: unknown } } }[]) =>
      events.filter((e) => e.type === 'call' && e.function === 'logFailure').map((e) => e.args!.error.stack);
    const flow = cli.json<{ events: Parameters<typeof logged>[0] }>(['query', '-c', 'receivers', '--flow'], { cwd: EXAMPLE });
    const stacks = logged(JSON.parse(text).events);
    expect(stacks).toEqual(logged(flow.events));
    expect(stacks[0]).toContain('at parseAll (./main.js:41:21)');
    expect(stacks[1]).toEqual({ $same_as: expect.stringMatching(/^events\[\d+\]\.args\.error\.stack$/) });
  });

  it('answers the same receivers', async () => {
    const result = (await client.callTool({ name: 'get_calls', arguments: { project: 'receivers', function: 'bump' } })) as CallToolResult;
    const text = result.content[0]!.type === 'text' ? result.content[0]!.text : '';
    expect(JSON.parse(text).calls.map((c: Call) => c.this)).toEqual([{ count: 0, bump: { $type: 'function', name: 'bump' } }, { $type: 'undefined' }]);
  });
});
