import type { BreadcrumbCommand } from './command.js';
import { note, printResult } from '../output/print.js';
import { createProject } from '../project/project.js';
import { globHints } from '../config/glob-hints.js';
import { globList, globListOption, projectName, projectOption, stringList } from './options.js';

export const initOptions = {
  project: { ...projectOption, describe: 'Project name (alternative to the positional NAME)' },
  include: globListOption("Module globs to trace (default './**': every project file); repeatable"),
  exclude: globListOption('Module globs never traced; repeatable'),
  force: { type: 'boolean', default: false, describe: 'Overwrite an existing project config' },
} as const;

export interface InitArgs {
  name?: string;
  project?: string;
  include?: string[];
  exclude?: string[];
  force?: boolean;
}

export function runInit(argv: InitArgs, example = 'breadcrumb init my-app'): void {
  const created = createProject(projectName(argv, example), {
    include: globList('--include', argv.include),
    exclude: globList('--exclude', argv.exclude),
    force: argv.force,
  });
  printResult(created);
  for (const hint of globHints([...stringList(argv.include), ...stringList(argv.exclude)], process.cwd())) note(hint);
  note(
    `${created.overwritten ? 'overwrote' : 'created'} ${created.config}; next: \`breadcrumb run -c ${created.project} -- node main.js\``,
  );
}

export const command: BreadcrumbCommand = {
  command: 'init [name]',
  describe: 'Create a project: a commented config (~/.breadcrumb/NAME.yaml) and its trace database',
  builder: (y) => y.positional('name', { type: 'string', describe: 'Project name: letters, digits, . _ -' }).options(initOptions),
  handler: (argv: InitArgs) => runInit(argv),
};
