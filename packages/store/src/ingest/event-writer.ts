// Multi-row inserts of event rows through a few prepared statements that are reused: one statement
// per chunk size, so a batch of any length costs ceil(n/256) + a few statement runs.
import type Database from 'better-sqlite3';

export const EVENT_COLUMNS = ['id', 'process_id', 'kind', 'fn', 'call', 'parent', 'depth', 'ts', 'aux', 'end_pos', 'args', 'result'] as const;
const WIDTH = EVENT_COLUMNS.length;
const CHUNKS = [256, 64, 16, 4, 1] as const;
const FUNCTION_CALL_CHUNK = 512;

export class EventWriter {
  private readonly statements: Map<number, Database.Statement>;
  private readonly buffers = new Map<number, unknown[]>(CHUNKS.map((rows) => [rows, new Array<unknown>(rows * WIDTH)]));
  private readonly pending: unknown[] = [];
  /** (functions.id, events.id) of the call rows in `pending`, for function_calls. */
  private readonly callsByFunction: number[] = [];
  private readonly functionCalls: Database.Statement;
  private readonly functionCall: Database.Statement;
  private readonly functionCallArgs = new Array<number>(FUNCTION_CALL_CHUNK * 2);
  /** The id the next event gets: ids are assigned here so that events can point at their call's row. */
  nextId = 1;

  constructor(db: Database.Database) {
    this.statements = new Map(
      CHUNKS.map((rows) => {
        const tuple = `(${EVENT_COLUMNS.map(() => '?').join(',')})`;
        const sql = `INSERT INTO events (${EVENT_COLUMNS.join(',')}) VALUES ${Array(rows).fill(tuple).join(',')}`;
        return [rows, db.prepare(sql)];
      }),
    );
    this.functionCalls = db.prepare(`INSERT INTO function_calls (fn, id) VALUES ${Array(FUNCTION_CALL_CHUNK).fill('(?,?)').join(',')}`);
    this.functionCall = db.prepare('INSERT INTO function_calls (fn, id) VALUES (?, ?)');
  }

  /** Starts a transaction's worth of rows: ids continue after the largest one in the table. */
  begin(db: Database.Database): void {
    this.nextId = ((db.prepare('SELECT MAX(id) FROM events').pluck().get() as number | null) ?? 0) + 1;
  }

  /** Takes the next id (a position in the process's event order) for a row written later. */
  reserve(): number {
    return this.nextId++;
  }

  /** Queues one row with an id from reserve(). */
  add(
    id: number, processId: number, kind: number, fn: number, call: number, parent: number, depth: number, ts: number,
    aux: number, endPos: number | null, args: string | null, result: string | null,
  ): void {
    this.pending.push(id, processId, kind, fn, call, parent, depth, ts, aux, endPos, args, result);
    if (kind === 0 || kind === 2 || kind === 7) this.callsByFunction.push(fn, id);
  }

  /**
   * Writes everything added so far (inside the caller's transaction), in id order: a call's row is
   * added when it ends, after its callees' rows, and appending in order keeps the B-tree inserts at
   * its right edge (out of order, they cost three times as much and leave half-full pages).
   */
  flush(): void {
    const rows = this.pending.length / WIDTH;
    if (rows === 0) return;
    const order = this.rowOrder(rows);
    const pending = this.pending;
    let next = 0;
    for (const chunk of CHUNKS) {
      const statement = this.statements.get(chunk)!;
      const args = this.buffers.get(chunk)!;
      while (rows - next >= chunk) {
        // Copied into one reused array per statement: no garbage per chunk.
        let out = 0;
        for (let r = next; r < next + chunk; r++) {
          const from = order[r]! * WIDTH;
          for (let c = 0; c < WIDTH; c++) args[out++] = pending[from + c];
        }
        statement.run(args);
        next += chunk;
      }
    }
    this.pending.length = 0;
    this.flushFunctionCalls();
  }

  /**
   * The lookup from a function to its calls, written sorted by function: an index on events(fn)
   * would take each row's entry at one of a few hot spots in turn, which halves the insert rate;
   * sorted, each function's entries go in one run.
   */
  private flushFunctionCalls(): void {
    const pairs = this.callsByFunction;
    const n = pairs.length / 2;
    if (n === 0) return;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => pairs[a * 2]! - pairs[b * 2]! || pairs[a * 2 + 1]! - pairs[b * 2 + 1]!);
    const args = this.functionCallArgs;
    let k = 0;
    let done = 0;
    for (const i of order) {
      args[k++] = pairs[i * 2]!;
      args[k++] = pairs[i * 2 + 1]!;
      if (k === args.length) {
        this.functionCalls.run(args);
        k = 0;
        done += FUNCTION_CALL_CHUNK;
      }
    }
    for (let j = 0; j < k; j += 2) this.functionCall.run(args[j], args[j + 1]);
    pairs.length = 0;
    void done;
  }

  /** Row indexes of `pending` in id order. */
  private rowOrder(rows: number): Int32Array {
    const pending = this.pending;
    let min = Infinity;
    let max = -Infinity;
    for (let r = 0; r < rows; r++) {
      const id = pending[r * WIDTH] as number;
      if (id < min) min = id;
      if (id > max) max = id;
    }
    const order = new Int32Array(rows);
    if (max - min + 1 > rows * 4) {
      // Sparse ids (rows of long-running calls far back): a comparison sort.
      for (let r = 0; r < rows; r++) order[r] = r;
      return order.sort((a, b) => (pending[a * WIDTH] as number) - (pending[b * WIDTH] as number));
    }
    const slots = new Int32Array(max - min + 1).fill(-1);
    for (let r = 0; r < rows; r++) slots[(pending[r * WIDTH] as number) - min] = r;
    let out = 0;
    for (const r of slots) if (r >= 0) order[out++] = r;
    return order;
  }
}
