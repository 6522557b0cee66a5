// Turning what a tool returned or threw into an MCP tool result. Every failure becomes an `isError`
// result whose text is one line an agent can act on; internal failures are also logged, with their
// stack, on stderr (stdout carries the protocol).

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CliError } from '../errors.js';
import { isStoreError } from '../project/store-client.js';
import { McpToolError } from './errors.js';

export type Log = (line: string) => void;

export function textResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }] };
}

export function errorResult(toolName: string, error: unknown, log: Log): CallToolResult {
  return { content: [{ type: 'text', text: describeFailure(toolName, error, log) }], isError: true };
}

function describeFailure(toolName: string, error: unknown, log: Log): string {
  if (error instanceof McpToolError) return error.message;
  // The CLI's own checks (a project name, a config) speak to users already.
  if (error instanceof CliError) return firstLine(error.message);
  // The store's errors are written for users too: a problem and its fix.
  if (isStoreError(error)) return firstLine(error.message);
  if (isSqliteError(error)) return `${toolName}: SQLite error ${error.code}: ${firstLine(error.message)}`;
  log(`breadcrumb serve-mcp: ${toolName} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return `${toolName} failed inside Breadcrumb: ${error instanceof Error ? firstLine(error.message) : String(error)} (the server's stderr has the details; other tools keep working)`;
}

function isSqliteError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && error.name === 'SqliteError' && typeof (error as { code?: unknown }).code === 'string';
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}
