// Where a project's files live. One folder (BREADCRUMB_HOME, default ~/.breadcrumb) holds, per project
// NAME: NAME.yaml (the config), NAME-traces.db (the trace database) and spool/NAME/ (event files
// waiting to be ingested; run-<id>/ for a `breadcrumb run` in progress).

import fs from 'node:fs';
import path from 'node:path';
import { breadcrumbHome as coreBreadcrumbHome, projectSpoolDir, transformCacheDir } from '@breadcrumb/core';
import { InvalidProjectNameError, ProjectNotFoundError } from '../errors.js';

const PROJECT_NAME = /^[A-Za-z0-9._-]+$/;

/** `$BREADCRUMB_HOME`, else `~/.breadcrumb`: the runtime's definition, so both look in one place. */
export const breadcrumbHome: (env?: NodeJS.ProcessEnv) => string = coreBreadcrumbHome;

export function assertProjectName(name: string): string {
  // '.' and '..' match the character class but would escape the folder.
  if (!PROJECT_NAME.test(name) || name === '.' || name === '..') throw new InvalidProjectNameError(name);
  return name;
}

export interface ProjectPaths {
  name: string;
  home: string;
  config: string;
  database: string;
  /** The project's spool folder: builds and crashed CLIs leave files here. */
  spool: string;
  /** The on-disk transform cache shared by every project. */
  cache: string;
}

export function projectPaths(name: string, home: string = breadcrumbHome()): ProjectPaths {
  assertProjectName(name);
  return {
    name,
    home,
    config: path.join(home, `${name}.yaml`),
    database: path.join(home, `${name}-traces.db`),
    spool: projectSpoolDir(home, name),
    cache: transformCacheDir(home),
  };
}

/**
 * The paths of a project that exists (has a config). Commands that only read traces need no more
 * than this, and so never load the YAML parser.
 */
export function existingProjectPaths(name: string): ProjectPaths {
  const paths = projectPaths(name);
  if (!fs.existsSync(paths.config)) throw new ProjectNotFoundError(name);
  return paths;
}

export function runSpoolDir(paths: ProjectPaths, runId: number): string {
  return path.join(paths.spool, `run-${runId}`);
}

/**
 * Creates a folder (and missing parents) readable by the owner only: traces may hold secrets. An
 * existing folder keeps its mode: BREADCRUMB_HOME may be a folder the user chose and shares.
 */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Names of the projects that have a config file in `home`. */
export function listProjectNames(home: string = breadcrumbHome()): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(home);
  } catch {
    return [];
  }
  return entries
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .filter((n) => PROJECT_NAME.test(n))
    .sort();
}
