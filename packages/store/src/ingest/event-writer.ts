// Multi-row inserts of event rows through a few prepared statements that are reused: one statement
// per chunk size, so a batch of any length costs ceil(n/256) + a few statement runs.
import type Database from 'better-sqlite3';

export const EVENT_COLUMNS = ['process_id', 'kind', 'fn', 'call', 'parent', 'depth', 'ts', 'aux', 'value'] as const;
const WIDTH = EVENT_COLUMNS.length;
const CHUNKS = [256, 64, 16, 4, 1] as const;

export class EventWriter {
  private readonly statements: Map<number, Database.Statement>;
  private readonly pending: unknown[] = [];

  constructor(db: Database.Database) {
    this.statements = new Map(
      CHUNKS.map((rows) => {
        const tuple = `(${EVENT_COLUMNS.map(() => '?').join(',')})`;
        const sql = `INSERT INTO events (${EVENT_COLUMNS.join(',')}) VALUES ${Array(rows).fill(tuple).join(',')}`;
        return [rows, db.prepare(sql)];
      }),
    );
  }

  add(processId: number, kind: number, fn: number, call: number, parent: number, depth: number, ts: number, aux: number, value: string | null): void {
    this.pending.push(processId, kind, fn, call, parent, depth, ts, aux, value);
    if (this.pending.length >= 256 * WIDTH * 4) this.flush();
  }

  /** Writes everything added so far (inside the caller's transaction). */
  flush(): void {
    const rows = this.pending.length / WIDTH;
    let at = 0;
    for (const chunk of CHUNKS) {
      const statement = this.statements.get(chunk)!;
      while (rows - at / WIDTH >= chunk) {
        statement.run(this.pending.slice(at, at + chunk * WIDTH));
        at += chunk * WIDTH;
      }
    }
    this.pending.length = 0;
  }
}
