// @breadcrumb/store: the trace database of a project (SQLite), its spool ingest, every query, and
// the run report. See ../SCHEMA.md for the tables and views.
export { openStore, type Store } from './store.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export type { SpoolIngester, IngestStats, IngesterOptions } from './ingest/spool-ingester.js';
export { renderReport, REPORT_CHAR_BUDGET } from './report/render-report.js';
export type { RunReportOptions } from './report/run-report.js';
export type { RunInfo } from './runs.js';
export { SCHEMA_VERSION } from './schema.js';
export * from './types.js';
