// Call id → events.id of its row, for every detailed call of a process. A process's calls get their
// ids in the order they start, and their rows in the order their Call events arrive, so nearly every
// entry comes with a call id above all before it: those are appended to two sorted typed arrays
// (sequential writes, no rehashing) and found by binary search. The others (a caller past the detail
// cap recorded late, when an exception left it; a row found in the database by a resumed ingest) go
// to a small hash table. A hash table of every call (CallIdMap, 1 M slots for acorn's 142 k calls)
// cost a cache miss per entry and per lookup and three rehashes: a tenth of the ingest's CPU.
import { CallIdMap } from './call-id-map.js';

/**
 * Nothing yet, as a double from the start: the fields hold call ids and rows read from typed arrays,
 * and a field that starts as a small integer makes V8 replace the object's layout (and throw the
 * optimized code that used it away) when the first double arrives.
 */
const NAN_DOUBLE = NaN;

export class CallRows {
  private keys = new Float64Array(1 << 14);
  private rows = new Float64Array(1 << 14);
  private size = 0;
  /** Entries whose call id was not above every earlier one's. */
  private readonly unordered = new CallIdMap();
  /**
   * The last lookup: consecutive events mostly ask for the same call (the siblings of one caller, the
   * events of one call), including one that has no row (a caller past the detail cap).
   */
  private lastCall = NAN_DOUBLE;
  private lastRow = NAN_DOUBLE;

  /** The row of `callId`, or 0. */
  get(callId: number): number {
    if (callId === this.lastCall) return this.lastRow;
    let row = this.unordered.size > 0 ? this.unordered.get(callId, 0) : 0;
    if (row === 0) row = this.search(callId);
    this.lastCall = callId;
    this.lastRow = row;
    return row;
  }

  set(callId: number, row: number): void {
    if (callId < 0) return;
    if (callId === this.lastCall) this.lastRow = row;
    const size = this.size;
    if (size === 0 || callId > this.keys[size - 1]!) {
      if (size === this.keys.length) this.grow();
      this.keys[size] = callId;
      this.rows[size] = row;
      this.size = size + 1;
    } else {
      this.unordered.set(callId, row);
    }
  }

  private search(callId: number): number {
    const keys = this.keys;
    let lo = 0;
    let hi = this.size - 1;
    if (hi < 0 || callId > keys[hi]! || callId < keys[0]!) return 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const key = keys[mid]!;
      if (key === callId) return this.rows[mid]!;
      if (key < callId) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    const rows = new Float64Array(this.rows.length * 2);
    rows.set(this.rows);
    this.rows = rows;
  }
}
