import { printResult } from '../output/print.js';
import { parseRunId, renderReport } from '../project/store-client.js';
import { excludesOption } from '../project/config-excludes.js';
import { existingProjectPaths } from '../project/paths.js';
import { resolveRunId, withProjectStore } from '../project/store-session.js';
import type { BreadcrumbCommand } from './command.js';
import { projectName, projectOption, runOption } from './options.js';

interface ReportArgs {
  project?: string;
  run?: string | number;
  format?: 'text' | 'json';
}

function printRunReport(argv: ReportArgs): void {
  const name = projectName(argv, 'breadcrumb report -c my-app');
  const paths = existingProjectPaths(name);
  const runId = parseRunId(argv.run);
  withProjectStore(paths, (store) => {
    const report = store.runReport(resolveRunId(store, name, runId), excludesOption(paths));
    // Asked for, the report is the command's output: stdout (after `run` it goes to stderr).
    if (argv.format === 'json') printResult(report);
    else process.stdout.write(renderReport(report, { project: name }));
  });
}

export const command: BreadcrumbCommand = {
  command: 'report',
  describe: 'Print the run report of a run again (default: the latest); --format json for its data',
  builder: (y) =>
    y.options({
      project: projectOption,
      run: runOption,
      format: {
        choices: ['text', 'json'],
        default: 'text',
        describe: 'text: the report as `run` prints it; json: the data it is made from',
        requiresArg: true,
      },
    }),
  handler: printRunReport,
};
