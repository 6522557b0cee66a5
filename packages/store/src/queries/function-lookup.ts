// Finding the function a user means: `multiply`, `Cart.total`, `total` (a method's own name),
// `./src/cart.js:Cart.total` or `cart.js:total`, and an anonymous one as queries show it,
// `<anonymous@src/cart.js:12:5>`. The same function in several processes of a run is
// one function; the same name in different modules is ambiguous and the candidates are listed.
import type Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { qualified } from './run-scope.js';
import { displayNameSql } from './display-name.js';
import { excludedByOf } from './excluded-by.js';

export interface FunctionMatch {
  name: string;
  moduleId: string;
  file: string;
  line: number;
  isAsync: boolean;
  /** An async function or a generator: its calls suspend (await, yield). */
  suspends: boolean;
  /** functions.id of this function in every process of the run. */
  ids: number[];
}

interface Row {
  id: number;
  name: string;
  /** As queries show it (see display-name.ts). */
  display: string;
  module_id: string;
  file: string;
  line: number;
  is_async: number;
  is_generator: number;
}

/** `get Cart.total` → `Cart.total`; `Cart.total` → `total`. */
function bareName(name: string): string {
  return name.replace(/^(get|set|static|async)\s+/, '');
}

function lastSegment(name: string): string {
  const bare = bareName(name);
  const dot = bare.lastIndexOf('.');
  return dot === -1 ? bare : bare.slice(dot + 1);
}

export function findFunction(db: Database.Database, runId: number, query: string, excludes: readonly string[] = []): FunctionMatch {
  const wanted = query.trim();
  if (wanted === '') throw new StoreError('BAD_ARGUMENT', '--call needs a function name, e.g. `--call multiply` or `--call ./src/cart.js:Cart.total`');
  const rows = db
    .prepare(`SELECT f.id, f.name, ${displayNameSql('f')} AS display, f.module_id, f.file, f.line, f.is_async, f.is_generator FROM functions f JOIN processes p ON p.id = f.process_id WHERE p.run_id = ?`)
    .all(runId) as Row[];
  const shown = group(rows.filter((row) => row.display === wanted && row.display !== row.name));
  if (shown.length === 1) return shown[0]!;
  const colon = wanted.lastIndexOf(':');
  const modulePart = colon > 0 ? wanted.slice(0, colon) : null;
  const namePart = colon > 0 ? wanted.slice(colon + 1) : wanted;
  const inModule = (row: Row) =>
    modulePart === null ||
    row.module_id === modulePart ||
    row.module_id.endsWith(`/${modulePart.replace(/^\.\//, '')}`) ||
    row.module_id.replace(/\.[cm]?[jt]sx?$/, '').endsWith(modulePart.replace(/^\.\//, ''));
  const tiers: ((row: Row) => boolean)[] = [
    (row) => row.name === namePart,
    (row) => bareName(row.name) === namePart,
    (row) => lastSegment(row.name) === namePart,
  ];
  for (const tier of tiers) {
    const matches = group(rows.filter((row) => inModule(row) && tier(row)));
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      // an anonymous function's display name already says where it is, and `--call` takes it as it is
      const candidates = matches.map((m) => (m.name.startsWith('<anonymous') ? m.name : qualified(m.moduleId, m.name)));
      throw new StoreError(
        'AMBIGUOUS_FUNCTION',
        `'${wanted}' names ${matches.length} functions: ${candidates.slice(0, 8).join(', ')}${matches.length > 8 ? ', ...' : ''}; pass one as --call 'MODULE:NAME'`,
        { candidates },
      );
    }
  }
  const untraced = untracedCallee(db, runId, wanted, excludes);
  if (untraced) throw untraced;
  // `<anonymous@lib/a.js:10:31>` is a whole display name: its last colon is no module separator
  const closest = closestNames(rows, ANONYMOUS_DISPLAY.test(wanted) ? wanted : namePart);
  const hint = closest.length > 0 ? `closest: ${closest.join(', ')}` : 'no function was traced in this run: see `breadcrumb query --gaps`';
  throw new StoreError('UNKNOWN_FUNCTION', `no traced function '${wanted}' in run ${runId} (${hint})`, { closest });
}

/** A name that was called from traced code but is not traced itself: say how to trace it. */
function untracedCallee(db: Database.Database, runId: number, wanted: string, excludes: readonly string[]): StoreError | null {
  const site = db
    .prepare(
      `SELECT s.callee, s.callee_module, s.suggested_include, SUM(MAX(COALESCE(st.agg_count, 0), st.calls)) AS calls, r.project
       FROM call_sites s JOIN processes p ON p.id = s.process_id JOIN runs r ON r.id = p.run_id
       LEFT JOIN site_stats st ON st.site_id = s.id
       WHERE p.run_id = ? AND (s.callee = ? OR s.callee LIKE ?)
       GROUP BY s.callee, s.callee_module ORDER BY calls DESC LIMIT 1`,
    )
    .get(runId, wanted, `%.${wanted.replace(/[%_]/g, '')}`) as
    | { callee: string; callee_module: string | null; suggested_include: string | null; calls: number | null; project: string | null }
    | undefined;
  if (!site) return null;
  const where = site.callee_module ? ` (from ${site.callee_module})` : '';
  const project = site.project ?? 'NAME';
  const excludedBy = excludedByOf(excludes, site.callee_module, site.suggested_include);
  const fix = excludedBy !== undefined
    ? `the config excludes it ('${excludedBy}'; excludes win over includes): trace it with \`breadcrumb config edit ${project} --remove-exclude '${excludedBy}'\` and run again`
    : site.suggested_include
    ? `trace it with \`breadcrumb config edit ${project} --add-include '${site.suggested_include}'\` and run again`
    : 'it cannot be traced (a built-in or a value of unknown origin); see `breadcrumb query --gaps`';
  return new StoreError(
    'UNKNOWN_FUNCTION',
    `'${site.callee}'${where} was called ${site.calls === 1 ? 'once' : `${site.calls ?? 0} times`} in run ${runId} but not traced: ${fix}`,
    { untraced: site.callee, module: site.callee_module, suggested_include: site.suggested_include },
  );
}

function group(rows: Row[]): FunctionMatch[] {
  const byKey = new Map<string, FunctionMatch>();
  for (const row of rows) {
    const key = `${row.module_id}\0${row.display}\0${row.line}`;
    const match = byKey.get(key);
    if (match) match.ids.push(row.id);
    else byKey.set(key, { name: row.display, moduleId: row.module_id, file: row.file, line: row.line, isAsync: row.is_async === 1 && row.is_generator === 0,
      suspends: row.is_async === 1 || row.is_generator === 1, ids: [row.id] });
  }
  return [...byKey.values()];
}

const ANONYMOUS_DISPLAY = /^<anonymous@.+>$/;

function closestNames(rows: Row[], wanted: string): string[] {
  const names = [...new Set(rows.map((r) => r.display))];
  const lower = wanted.toLowerCase();
  return names
    .map((name) => {
      const candidate = name.toLowerCase();
      // a name found inside what was typed counts only when it says something (not `c` or `nm`)
      const segment = lastSegment(candidate);
      const contains = candidate.includes(lower) || (segment.length >= 3 && lower.includes(segment));
      return { name, score: editDistance(lower, candidate) - (contains ? 3 : 0) };
    })
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, 5)
    .map((c) => c.name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
