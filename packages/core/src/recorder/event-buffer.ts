// Events in columns (typed arrays): no object per event. Full buffers are encoded as one Events frame.
import { encodeEventsFrame } from '../spool/format.js';

/**
 * Buffer's own UTF-8 writer: `buffer.write(text, offset)` checks its arguments first, which showed in
 * profiles at one call per captured value. Falls back to it where the internal one is missing.
 */
const utf8Write =
  (Buffer.prototype as unknown as { utf8Write?: (this: Buffer, text: string, offset: number) => number }).utf8Write ??
  function (this: Buffer, text: string, offset: number): number {
    return this.write(text, offset);
  };

/** A batch is flushed early once its values take this many bytes (memory stays bounded). */
export const VALUE_BATCH_BYTES = 4 << 20;

export class EventBuffer {
  readonly kind: Uint8Array;
  readonly depth: Uint16Array;
  readonly id: Uint32Array;
  readonly call: Uint32Array;
  readonly parent: Uint32Array;
  readonly value: Int32Array;
  readonly ts: Float64Array;
  readonly aux: Float64Array;
  /**
   * The batch's values, UTF-8, '\n'-separated (spool/format.ts), written as each is captured: a
   * captured text held until the flush outlived young-generation collections and was promoted, and
   * the old generation's collections then cost more than the capture itself.
   */
  private valueBytes = Buffer.allocUnsafe(256 << 10);
  /** Bytes of valueBytes in use. */
  valueBytesUsed = 0;
  /** Values in the batch. */
  valueCount = 0;
  count = 0;
  /** Sequence number of the buffer's first event. */
  seqStart = 0;

  constructor(readonly capacity: number) {
    this.kind = new Uint8Array(capacity);
    this.depth = new Uint16Array(capacity);
    this.id = new Uint32Array(capacity);
    this.call = new Uint32Array(capacity);
    this.parent = new Uint32Array(capacity);
    this.value = new Int32Array(capacity);
    this.ts = new Float64Array(capacity);
    this.aux = new Float64Array(capacity);
  }

  /** Bytes an encoded frame of the current content takes, roughly (for the memory bound). */
  approximateBytes(): number {
    return this.count * 35 + this.valueBytesUsed;
  }

  /** Appends a value (compact JSON: no raw line feed); returns its index in the batch. */
  addValue(json: string): number {
    let at = this.valueBytesUsed;
    // UTF-8 takes at most 3 bytes per UTF-16 unit, plus the separator
    const room = at + 1 + json.length * 3;
    if (room > this.valueBytes.length) {
      const next = Buffer.allocUnsafe(Math.max(room, this.valueBytes.length * 2));
      this.valueBytes.copy(next, 0, 0, at);
      this.valueBytes = next;
    }
    if (this.valueCount > 0) this.valueBytes[at++] = 10;
    this.valueBytesUsed = at + utf8Write.call(this.valueBytes, json, at);
    return this.valueCount++;
  }

  encode(): Uint8Array {
    return encodeEventsFrame({
      seqStart: this.seqStart,
      count: this.count,
      kind: this.kind,
      depth: this.depth,
      id: this.id,
      call: this.call,
      parent: this.parent,
      value: this.value,
      ts: this.ts,
      aux: this.aux,
      values: [],
      encodedValues: this.valueBytes.subarray(0, this.valueBytesUsed),
    });
  }

  /** Starts the next batch. Sequence numbers keep counting over dropped batches: gaps show the loss. */
  reset(): void {
    this.seqStart += this.count;
    this.count = 0;
    this.valueBytesUsed = 0;
    this.valueCount = 0;
    // a batch of unusually large values leaves a big buffer: not kept for the next ones
    if (this.valueBytes.length > VALUE_BATCH_BYTES * 2) this.valueBytes = Buffer.allocUnsafe(256 << 10);
  }
}
