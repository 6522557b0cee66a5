import { parseRunId, renderReport } from '../project/store-client.js';
import { existingProjectPaths } from '../project/paths.js';
import { resolveRunId, withProjectStore } from '../project/store-session.js';
import type { BreadcrumbCommand } from './command.js';
import { projectName, projectOption, runOption } from './options.js';

interface ReportArgs {
  project?: string;
  run?: string | number;
}

function printRunReport(argv: ReportArgs): void {
  const name = projectName(argv, 'breadcrumb report -c my-app');
  const paths = existingProjectPaths(name);
  const runId = parseRunId(argv.run);
  withProjectStore(paths, (store) => {
    const id = resolveRunId(store, name, runId);
    // The report is for reading: it goes to stdout here (after `run` it shares stderr with notes).
    process.stdout.write(renderReport(store.runReport(id), { project: name }));
  });
}

export const command: BreadcrumbCommand = {
  command: 'report',
  describe: 'Print the run report of a run again (default: the latest)',
  builder: (y) => y.options({ project: projectOption, run: runOption }),
  handler: printRunReport,
};
