import fs from 'node:fs';
import path from 'node:path';
import { CliError, UsageError } from '../errors.js';
import { note, printResult } from '../output/print.js';
import { existingProjectPaths, makePrivateDir, type ProjectPaths } from '../project/paths.js';
import { openStore, type Store } from '../project/store-client.js';
import { describeIngest, ingestWaitingSpool, type WaitingIngest } from '../project/waiting-spool.js';
import type { BreadcrumbCommand } from './command.js';
import { projectName, projectOption } from './options.js';

interface IngestArgs {
  project?: string;
  from?: string;
  keep?: boolean;
}

function ingestSpool(argv: IngestArgs): void {
  const name = projectName(argv, 'breadcrumb ingest -c my-app --from ./spool');
  const paths = existingProjectPaths(name);
  if (argv.from === undefined) {
    ingestProjectSpool(paths, argv.keep ?? false);
    return;
  }
  const from = path.resolve(argv.from);
  if (!fs.existsSync(from) || !fs.statSync(from).isDirectory()) {
    throw new UsageError(`--from ${argv.from}: no such folder (give the folder holding the .bcspool files)`);
  }
  makePrivateDir(paths.home);
  const store = openStore(paths.database);
  try {
    const newestBefore = newestRunId(store);
    const stats = store.ingester(from, { runId: null, project: name, keep: argv.keep ?? false }).drain();
    printResult(ingestResult(store, name, from, argv.keep ?? false, newestBefore, [{ folder: from, runId: null, stats }]));
    note(`ingested from ${from}: ${describeIngest(stats)}`);
    refuseIncompatible(stats.refused ?? [], from);
  } finally {
    store.close();
  }
}

/**
 * One shape whatever was ingested (`--from DIR` or the project's spool folder): the runs now holding
 * the events, to query next, and what each folder gave.
 */
function ingestResult(store: Store, project: string, from: string, kept: boolean, newestBefore: number, done: WaitingIngest[]) {
  const created = store
    .querySql(`SELECT id FROM runs WHERE id > ${newestBefore} ORDER BY id`, { limit: 1_000_000 })
    .rows.map((row) => Number(row.id));
  const into = done.filter((d) => d.runId !== null && d.error === undefined && Number(d.stats.events ?? 0) > 0).map((d) => d.runId as number);
  return {
    project,
    from,
    kept,
    runs: [...new Set([...into, ...created])].sort((a, b) => a - b),
    ingested: done.map((d) => ({ folder: d.folder, run_id: d.runId, ...d.stats, ...(d.error === undefined ? {} : { error: d.error }) })),
  };
}

function newestRunId(store: Store): number {
  return store.latestRunId() ?? 0;
}

/** Spool files of another Breadcrumb version: ingested by nothing here, so the command did not do its job. */
function refuseIncompatible(refused: string[], folder: string): void {
  if (refused.length === 0) return;
  throw new CliError(
    `refused ${refused.length} spool file(s) in ${folder} written by an incompatible Breadcrumb version (left in place): ${refused[0]}`,
  );
}

/** The project's own spool folder: loose files from builds, and run folders of CLIs that died. */
function ingestProjectSpool(paths: ProjectPaths, keep: boolean): void {
  if (!fs.existsSync(paths.spool)) {
    printResult({ project: paths.name, from: paths.spool, kept: keep, runs: [], ingested: [] });
    note(`nothing waiting in ${paths.spool}`);
    return;
  }
  makePrivateDir(paths.home);
  const store = openStore(paths.database);
  try {
    const newestBefore = newestRunId(store);
    const done = ingestWaitingSpool(store, paths, { keep });
    printResult(ingestResult(store, paths.name, paths.spool, keep, newestBefore, done));
    for (const d of done) {
      note(d.error === undefined ? `ingested from ${d.folder}: ${describeIngest(d.stats)}` : `could not ingest ${d.folder}: ${d.error}`);
    }
    if (done.length === 0) note(`nothing waiting in ${paths.spool}`);
    refuseIncompatible(done.flatMap((d) => d.stats.refused ?? []), paths.spool);
  } finally {
    store.close();
  }
}

export const command: BreadcrumbCommand = {
  command: 'ingest',
  describe: 'Load spool files (from staging builds, other machines, crashed runs) into the project database',
  builder: (y) =>
    y.options({
      project: projectOption,
      from: { type: 'string', describe: "Folder of .bcspool files (default: the project's spool folder)", requiresArg: true },
      keep: { type: 'boolean', default: false, describe: 'Leave the spool files in place after ingesting' },
    }),
  handler: ingestSpool,
};
