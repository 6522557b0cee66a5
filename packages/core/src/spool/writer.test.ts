import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrames, encodeEventsFrame, encodeJsonFrame, FrameType, ReusedFrameMemory, SPOOL_FORMAT_VERSION, type EventBatch, type ProcessStart } from './format.js';
import { SpoolWriter } from './writer.js';

const start: ProcessStart = {
  formatVersion: SPOOL_FORMAT_VERSION, runId: 1, project: 'p', processKey: '1.0.1', parentKey: null, pid: 1, ppid: 0,
  threadId: 0, host: 'h', argv: [], execArgv: [], cwd: '/', nodeVersion: 'v20', startedAtMs: 1, hrOriginNs: 0,
};

function events(count: number): Uint8Array {
  const column = <T>(make: new (n: number) => T) => new make(count);
  return encodeEventsFrame({
    seqStart: 0, count, kind: column(Uint8Array), depth: column(Uint16Array), id: column(Uint32Array), call: column(Uint32Array),
    parent: column(Uint32Array), value: column(Int32Array).fill(-1), ts: column(Float64Array), aux: column(Float64Array), values: [],
  });
}

function frameTypes(file: string): number[] {
  return decodeFrames(fs.readFileSync(file)).frames.map((f) => f.type);
}

function tempDir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bc-writer-')), 'spool');
}

describe('SpoolWriter', () => {
  it('start() puts ProcessStart on disk before anything is recorded', () => {
    const dir = tempDir();
    const writer = new SpoolWriter({ dir, start, fileBytes: 1 << 20, maxBytes: 1 << 24 });
    writer.start();
    expect(frameTypes(writer.filePaths()[0]!)).toEqual([FrameType.ProcessStart]);
    writer.start();
    expect(writer.filePaths()).toHaveLength(1);
  });

  it('writes nothing until flushed, then ProcessStart first and ProcessEnd last, owner-only', () => {
    const dir = tempDir();
    const writer = new SpoolWriter({ dir, start, fileBytes: 1 << 20, maxBytes: 1 << 24, flushIntervalMs: 60_000 });
    writer.write(events(3));
    expect(fs.existsSync(dir)).toBe(false);
    writer.flush();
    writer.close({ reason: 'exit', exitCode: 0, signal: null, endedAtMs: 2 });
    const [file] = writer.filePaths();
    expect(path.basename(file!)).toBe('1.0.1.0.bcspool');
    expect(frameTypes(file!)).toEqual([FrameType.ProcessStart, FrameType.Events, FrameType.ProcessEnd]);
    expect(fs.statSync(file!).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('copies what it queues: the caller may reuse a frame\'s memory once write() returns', () => {
    const dir = tempDir();
    const writer = new SpoolWriter({ dir, start, fileBytes: 1 << 20, maxBytes: 1 << 24, flushIntervalMs: 60_000 });
    const memory = new ReusedFrameMemory();
    const batch = (seqStart: number) => {
      const column = <T>(make: new (n: number) => T) => new make(2);
      return encodeEventsFrame({
        seqStart, count: 2, kind: column(Uint8Array), depth: column(Uint16Array), id: column(Uint32Array).fill(seqStart + 7),
        call: column(Uint32Array), parent: column(Uint32Array), value: column(Int32Array).fill(-1), ts: column(Float64Array),
        aux: column(Float64Array), values: [],
      }, (bytes) => memory.take(bytes));
    };
    const first = batch(0);
    writer.write(first);
    const second = batch(2);
    expect(second.buffer).toBe(first.buffer); // the same memory, written over
    writer.write(second);
    writer.flush();
    const written = decodeFrames(fs.readFileSync(writer.filePaths()[0]!)).frames.filter((f) => f.type === FrameType.Events);
    expect(written.map((f) => [(f.body as EventBatch).seqStart, (f.body as EventBatch).id[0]])).toEqual([[0, 7], [2, 9]]);
  });

  it('writes a full batch of events when it comes, after the small frames queued before it', () => {
    const dir = tempDir();
    const writer = new SpoolWriter({ dir, start, fileBytes: 1 << 24, maxBytes: 1 << 26, flushIntervalMs: 60_000 });
    writer.write(encodeJsonFrame(FrameType.Warning, { message: 'queued first' }));
    writer.write(events(3));
    expect(fs.existsSync(dir)).toBe(false);
    const full = events(8192);
    expect(full.length).toBeGreaterThan(64 * 1024);
    writer.write(full);
    expect(frameTypes(writer.filePaths()[0]!)).toEqual([FrameType.ProcessStart, FrameType.Warning, FrameType.Events, FrameType.Events]);
  });

  it('rotates at fileBytes, every file starting with ProcessStart', () => {
    const dir = tempDir();
    const frame = events(100);
    const writer = new SpoolWriter({ dir, start, fileBytes: frame.length * 2 + 600, maxBytes: 1 << 24 });
    for (let i = 0; i < 5; i++) writer.write(frame);
    writer.flush();
    const files = writer.filePaths();
    expect(files.length).toBe(3);
    for (const file of files) expect(frameTypes(file)[0]).toBe(FrameType.ProcessStart);
    expect(files.flatMap(frameTypes).filter((t) => t === FrameType.Events)).toHaveLength(5);
  });

  it('drops the oldest files beyond maxBytes, counts their events and keeps their function tables', () => {
    const dir = tempDir();
    const frame = events(100);
    const writer = new SpoolWriter({ dir, start, fileBytes: frame.length + 600, maxBytes: (frame.length + 600) * 2 });
    writer.write(encodeJsonFrame(FrameType.Module, { moduleId: './a.js', file: '/a.js', fnBase: 1, siteBase: 1, functions: [], callSites: [] }));
    for (let i = 0; i < 6; i++) writer.write(frame);
    writer.close({ reason: 'exit', exitCode: 0, signal: null, endedAtMs: 2 });
    const left = fs.readdirSync(dir).map((f) => path.join(dir, f));
    const total = left.reduce((sum, f) => sum + fs.statSync(f).size, 0);
    expect(total).toBeLessThanOrEqual((frame.length + 600) * 2 + 1000);
    const frames = left.flatMap((f) => decodeFrames(fs.readFileSync(f)).frames);
    expect(frames.some((f) => f.type === FrameType.Module)).toBe(true);
    expect(frames.some((f) => f.type === FrameType.Warning && /spool size cap/.test(f.body.message))).toBe(true);
    const end = frames.find((f) => f.type === FrameType.ProcessEnd);
    const kept = frames.filter((f) => f.type === FrameType.Events).length;
    expect(end?.body).toMatchObject({ droppedEvents: (6 - kept) * 100 });
    expect(writer.stats().droppedEvents).toBe((6 - kept) * 100);
  });

  it('bounds what waits in memory: events beyond it are dropped and counted, tables never', () => {
    const dir = tempDir();
    const frame = events(100);
    const writer = new SpoolWriter({ dir, start, fileBytes: 1 << 24, maxBytes: 1 << 26, maxPendingBytes: frame.length * 2, flushIntervalMs: 60_000 });
    for (let i = 0; i < 4; i++) writer.write(frame);
    writer.write(encodeJsonFrame(FrameType.Module, { moduleId: './a.js', file: '/a.js', fnBase: 1, siteBase: 1, functions: [], callSites: [] }));
    expect(writer.pendingBytes()).toBeGreaterThan(frame.length * 2);
    writer.flush();
    expect(writer.stats().droppedEvents).toBe(200);
    expect(frameTypes(writer.filePaths()[0]!)).toEqual([FrameType.ProcessStart, FrameType.Events, FrameType.Events, FrameType.Module]);
  });

  it('writes without the timer when frames have waited longer than the interval (a busy program)', async () => {
    const dir = tempDir();
    const writer = new SpoolWriter({ dir, start, fileBytes: 1 << 20, maxBytes: 1 << 24, flushIntervalMs: 5 });
    writer.write(events(1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    writer.write(events(2));
    expect(frameTypes(writer.filePaths()[0]!)).toEqual([FrameType.ProcessStart, FrameType.Events, FrameType.Events]);
  });

  it('never throws when the folder cannot be written, and counts the loss', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bc-writer-')), 'not-a-folder');
    fs.writeFileSync(file, '');
    const writer = new SpoolWriter({ dir: file, start, fileBytes: 1 << 20, maxBytes: 1 << 24 });
    writer.write(events(10));
    expect(() => writer.flush()).not.toThrow();
    expect(() => writer.close({ reason: 'exit', exitCode: 0, signal: null, endedAtMs: 2 })).not.toThrow();
    expect(writer.stats().droppedEvents).toBe(10);
  });
});
