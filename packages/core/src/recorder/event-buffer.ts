// Events in columns (typed arrays): no object per event. Full buffers are encoded as one Events frame.
import { encodeEventsFrame, ReusedFrameMemory, ValueBytes } from '../spool/format.js';

/**
 * A batch is flushed early once its values take this many bytes (memory stays bounded: the values, the
 * frame they are encoded into, each about this size, whatever the program captures).
 */
export const VALUE_BATCH_BYTES = 1 << 20;

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
   * The batch's values, encoded as each is captured: a captured text held until the flush outlived
   * young-generation collections and was promoted, and the old generation's collections then cost
   * more than the capture itself.
   */
  readonly values = new ValueBytes(256 << 10);
  /** Where encode() writes its frame: the sink copies what it keeps (RecorderSink.write). */
  private readonly frameMemory = new ReusedFrameMemory();
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
    return this.count * 35 + this.values.used;
  }

  /** The batch as an Events frame, valid until the next encode(). */
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
      encodedValues: this.values.view(),
    }, (bytes) => this.frameMemory.take(bytes));
  }

  /** Starts the next batch. Sequence numbers keep counting over dropped batches: gaps show the loss. */
  reset(): void {
    this.seqStart += this.count;
    this.count = 0;
    // a batch of unusually large values leaves a big buffer: not kept for the next ones
    this.values.clear(VALUE_BATCH_BYTES * 2);
    this.frameMemory.shrink(VALUE_BATCH_BYTES * 3);
  }
}
