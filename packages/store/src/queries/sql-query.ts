// `--sql`: the user's own SELECT on a read-only connection. The connection cannot write; the
// statement check on top gives a clear one-line refusal for what the user should not try (writes,
// ATTACH, PRAGMA, load_extension) instead of an engine error.
import type Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import type { SqlResult } from '../types.js';
import { clampLimit } from './run-scope.js';

const READ_START = /^(select|with|values|explain)\b/i;
const FORBIDDEN: [RegExp, string][] = [
  [/\battach\b/i, 'ATTACH'],
  [/\bdetach\b/i, 'DETACH'],
  [/\bpragma\s+[\w.]+\s*=/i, 'a PRAGMA write'],
  [/^\s*pragma\b/i, 'a PRAGMA statement'],
  [/\bload_extension\s*\(/i, 'load_extension'],
];

/** Comments and string literals removed, so that keywords inside them do not count. */
function codeOnly(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''");
}

export function querySql(readDb: Database.Database, sql: string, options: { limit?: number } = {}): SqlResult {
  const limit = clampLimit(options.limit, 1000);
  const code = codeOnly(sql).trim();
  const refuse = (what: string) =>
    new StoreError('SQL_REFUSED', `--sql runs read-only queries: ${what} is not allowed; use SELECT (tables and views are listed in packages/store/SCHEMA.md)`);
  if (code === '') throw new StoreError('BAD_ARGUMENT', '--sql needs a statement, e.g. --sql "SELECT * FROM traces"');
  for (const [pattern, what] of FORBIDDEN) if (pattern.test(code)) throw refuse(what);
  if (!READ_START.test(code)) throw refuse(`'${code.split(/\s+/)[0]}'`);
  let statement: Database.Statement;
  try {
    statement = readDb.prepare(sql);
  } catch (error) {
    const message = (error as Error).message;
    if (/more than one statement/i.test(message)) throw refuse('more than one statement');
    throw new StoreError('SQL_ERROR', `SQL error: ${message}`);
  }
  if (!statement.readonly) throw refuse('a statement that writes');
  if (!statement.reader) throw refuse('a statement that returns no rows');
  const columns = statement.columns().map((c) => c.name);
  const rows: Record<string, unknown>[] = [];
  let truncated = false;
  try {
    for (const row of statement.iterate() as Iterable<Record<string, unknown>>) {
      if (rows.length >= limit) {
        truncated = true;
        break;
      }
      rows.push(jsonReady(row));
    }
  } catch (error) {
    throw new StoreError('SQL_ERROR', `SQL error: ${(error as Error).message}`);
  }
  return truncated ? { columns, rows, truncated } : { columns, rows };
}

function jsonReady(row: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'bigint') row[key] = Number(value);
    else if (Buffer.isBuffer(value)) row[key] = `x'${value.toString('hex')}'`;
  }
  return row;
}
