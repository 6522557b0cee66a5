// Opening a project for one tool call: check the name and that the project exists (naming the ones
// that do when it does not), ingest what waits in its spool folder (as the CLI's queries do), then
// hand a read-only store to the tool and close it afterwards, whatever happens.

import { existsSync, readdirSync } from 'node:fs';
import { listProjectNames, projectPaths, type ProjectPaths } from '../project/paths.js';
import { NoRunsError, UnknownProjectError, UnknownRunError } from './errors.js';
import type { IngestWaitingSpool, OpenTraceStore, TraceStore } from './trace-store.js';

export interface ProjectAccessOptions {
  home: string;
  openStore: OpenTraceStore;
  ingestWaitingSpool: IngestWaitingSpool;
}

/** What a tool receives: the project and its store, open read-only. */
export interface ProjectSession {
  project: ProjectPaths;
  store: TraceStore;
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
   * Runs `use` with the project's store. A project with a config but no database yet has no runs:
   * `whenNoDatabase` answers for it (list_runs says "no runs"); without it, that is an error.
   */
  withProject<T>(name: string, use: (session: ProjectSession) => T, whenNoDatabase?: (project: ProjectPaths) => T): T {
    const project = this.resolve(name);
    this.options.ingestWaitingSpool(project);
    if (!existsSync(project.database)) {
      if (whenNoDatabase) return whenNoDatabase(project);
      throw new NoRunsError(project.name);
    }
    const store = this.options.openStore(project.database, { readonly: true });
    try {
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
    const code = storeErrorCode(error);
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

function storeErrorCode(error: unknown): string | null {
  if (!(error instanceof Error) || error.name !== 'StoreError') return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
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
