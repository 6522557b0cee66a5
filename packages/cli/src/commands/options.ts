// Options several commands share, declared once.

import type { Options } from 'yargs';
import { UsageError } from '../errors.js';
import { assertProjectName } from '../project/paths.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/print.js';

export const projectOption: Options = {
  alias: ['c', 'config'],
  type: 'string',
  describe: 'Project name (its config is ~/.breadcrumb/NAME.yaml)',
  requiresArg: true,
};

export const formatOption: Options = {
  choices: OUTPUT_FORMATS as OutputFormat[],
  default: 'json' as OutputFormat,
  describe: 'json for programs and agents, table for people',
  requiresArg: true,
};

// Numbers are read as strings: yargs would turn '0x10' or '1e3' into numbers and 'x' into NaN; the
// commands check the text as typed and quote it back when it is not a plain number.
export const runOption: Options = {
  type: 'string',
  describe: 'Run id (see `breadcrumb list`); default: the latest run',
  requiresArg: true,
};

export const limitOption: Options = {
  type: 'string',
  describe: 'Largest number of items returned',
  requiresArg: true,
};

export const globListOption = (describe: string): Options => ({
  type: 'string',
  array: true,
  describe,
  requiresArg: true,
});

/** The project named by `-c NAME` (or by a positional NAME where the command has one). */
export function projectName(argv: { project?: unknown; name?: unknown }, example: string): string {
  const value = argv.name ?? argv.project;
  if (Array.isArray(value)) throw new UsageError(`give one project, not ${value.length}: ${example}`);
  if (typeof value !== 'string' || value === '') {
    throw new UsageError(`which project? add -c NAME, e.g. \`${example}\` (list them with \`breadcrumb config list\`)`);
  }
  return assertProjectName(value);
}

/**
 * A flag's number as the user typed it: decimal digits only (Number() would also take '0x10', '1e3'
 * or ' '), NaN otherwise, so that each caller rejects it with its own message.
 */
export function strictNumber(value: unknown): number {
  const text = String(value).trim();
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
}

export function parseLimit(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = strictNumber(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--limit expects a whole number ≥ 1, got '${String(value)}'`);
  return n;
}

export function stringList(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** A repeatable glob flag's values; an empty one (`--include ''`) matches nothing and would be written into configs. */
export function globList(flag: string, value: unknown): string[] {
  const globs = stringList(value);
  if (globs.some((glob) => glob.trim() === '')) throw new UsageError(`${flag} needs a glob, got an empty one (e.g. ${flag} './src/**')`);
  return globs;
}
