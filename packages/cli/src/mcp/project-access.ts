// Opening a project for one tool call, as the CLI's read commands do: check the name and that the
// project exists (naming the ones that do when it does not), open its store, ingest what waits in its
// spool folder, hand the store to the tool and close it afterwards, whatever happens. The store is
// opened for writing like the CLI's (ingest writes; an older database file is upgraded, with retries
// while a run holds the lock); `query_traces` SQL runs on the store's own read-only connection.

import { existsSync, readdirSync } from 'node:fs';
import { listProjectNames, projectPaths, type ProjectPaths } from '../project/paths.js';
import { NoRunsError, UnknownProjectError, UnknownRunError } from './errors.js';
import { isStoreError, type Store } from '../project/store-client.js';

export interface ProjectAccessOptions {
  home: string;
  openStore(databasePath: string): Store;
  /** Ingests what waits in the project's spool folder; never throws (a failure is logged). */
  ingestWaitingSpool(store: Store, project: ProjectPaths): void;
}

/** What a tool receives: the project and its store. */
export interface ProjectSession {
  project: ProjectPaths;
  store: Store;
}

const RECENT_RUNS_NAMED = 10;
const DATABASE_SUFFIX = '-traces.db';

export class ProjectAccess {
  constructor(private readonly options: ProjectAccessOptions) {}

  get home(): string {
    return this.options.home;
  }

  /** The projects that exist: a config, or a trace database whose config was deleted. Sorted. */
  projects(): string[] {
    const names = new Set(listProjectNames(this.options.home));
    for (const file of safeReaddir(this.options.home)) {
      if (file.endsWith(DATABASE_SUFFIX)) names.add(file.slice(0, -DATABASE_SUFFIX.length));
    }
    return [...names].sort();
  }

  /**
   * Runs `use` with the project's store. A project with a config and nothing recorded yet (no database,
   * no spool folder) has no runs: `whenNothingRecorded` answers for it (list_runs says "no runs")
   * without creating a database; without it, that is an error that says how to record a run.
   */
  withProject<T>(
    name: string,
    use: (session: ProjectSession) => T,
    whenNothingRecorded?: (project: ProjectPaths) => T,
  ): T {
    const project = this.resolve(name);
    if (!existsSync(project.database) && !existsSync(project.spool)) {
      if (whenNothingRecorded) return whenNothingRecorded(project);
      throw new NoRunsError(project.name);
    }
    const store = this.options.openStore(project.database);
    try {
      this.options.ingestWaitingSpool(store, project);
      return use({ project, store });
    } finally {
      store.close();
    }
  }

  private resolve(name: string): ProjectPaths {
    const project = projectPaths(name, this.options.home);
    if (!existsSync(project.config) && !existsSync(project.database)) {
      throw new UnknownProjectError(name, this.projects(), this.options.home);
    }
    return project;
  }
}

/**
 * Runs a query about one run (the one asked for, or the store's default: the latest), turning the
 * store's "no such run" and "no runs" refusals into errors that name the runs that exist.
 */
export function queryRun<T>(session: ProjectSession, runId: number | undefined, query: () => T): T {
  try {
    return query();
  } catch (error) {
    const code = isStoreError(error) ? error.code : null;
    if (code === 'NO_RUNS') throw new NoRunsError(session.project.name);
    if (code === 'UNKNOWN_RUN' && runId !== undefined) {
      const recent = session.store.listRuns({ limit: RECENT_RUNS_NAMED }).map(runIdOf);
      throw new UnknownRunError(
        session.project.name,
        runId,
        recent.filter((id): id is number => id !== null),
      );
    }
    throw error;
  }
}

/** The latest run of the project, for the queries that need an explicit id. */
export function latestRunId(session: ProjectSession): number {
  const latest = session.store.latestRunId();
  if (latest === null) throw new NoRunsError(session.project.name);
  return latest;
}

function runIdOf(run: unknown): number | null {
  const id = (run as { id?: unknown } | null)?.id;
  return typeof id === 'number' ? id : null;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
