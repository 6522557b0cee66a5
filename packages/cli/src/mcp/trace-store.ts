// The part of `@breadcrumb/store` the MCP server uses, and how it opens a project's database. The
// server computes nothing itself: every answer is what one of these methods returns.

import type { ProjectPaths } from '../project/paths.js';

export interface TraceStore {
  listRuns(options?: { limit?: number }): readonly unknown[];
  latestRunId(): number | null;
  runReport(runId: number): unknown;
  queryCall(name: string, options: { runId?: number; limit?: number }): unknown;
  queryGaps(options: { runId?: number; project: string; limit?: number }): unknown;
  queryFlow(options: { runId?: number; module?: string; limit?: number }): unknown;
  queryExceptions(options: { runId?: number; limit?: number }): unknown;
  queryPerformance(options: { runId?: number; limit?: number }): unknown;
  querySql(sql: string, options?: { limit?: number }): unknown;
  getTrace(runId: number, options?: { limit?: number }): unknown;
  close(): void;
}

export type OpenTraceStore = (databasePath: string, options: { readonly: boolean }) => TraceStore;

/** Ingests the spool files waiting in a project's spool folder into its database. */
export type IngestWaitingSpool = (project: ProjectPaths) => void;
