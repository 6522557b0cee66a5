// `breadcrumb run [options] [--] COMMAND [ARGS...]`: everything from COMMAND on belongs to the traced
// program, even when it looks like one of our flags (`node --test`, `npm test -- --watch`). This splits
// the line before yargs sees it, from the run command's own option declarations.

import type { Options } from 'yargs';

/** Returns [our options..., '--', the command...]: yargs then leaves the command alone. */
export function splitRunArgv(args: readonly string[], options: Readonly<Record<string, Options>>): string[] {
  const takesValue = new Set<string>();
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type === 'boolean') continue;
    const aliases = spec.alias === undefined ? [] : Array.isArray(spec.alias) ? spec.alias : [spec.alias];
    for (const flag of [name, ...aliases]) takesValue.add(flag.length === 1 ? `-${flag}` : `--${flag}`);
  }
  const ours: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return [...ours, '--', ...args.slice(i + 1)];
    if (!arg.startsWith('-') || arg === '-') return [...ours, '--', ...args.slice(i)];
    ours.push(arg);
    if (takesValue.has(arg) && i + 1 < args.length) ours.push(args[++i]!);
  }
  return ours;
}
