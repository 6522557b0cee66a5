// Events in columns (typed arrays): no object per event. Full buffers are encoded as one Events frame.
import { encodeEventsFrame } from '../spool/format.js';

export class EventBuffer {
  readonly kind: Uint8Array;
  readonly depth: Uint16Array;
  readonly id: Uint32Array;
  readonly call: Uint32Array;
  readonly parent: Uint32Array;
  readonly value: Int32Array;
  readonly ts: Float64Array;
  readonly aux: Float64Array;
  values: string[] = [];
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
    let bytes = this.count * 35;
    for (const value of this.values) bytes += value.length + 3;
    return bytes;
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
      values: this.values,
    });
  }

  /** Starts the next batch. Sequence numbers keep counting over dropped batches: gaps show the loss. */
  reset(): void {
    this.seqStart += this.count;
    this.count = 0;
    this.values = [];
  }
}
