// The project config (+ the run's --include/--exclude) turned into the RuntimeSettings every traced
// process reads from BREADCRUMB_SETTINGS.

import os from 'node:os';
import path from 'node:path';
import type { RuntimeSettings } from '@breadcrumb/core';
import type { ProjectConfig } from './schema.js';

export interface RunContext {
  project: string;
  runId: number | null;
  spoolDir: string;
  /** The directory the run starts in: the default root, and what a relative root is resolved from. */
  cwd: string;
  cacheDir: string | null;
  extraInclude?: readonly string[];
  extraExclude?: readonly string[];
}

export function buildRuntimeSettings(config: ProjectConfig, run: RunContext): RuntimeSettings {
  return {
    enabled: true,
    project: run.project,
    runId: run.runId,
    spoolDir: run.spoolDir,
    root: resolveRoot(config.root, run.cwd),
    include: unique([...config.include, ...(run.extraInclude ?? [])]),
    exclude: unique([...config.exclude, ...(run.extraExclude ?? [])]),
    sampleRate: config.sampleRate,
    maxDetailedCallsPerFunction: config.maxDetailedCallsPerFunction,
    gapIntrinsics: config.gapIntrinsics,
    capture: { ...config.capture },
    redaction: { patterns: [...config.redaction.patterns], allowKeys: [...config.redaction.allowKeys] },
    cacheDir: run.cacheDir,
    spoolFileBytes: config.spoolFileBytes,
    spoolMaxBytes: config.spoolMaxBytes,
  };
}

export function resolveRoot(root: string | null, cwd: string): string {
  if (root === null) return path.resolve(cwd);
  const expanded = root === '~' ? os.homedir() : root.startsWith('~/') ? path.join(os.homedir(), root.slice(2)) : root;
  return path.resolve(cwd, expanded);
}

function unique(globs: string[]): string[] {
  return [...new Set(globs)];
}
