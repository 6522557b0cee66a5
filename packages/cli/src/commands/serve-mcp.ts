// `breadcrumb serve-mcp`: the MCP server on stdio. Only wiring: the tools live in ../mcp/. stdout is the
// protocol, so everything else (logs, a stray console.log from a dependency) goes to stderr; the server
// ends when its client closes stdin.

import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { BreadcrumbCommand } from './command.js';
import { ProjectAccess } from '../mcp/project-access.js';
import { createBreadcrumbMcpServer } from '../mcp/server.js';
import { makeSpoolIngest } from '../mcp/spool-ingest.js';
import { breadcrumbHome } from '../project/paths.js';
import { openStore, renderReport } from '../project/store-client.js';

export interface ServeMcpOptions {
  home?: string;
  stdin?: NodeJS.ReadableStream & { pause(): unknown };
  stdout?: NodeJS.WritableStream;
  log?: (line: string) => void;
}

export async function serveMcp(options: ServeMcpOptions = {}): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const log = options.log ?? ((line: string) => void process.stderr.write(line + '\n'));
  if (stdout === process.stdout) console.log = console.error;

  const access = new ProjectAccess({
    home: options.home ?? breadcrumbHome(),
    openStore: (database) => openStore(database),
    ingestWaitingSpool: makeSpoolIngest(log),
  });
  const server = createBreadcrumbMcpServer({ access, renderReport, version: cliVersion(), log });
  const transport = new StdioServerTransport(stdin as never, stdout as never);
  server.server.onerror = (error) => log(`breadcrumb serve-mcp: protocol error: ${error.message}`);

  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  const stop = () => void server.close().catch(() => undefined);
  stdin.once('end', stop);
  stdin.once('close', stop);
  // A client that went away mid-answer: nothing left to serve.
  stdout.once('error', stop);

  await server.connect(transport);
  log(`breadcrumb serve-mcp: serving projects of ${access.home} on stdio`);
  await closed;
}

function cliVersion(): string {
  // Compiled to dist/commands/, run from src/commands/ by the tests: package.json is two folders up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}

export const command: BreadcrumbCommand = {
  command: 'serve-mcp',
  describe: 'Serve the queries to an agent as MCP tools on stdio (ends when stdin closes)',
  builder: (y) =>
    y
      .strict()
      .epilogue(
        'MCP client config: {"mcpServers": {"breadcrumb": {"command": "breadcrumb", "args": ["serve-mcp"]}}}\n' +
          'Projects are read from $BREADCRUMB_HOME (default ~/.breadcrumb); every tool takes the project name.',
      ),
  handler: () => serveMcp(),
};
