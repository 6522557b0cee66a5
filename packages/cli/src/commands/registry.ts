// Every `breadcrumb` command, one line each: a command file exports `command: BreadcrumbCommand`, and
// adding `name: () => import('./file.js')` here is all it takes to register it (help and validation
// come from its declaration). Files are loaded only when their command is used (or for --help and
// typos), so that no command pays for another's dependencies (the MCP SDK, Babel).

import type { BreadcrumbCommand } from './command.js';

export const COMMANDS: Readonly<Record<string, () => Promise<{ command: BreadcrumbCommand }>>> = {
  init: () => import('./init.js'),
  config: () => import('./config.js'),
  run: () => import('./run.js'),
  report: () => import('./report.js'),
  list: () => import('./list.js'),
  query: () => import('./query.js'),
  clear: () => import('./clear.js'),
  ingest: () => import('./ingest.js'),
  build: () => import('./build.js'),
  'serve-mcp': () => import('./serve-mcp.js'),
};
