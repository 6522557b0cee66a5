// The shape every command file exports as `command`. yargs' own generic types do not survive option
// objects declared apart from the builder; each handler narrows its arguments to its own interface.

import type { Argv } from 'yargs';

export interface BreadcrumbCommand {
  /** yargs command string: `name [positional]`. */
  command: string;
  describe: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  builder?: (yargs: Argv) => Argv<any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler: (argv: any) => void | Promise<void>;
}
