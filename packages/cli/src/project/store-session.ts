// Opening a project's store for a read command: first ingest what is waiting in its spool folder
// (and say so on stderr), then hand the store over, and close it whatever happens.

import { NoRunsError } from '../errors.js';
import { note } from '../output/print.js';
import { makePrivateDir, type ProjectPaths } from './paths.js';
import { openStore, type Store } from './store-client.js';
import { describeIngest, ingestWaitingSpool } from './waiting-spool.js';

export function withProjectStore<T>(paths: ProjectPaths, use: (store: Store) => T): T {
  makePrivateDir(paths.home);
  const store = openStore(paths.database);
  try {
    for (const done of ingestWaitingSpool(store, paths)) {
      const what = done.unrecordedRun
        ? 'left by a `breadcrumb run` that stopped before recording its run (recorded as runs of their own)'
        : done.runId === null
          ? 'spooled by builds or register'
          : `left by run ${done.runId}`;
      if (done.error !== undefined) {
        note(`could not ingest events ${what} from ${done.folder} (${done.error}); the files stay there`);
      } else {
        note(`ingested events ${what} from ${done.folder}: ${describeIngest(done.stats)}`);
        if (done.settled) note(`run ${done.runId} ended while its CLI was gone: recorded as ${done.settled.status}`);
      }
    }
    return use(store);
  } finally {
    store.close();
  }
}

/** `--run ID`, or the latest run; a project without runs is a one-line usage error. */
export function resolveRunId(store: Store, project: string, runId: number | undefined): number {
  if (runId !== undefined) return runId;
  const latest = store.latestRunId();
  if (latest === null) {
    throw new NoRunsError(project);
  }
  return latest;
}
