// Finding the function a user means: `multiply`, `Cart.total`, `total` (a method's own name),
// `./src/cart.js:Cart.total` or `cart.js:total`, and an anonymous one as queries show it,
// `<anonymous@src/cart.js:12:5>`. The same function in several processes of a run is
// one function; the same name in different modules is ambiguous and the candidates are listed.
// Two functions of one name in one module (a nested `function helper()` in two scopes, a static and a
// method of one class) are told apart by where they start: `./src/a.js:helper@12`, or
// `./src/a.js:helper@12:5` (1-based line and column) when they start on the same line. Every candidate
// an ambiguity error lists is such an argument, checked to pick exactly one function. A name that holds
// a colon or ends in `@12` (`routes.GET /users/:id`) is found as written, alone or after its module.
import type Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { qualified } from './run-scope.js';
import { compareText } from './compare-text.js';
import { displayNameSql } from './display-name.js';
import { excludedByOf } from './excluded-by.js';
import { bareName, lastSegment, ownName, withoutPrototype } from './function-name-parts.js';

export interface FunctionMatch {
  /** As queries show it (see display-name.ts). */
  name: string;
  moduleId: string;
  file: string;
  line: number;
  /** 0-based, as stored. */
  column: number;
  isAsync: boolean;
  /** An async function or a generator: its calls suspend (await, yield). */
  suspends: boolean;
  /** functions.id of this function in every process of the run. */
  ids: number[];
}

/** A function of the run with the instrumenter's name, which the name tiers match. */
interface Candidate extends FunctionMatch {
  instrumenterName: string;
}

interface Row {
  id: number;
  name: string;
  /** As queries show it (see display-name.ts). */
  display: string;
  module_id: string;
  file: string;
  line: number;
  col: number;
  is_async: number;
  is_generator: number;
}

/** What `--call` was given: `[MODULE:]NAME[@LINE[:COLUMN]]`. */
interface Wanted {
  whole: string;
  modulePart: string | null;
  namePart: string;
  line: number | null;
  /** 1-based, as written. */
  column: number | null;
}

/** `@LINE` or `@LINE:COLUMN` at the end; `<anonymous@src/a.js:10:31>` ends in `>` and is a whole name. */
const LOCATION = /^(.+)@(\d+)(?::(\d+))?$/;

function parseWanted(whole: string): Wanted {
  return readings(whole)[0]!;
}

/**
 * The ways `whole` can be read, the usual first: `@LINE` taken as a location, the module split off at
 * the last colon. A name may hold a colon or end in `@12` itself (`routes['GET /users/:id']`,
 * `o['x@12']`), so the module may end at an earlier colon, or there may be none, and the `@12` may be
 * part of the name.
 */
function readings(whole: string): Wanted[] {
  const at = LOCATION.exec(whole);
  const located = at ? [{ base: at[1]!, line: Number(at[2]), column: at[3] !== undefined ? Number(at[3]) : null }] : [];
  const all: Wanted[] = [];
  for (const { base, line, column } of [...located, { base: whole, line: null, column: null }]) {
    for (let colon = base.lastIndexOf(':'); colon > 0; colon = base.lastIndexOf(':', colon - 1)) {
      all.push({ whole, modulePart: base.slice(0, colon), namePart: base.slice(colon + 1), line, column });
    }
    all.push({ whole, modulePart: null, namePart: base, line, column });
  }
  return all;
}

const NAME_TIERS: ((name: string, wanted: string) => boolean)[] = [
  (name, wanted) => name === wanted,
  (name, wanted) => bareName(name) === wanted,
  // `exports.foo (function bar)` as V8 names it in stack traces
  (name, wanted) => ownName(name) === wanted,
  // `Parser.parse` for `Parser.prototype.parse`, when no static of that name exists
  (name, wanted) => withoutPrototype(bareName(name)) === wanted,
  (name, wanted) => lastSegment(name) === wanted,
];

/**
 * The functions `whole` names: those that have it as their name (as queries show it), else those of
 * the first reading (see readings) that names any.
 */
function resolve(functions: readonly Candidate[], whole: string): Candidate[] {
  // a name as an answer shows it is taken as it is, even one that holds a colon or ends in `@12`
  const named = functions.filter((f) => f.name === whole);
  if (named.length > 0) return named;
  for (const wanted of readings(whole)) {
    const found = resolveReading(functions, wanted);
    if (found.length > 0) return found;
  }
  return [];
}

/** The functions one reading of what was asked names: those of the first tier that names any. */
function resolveReading(functions: readonly Candidate[], wanted: Wanted): Candidate[] {
  const modulePath = wanted.modulePart?.replace(/^\.\//, '') ?? null;
  const inModule = (f: Candidate) =>
    modulePath === null ||
    f.moduleId === wanted.modulePart ||
    f.moduleId.endsWith(`/${modulePath}`) ||
    f.moduleId.replace(/\.[cm]?[jt]sx?$/, '').endsWith(modulePath);
  const atLocation = (f: Candidate) => (wanted.line === null || f.line === wanted.line) && (wanted.column === null || f.column + 1 === wanted.column);
  for (const tier of NAME_TIERS) {
    const matches = functions.filter((f) => inModule(f) && atLocation(f) && tier(f.instrumenterName, wanted.namePart));
    if (matches.length === 0) continue;
    // `./src/a.js:f` means that module, also when `./lib/src/a.js` has an `f` too
    const exact = matches.filter((f) => f.moduleId === wanted.modulePart || f.moduleId === `./${modulePath}`);
    return exact.length > 0 ? exact : matches;
  }
  return [];
}

/** The shortest `--call` argument that names `target` alone: `MODULE:NAME`, then `@LINE`, then `@LINE:COLUMN`. */
function callArgument(functions: readonly Candidate[], target: Candidate): string {
  if (target.name !== target.instrumenterName) return target.name;
  const base = qualified(target.moduleId, target.name);
  const forms = [base, `${base}@${target.line}`, `${base}@${target.line}:${target.column + 1}`];
  return forms.find((form) => {
    const found = resolve(functions, form);
    return found.length === 1 && found[0] === target;
  }) ?? forms[forms.length - 1]!;
}

const CANDIDATES_SHOWN = 8;

export function findFunction(db: Database.Database, runId: number, query: string, excludes: readonly string[] = []): FunctionMatch {
  const whole = query.trim();
  if (whole === '') throw new StoreError('BAD_ARGUMENT', '--call needs a function name, e.g. `--call multiply` or `--call ./src/cart.js:Cart.total`');
  const rows = db
    .prepare(`SELECT f.id, f.name, ${displayNameSql('f')} AS display, f.module_id, f.file, f.line, f.col, f.is_async, f.is_generator FROM functions f JOIN processes p ON p.id = f.process_id WHERE p.run_id = ?`)
    .all(runId) as Row[];
  const functions = group(rows);
  const wanted = parseWanted(whole);
  const matches = resolve(functions, whole);
  if (matches.length === 1) return publicMatch(matches[0]!);
  if (matches.length > 1) {
    const ordered = [...matches].sort((a, b) => compareText(a.moduleId, b.moduleId) || a.line - b.line || a.column - b.column);
    const shown = ordered.slice(0, CANDIDATES_SHOWN).map((m) => callArgument(functions, m));
    const candidates = [...shown, ...ordered.slice(CANDIDATES_SHOWN).map((m) => callArgument(functions, m))];
    throw new StoreError(
      'AMBIGUOUS_FUNCTION',
      `'${whole}' names ${matches.length} functions: ${shown.join(', ')}${matches.length > CANDIDATES_SHOWN ? ', ...' : ''}; ` +
        `pass one of them to --call (MODULE:NAME, with @LINE or @LINE:COLUMN where a module has more than one)`,
      { candidates },
    );
  }
  const untraced = untracedCallee(db, runId, whole, excludes);
  if (untraced) throw untraced;
  // `<anonymous@lib/a.js:10:31>` is a whole display name: its last colon is no module separator
  const closest = closestNames(rows, ANONYMOUS_DISPLAY.test(whole) ? whole : wanted.namePart);
  const hint = closest.length > 0 ? `closest: ${closest.join(', ')}` : 'no function was traced in this run: see `breadcrumb query --gaps`';
  throw new StoreError('UNKNOWN_FUNCTION', `no traced function '${whole}' in run ${runId} (${hint})`, { closest });
}

function publicMatch(candidate: Candidate): FunctionMatch {
  const { instrumenterName: _, ...match } = candidate;
  return match;
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

/** The run's functions, one per module, name and position across its processes. */
function group(rows: Row[]): Candidate[] {
  const byKey = new Map<string, Candidate>();
  for (const row of rows) {
    const key = `${row.module_id}\0${row.display}\0${row.line}\0${row.col}`;
    const match = byKey.get(key);
    if (match) match.ids.push(row.id);
    else {
      byKey.set(key, {
        name: row.display,
        instrumenterName: row.name,
        moduleId: row.module_id,
        file: row.file,
        line: row.line,
        column: row.col,
        isAsync: row.is_async === 1 && row.is_generator === 0,
        suspends: row.is_async === 1 || row.is_generator === 1,
        ids: [row.id],
      });
    }
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
    .sort((a, b) => a.score - b.score || compareText(a.name, b.name))
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
