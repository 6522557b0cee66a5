// `breadcrumb run -c app [--timeout S] [--include G]... -- node main.js`, read without yargs: loading and
// running yargs costs ~20-30 ms before the traced command can start. Only the plain forms are read
// here, each exactly as yargs reads it; anything else (help, an unknown or repeated flag, a missing
// value, a value yargs would unquote or take for a flag) returns null and goes through yargs, which
// parses, validates and explains it as before.

import type { Options } from 'yargs';

/** What the run handler receives from yargs, for the forms read here. */
export interface FastRunArgs {
  project?: string;
  timeout?: string;
  include?: string[];
  exclude?: string[];
  '--': string[];
  _: string[];
}

/**
 * `args` is what follows `run`, already split by splitRunArgv (our options, `--`, the command).
 * Returns null when yargs must parse it.
 */
export function parseRunArgsFast(args: readonly string[], options: Readonly<Record<string, Options>>): FastRunArgs | null {
  const separator = args.indexOf('--');
  if (separator < 0 || separator === args.length - 1) return null;
  const flags = flagNames(options);
  const parsed: FastRunArgs = { '--': args.slice(separator + 1), _: ['run'] };
  const seen = new Set<string>();
  for (let i = 0; i < separator; i++) {
    let flag = args[i]!;
    let value: string | undefined;
    const equals = flag.startsWith('--') ? flag.indexOf('=') : -1;
    if (equals > 0) {
      value = flag.slice(equals + 1);
      flag = flag.slice(0, equals);
    } else {
      value = i + 1 < separator ? args[++i] : undefined;
    }
    const name = flags.get(flag);
    if (name === undefined || value === undefined || !isPlainValue(value)) return null;
    const spec = options[name]!;
    if (spec.type !== 'string') return null;
    if (spec.array === true) {
      const list = ((parsed as unknown as Record<string, string[] | undefined>)[name] ??= []);
      list.push(value);
    } else {
      if (seen.has(name)) return null; // yargs makes an array of it, which the handler rejects
      (parsed as unknown as Record<string, string>)[name] = value;
    }
    seen.add(name);
  }
  return parsed;
}

/** `--project`, `-c`, `--config` ... → the option's name. */
function flagNames(options: Readonly<Record<string, Options>>): Map<string, string> {
  const flags = new Map<string, string>();
  for (const [name, spec] of Object.entries(options)) {
    const aliases = spec.alias === undefined ? [] : Array.isArray(spec.alias) ? spec.alias : [spec.alias];
    for (const flag of [name, ...aliases]) flags.set(flag.length === 1 ? `-${flag}` : `--${flag}`, name);
  }
  return flags;
}

/**
 * A value yargs keeps as it is: not empty, not taken for a flag (`-x`), not wrapped in quotes (which
 * yargs strips), no line break.
 */
function isPlainValue(value: string): boolean {
  if (value === '' || value.startsWith('-') || /[\r\n]/.test(value)) return false;
  const first = value[0];
  return !((first === '"' || first === "'") && value.length > 1 && value.endsWith(first));
}
