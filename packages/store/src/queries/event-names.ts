// Names for the numeric ids in event rows, loaded once per query and cached.
import type Database from 'better-sqlite3';
import { EventKind } from '@breadcrumb/core';
import { displayNameSql } from './display-name.js';
import { callArguments } from './call-arguments.js';

export interface EventName {
  name: string;
  /** The `--call` argument of a function whose name alone names several of the run (see call-arguments.ts). */
  call?: string;
  module: string | null;
}

interface FunctionRow {
  name: string;
  module: string;
  line: number;
  col: number;
}

export class EventNames {
  private readonly functions = new Map<number, EventName>();
  private readonly sites = new Map<number, EventName>();
  private readonly functionStmt;
  private readonly siteStmt;

  /** With `runId`, a function's name carries its `--call` argument where the name alone is ambiguous. */
  constructor(
    private readonly db: Database.Database,
    private readonly options: { runId?: number } = {},
  ) {
    this.functionStmt = db.prepare(`SELECT ${displayNameSql('functions')} AS name, module_id AS module, line, col FROM functions WHERE id = ?`);
    this.siteStmt = db.prepare('SELECT callee AS name, COALESCE(callee_module, module_id) AS module FROM call_sites WHERE id = ?');
  }

  of(kind: number, id: number): EventName {
    const cache = kind === EventKind.CallSite ? this.sites : this.functions;
    let name = cache.get(id);
    if (!name) {
      name = kind === EventKind.CallSite ? (this.siteStmt.get(id) as EventName | undefined) : this.functionName(id);
      name ??= { name: `<unknown #${id}>`, module: null };
      cache.set(id, name);
    }
    return name;
  }

  private functionName(id: number): EventName | undefined {
    const row = this.functionStmt.get(id) as FunctionRow | undefined;
    if (!row) return undefined;
    const call = this.options.runId === undefined ? undefined : callArguments(this.db, this.options.runId, [row.name])({ module: row.module, name: row.name, line: row.line, column: row.col });
    return call === undefined ? { name: row.name, module: row.module } : { name: row.name, call, module: row.module };
  }
}
