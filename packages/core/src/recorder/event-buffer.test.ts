import { describe, expect, it } from 'vitest';
import { decodeFrames, FrameType, type EventBatch } from '../spool/format.js';
import { EventBuffer } from './event-buffer.js';

function decodeOne(bytes: Uint8Array): EventBatch {
  const { frames } = decodeFrames(bytes);
  expect(frames).toHaveLength(1);
  const frame = frames[0]!;
  expect(frame.type).toBe(FrameType.Events);
  return (frame as { type: typeof FrameType.Events; body: EventBatch }).body;
}

describe('EventBuffer', () => {
  it('encodes values as they are added, and the frame gives them back (UTF-8, in order)', () => {
    const buffer = new EventBuffer(8);
    const values = ['{"a":1}', '"é ü 𝄞"', '""', 'null', '{"s":"' + 'x'.repeat(300_000) + '"}'];
    const indexes = values.map((v) => buffer.values.add(v));
    expect(indexes).toEqual([0, 1, 2, 3, 4]);
    buffer.kind[0] = 0;
    buffer.value[0] = 4;
    buffer.count = 1;
    expect(decodeOne(buffer.encode()).values).toEqual(values);
  });

  it('starts the next batch empty', () => {
    const buffer = new EventBuffer(8);
    buffer.values.add('"first"');
    buffer.count = 1;
    buffer.encode();
    buffer.reset();
    expect(buffer.values.used).toBe(0);
    expect(buffer.values.add('"second"')).toBe(0);
    buffer.count = 1;
    expect(decodeOne(buffer.encode()).values).toEqual(['"second"']);
  });
});
