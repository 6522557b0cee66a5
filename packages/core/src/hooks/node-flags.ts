// The node flags this process started with, as Node's loader reads them: its command line and
// NODE_OPTIONS. Read once: they do not change while it runs.
let flags: readonly string[] | null = null;

export function nodeFlags(): readonly string[] {
  flags ??= [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  return flags;
}
