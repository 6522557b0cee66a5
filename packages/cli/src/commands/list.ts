import { printResult, type OutputFormat } from '../output/print.js';
import { existingProjectPaths } from '../project/paths.js';
import { listRunsOf } from '../project/run-listing.js';
import { withProjectStore } from '../project/store-session.js';
import type { BreadcrumbCommand } from './command.js';
import { formatOption, limitOption, parseLimit, projectName, projectOption } from './options.js';

interface ListArgs {
  project?: string;
  limit?: string | number;
  format?: OutputFormat;
}

function listRuns(argv: ListArgs): void {
  const name = projectName(argv, 'breadcrumb list -c my-app');
  const paths = existingProjectPaths(name);
  const limit = parseLimit(argv.limit);
  printResult(withProjectStore(paths, (store) => listRunsOf(store, name, limit)), argv.format);
}

export const command: BreadcrumbCommand = {
  command: 'list',
  describe: 'List the runs of a project, newest first: id, start, duration, status, command, event counts',
  builder: (y) => y.options({ project: projectOption, limit: limitOption, format: formatOption }),
  handler: listRuns,
};
