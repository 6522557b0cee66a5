// Checks one config value against its kind. Returns the normalised value, or a message saying what
// was expected; never throws.

import type { ValueKind } from './schema.js';

export type Checked = { ok: true; value: unknown } | { ok: false; message: string };

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

export function parseBytes(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!m) return null;
  const unit = BYTE_UNITS[m[2]!.toLowerCase()];
  if (unit === undefined) return null;
  const bytes = Math.round(Number(m[1]) * unit);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : null;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

export function checkValue(kind: ValueKind, input: unknown): Checked {
  let value = input;
  const fail = (message: string): Checked => ({ ok: false, message });
  switch (kind) {
    case 'globs':
    case 'strings': {
      // `include: './**'` means a list of one: accepting it costs nothing and saves a round trip.
      if (typeof value === 'string') value = [value];
      if (!isStringList(value)) return fail(`expected a list of strings, got ${describe(value)}`);
      const empty = value.findIndex((v) => v.trim() === '');
      if (empty >= 0) return fail(`item ${empty + 1} is an empty string`);
      return { ok: true, value };
    }
    case 'regexes': {
      if (typeof value === 'string') value = [value];
      if (!isStringList(value)) return fail(`expected a list of regular expressions (strings), got ${describe(value)}`);
      for (const source of value) {
        try {
          new RegExp(source);
        } catch (err) {
          return fail(`not a valid regular expression: ${JSON.stringify(source)} (${(err as Error).message})`);
        }
      }
      return { ok: true, value };
    }
    case 'path':
      if (value === null || (typeof value === 'string' && value.trim() !== '')) return { ok: true, value };
      return fail(`expected a folder path or nothing, got ${describe(value)}`);
    case 'fraction':
      if (typeof value === 'number' && value >= 0 && value <= 1) return { ok: true, value };
      return fail(`expected a number from 0 to 1, got ${describe(value)}`);
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      return fail(`expected true or false, got ${describe(value)}`);
    case 'count':
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return { ok: true, value };
      return fail(`expected a whole number ≥ 0, got ${describe(value)}`);
    case 'bytes': {
      const bytes = parseBytes(value);
      if (bytes !== null) return { ok: true, value: bytes };
      return fail(`expected a size in bytes (e.g. 8388608 or '8MiB'), got ${describe(value)}`);
    }
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list (${JSON.stringify(value)})`;
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
