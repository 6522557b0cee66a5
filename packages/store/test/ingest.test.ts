import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrameType, encodeJsonFrame } from '@breadcrumb/core';
import { SyntheticProcess, newRun, testStore, writeBusyProgram } from './helpers.js';

const count = (store: ReturnType<typeof testStore>['store'], sql: string) => store.querySql(sql).rows[0]!.n as number;

describe('spool ingest', () => {
  it('stores every event of a finished process and deletes its files', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    writeBusyProgram(spool, 100, { runId }).end();
    const stats = store.ingester(spool, { runId, project: 'app' }).drain();
    // 100 iterations × 11 events, 2 throwing calls × 2, main's call and return, one more gap.
    expect(stats.events).toBe(1100 + 4 + 3);
    expect(fs.readdirSync(spool)).toEqual([]);
    const [run] = store.listRuns();
    expect(run).toMatchObject({ id: runId, events: 1107, calls: 503, exceptions: 2, gap_calls: 101, processes: 1 });
    expect(count(store, "SELECT COUNT(*) AS n FROM trace_events WHERE event_type = 'call'")).toBe(503);
    expect(count(store, "SELECT COUNT(*) AS n FROM trace_events WHERE event_type = 'return'")).toBe(501);
    expect(count(store, "SELECT COUNT(*) AS n FROM trace_events WHERE event_type = 'exception'")).toBe(2);
    expect(count(store, "SELECT COUNT(*) AS n FROM trace_events WHERE event_type = 'call_site'")).toBe(101);
  });

  it('never ingests the same bytes twice (polls, drains, kept files, a second ingester)', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    writeBusyProgram(spool, 50, { runId }).end();
    const first = store.ingester(spool, { runId, project: 'app', keep: true });
    const a = first.poll();
    const b = first.poll();
    const c = first.drain();
    const d = store.ingester(spool, { runId, project: 'app' }).drain();
    expect(a.events).toBe(555);
    expect(b.events + c.events + d.events).toBe(0);
    // 252 calls (each a call and an end event) and 51 gaps.
    expect(count(store, 'SELECT COUNT(*) AS n FROM trace_events')).toBe(252 * 2 + 51);
    expect(store.listRuns()[0]!.events).toBe(555);
    expect(fs.readdirSync(spool)).toEqual([]);
  });

  it('resumes after an incomplete last frame, as a file still being written', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'main' }, { name: 'add' }]);
    p.enter(fns[0]!);
    p.enter(fns[1]!, { a: 1, b: 2 });
    p.leave(fns[1]!, 3);
    p.flush();
    const ingester = store.ingester(spool, { runId, project: 'app' });
    expect(ingester.poll().events).toBe(3);
    // Half of the next frame is on disk: nothing of it yet.
    p.enter(fns[1]!, { a: 2, b: 2 });
    p.leave(fns[1]!, 4);
    p.leave(fns[0]!);
    const file = p.currentFile;
    const before = fs.statSync(file).size;
    p.flush();
    const whole = fs.readFileSync(file);
    fs.truncateSync(file, before + 10);
    expect(ingester.poll().events).toBe(0);
    fs.writeFileSync(file, whole);
    expect(ingester.poll().events).toBe(3);
    p.end();
    ingester.drain();
    const call = store.queryCall('add', { runId });
    expect(call.calls.map((c) => c.return_value)).toEqual([3, 4]);
    expect(store.queryCall('main', { runId }).calls[0]!.calls_made).toEqual(['add', 'add']);
  });

  it('resumes a long process in a new ingester: finds its open calls and links new calls to them', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'main' }, { name: 'step' }, { name: 'late' }]);
    p.enter(fns[0]!);
    for (let i = 0; i < 3000; i++) {
      p.enter(fns[1]!, { i });
      p.leave(fns[1]!, i);
    }
    p.flush();
    store.ingester(spool, { runId, project: 'app' }).poll();
    // A new CLI carries on: a new call under main, then main returns.
    p.enter(fns[2]!);
    p.leave(fns[2]!);
    p.leave(fns[0]!, 'done');
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const main = store.queryCall('main', {}).calls[0]!;
    expect(main).toMatchObject({ return_value: 'done', calls_made_more: true });
    expect(main.duration_ms).toBeCloseTo(6003 * 0.0015, 6);
    expect(store.queryCall('late', {}).calls[0]!.called_by).toBe('main');
  });

  it('keeps the long values of calls open across polls intact (their bytes are views of a reused read buffer)', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'outer' }, { name: 'inner' }]);
    // Values over 128 bytes: the ingest binds them as the spool's bytes, not as strings.
    const long = (tag: string) => ({ tag, text: tag.repeat(300) });
    p.enter(fns[0]!, long('a'));
    p.enter(fns[1]!, long('b'));
    p.leave(fns[1]!, long('c'));
    p.flush();
    const ingester = store.ingester(spool, { runId, project: 'app' });
    ingester.poll();
    // The next read lands in the same buffer: what the open call's row was written from must not change.
    for (let i = 0; i < 20; i++) {
      p.enter(fns[1]!, long('x'));
      p.leave(fns[1]!, long('y'));
    }
    p.leave(fns[0]!, long('z'));
    p.end();
    ingester.drain();
    const outer = store.queryCall('outer', { runId }).calls[0]!;
    expect(outer.args).toEqual(long('a'));
    expect(outer.return_value).toEqual(long('z'));
    const inner = store.queryCall('inner', { runId }).calls;
    expect(inner[0]).toMatchObject({ args: long('b'), return_value: long('c') });
    expect(inner.slice(1).every((c) => JSON.stringify(c.args) === JSON.stringify(long('x')))).toBe(true);
  });

  it('follows rotated files of a process in order', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    writeBusyProgram(spool, 2000, { runId, rotateBytes: 64 * 1024 }).end();
    expect(fs.readdirSync(spool).length).toBeGreaterThan(3);
    const stats = store.ingester(spool, { runId, project: 'app' }).drain();
    expect(stats.events).toBe(22000 + 40 * 2 + 3);
    expect(store.queryPerformance({ runId }).functions.find((f) => f.function === 'multiply')!.calls).toBe(4000);
    expect(fs.readdirSync(spool)).toEqual([]);
  });

  it('makes one run per root process for spool files recorded without `breadcrumb run`', () => {
    const { store, dir } = testStore();
    const spool = path.join(dir, 'loose');
    const root = new SyntheticProcess(spool, { pid: 10, startedAtMs: 1_700_000_000_000, argv: ['node', 'server.js'] });
    const child = new SyntheticProcess(spool, { pid: 11, parentKey: root.processKey, startedAtMs: 1_700_000_000_500 });
    const other = new SyntheticProcess(spool, { pid: 12, startedAtMs: 1_700_000_001_000, argv: ['node', 'job.js'] });
    for (const p of [root, child, other]) {
      const { fns } = p.module('./x.js', '/app/x.js', [{ name: 'work' }]);
      p.enter(fns[0]!);
      p.leave(fns[0]!, 1);
    }
    root.end({ exitCode: 0 });
    child.end({ exitCode: 0 });
    other.end({ reason: 'uncaught', exitCode: 1 });
    store.ingester(spool, { runId: null, project: 'app' }).drain();
    const runs = store.listRuns();
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => [r.command, r.processes, r.status])).toEqual([
      ['node job.js', 1, 'failed'],
      ['node server.js', 2, 'completed'],
    ]);
    const trace = store.getTrace(runs[1]!.id);
    expect(trace.processes.map((p) => p.parent)).toEqual([null, root.processKey]);
  });

  it('marks a process without ProcessEnd as killed, keeping its events and open calls', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'main' }, { name: 'loop' }]);
    p.enter(fns[0]!);
    p.enter(fns[1]!, { n: 1 });
    p.flush();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const trace = store.getTrace(runId);
    expect(trace.processes[0]!.end_reason).toBe('killed');
    const call = store.queryCall('loop', { runId }).calls[0]!;
    expect(call).toMatchObject({ args: { n: 1 }, unfinished: true, called_by: 'main', duration_ms: null });
    const report = store.runReport(runId);
    expect(report.warnings.join('\n')).toMatch(/killed/);
  });

  it('leaves the files of a process that is still running when drained (read on later)', () => {
    const { store, dir } = testStore();
    const spool = path.join(dir, 'loose');
    // This test's own parent process: alive, on this host.
    const p = new SyntheticProcess(spool, { pid: process.ppid, host: os.hostname() });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'serve' }]);
    p.enter(fns[0]!);
    p.flush();
    store.ingester(spool, { runId: null, project: 'app' }).drain();
    expect(fs.readdirSync(spool).length).toBeGreaterThan(0);
    expect(store.listRuns()[0]!.status).toBe('running');
    expect(store.getTrace(store.latestRunId()!).processes[0]!.end_reason).toBeNull();
    // It ends: the next drain finishes it.
    p.leave(fns[0]!);
    p.end();
    store.ingester(spool, { runId: null, project: 'app' }).drain();
    expect(fs.readdirSync(spool)).toEqual([]);
    expect(store.listRuns()[0]!.status).toBe('completed');
    expect(store.queryCall('serve', {}).calls[0]!.unfinished).toBeUndefined();
  });

  it('reads frames written after ProcessEnd (exit listeners) and the drops ProcessEnd reports', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'main' }, { name: 'onExit' }]);
    p.enter(fns[0]!);
    p.leave(fns[0]!);
    p.loseEvents(100);
    p.end({ droppedEvents: 100 } as object);
    const ingester = store.ingester(spool, { runId, project: 'app' });
    ingester.poll();
    p.enter(fns[1]!);
    p.leave(fns[1]!);
    p.flush();
    ingester.drain();
    expect(store.queryCall('onExit', {}).calls).toHaveLength(1);
    const report = store.runReport(runId);
    expect(report.metrics.dropped_events).toBe(100);
    expect(report.warnings.join('\n')).toMatch(/100 events were dropped/);
    expect(report.warnings.join('\n')).not.toMatch(/missing from the spool/);
    expect(fs.readdirSync(spool)).toEqual([]);
  });

  it('keeps the good frames before a corrupt one and records a warning', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'main' }]);
    p.enter(fns[0]!);
    p.leave(fns[0]!, 1);
    p.flush();
    const bad = encodeJsonFrame(FrameType.Warning, { message: 'x' });
    bad[4] = 99; // unknown frame type
    p.appendRaw(bad);
    p.appendRaw(encodeJsonFrame(FrameType.ProcessEnd, { reason: 'exit', exitCode: 0, signal: null, endedAtMs: Date.now() }));
    const stats = store.ingester(spool, { runId, project: 'app' }).drain();
    expect(stats.events).toBe(2);
    expect(stats.warnings.join()).toMatch(/unknown spool frame type 99/);
    expect(store.runReport(runId).warnings.join('\n')).toMatch(/unknown spool frame type 99/);
  });

  it('counts numbering gaps as lost events and stores runtime warnings', () => {
    const { store, dir } = testStore();
    const { runId, spool } = newRun(store, dir);
    const p = new SyntheticProcess(spool, { runId });
    const { fns } = p.module('./main.js', '/app/main.js', [{ name: 'f' }]);
    p.enter(fns[0]!);
    p.leave(fns[0]!);
    p.loseEvents(5);
    p.enter(fns[0]!);
    p.leave(fns[0]!);
    p.warning('could not instrument ./broken.js: SyntaxError', './broken.js');
    p.end();
    store.ingester(spool, { runId, project: 'app' }).drain();
    const warnings = store.runReport(runId).warnings.join('\n');
    expect(warnings).toMatch(/5 events are missing/);
    expect(warnings).toMatch(/broken\.js: could not instrument/);
  });
});
