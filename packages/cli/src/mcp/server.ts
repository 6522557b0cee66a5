// The Breadcrumb MCP server: the tools of tools.ts on an McpServer, transport-agnostic (serve-mcp.ts
// connects it to stdio; tests may connect it in memory).

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { answerWithinBudget } from '../output/answer-budget.js';
import { errorResult, textResult, type Log } from './tool-result.js';
import { TOOLS, type ToolContext, type ToolDefinition } from './tools.js';

export const SERVER_INSTRUCTIONS = [
  'Breadcrumb records what a Node.js program actually did (every call of the traced modules: arguments, return values, exceptions, timings, callers) when it is run as `breadcrumb run -c PROJECT -- node main.js`, and these tools answer questions about those runs as JSON.',
  'Every tool needs the project name (-c PROJECT); an unknown name is answered with the projects that exist. Tools default to the latest run; list_runs gives run ids.',
  'Start with run_report, then find_exceptions (what failed and where), get_calls (what a function received and returned), get_flow (in what order things ran), analyze_performance (where time went).',
  "When a call tree stops at a library or get_calls cannot find a function, call find_gaps: it names the untraced callees and the include glob for each; in a shell run `breadcrumb config edit PROJECT --add-include '<glob>'`, re-run the program with `breadcrumb run`, then ask again.",
  'query_traces runs read-only SQL for anything else.',
  "Answers are the JSON of the matching `breadcrumb query` command: where a note says `--limit N` or `--run ID`, pass the tool's `limit` or `run_id` argument; where a report or tip recommends `breadcrumb query -c PROJECT --call/--gaps/--flow/--exceptions/--performance/--sql`, call get_calls/find_gaps/get_flow/find_exceptions/analyze_performance/query_traces.",
].join('\n');

export interface BreadcrumbMcpServerOptions extends ToolContext {
  version: string;
  log: Log;
}

export function createBreadcrumbMcpServer(options: BreadcrumbMcpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'breadcrumb', title: 'Breadcrumb execution traces', version: options.version },
    { instructions: SERVER_INSTRUCTIONS },
  );
  for (const tool of TOOLS) registerTool(server, tool, options);
  return server;
}

function registerTool(server: McpServer, tool: ToolDefinition, options: BreadcrumbMcpServerOptions): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputShape,
      annotations: { title: tool.title, readOnlyHint: true, openWorldHint: false },
    },
    (args: unknown): CallToolResult => callTool(tool, args, options),
  );
}

/** One tool call, without the transport: validated arguments in, a tool result out, never a throw. */
export function callTool(tool: ToolDefinition, args: unknown, options: BreadcrumbMcpServerOptions): CallToolResult {
  type Args = Parameters<ToolDefinition['run']>[0] & { limit?: number };
  const given = args as Args;
  try {
    // the compact JSON the budget measured is the tool result's one text: the answer is stringified once
    const { text } = answerWithinBudget(given.limit, tool.listKey, (limit) => tool.run((limit === given.limit ? given : { ...given, limit }) as Args, options));
    return textResult(text);
  } catch (error) {
    return errorResult(tool.name, error, options.log);
  }
}
