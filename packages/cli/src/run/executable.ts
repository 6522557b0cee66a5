// Finds the program a command line names, the way a shell would, so that a typo is a usage error
// before a run is created rather than a failed run.

import fs from 'node:fs';
import path from 'node:path';

export function findExecutable(name: string, env: NodeJS.ProcessEnv, cwd: string): string | null {
  if (name.includes('/')) {
    const file = path.resolve(cwd, name);
    return isExecutableFile(file) ? file : null;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(path.resolve(cwd, dir), name);
    if (isExecutableFile(file)) return file;
  }
  return null;
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Why `findExecutable` found nothing, as a one-line error that says what to type instead. `project`
 * names the project in the suggested command line.
 */
export function explainMissingCommand(name: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string, project: string): string {
  const run = (commandLine: string) => `\`breadcrumb run -c ${project} -- ${commandLine}\``;
  const rest = args.length > 0 ? ` ${args.join(' ')}` : '';
  const kind = fileKind(path.resolve(cwd, name));
  if (kind === 'folder') return `'${name}' is a folder, not a program; e.g. ${run(`node ${name}`)}`;
  if (kind === 'file') {
    const withInterpreter = run(`${interpreterOf(name)} ${name}${rest}`);
    if (name.includes('/')) return `'${name}' is not executable: run it with its interpreter, e.g. ${withInterpreter} (or chmod +x it)`;
    // `run -c app main.js`: a shell would not run a file of the current folder by its bare name either.
    const direct = isExecutableFile(path.resolve(cwd, name)) ? ` or ${run(`./${name}${rest}`)}` : '';
    return `command not found: '${name}' is not on PATH; to run the file here: ${withInterpreter}${direct}`;
  }
  const where = name.includes('/') ? 'no such file' : 'not a file nor on PATH';
  return `command not found: '${name}' (${where}); e.g. ${run('node main.js')}`;
}

/** The interpreter a script's name suggests; the placeholder when it suggests none. */
function interpreterOf(name: string): string {
  if (/\.[cm]?js$/.test(name)) return 'node';
  if (/\.sh$/.test(name)) return 'sh';
  return 'INTERPRETER';
}

function fileKind(file: string): 'file' | 'folder' | null {
  try {
    const stat = fs.statSync(file);
    return stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

/**
 * Why a command that `findExecutable` found could not be started. ENOENT for a file that exists means
 * its `#!` interpreter is missing, which Node's "spawn ./x.sh ENOENT" does not say.
 */
export function explainSpawnFailure(file: string, cwd: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') {
    const interpreter = shebangOf(path.resolve(cwd, file));
    if (interpreter !== null) return `its interpreter '${interpreter}' (its #! line) was not found`;
  }
  return error.message;
}

function shebangOf(file: string): string | null {
  try {
    const head = fs.readFileSync(file, { encoding: 'latin1', flag: 'r' }).slice(0, 256);
    const match = /^#!\s*(\S+)/.exec(head);
    return match ? match[1]! : null;
  } catch {
    return null;
  }
}
