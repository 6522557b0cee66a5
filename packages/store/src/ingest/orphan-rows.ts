// Rows of calls that ended while their caller had no row (a caller past the runtime's detail cap),
// by the caller's call id: the runtime records such a caller after all when an exception leaves it,
// often after its callee's exception was written (its own catch took it, then threw it on). The most
// recent callers only: that happens to the calls still on the stack. Past a detail cap nearly every
// ended call is such a row (acorn: 37 k of 142 k), so this allocates nothing per call: fixed slots,
// a hash table from caller to slot, and a list of the slots in the order their callers came, whose
// oldest is dropped for a new one when all are taken (as a Map's first key would be).
import { CallIdMap } from './call-id-map.js';

const NONE = -1;

export class OrphanRows {
  private readonly slotOfParent = new CallIdMap();
  private readonly parentOf: Float64Array;
  private readonly rows: Float64Array;
  private readonly counts: Uint8Array;
  /** Slots in their callers' order (a doubly linked list), and the slots free. */
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private oldest = NONE;
  private newest = NONE;
  private readonly free: Int32Array;
  private freeCount: number;

  constructor(
    private readonly maxParents: number,
    private readonly maxRowsPerParent: number,
  ) {
    this.parentOf = new Float64Array(maxParents);
    this.rows = new Float64Array(maxParents * maxRowsPerParent);
    this.counts = new Uint8Array(maxParents);
    this.next = new Int32Array(maxParents);
    this.prev = new Int32Array(maxParents);
    this.free = new Int32Array(maxParents);
    for (let i = 0; i < maxParents; i++) this.free[i] = maxParents - 1 - i;
    this.freeCount = maxParents;
  }

  /** `row` (of a call that ended) waits for the row of its caller `parentCall`. */
  note(parentCall: number, row: number): void {
    if (parentCall < 0) return; // an unknown caller (a call resumed from the database): nothing can adopt it
    let slot = this.slotOfParent.get(parentCall, NONE);
    if (slot === NONE) {
      if (this.freeCount === 0) this.release(this.oldest);
      slot = this.free[--this.freeCount]!;
      this.parentOf[slot] = parentCall;
      this.counts[slot] = 0;
      this.next[slot] = NONE;
      this.prev[slot] = this.newest;
      if (this.newest !== NONE) this.next[this.newest] = slot;
      else this.oldest = slot;
      this.newest = slot;
      this.slotOfParent.set(parentCall, slot);
    }
    const count = this.counts[slot]!;
    if (count < this.maxRowsPerParent) {
      this.rows[slot * this.maxRowsPerParent + count] = row;
      this.counts[slot] = count + 1;
    }
  }

  /** The caller `callId` got `row`: appends the [row, parent row] pairs of its waiting callees to `out`. */
  adopt(callId: number, row: number, out: number[]): void {
    if (this.freeCount === this.parentOf.length) return;
    const slot = this.slotOfParent.get(callId, NONE);
    if (slot === NONE) return;
    const from = slot * this.maxRowsPerParent;
    for (let i = 0; i < this.counts[slot]!; i++) out.push(this.rows[from + i]!, row);
    this.release(slot);
  }

  private release(slot: number): void {
    this.slotOfParent.delete(this.parentOf[slot]!);
    const before = this.prev[slot]!;
    const after = this.next[slot]!;
    if (before !== NONE) this.next[before] = after;
    else this.oldest = after;
    if (after !== NONE) this.prev[after] = before;
    else this.newest = before;
    this.free[this.freeCount++] = slot;
  }
}
