// `cd /elsewhere && breadcrumb run -c app -- node /project/main.js`: the root is where `run` starts, so
// the script's module id is its absolute path, which `./**` does not match, and nothing is traced. The
// report can only say "no traced calls"; this names the cause and the fix.

import fs from 'node:fs';
import path from 'node:path';
import { isNodeExecutable, moduleIdOf } from '@breadcrumb/core';
import { minimatch } from 'minimatch';

/** Node flags that take the next argument as their value (the script comes after them). */
const FLAGS_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file', '--input-type', '--stack-size']);
/** With these, node runs no script file. */
const NO_SCRIPT = new Set(['-e', '--eval', '-p', '--print', '-i', '--interactive', '--test', '-v', '--version', '-h', '--help']);

export interface OutsideRootInput {
  commandLine: readonly string[];
  cwd: string;
  root: string;
  include: readonly string[];
  exclude: readonly string[];
  project: string;
}

/** A note when the script `node` runs lies outside the root and no include takes it; null otherwise. */
export function outsideRootNote({ commandLine, cwd, root, include, exclude, project }: OutsideRootInput): string | null {
  if (!isNodeExecutable(commandLine[0])) return null;
  const script = scriptOf(commandLine.slice(1));
  if (script === null) return null;
  let file: string;
  try {
    file = fs.realpathSync(path.resolve(cwd, script));
  } catch {
    return null;
  }
  const moduleId = moduleIdOf(file, root);
  if (!path.isAbsolute(moduleId)) return null; // under the root, or in a package: the globs are the user's choice
  const matches = (glob: string) => minimatch(moduleId, glob, { dot: true });
  if (include.some(matches) && !exclude.some(matches)) return null;
  return (
    `${script} is outside the project root ${root}, so its module id is its absolute path, which no include matches: ` +
    `run from the project's folder (\`cd ${path.dirname(file)}\`) or set the root (\`breadcrumb config edit ${project} --set root=${path.dirname(file)}\`)`
  );
}

function scriptOf(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (NO_SCRIPT.has(arg) || arg === '-') return null;
    if (arg === '--') return args[i + 1] ?? null;
    if (FLAGS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return arg;
  }
  return null;
}
