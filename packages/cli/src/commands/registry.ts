// Every `breadcrumb` command, one line each: a command file exports `command: BreadcrumbCommand`, and
// adding it here is all it takes to register it (help and validation come from its declaration).

export { command as init } from './init.js';
export { command as config } from './config.js';
export { command as run } from './run.js';
export { command as report } from './report.js';
export { command as list } from './list.js';
export { command as query } from './query.js';
export { command as clear } from './clear.js';
export { command as ingest } from './ingest.js';
export { command as build } from './build.js';
export { command as serveMcp } from './serve-mcp.js';
