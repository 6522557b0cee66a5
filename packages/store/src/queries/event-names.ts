// Names for the numeric ids in event rows, loaded once per query and cached.
import type Database from 'better-sqlite3';
import { EventKind } from '@breadcrumb/core';
import { displayNameSql } from './display-name.js';

export interface EventName {
  name: string;
  module: string | null;
}

export class EventNames {
  private readonly functions = new Map<number, EventName>();
  private readonly sites = new Map<number, EventName>();
  private readonly functionStmt;
  private readonly siteStmt;

  constructor(db: Database.Database) {
    this.functionStmt = db.prepare(`SELECT ${displayNameSql('functions')} AS name, module_id AS module FROM functions WHERE id = ?`);
    this.siteStmt = db.prepare('SELECT callee AS name, COALESCE(callee_module, module_id) AS module FROM call_sites WHERE id = ?');
  }

  of(kind: number, id: number): EventName {
    const cache = kind === EventKind.CallSite ? this.sites : this.functions;
    let name = cache.get(id);
    if (!name) {
      const row = (kind === EventKind.CallSite ? this.siteStmt : this.functionStmt).get(id) as EventName | undefined;
      name = row ?? { name: `<unknown #${id}>`, module: null };
      cache.set(id, name);
    }
    return name;
  }
}
