// Every failure the CLI reports on purpose is a CliError: a one-line message that names the problem
// and the fix, plus the exit code. `main` is the only place that turns them into output and an exit
// code; commands just throw.

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  timeout: 124,
  /** The command could not be started (as a shell says for a command it cannot run). */
  notRunnable: 127,
} as const;

/** The first line of an error's message: what a one-line report has room for. */
export function firstLineOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, unknown names, missing arguments: the user has to change the command line. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export class ProjectNotFoundError extends UsageError {
  constructor(readonly project: string) {
    super(`no project '${project}': run \`breadcrumb init ${project}\``);
  }
}

export class InvalidProjectNameError extends UsageError {
  constructor(name: string) {
    super(
      `invalid project name '${name}': use letters, digits, '.', '_' and '-' only (e.g. \`breadcrumb init my-app\`)`,
    );
  }
}

export class ProjectExistsError extends UsageError {
  constructor(project: string, file: string) {
    super(`project '${project}' already exists (${file}): add --force to overwrite it`);
  }
}

export class NoRunsError extends UsageError {
  constructor(project: string) {
    super(`project '${project}' has no runs yet: run \`breadcrumb run -c ${project} -- node main.js\``);
  }
}

export interface ConfigProblem {
  file: string;
  line: number;
  key: string;
  message: string;
}

export function formatConfigProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}: ${p.key}: ${p.message}`;
}

/** A config file that does not parse or does not validate; every problem has file, line and key. */
export class ConfigInvalidError extends UsageError {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      problems.map(formatConfigProblem).join('\n') +
        (problems.length > 0
          ? `\nfix the file (or \`breadcrumb config edit ${projectOfFile(problems[0]!.file)} --set key=value\`), then \`breadcrumb config validate ${projectOfFile(problems[0]!.file)}\``
          : ''),
    );
  }
}

function projectOfFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.yaml$/, '');
}

/** A part of Breadcrumb another package delivers is not built or not there yet. */
export class ComponentMissingError extends CliError {
  constructor(component: string, detail: string) {
    super(`${component} is not available (${detail}): run \`pnpm build\` at the repository root`, EXIT.failure);
  }
}
