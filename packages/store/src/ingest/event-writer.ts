// Multi-row inserts of event rows through a few prepared statements that are reused: one statement
// per chunk size, so a batch of any length costs ceil(n/256) + a few statement runs. Rows wait in
// typed arrays (no garbage per row) until the transaction's flush writes them in id order, normally
// without binding their ids (they are the next ones: SQLite gives the same).
//
// Measured on scripts/bench/ingest.mjs (2.2 M events, 1.2 M rows), the ingest's time is about half
// these statements' runs (binding and B-tree appends, near a plain insert's cost per row), a fifth
// decoding the spool (the frames' columns; values stay UTF-8 bytes, bound as they are), the rest pairing calls with their ends and
// building rows. Tried without gain: 1024-row statements, 32 MiB transactions, no partial index.
//
// On a real program's spool (acorn's, scripts/bench/ingest-replay.mjs: 235 k rows, 78 MB of values),
// binding is about half of a statement run (~35 ns a number, ~60 ns + the bytes a value), SQLite the
// rest. The lookup from a function to its calls is one row per function and transaction (its call
// rows' ids as one JSON array, function_call_lists): a row per call (the function_calls table of
// schema versions before 6) cost ~0.5 µs an entry, its B-tree insert at one of a few hundred places
// in turn, and rewrote those pages into the log at every transaction: ~12% of a corpus program's
// ingest CPU and a sixth of what it wrote (scripts/bench/ingest-replay.mjs on lodash's spool).
import type Database from 'better-sqlite3';

export const EVENT_COLUMNS = ['id', 'process_id', 'kind', 'fn', 'call', 'parent', 'depth', 'ts', 'aux', 'end_pos', 'on_thread_ns', 'args', 'result'] as const;

/**
 * A captured value's JSON text as a string, or as its UTF-8 bytes straight from the spool
 * (decodeFrames' valuesAsBytes): the statements bind either as text (`CAST(? AS TEXT)`), so values
 * are never decoded to strings only to be encoded back.
 */
export type StoredText = string | Uint8Array;
/** A bound parameter stored as TEXT whether it is given as a string or as UTF-8 bytes. */
export const TEXT_PARAMETER = 'CAST(? AS TEXT)';
const placeholders = (columns: readonly string[]) => columns.map((c) => (c === 'args' || c === 'result' ? TEXT_PARAMETER : '?')).join(',');
const WIDTH = EVENT_COLUMNS.length;
/** The numeric columns (all but args and result), stored side by side per row; the last two may be null (NaN). */
const NUMBERS = WIDTH - 2;
const CHUNKS = [256, 64, 16, 4, 1] as const;
/** function_call_lists rows per statement run (a transaction lists a few hundred functions). */
const LIST_CHUNK = 32;
const TWO_32 = 2 ** 32;

export class EventWriter {
  private readonly statements: Map<number, Database.Statement>;
  private readonly buffers = new Map<number, unknown[]>(CHUNKS.map((rows) => [rows, new Array<unknown>(rows * WIDTH)]));
  /** The same statements without the id column: SQLite gives each row MAX(id) + 1, which is its id anyway. */
  private readonly appendStatements: Map<number, Database.Statement>;
  private readonly appendBuffers = new Map<number, unknown[]>(CHUNKS.map((rows) => [rows, new Array<unknown>(rows * (WIDTH - 1))]));
  /** The id SQLite would give the next row (MAX(id) + 1 at begin()); NaN when not known. */
  private appendAt = NaN;
  private numbers = new Float64Array(4096 * NUMBERS);
  private texts: (StoredText | null)[] = [];
  private rows = 0;
  /** (functions.id, events.id) of the call rows waiting, packed as fn·2³² + id, for function_call_lists. */
  private callKeys = new Float64Array(4096);
  private calls = 0;
  private readonly listChunk: Database.Statement;
  private readonly listOne: Database.Statement;
  private readonly listArgs = new Array<number | string>(LIST_CHUNK * 2);
  private readonly listIds: number[] = [];
  /** The id the next event gets: ids are assigned here so that events can point at their call's row. */
  nextId = 1;

  constructor(db: Database.Database) {
    this.statements = new Map(
      CHUNKS.map((rows) => {
        const tuple = `(${placeholders(EVENT_COLUMNS)})`;
        const sql = `INSERT INTO events (${EVENT_COLUMNS.join(',')}) VALUES ${Array(rows).fill(tuple).join(',')}`;
        return [rows, db.prepare(sql)];
      }),
    );
    this.appendStatements = new Map(
      CHUNKS.map((rows) => {
        const columns = EVENT_COLUMNS.slice(1);
        const tuple = `(${placeholders(columns)})`;
        return [rows, db.prepare(`INSERT INTO events (${columns.join(',')}) VALUES ${Array(rows).fill(tuple).join(',')}`)];
      }),
    );
    this.listChunk = db.prepare(`INSERT INTO function_call_lists (fn, ids) VALUES ${Array(LIST_CHUNK).fill('(?,?)').join(',')}`);
    this.listOne = db.prepare('INSERT INTO function_call_lists (fn, ids) VALUES (?, ?)');
  }

  /** Starts a transaction's worth of rows: ids continue after the largest one in the table. */
  begin(db: Database.Database): void {
    this.nextId = ((db.prepare('SELECT MAX(id) FROM events').pluck().get() as number | null) ?? 0) + 1;
    this.appendAt = this.nextId;
  }

  /** Takes the next id (a position in the process's event order) for a row written later. */
  reserve(): number {
    return this.nextId++;
  }

  /**
   * Queues one row with an id from reserve(); `listed`: a call row to enter in function_call_lists;
   * `onThreadNs`: a call that suspended (await, yield), the time it ran.
   */
  add(
    id: number, processId: number, kind: number, fn: number, call: number, parent: number, depth: number, ts: number,
    aux: number, endPos: number | null, args: StoredText | null, result: StoredText | null, listed = false, onThreadNs: number | null = null,
  ): void {
    if ((this.rows + 1) * NUMBERS > this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    const at = this.rows * NUMBERS;
    const n = this.numbers;
    n[at] = id;
    n[at + 1] = processId;
    n[at + 2] = kind;
    n[at + 3] = fn;
    n[at + 4] = call;
    n[at + 5] = parent;
    n[at + 6] = depth;
    n[at + 7] = ts;
    n[at + 8] = aux;
    n[at + 9] = endPos === null ? NaN : endPos;
    n[at + 10] = onThreadNs === null ? NaN : onThreadNs;
    this.texts.push(args, result);
    this.rows++;
    if (listed && fn >= 0) {
      if (this.calls === this.callKeys.length) {
        const grown = new Float64Array(this.callKeys.length * 2);
        grown.set(this.callKeys);
        this.callKeys = grown;
      }
      this.callKeys[this.calls++] = fn * TWO_32 + id;
    }
  }

  /**
   * Writes everything added so far (inside the caller's transaction), in id order: a call's row is
   * added when it ends, after its callees' rows, and appending in order keeps the B-tree inserts at
   * its right edge (out of order, they cost three times as much and leave half-full pages).
   */
  flush(): void {
    const rows = this.rows;
    if (rows > 0) {
      const order = this.rowOrder(rows);
      const n = this.numbers;
      const first = n[order[0]! * NUMBERS]!;
      const last = n[order[rows - 1]! * NUMBERS]!;
      // Normally the rows' ids are exactly the next ones (every id reserved in a transaction is written
      // in it): then SQLite's own rowids are those ids, and not binding them saves a tenth of the cost.
      const append = first === this.appendAt && last - first === rows - 1;
      const texts = this.texts;
      const skip = append ? 1 : 0;
      let next = 0;
      for (const chunk of CHUNKS) {
        const statement = (append ? this.appendStatements : this.statements).get(chunk)!;
        const args = (append ? this.appendBuffers : this.buffers).get(chunk)!;
        while (rows - next >= chunk) {
          // Copied into one reused array per statement: no garbage per chunk.
          let out = 0;
          for (let r = next; r < next + chunk; r++) {
            const row = order[r]!;
            const from = row * NUMBERS;
            for (let c = skip; c < NUMBERS - 2; c++) args[out++] = n[from + c];
            const endPos = n[from + NUMBERS - 2]!;
            args[out++] = endPos === endPos ? endPos : null;
            const onThread = n[from + NUMBERS - 1]!;
            args[out++] = onThread === onThread ? onThread : null;
            args[out++] = texts[row * 2];
            args[out++] = texts[row * 2 + 1];
          }
          // Spread, not the array: better-sqlite3 reads an array's elements through generic property
          // lookups and arguments directly, a quarter less for the whole statement run.
          const info = statement.run(...args);
          next += chunk;
          if (append && Number(info.lastInsertRowid) !== first + next - 1) {
            // Cannot happen (ids are MAX(id) + 1 onwards); if it did, the transaction is rolled back.
            throw new Error(`event rows got ids up to ${String(info.lastInsertRowid)}, expected ${first + next - 1}`);
          }
        }
      }
      this.appendAt = append ? last + 1 : NaN;
      this.rows = 0;
      this.texts.length = 0;
    }
    this.flushFunctionCalls();
  }

  /**
   * The lookup from a function to its calls: one row per function listing the ids of its call rows
   * this transaction wrote, in id order. Rows are appended (rowid order); only the small index on fn
   * takes an entry per function at a place of its own.
   */
  private flushFunctionCalls(): void {
    if (this.calls === 0) return;
    const keys = this.callKeys.subarray(0, this.calls).sort();
    const args = this.listArgs;
    let k = 0;
    let at = 0;
    while (at < keys.length) {
      const fn = Math.floor(keys[at]! / TWO_32);
      const base = fn * TWO_32;
      const ids = this.listIds;
      ids.length = 0;
      for (; at < keys.length && keys[at]! - base < TWO_32; at++) ids.push(keys[at]! - base);
      args[k++] = fn;
      // JSON.stringify of a number array: a third of the CPU of concatenating the text.
      args[k++] = JSON.stringify(ids);
      if (k === args.length) {
        this.listChunk.run(...args);
        k = 0;
      }
    }
    for (let j = 0; j < k; j += 2) this.listOne.run(args[j], args[j + 1]);
    this.calls = 0;
  }

  /** Row indexes in id order. */
  private rowOrder(rows: number): Int32Array {
    const n = this.numbers;
    let min = Infinity;
    let max = -Infinity;
    for (let r = 0; r < rows; r++) {
      const id = n[r * NUMBERS]!;
      if (id < min) min = id;
      if (id > max) max = id;
    }
    const order = new Int32Array(rows);
    if (max - min + 1 > rows * 4) {
      // Sparse ids (rows of long-running calls far back): a comparison sort.
      for (let r = 0; r < rows; r++) order[r] = r;
      return order.sort((a, b) => n[a * NUMBERS]! - n[b * NUMBERS]!);
    }
    const slots = new Int32Array(max - min + 1).fill(-1);
    for (let r = 0; r < rows; r++) slots[n[r * NUMBERS]! - min] = r;
    let out = 0;
    for (const r of slots) if (r >= 0) order[out++] = r;
    return order;
  }
}
