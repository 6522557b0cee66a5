// `--format table`: query results for people. A result is an object whose first list of records is
// the table; its other scalar fields are printed above it. Cells hold compact JSON, cut to fit.

const MAX_CELL = 60;

export function renderTable(result: unknown, tableKey?: string): string {
  if (Array.isArray(result)) return renderRows(result);
  if (result === null || typeof result !== 'object') return `${formatCell(result)}\n`;
  const record = result as Record<string, unknown>;
  // The table is the first list of records (`--sql` answers `{columns: [names], rows: [records]}`),
  // else the first list.
  const lists = Object.keys(record).filter((k) => Array.isArray(record[k]));
  // `--sql` names its columns, which an empty answer still has: they head the table, not a list of their own
  const sqlColumns = Array.isArray(record.rows) && isStringList(record.columns) ? (record.columns as string[]) : null;
  const listKey =
    sqlColumns !== null ? 'rows' : tableKey !== undefined && lists.includes(tableKey) ? tableKey : (lists.find((k) => (record[k] as unknown[]).some(isRecord)) ?? lists[0]);
  const header = Object.entries(record)
    .filter(([k, v]) => k !== listKey && (v === null || typeof v !== 'object'))
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const body = listKey === undefined ? '' : renderRows(record[listKey] as unknown[], sqlColumns);
  const nested = Object.entries(record).filter(
    ([k, v]) => k !== listKey && !(sqlColumns !== null && k === 'columns') && v !== null && typeof v === 'object',
  );
  const extra = nested.map(([k, v]) => `${k}: ${clip(JSON.stringify(v), 200)}`);
  return [...header, ...(body ? [body.trimEnd()] : []), ...extra].join('\n') + '\n';
}

/** Rows as a table; `named` columns come first, in their order (an empty answer still shows them). */
function renderRows(rows: unknown[], named: readonly string[] | null = null): string {
  if (rows.length === 0 && (named === null || named.length === 0)) return '(none)\n';
  const records = rows.map((r) => (r !== null && typeof r === 'object' && !Array.isArray(r) ? (r as Record<string, unknown>) : { value: r }));
  const columns: string[] = [...(named ?? [])];
  for (const r of records) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  if (records.length === 0) {
    return [columns.join('  '), columns.map((c) => '-'.repeat(c.length)).join('  '), '(no rows)'].join('\n') + '\n';
  }
  const cells = records.map((r) => columns.map((c) => formatCell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]): string => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isRecord(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function formatCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return clip(text.replace(/\s+/g, ' '), MAX_CELL);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
