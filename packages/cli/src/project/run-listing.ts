// `breadcrumb list` and the MCP tool list_runs: the newest runs, and a note when there are more than
// were listed (the store lists 20 by default, and a project keeps 50 by default).

import type { Store } from './store-client.js';

export const DEFAULT_RUNS_LISTED = 20;

export interface RunListing {
  project: string;
  runs: unknown[];
  total_runs?: number;
  note?: string;
}

export function listRunsOf(store: Store, project: string, limit: number | undefined): RunListing {
  const shown = limit ?? DEFAULT_RUNS_LISTED;
  const runs = store.listRuns({ limit: shown });
  const listing: RunListing = { project, runs };
  if (runs.length < shown) return listing;
  const total = Number(store.querySql('SELECT COUNT(*) AS n FROM runs').rows[0]?.n ?? runs.length);
  if (total > runs.length) {
    listing.total_runs = total;
    listing.note = `showing the ${runs.length} newest of ${total} runs: pass --limit N for more`;
  }
  return listing;
}
