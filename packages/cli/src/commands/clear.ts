import { firstLineOf, UsageError } from '../errors.js';
import { note, printResult } from '../output/print.js';
import { existingProjectPaths } from '../project/paths.js';
import { withProjectStore } from '../project/store-session.js';
import type { BreadcrumbCommand } from './command.js';
import { projectName, projectOption, strictNumber } from './options.js';

interface ClearArgs {
  project?: string;
  keep?: string | number;
}

function clearRuns(argv: ClearArgs): void {
  const name = projectName(argv, 'breadcrumb clear -c my-app --keep 5');
  const paths = existingProjectPaths(name);
  const keep = argv.keep === undefined ? 0 : strictNumber(argv.keep);
  if (!Number.isSafeInteger(keep) || keep < 0) {
    throw new UsageError(`--keep expects a whole number ≥ 0 (the newest runs to keep), got '${String(argv.keep)}'`);
  }
  // Waiting events are ingested first, so that none is later attached to a run that was cleared.
  const result = withProjectStore(paths, (store) => {
    const { deleted } = store.clearRuns({ keep });
    // SQLite keeps the pages of deleted runs for reuse: someone clearing runs wants the disk space back.
    // (also the space of runs deleted earlier by retention.max_runs, which does not wait for this)
    let size: { database_bytes: number; freed_bytes: number } | Record<string, never> = {};
    try {
      const { bytesBefore, bytesAfter } = store.compact();
      size = { database_bytes: bytesAfter, freed_bytes: Math.max(0, bytesBefore - bytesAfter) };
    } catch (err) {
      note(`could not give the space of deleted runs back to the disk now (${firstLineOf(err)}); the next \`breadcrumb clear -c ${name}\` tries again`);
    }
    return { deleted, ...size };
  });
  printResult({ project: name, kept: keep, ...result });
}

export const command: BreadcrumbCommand = {
  command: 'clear',
  describe: 'Delete recorded runs (all, or all but the newest --keep N)',
  builder: (y) =>
    y.options({
      project: projectOption,
      keep: { type: 'string', describe: 'Keep the newest N runs', requiresArg: true },
    }),
  handler: clearRuns,
};
