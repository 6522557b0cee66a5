import fs from 'node:fs';
import type { Argv } from 'yargs';
import { CliError, ConfigInvalidError, formatConfigProblem, UsageError } from '../errors.js';
import { addToList, loadConfig, loadConfigValues, nestValues, removeFromList, serialize, setValue, validateConfig, writeConfigFile } from '../config/document.js';
import { globHints } from '../config/glob-hints.js';
import { note, printResult, type OutputFormat } from '../output/print.js';
import { breadcrumbHome, listProjectNames, projectPaths } from '../project/paths.js';
import { openProjectDocument } from '../project/project.js';
import type { BreadcrumbCommand } from './command.js';
import { initOptions, runInit, type InitArgs } from './init.js';
import { formatOption, globList, globListOption, projectName, projectOption, stringList } from './options.js';

interface NamedArgs {
  name?: string;
  project?: string;
}

const named = (y: Argv, verb: string): Argv =>
  y.positional('name', { type: 'string', describe: `Project to ${verb}` }).option('project', projectOption);

interface EditArgs extends NamedArgs {
  addInclude?: string[];
  removeInclude?: string[];
  addExclude?: string[];
  removeExclude?: string[];
  set?: string[];
}

function editConfig(argv: EditArgs): void {
  const name = projectName(argv, "breadcrumb config edit my-app --add-include 'axios/**'");
  const { paths, document } = openProjectDocument(name);
  const before = validateConfig(document);
  if (before.some((p) => p.key === '(yaml)')) throw new ConfigInvalidError(before);
  const changes: string[] = [];
  for (const glob of globList('--add-include', argv.addInclude)) {
    changes.push(addToList(document, 'include', glob) ? `include += ${glob}` : `include already has ${glob}`);
  }
  for (const glob of stringList(argv.removeInclude)) {
    removeFromList(document, name, 'include', glob);
    changes.push(`include -= ${glob}`);
  }
  for (const glob of globList('--add-exclude', argv.addExclude)) {
    changes.push(addToList(document, 'exclude', glob) ? `exclude += ${glob}` : `exclude already has ${glob}`);
  }
  for (const glob of stringList(argv.removeExclude)) {
    removeFromList(document, name, 'exclude', glob);
    changes.push(`exclude -= ${glob}`);
  }
  for (const assignment of stringList(argv.set)) {
    setValue(document, name, assignment);
    changes.push(`set ${assignment}`);
  }
  if (changes.length === 0) {
    throw new UsageError(
      `nothing to change: use --add-include, --remove-include, --add-exclude, --remove-exclude or --set key=value (see \`breadcrumb config edit --help\`)`,
    );
  }
  // Never write a config that would not load: the user's file stays as it was.
  const config = loadConfig(document);
  writeConfigFile(paths.config, serialize(document));
  printResult({ project: name, config: paths.config, include: config.include, exclude: config.exclude });
  note(`${paths.config}: ${changes.join('; ')}`);
  const added = [...stringList(argv.addInclude), ...stringList(argv.addExclude)];
  for (const hint of globHints(added, process.cwd())) note(hint);
  if (config.include.length === 0) {
    note(`include is empty: the next run traces nothing (\`breadcrumb config edit ${name} --add-include './**'\` traces every project file)`);
  }
}

interface ShowArgs extends NamedArgs {
  format?: OutputFormat | 'yaml';
}

function showConfig(argv: ShowArgs): void {
  const name = projectName(argv, 'breadcrumb config show my-app');
  if (argv.format === 'yaml') {
    process.stdout.write(fs.readFileSync(openProjectDocument(name).paths.config, 'utf8'));
    return;
  }
  const { paths, document } = openProjectDocument(name);
  const values = loadConfigValues(document);
  const header = { project: name, config: paths.config, database: paths.database };
  if (argv.format === 'table') {
    // One row per key (named as in the file and for --set) reads better than nested objects.
    printResult({ ...header, settings: [...values].map(([key, value]) => ({ key, value })) }, 'table');
    return;
  }
  printResult({ ...header, settings: nestValues(values) }, argv.format);
}

function listConfigs(argv: { format?: OutputFormat }): void {
  const home = breadcrumbHome();
  // A home that does not exist yet has no projects; one that is a file would list none, wrongly.
  if (fs.existsSync(home) && !fs.statSync(home).isDirectory()) {
    throw new CliError(`${home} is not a folder (check that ${home} is a writable folder, or set BREADCRUMB_HOME)`);
  }
  const projects = listProjectNames(home).map((name) => {
    const paths = projectPaths(name, home);
    return { project: name, config: paths.config, database: paths.database, has_traces: fs.existsSync(paths.database) };
  });
  printResult({ home, projects }, argv.format);
}

function deleteConfig(argv: NamedArgs & { traces?: boolean }): void {
  const name = projectName(argv, 'breadcrumb config delete my-app');
  const paths = projectPaths(name);
  const removed: string[] = [];
  if (fs.existsSync(paths.config)) {
    fs.rmSync(paths.config);
    removed.push(paths.config);
  } else if (!argv.traces || !(fs.existsSync(paths.database) || fs.existsSync(paths.spool))) {
    // (the traces a `config delete` without --traces kept can still be deleted once the config is gone)
    openProjectDocument(name); // throws the "no project" error
  }
  if (argv.traces) {
    for (const file of [paths.database, `${paths.database}-wal`, `${paths.database}-shm`]) {
      if (fs.existsSync(file)) {
        fs.rmSync(file);
        removed.push(file);
      }
    }
    fs.rmSync(paths.spool, { recursive: true, force: true });
  }
  printResult({ project: name, removed });
  if (!argv.traces && fs.existsSync(paths.database)) {
    note(`kept the trace database ${paths.database} (add --traces to delete it too)`);
  }
}

function validateProject(argv: NamedArgs): void {
  const name = projectName(argv, 'breadcrumb config validate my-app');
  const { paths, document } = openProjectDocument(name);
  const problems = validateConfig(document);
  if (problems.length > 0) {
    throw new UsageError(`${problems.map(formatConfigProblem).join('\n')}\n${problems.length} problem(s) in ${paths.config}`);
  }
  printResult({ project: name, config: paths.config, valid: true });
}

const subcommands: BreadcrumbCommand[] = [
  {
    command: 'create [name]',
    describe: 'Create a project config (same as `breadcrumb init`)',
    // initOptions declares -c itself (as init's): named() would declare it a second time and the help
    // would list each alias twice.
    builder: (y) => y.positional('name', { type: 'string', describe: 'Project to create' }).options(initOptions),
    handler: (argv: InitArgs) => runInit(argv, 'breadcrumb config create my-app'),
  },
  {
    command: 'edit [name]',
    describe: 'Change include/exclude or any key; comments in the file are kept',
    builder: (y) =>
      named(y, 'edit').options({
        'add-include': globListOption('Add a module glob to include'),
        'remove-include': globListOption('Remove a module glob from include'),
        'add-exclude': globListOption('Add a module glob to exclude'),
        'remove-exclude': globListOption('Remove a module glob from exclude'),
        set: globListOption('Set a key: --set capture.max_depth=6 (value read as YAML)'),
      }),
    handler: editConfig,
  },
  {
    command: 'show [name]',
    describe: 'Print the resolved config (defaults filled in), or the file itself with --format yaml',
    builder: (y) =>
      named(y, 'show').option('format', {
        ...formatOption,
        choices: ['json', 'table', 'yaml'],
        describe: 'json for programs and agents, table for people, yaml: the file itself',
      }),
    handler: showConfig,
  },
  {
    command: 'list',
    describe: 'List the projects in ~/.breadcrumb',
    builder: (y) => y.option('format', formatOption),
    handler: listConfigs,
  },
  {
    command: 'delete [name]',
    describe: 'Delete a project config (its trace database is kept unless --traces)',
    builder: (y) =>
      named(y, 'delete').option('traces', { type: 'boolean', default: false, describe: 'Also delete the trace database and spool' }),
    handler: deleteConfig,
  },
  {
    command: 'validate [name]',
    describe: 'Check a project config: each problem as file:line: key: message',
    builder: (y) => named(y, 'validate'),
    handler: validateProject,
  },
];

export const command: BreadcrumbCommand = {
  command: 'config',
  describe: 'Manage project configs: create, edit, show, list, delete, validate',
  builder: (y) => {
    for (const sub of subcommands) y.command(sub);
    return y.demandCommand(1, 'config needs a subcommand: create, edit, show, list, delete or validate');
  },
  handler: () => undefined,
};
