// Before a tool answers, what waits in the project's spool folder is ingested with the CLI's own
// function (project/waiting-spool.ts), so an agent sees what `breadcrumb query` would: recordings of
// pre-instrumented builds, and runs whose CLI died before finishing its ingest. A run in progress is
// left to its own CLI; the store keeps per-file offsets, so nothing is ever stored twice.

import type { ProjectPaths } from '../project/paths.js';
import type { Store } from '../project/store-client.js';
import { describeIngest, ingestWaitingSpool } from '../project/waiting-spool.js';
import type { Log } from './tool-result.js';

export function makeSpoolIngest(log: Log) {
  return function ingestProjectSpool(store: Store, project: ProjectPaths): void {
    try {
      for (const done of ingestWaitingSpool(store, project)) {
        log(`breadcrumb serve-mcp: ingested ${done.folder}: ${describeIngest(done.stats)}`);
      }
    } catch (error) {
      // The answer then comes from what is already stored; the spool files stay for the next try.
      log(
        `breadcrumb serve-mcp: could not ingest ${project.spool} (answering from the database as it is): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}
