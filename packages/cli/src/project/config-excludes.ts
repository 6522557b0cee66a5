// The project's exclude globs as the config says now, for the queries that suggest how to trace an
// untraced callee (excludes win over includes: for an excluded callee the fix is to remove the exclude).

import fs from 'node:fs';
import { loadConfig, parseConfig } from '../config/document.js';
import type { ProjectPaths } from './paths.js';

/** A config that is missing or does not load leaves the recorded runs to query: only the hint is lost. */
export function configExcludes(paths: ProjectPaths): string[] {
  try {
    return loadConfig(parseConfig(paths.config, fs.readFileSync(paths.config, 'utf8'))).exclude;
  } catch {
    return [];
  }
}

/** `{ excludes }` for a store query's options, left out when the config excludes nothing. */
export function excludesOption(paths: ProjectPaths): { excludes?: string[] } {
  const excludes = configExcludes(paths);
  return excludes.length > 0 ? { excludes } : {};
}
