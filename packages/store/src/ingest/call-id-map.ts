// Call id → number, for the ingest's per-event lookups (a call's row, an open call's slot). Call ids
// count every call of a process, detailed or not, so the detailed ones are sparse (acorn: 235 k of
// 14 M): arrays indexed by call id grew with the highest id (a 14 M-entry Int32Array for the open
// calls, 110 MB of zeroed pages for the rows, most of it empty). This is an open-addressing hash
// table in two typed arrays, sized by the number of entries: no garbage per entry, no per-entry objects.

const EMPTY = -1;
const MIN_CAPACITY = 1024;

export class CallIdMap {
  /** Call ids (non-negative integers) or EMPTY; linear probing, at most half full. */
  private keys: Float64Array;
  private values: Float64Array;
  private mask: number;
  /** 32 - log2(capacity): the hash's top bits pick the slot. */
  private shift: number;
  size = 0;

  /** `capacity`: slots to start with (a power of two; the map holds half as many entries before it grows). */
  constructor(capacity = MIN_CAPACITY) {
    this.keys = new Float64Array(capacity).fill(EMPTY);
    this.values = new Float64Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  /** The value of `callId`, or `missing`. */
  get(callId: number, missing: number): number {
    if (callId < 0) return missing;
    const keys = this.keys;
    for (let i = slotOf(callId, this.shift); ; i = (i + 1) & this.mask) {
      const key = keys[i]!;
      if (key === callId) return this.values[i]!;
      if (key === EMPTY) return missing;
    }
  }

  /** Ignores a negative id (no call has one: -1 stands for an unknown parent). */
  set(callId: number, value: number): void {
    if (callId < 0) return;
    const keys = this.keys;
    for (let i = slotOf(callId, this.shift); ; i = (i + 1) & this.mask) {
      const key = keys[i]!;
      if (key === callId) {
        this.values[i] = value;
        return;
      }
      if (key === EMPTY) {
        keys[i] = callId;
        this.values[i] = value;
        if (++this.size * 2 > keys.length) this.resize(keys.length * 4);
        return;
      }
    }
  }

  delete(callId: number): void {
    if (callId < 0) return;
    const keys = this.keys;
    const values = this.values;
    const mask = this.mask;
    const shift = this.shift;
    let i = slotOf(callId, shift);
    for (; ; i = (i + 1) & mask) {
      const key = keys[i]!;
      if (key === callId) break;
      if (key === EMPTY) return;
    }
    // Backward-shift deletion: later entries of the probe run move into the hole, so that lookups
    // never need tombstones.
    let hole = i;
    for (let j = (i + 1) & mask; keys[j] !== EMPTY; j = (j + 1) & mask) {
      const home = slotOf(keys[j]!, shift);
      // Entry j may fill the hole if its home slot is not in the cyclic range (hole, j].
      if (hole <= j ? home <= hole || home > j : home <= hole && home > j) {
        keys[hole] = keys[j]!;
        values[hole] = values[j]!;
        hole = j;
      }
    }
    keys[hole] = EMPTY;
    this.size--;
  }

  /** Grows fourfold: a map of every detailed call rehashes a third as often as when doubling. */
  private resize(capacity: number): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(capacity).fill(EMPTY);
    this.values = new Float64Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] !== EMPTY) this.set(oldKeys[i]!, oldValues[i]!);
    }
  }
}

/** The home slot of a call id: Fibonacci hashing (the top bits of id·2³²/φ) spreads consecutive ids. */
function slotOf(callId: number, shift: number): number {
  const low = callId >>> 0;
  const high = (callId / 4294967296) >>> 0;
  return Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> shift;
}
