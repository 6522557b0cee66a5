// Where results go: data on stdout (JSON by default, a table on request), Breadcrumb's own messages
// on stderr so that they never mix with the traced program's or the query's output.

import { jsonText } from './json-text.js';
import { renderTable } from './table.js';

export type OutputFormat = 'json' | 'table';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'table'];

/** `listKey`: the answer's list that `--format table` shows as the table (default: its first list of records). */
export function printResult(result: unknown, format: OutputFormat = 'json', listKey?: string): void {
  process.stdout.write(format === 'table' ? renderTable(result, listKey) : `${jsonText(result)}\n`);
}

/** A note from Breadcrumb itself: stderr, prefixed so that it is never mistaken for the program's. */
export function note(message: string): void {
  process.stderr.write(`breadcrumb: ${message}\n`);
}
