// One error class for everything the store refuses or cannot do. The message is one line that names
// the problem and the fix; `code` lets the CLI and the MCP server decide how to present it, and
// `exitCode` is what the CLI should exit with (2: the user's input was wrong).

export type StoreErrorCode =
  | 'UNKNOWN_RUN'
  | 'NO_RUNS'
  | 'UNKNOWN_FUNCTION'
  | 'AMBIGUOUS_FUNCTION'
  | 'SQL_REFUSED'
  | 'SQL_ERROR'
  | 'SCHEMA_TOO_NEW'
  | 'DATABASE_UNREADABLE'
  | 'DATABASE_BUSY'
  | 'BAD_ARGUMENT';

const USAGE_CODES: ReadonlySet<StoreErrorCode> = new Set([
  'UNKNOWN_RUN',
  'NO_RUNS',
  'UNKNOWN_FUNCTION',
  'AMBIGUOUS_FUNCTION',
  'SQL_REFUSED',
  'SQL_ERROR',
  'BAD_ARGUMENT',
]);

export class StoreError extends Error {
  override name = 'StoreError';
  readonly code: StoreErrorCode;
  /** What the CLI exits with: 2 for input the user can fix, 1 otherwise. */
  readonly exitCode: number;
  /** Extra JSON-ready facts, e.g. the candidate names of an ambiguous function. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: StoreErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.exitCode = USAGE_CODES.has(code) ? 2 : 1;
    this.details = details;
  }
}

export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}
