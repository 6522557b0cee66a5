import { describe, expect, it } from 'vitest';
import {
  DecodedColumnMemory,
  decodeFrames,
  encodeEventsFrame,
  encodeJsonFrame,
  EventKind,
  FrameType,
  SPOOL_FORMAT_VERSION,
  SpoolFormatError,
  ValueBytes,
  type EventBatch,
} from './format.js';

function batchOf(count: number): EventBatch {
  const batch: EventBatch = {
    seqStart: 10,
    count,
    kind: new Uint8Array(count + 5),
    depth: new Uint16Array(count + 5),
    id: new Uint32Array(count + 5),
    call: new Uint32Array(count + 5),
    parent: new Uint32Array(count + 5),
    value: new Int32Array(count + 5).fill(-1),
    ts: new Float64Array(count + 5),
    aux: new Float64Array(count + 5),
    values: ['{"a":7,"b":6}'],
  };
  for (let i = 0; i < count; i++) {
    batch.kind[i] = i % 2 ? EventKind.Return : EventKind.Call;
    batch.depth[i] = i;
    batch.id[i] = 100 + i;
    batch.call[i] = i + 1;
    batch.ts[i] = 1e12 + i * 0.5;
  }
  batch.value[0] = 0;
  return batch;
}

describe('spool format', () => {
  it('encodes values added in runs (joined before encoding) to the bytes each would have alone, across views and clears', () => {
    const texts = Array.from({ length: 100 }, (_, i) => (i % 7 === 0 ? '"é✓😀"' : i % 11 === 0 ? '' : `{"n":${i}}`));
    const expected = (list: string[]) => Buffer.from(list.join('\n'), 'utf8');
    const bytes = new ValueBytes(8);
    expect(bytes.view()).toHaveLength(0);
    for (let i = 0; i < 45; i++) expect(bytes.add(texts[i]!)).toBe(i);
    expect(bytes.used).toBeGreaterThanOrEqual(texts.slice(0, 45).join('\n').length);
    expect(Buffer.from(bytes.view())).toEqual(expected(texts.slice(0, 45)));
    for (let i = 45; i < 100; i++) bytes.add(texts[i]!);
    expect(Buffer.from(bytes.view())).toEqual(expected(texts));
    expect(bytes.used).toBe(expected(texts).length);
    bytes.clear(1 << 20);
    expect(bytes.count).toBe(0);
    expect(bytes.used).toBe(0);
    bytes.add('');
    bytes.add('1');
    expect(Buffer.from(bytes.view()).toString()).toBe('\n1');
  });

  it('round-trips json and event frames, leaving a partial frame unconsumed', () => {
    const start = encodeJsonFrame(FrameType.ProcessStart, { formatVersion: SPOOL_FORMAT_VERSION, pid: 1 });
    const events = encodeEventsFrame(batchOf(3));
    const end = encodeJsonFrame(FrameType.ProcessEnd, { reason: 'exit', exitCode: 0 });
    const all = new Uint8Array(start.length + events.length + end.length);
    all.set(start, 0);
    all.set(events, start.length);
    all.set(end, start.length + events.length);

    const whole = decodeFrames(all);
    expect(whole.consumed).toBe(all.length);
    expect(whole.frames.map((f) => f.type)).toEqual([FrameType.ProcessStart, FrameType.Events, FrameType.ProcessEnd]);
    const batch = whole.frames[1]!.body as EventBatch;
    expect(batch.count).toBe(3);
    expect(batch.seqStart).toBe(10);
    expect(Array.from(batch.kind)).toEqual([0, 1, 0]);
    expect(Array.from(batch.id)).toEqual([100, 101, 102]);
    expect(Array.from(batch.ts)).toEqual([1e12, 1e12 + 0.5, 1e12 + 1]);
    expect(Array.from(batch.value)).toEqual([0, -1, -1]);
    expect(batch.values).toEqual(['{"a":7,"b":6}']);

    const cut = decodeFrames(all.subarray(0, all.length - 3));
    expect(cut.frames).toHaveLength(2);
    expect(cut.consumed).toBe(start.length + events.length);
  });

  it('keeps values whole: JSON with quotes, escaped newlines, non-ASCII; none at all', () => {
    const batch = batchOf(1);
    batch.values = ['{"a":1}', '"she said \\"hi\\""', '"line\\nbreak é ✓"', '[1,2]', '"😀 ü"'];
    const decoded = decodeFrames(encodeEventsFrame(batch)).frames[0]!.body as EventBatch;
    expect(decoded.values.map((v) => JSON.parse(v))).toEqual([{ a: 1 }, 'she said "hi"', 'line\nbreak é ✓', [1, 2], '😀 ü']);
    batch.values = [];
    expect((decodeFrames(encodeEventsFrame(batch)).frames[0]!.body as EventBatch).values).toEqual([]);
  });

  it('gives values as their UTF-8 bytes when asked (valuesAsBytes), for a reader that stores them as they are', () => {
    const batch = batchOf(3);
    const long = `"${'x'.repeat(300)}"`;
    batch.values = [`{"a":${long}}`, '"line\\nbreak é ✓"', `"😀${'é'.repeat(200)}"`];
    batch.value.set([0, 1, 2]);
    const decoded = decodeFrames(encodeEventsFrame(batch), { valuesAsBytes: true }).frames[0]!.body as EventBatch;
    expect(decoded.values).toEqual([]);
    expect(decoded.valueBytes!.map((b) => Buffer.from(b).toString('utf8'))).toEqual(batch.values);
    // short ones too, an empty text included
    batch.values = ['1', '{"a":1}', '""'];
    const frame = encodeEventsFrame(batch);
    const short = decodeFrames(frame, { valuesAsBytes: true }).frames[0]!.body as EventBatch;
    expect(short.valueBytes!.map((b) => Buffer.from(b).toString('utf8'))).toEqual(batch.values);
    // views of the bytes decoded, not copies; the columns are copied (aligned, and kept)
    expect(short.valueBytes!.every((b) => b.buffer === frame.buffer)).toBe(true);
    expect(short.kind.buffer).not.toBe(frame.buffer);
    batch.values = [];
    batch.value.fill(-1);
    expect((decodeFrames(encodeEventsFrame(batch), { valuesAsBytes: true }).frames[0]!.body as EventBatch).values).toEqual([]);
  });

  it('copies the columns into a DecodedColumnMemory when given one: the same batches, aligned at any frame offset, its memory reused after reset()', () => {
    const columnsOf = (b: EventBatch) => [b.seqStart, b.count, ...[b.kind, b.depth, b.id, b.call, b.parent, b.value, b.ts, b.aux].map((c) => Array.from(c))];
    const first = batchOf(5);
    first.values = ['{"a":1}', '"é✓"'];
    first.value.set([0, -1, 1]);
    const second = batchOf(3);
    second.seqStart = 15;
    second.values = ['[1,2]'];
    const start = encodeJsonFrame(FrameType.ProcessStart, { formatVersion: SPOOL_FORMAT_VERSION, pid: 1 });
    const parts = [start, encodeEventsFrame(first), encodeEventsFrame(second)];
    // one byte in front: every frame at an odd offset of the buffer, as in a spool file read from anywhere
    const all = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
    let at = 1;
    for (const part of parts) {
      all.set(part, at);
      at += part.length;
    }
    const bytes = all.subarray(1);
    const memory = new DecodedColumnMemory();
    const expected = decodeFrames(bytes, { valuesAsBytes: true }).frames;
    const decoded = decodeFrames(bytes, { valuesAsBytes: true, columnMemory: memory }).frames;
    expect(decoded.map((f) => f.type)).toEqual(expected.map((f) => f.type));
    for (const i of [1, 2]) {
      const batch = decoded[i]!.body as EventBatch;
      expect(columnsOf(batch)).toEqual(columnsOf(expected[i]!.body as EventBatch));
      expect(batch.valueBytes!.map((v) => Buffer.from(v).toString('utf8'))).toEqual((i === 1 ? first : second).values);
      expect(batch.ts.byteOffset % 8).toBe(0);
    }
    // both frames' columns in one buffer; the next decode after reset() writes over them, in the same memory
    const used = (decoded[1]!.body as EventBatch).kind.buffer;
    expect((decoded[2]!.body as EventBatch).kind.buffer).toBe(used);
    memory.reset();
    const again = decodeFrames(bytes, { valuesAsBytes: true, columnMemory: memory }).frames;
    expect((again[2]!.body as EventBatch).kind.buffer).toBe(used);
    expect(columnsOf(again[2]!.body as EventBatch)).toEqual(columnsOf(expected[2]!.body as EventBatch));
  });

  it('gives a DecodedColumnMemory a larger buffer when the columns do not fit, leaving those copied before intact', () => {
    const memory = new DecodedColumnMemory();
    const small = decodeFrames(encodeEventsFrame(batchOf(4)), { columnMemory: memory }).frames[0]!.body as EventBatch;
    const large = decodeFrames(encodeEventsFrame(batchOf(20_000)), { columnMemory: memory }).frames[0]!.body as EventBatch;
    expect(large.kind.buffer).not.toBe(small.kind.buffer);
    expect(Array.from(small.id)).toEqual([100, 101, 102, 103]);
    expect(large.id[19_999]).toBe(100 + 19_999);
    expect(large.ts[19_999]).toBe(1e12 + 19_999 * 0.5);
    expect(large.values).toEqual(['{"a":7,"b":6}']);
  });

  it('keeps values whole across batches larger than its scratch buffer, and past its cap', () => {
    for (const total of [3 << 20, 12 << 20]) {
      const batch = batchOf(1);
      const big = JSON.stringify('é✓ '.repeat(Math.ceil(total / 3 / 4)));
      batch.values = ['1', big, '"x"', big, '{"a":"ü"}'];
      const decoded = decodeFrames(encodeEventsFrame(batch)).frames[0]!.body as EventBatch;
      expect(decoded.values).toEqual(batch.values);
    }
  });

  it('writes zeros in every padding byte, whatever memory the frame was given', () => {
    for (let round = 0; round < 20; round++) {
      // dirty memory for the allocator to hand out again
      for (let i = 0; i < 8; i++) Buffer.allocUnsafeSlow(4096 + i * 1024).fill(0xff);
      const count = 3;
      const frame = encodeEventsFrame(batchOf(count));
      expect(Array.from(frame.subarray(5, 8))).toEqual([0, 0, 0]); // after the header
      expect(Array.from(frame.subarray(12, 16))).toEqual([0, 0, 0, 0]); // after the count
      let at = 8 + 16;
      for (const size of [1, 2, 4, 4, 4, 4, 8, 8]) {
        const end = at + size * count;
        const padded = at + ((size * count + 7) & ~7);
        expect(Array.from(frame.subarray(end, padded)).every((b) => b === 0)).toBe(true);
        at = padded;
      }
    }
  });

  it('refuses a spool from another format version', () => {
    const start = encodeJsonFrame(FrameType.ProcessStart, { formatVersion: 999 });
    expect(() => decodeFrames(start)).toThrow(SpoolFormatError);
  });
});
