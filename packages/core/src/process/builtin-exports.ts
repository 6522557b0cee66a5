// The runtime replaces a few exports of built-in modules (child_process, worker_threads, module) for
// `require` callers; `syncBuiltinESMExports()` then shows the replacements to `import` callers too. On
// Node 24 each call costs ~0.5-5 ms (it walks every loaded built-in), so the startup, which replaces
// exports in three places, syncs once when it is done.
import { syncBuiltinESMExports } from 'node:module';

let batches = 0;
let pending = false;

/** Syncs now, or at the end of the batch in progress. */
export function syncBuiltinExports(): void {
  if (batches > 0) pending = true;
  else syncBuiltinESMExports();
}

/** Runs `work` with the syncs it asks for deferred to its end (before anything else can import). */
export function batchBuiltinExportSyncs<T>(work: () => T): T {
  batches++;
  try {
    return work();
  } finally {
    batches--;
    if (batches === 0 && pending) {
      pending = false;
      try {
        syncBuiltinESMExports();
      } catch {
        // `import` callers see the originals; require callers are traced
      }
    }
  }
}
