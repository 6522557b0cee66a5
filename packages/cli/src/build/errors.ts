// Failures of `breadcrumb build` the user can fix: each names the problem and the fix.

import { CliError, UsageError } from '../errors.js';

export class BuildSourceMissingError extends UsageError {
  constructor(source: string) {
    super(`build source '${source}' does not exist: pass files or folders that exist (e.g. \`breadcrumb build -c app --out dist src\`)`);
  }
}

export class BuildOutputOverlapError extends UsageError {
  constructor(out: string, source: string) {
    super(
      `build output '${out}' contains the source '${source}': choose an --out folder outside the sources (or the source folder itself to instrument in place)`,
    );
  }
}

export class BuildOutputNotOursError extends UsageError {
  constructor(out: string) {
    super(
      `build output '${out}' is a non-empty folder that breadcrumb build did not create: choose another --out, or empty it first`,
    );
  }
}

/** The runtime the output needs could not be assembled (core not built, a dependency missing). */
export class BuildRuntimeError extends CliError {
  constructor(detail: string) {
    super(`cannot write the Breadcrumb runtime into the build output (${detail}): run \`pnpm build\` at the repository root`);
  }
}

/** The output could not be written (permissions, a full disk). */
export class BuildWriteError extends CliError {
  constructor(file: string, detail: string) {
    super(`cannot read or write ${file} (${detail}): check the permissions of the sources and the --out folder, and free space`);
  }
}
