// Before a tool answers, what waits in the project's spool folder is ingested, as the CLI's queries do:
// files left by pre-instrumented builds or by a `breadcrumb run` that died before finishing its ingest.
// A run in progress spools into its own `run-<id>/` subfolder and ingests it itself; the store keeps
// per-file offsets, so two ingesters never store a frame twice.

import { existsSync, readdirSync } from 'node:fs';
import { SPOOL_FILE_EXTENSION } from '@breadcrumb/core';
import type { Log } from './tool-result.js';

export interface SpoolIngestingStore {
  ingester(spoolDir: string, options: { runId: number | null; project: string }): { poll(): unknown };
  close(): void;
}

export interface SpoolIngestOptions {
  openWritableStore(databasePath: string): SpoolIngestingStore;
  log: Log;
}

export function makeSpoolIngest(options: SpoolIngestOptions) {
  return function ingestWaitingSpool(project: { name: string; database: string; spoolDir: string }): void {
    if (!hasSpoolFiles(project.spoolDir)) return;
    try {
      const store = options.openWritableStore(project.database);
      try {
        // poll, not drain: the process that writes these files may still be running.
        store.ingester(project.spoolDir, { runId: null, project: project.name }).poll();
      } finally {
        store.close();
      }
    } catch (error) {
      // The answer then comes from what is already stored; the spool files stay for the next try.
      options.log(
        `breadcrumb serve-mcp: could not ingest ${project.spoolDir} (answering from the database as it is): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

function hasSpoolFiles(dir: string): boolean {
  if (!existsSync(dir)) return false;
  try {
    return readdirSync(dir).some((entry) => entry.endsWith(SPOOL_FILE_EXTENSION));
  } catch {
    return false;
  }
}
