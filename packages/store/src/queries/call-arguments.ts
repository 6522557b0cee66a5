// What a list that shows function names adds for a name that alone names more than one function of
// the run (a `parse` in two modules, two `helper`s in one): the `--call` argument that picks this one,
// `acorn/dist/acorn.js:parse`, `./src/a.js:helper@12`, `./src/a.js:h@40:11` (see function-lookup.ts,
// which takes them back). A name that is unique, and an anonymous function's display name (which says
// where it is), need none.
// An entry that is an object (`{function, module, ...}`) gets the argument as its own `call` field; a
// plain list of names (`called_by`, `calls_made`, `call_chain`, `caught_by`, `propagated_through`, the
// gaps' callers) has no room for one, so it shows the argument in place of the name, as the text
// report does: every name such a list shows can be passed back to `--call` as it is.
import type Database from 'better-sqlite3';
import { qualified } from './run-scope.js';

export interface FunctionPlace {
  module: string;
  /** The display name (see display-name.ts). */
  name: string;
  line: number;
  /** 0-based, as stored. */
  column: number;
}

export type CallArgumentOf = (place: FunctionPlace) => string | undefined;

interface Row {
  name: string;
  module_id: string;
  line: number;
  col: number;
}

/** The `--call` arguments of the run's functions named `names`, for those a name alone does not pick. */
export function callArguments(db: Database.Database, runId: number, names: Iterable<string>): CallArgumentOf {
  const wanted = [...new Set(names)].filter((name) => !name.startsWith('<anonymous'));
  if (wanted.length === 0) return () => undefined;
  const rows = db
    .prepare(
      `SELECT DISTINCT f.name, f.module_id, f.line, f.col FROM functions f JOIN processes p ON p.id = f.process_id
       WHERE p.run_id = ? AND f.name IN (SELECT value FROM json_each(?))`,
    )
    .all(runId, JSON.stringify(wanted)) as Row[];
  const byName = new Map<string, Row[]>();
  for (const row of rows) {
    const list = byName.get(row.name);
    if (list) list.push(row);
    else byName.set(row.name, [row]);
  }
  return (place) => {
    const same = byName.get(place.name);
    if (!same || same.length < 2) return undefined;
    const inModule = same.filter((row) => row.module_id === place.module);
    const base = qualified(place.module, place.name);
    if (inModule.length <= 1) return base;
    if (inModule.filter((row) => row.line === place.line).length <= 1) return `${base}@${place.line}`;
    return `${base}@${place.line}:${place.column + 1}`;
  };
}

/** What a plain list of names shows for a function: its name, or where that is ambiguous its `--call` argument. */
export function nameOrCall(callOf: CallArgumentOf, place: FunctionPlace): string {
  return callOf(place) ?? place.name;
}
