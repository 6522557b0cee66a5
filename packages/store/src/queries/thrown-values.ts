// Which calls threw the same value, for the exceptions query: a rethrow passes on its callee's value,
// and the query compares the values of thousands of calls (js-yaml's run: 2,684 calls that threw, 175
// exceptions, 5 MB of captured values). Reading every value into JavaScript to compare it cost most of
// the query (decoding, then collecting the garbage). Instead SQLite compares a call's value with its
// caller's as it lists them (`same_as_parent`); a call whose value is its caller's belongs to its
// caller's class, and calls of one class threw one value. Any other pair is compared in SQLite too. A
// value is read into JavaScript only where it is parsed or shown (`valueOf`).
import type Database from 'better-sqlite3';

/** A call that threw, listed with its value compared to its caller's. */
export interface ThrowingRow {
  id: number;
  parent: number;
  /** 1 when it captured no value. */
  no_value: number;
  /** Its value is its caller's (both captured none included): 1 or 0; null when the caller did not throw. */
  same_as_parent: number | null;
}

/**
 * The columns `ThrowingRow` needs, for a query over `events` as `e` that LEFT JOINs the caller's row
 * as `p` when it threw too (`ON p.id = e.parent AND p.kind = 2`).
 */
export const THROWING_COLUMNS = 'e.result IS NULL AS no_value, CASE WHEN p.id IS NULL THEN NULL ELSE e.result IS p.result END AS same_as_parent';

export class ThrownValues {
  private readonly rows = new Map<number, ThrowingRow>();
  /** A listed call's class: the farthest caller up whose value each call on the way passed on. */
  private readonly classes = new Map<number, number>();
  private readonly compared = new Map<string, boolean>();
  private readonly values = new Map<number, string | null>();
  private readonly sameStatement: Database.Statement;
  private readonly valueStatement: Database.Statement;

  constructor(db: Database.Database) {
    this.sameStatement = db.prepare('SELECT a.result IS b.result FROM events a, events b WHERE a.id = ? AND b.id = ?').pluck();
    this.valueStatement = db.prepare('SELECT result FROM events WHERE id = ?').pluck();
  }

  /** Takes in calls that threw (the ones compared with them may be any calls). */
  add(rows: readonly ThrowingRow[]): void {
    for (const row of rows) this.rows.set(row.id, row);
  }

  /** Whether calls `a` and `b` threw the same value (or both captured none), as `===` of the values. */
  same(a: number, b: number): boolean {
    if (a === b) return true;
    const rowA = this.rows.get(a);
    const rowB = this.rows.get(b);
    if (rowA !== undefined && rowB !== undefined) {
      if (rowB.parent === a && rowB.same_as_parent !== null) return rowB.same_as_parent === 1;
      if (rowA.parent === b && rowA.same_as_parent !== null) return rowA.same_as_parent === 1;
      if (rowA.no_value === 1 || rowB.no_value === 1) return rowA.no_value === rowB.no_value;
      if (this.classOf(rowA) === this.classOf(rowB)) return true;
    }
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    let same = this.compared.get(key);
    if (same === undefined) {
      same = this.sameStatement.get(a, b) === 1;
      this.compared.set(key, same);
    }
    return same;
  }

  /** The value call `id` threw (its `result`), read once. */
  valueOf(id: number): string | null {
    let value = this.values.get(id);
    if (value === undefined) {
      value = (this.valueStatement.get(id) as string | null | undefined) ?? null;
      this.values.set(id, value);
    }
    return value;
  }

  private classOf(row: ThrowingRow): number {
    // up to a call whose class is known, or the top; every call on the way gets that class
    const path: ThrowingRow[] = [];
    let at: ThrowingRow | undefined = row;
    let found: number | undefined;
    while (at !== undefined && path.length <= this.rows.size) {
      found = this.classes.get(at.id);
      if (found !== undefined) break;
      path.push(at);
      at = at.same_as_parent === 1 ? this.rows.get(at.parent) : undefined;
    }
    const cls = found ?? path[path.length - 1]!.id;
    for (const on of path) this.classes.set(on.id, cls);
    return cls;
  }
}
