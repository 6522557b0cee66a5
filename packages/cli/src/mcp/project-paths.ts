// Where a project's files live: `$BREADCRUMB_HOME` (default ~/.breadcrumb) holds `NAME.yaml`, the
// trace database `NAME-traces.db` and the spool folder `spool/NAME/`.
//
// NOTE: the CLI's own project module was not written yet when the MCP server was; these are the
// smallest local equivalents. When `packages/cli/src` grows project-path helpers, this file should
// delegate to them so that both doors agree on every path.

import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ENV } from '@breadcrumb/core';

const PROJECT_NAME = /^[A-Za-z0-9._-]+$/;
const CONFIG_SUFFIX = '.yaml';
const DATABASE_SUFFIX = '-traces.db';

export interface ProjectPaths {
  name: string;
  home: string;
  config: string;
  database: string;
  spoolDir: string;
}

export function breadcrumbHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[ENV.home];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(homedir(), '.breadcrumb');
}

export function isValidProjectName(name: string): boolean {
  return PROJECT_NAME.test(name) && name !== '.' && name !== '..';
}

export function projectPaths(home: string, name: string): ProjectPaths {
  return {
    name,
    home,
    config: join(home, name + CONFIG_SUFFIX),
    database: join(home, name + DATABASE_SUFFIX),
    spoolDir: join(home, 'spool', name),
  };
}

/** Names of the projects in `home`: those with a config, a trace database, or both. Sorted. */
export function listProjects(home: string): string[] {
  if (!existsSync(home)) return [];
  const names = new Set<string>();
  for (const entry of readdirSync(home)) {
    const name = entry.endsWith(DATABASE_SUFFIX)
      ? entry.slice(0, -DATABASE_SUFFIX.length)
      : entry.endsWith(CONFIG_SUFFIX)
        ? entry.slice(0, -CONFIG_SUFFIX.length)
        : null;
    if (name !== null && isValidProjectName(name)) names.add(name);
  }
  return [...names].sort();
}
