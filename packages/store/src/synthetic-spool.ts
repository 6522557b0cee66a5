// Writes spool files the way the runtime does, for tests and benchmarks: a process records calls,
// returns, exceptions and untraced call sites through a small API and they are encoded with the
// format's own encoders. Not part of the public API (import it from dist/synthetic-spool.js).
import fs from 'node:fs';
import path from 'node:path';
import {
  CALL_NESTED,
  EventKind,
  FrameType,
  SPOOL_FORMAT_VERSION,
  encodeEventsFrame,
  encodeJsonFrame,
  type Aggregates,
  type CallSiteInfo,
  type FunctionInfo,
  type ProcessEnd,
  type ProcessStart,
} from '@breadcrumb/core';

const BATCH = 8192;

export interface SyntheticProcessOptions {
  runId?: number | null;
  project?: string | null;
  parentKey?: string | null;
  pid?: number;
  threadId?: number;
  startedAtMs?: number;
  argv?: string[];
  cwd?: string;
  host?: string;
  /** Bytes after which the next flush starts a new file. */
  rotateBytes?: number;
  /** ns the clock advances per recorded event. */
  tickNs?: number;
}

export class SyntheticProcess {
  readonly processKey: string;
  readonly start: ProcessStart;
  private fileIndex = 0;
  private fileBytes = 0;
  // as the recorder: function ids start at 1, 0 means "none" (a root call's caller in an edge)
  private nextFn = 1;
  private nextSite = 0;
  private nextCall = 1;
  private seq = 0;
  private count = 0;
  private clock = 1000;
  private readonly stack: number[] = [];
  /** The function of each call on `stack`. */
  private readonly stackFns: number[] = [];
  private readonly kind = new Uint8Array(BATCH);
  private readonly depth = new Uint16Array(BATCH);
  private readonly id = new Uint32Array(BATCH);
  private readonly call = new Uint32Array(BATCH);
  private readonly parent = new Uint32Array(BATCH);
  private readonly value = new Int32Array(BATCH);
  private readonly ts = new Float64Array(BATCH);
  private readonly aux = new Float64Array(BATCH);
  private values: string[] = [];
  private readonly fnCalls = new Map<number, number>();

  constructor(
    readonly dir: string,
    private readonly options: SyntheticProcessOptions = {},
  ) {
    const pid = options.pid ?? 4242;
    const threadId = options.threadId ?? 0;
    const startedAtMs = options.startedAtMs ?? Date.now();
    this.processKey = `${pid}.${threadId}.${startedAtMs}`;
    this.start = {
      formatVersion: SPOOL_FORMAT_VERSION,
      runId: options.runId ?? null,
      project: options.project ?? null,
      processKey: this.processKey,
      parentKey: options.parentKey ?? null,
      pid,
      ppid: 1,
      threadId,
      host: options.host ?? 'test-host',
      argv: options.argv ?? ['node', 'main.js'],
      execArgv: [],
      cwd: options.cwd ?? '/app',
      nodeVersion: process.version,
      startedAtMs,
      hrOriginNs: 0,
    };
    fs.mkdirSync(dir, { recursive: true });
    this.append(encodeJsonFrame(FrameType.ProcessStart, this.start));
  }

  get currentFile(): string {
    return path.join(this.dir, `${this.processKey}.${this.fileIndex}.bcspool`);
  }

  /** Registers a module; returns the global ids of its functions and call sites. */
  module(moduleId: string, file: string, functions: (Partial<FunctionInfo> & { name: string })[], callSites: CallSiteInfo[] = []): { fns: number[]; sites: number[] } {
    const fnBase = this.nextFn;
    const siteBase = this.nextSite;
    this.nextFn += functions.length;
    this.nextSite += callSites.length;
    const table = {
      moduleId,
      file,
      fnBase,
      siteBase,
      functions: functions.map((f, i) => ({
        kind: 'function', async: false, generator: false, file: moduleId, line: 10 + i * 5, column: 0, params: [], ...f,
      })),
      callSites,
    };
    this.flush();
    this.append(encodeJsonFrame(FrameType.Module, table));
    return { fns: functions.map((_, i) => fnBase + i), sites: callSites.map((_, i) => siteBase + i) };
  }

  /** `causalParent`: for a call made when no traced call runs (a timer's callback), the call that scheduled it. */
  enter(fn: number, args?: unknown, causalParent = 0): number {
    const callId = this.nextCall++;
    const parentCall = this.stack[this.stack.length - 1] ?? causalParent;
    // as the runtime marks a call of a function already running below it
    this.push(EventKind.Call, fn, callId, parentCall, args, this.stack.length, this.stackFns.includes(fn) ? CALL_NESTED : 0);
    this.stack.push(callId);
    this.stackFns.push(fn);
    this.fnCalls.set(fn, (this.fnCalls.get(fn) ?? 0) + 1);
    return callId;
  }

  /** `ownNs`: Breadcrumb's own work during the call, as the runtime reports it (left out of its duration). */
  leave(fn: number, value?: unknown, ownNs = 0): void {
    const callId = this.stack.pop()!;
    this.stackFns.pop();
    this.push(EventKind.Return, fn, callId, 0, value, this.stack.length, ownNs);
  }

  throwFrom(fn: number, error: unknown): void {
    const callId = this.stack.pop()!;
    this.stackFns.pop();
    this.push(EventKind.Exception, fn, callId, 0, error, this.stack.length);
  }

  /** An async call's promise settles as its body ends (it runs: resumed, or it never awaited). */
  settle(fn: number, callId: number, value?: unknown): void {
    this.popIfOnTop(callId);
    this.push(EventKind.Settle, fn, callId, 0, value, this.stack.length);
  }

  /** An async function awaits (after its Return at the first await: see leave) or a generator yields: its frame leaves the stack. */
  suspend(fn: number, callId: number): void {
    this.popIfOnTop(callId);
    this.push(EventKind.Suspend, fn, callId, 0, undefined, this.stack.length);
  }

  /** An async call reaches an await: at its first, it hands back its promise (Return) before it suspends. */
  awaits(fn: number, callId: number, first = false): void {
    if (first) this.push(EventKind.Return, fn, callId, 0, undefined, this.stack.length - 1);
    this.suspend(fn, callId);
  }

  /** A suspended call runs again, on top of whatever runs now. */
  resume(fn: number, callId: number): void {
    this.push(EventKind.Resume, fn, callId, 0, undefined, this.stack.length);
    this.stack.push(callId);
    this.stackFns.push(fn);
  }

  /** The clock moves on by `ns` (time passes with no event: a timer's wait). */
  elapse(ns: number): void {
    this.clock += ns;
  }

  private popIfOnTop(callId: number): void {
    if (this.stack[this.stack.length - 1] !== callId) return;
    this.stack.pop();
    this.stackFns.pop();
  }

  untraced(site: number, durationNs: number): void {
    const callId = this.stack[this.stack.length - 1] ?? 0;
    this.push(EventKind.CallSite, site, callId, 0, undefined, this.stack.length, durationNs);
  }

  /** Simulates n more calls of fn that were only counted (the detail cap). */
  countOnly(fn: number, n: number): void {
    this.fnCalls.set(fn, (this.fnCalls.get(fn) ?? 0) + n);
  }

  /** Skips sequence numbers, as when the recorder dropped events. */
  loseEvents(n: number): void {
    this.flush();
    this.seq += n;
  }

  aggregates(body: Partial<Aggregates> & { functionTotals?: Map<number, { count: number; totalNs: number }> } = {}): void {
    this.flush();
    const functions = [...this.fnCalls.entries()].map(([id, count]) => ({
      id, count, detailed: Math.min(count, body.functionTotals?.get(id)?.count ?? count), totalNs: count * 1000, minNs: 100, maxNs: 5000, histogram: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count],
    }));
    this.append(encodeJsonFrame(FrameType.Aggregates, { functions, edges: [], sites: [], droppedEvents: 0, sampledOut: 0, ...body }));
  }

  warning(message: string, file?: string): void {
    this.flush();
    this.append(encodeJsonFrame(FrameType.Warning, { message, file }));
  }

  end(end: Partial<ProcessEnd> = {}): void {
    this.flush();
    this.append(encodeJsonFrame(FrameType.ProcessEnd, { reason: 'exit', exitCode: 0, signal: null, endedAtMs: this.start.startedAtMs + this.clock / 1e6, ...end }));
  }

  flush(): void {
    if (this.count === 0) return;
    const frame = encodeEventsFrame({
      seqStart: this.seq, count: this.count, kind: this.kind, depth: this.depth, id: this.id, call: this.call,
      parent: this.parent, value: this.value, ts: this.ts, aux: this.aux, values: this.values,
    });
    this.seq += this.count;
    this.count = 0;
    this.values = [];
    this.append(frame);
  }

  /** Raw bytes appended to the current file (to simulate torn writes). */
  appendRaw(bytes: Uint8Array): void {
    fs.appendFileSync(this.currentFile, bytes);
  }

  /** One raw event, for cases the helpers above do not make. */
  push(kind: number, id: number, callId: number, parentCall: number, value: unknown, depth = this.stack.length, aux = 0): void {
    const i = this.count;
    this.kind[i] = kind;
    this.id[i] = id;
    this.call[i] = callId;
    this.parent[i] = parentCall;
    this.depth[i] = depth;
    this.clock += this.options.tickNs ?? 1500;
    this.ts[i] = this.clock;
    this.aux[i] = aux;
    if (value === undefined) this.value[i] = -1;
    else {
      this.value[i] = this.values.length;
      this.values.push(JSON.stringify(value));
    }
    this.count++;
    if (this.count === BATCH) this.flush();
  }

  private append(frame: Uint8Array): void {
    const rotate = this.options.rotateBytes;
    if (rotate !== undefined && this.fileBytes > 0 && this.fileBytes + frame.length > rotate) {
      this.fileIndex++;
      this.fileBytes = 0;
      const start = encodeJsonFrame(FrameType.ProcessStart, this.start);
      fs.appendFileSync(this.currentFile, start);
      this.fileBytes += start.length;
    }
    fs.appendFileSync(this.currentFile, frame);
    this.fileBytes += frame.length;
  }
}

/**
 * A program in the spirit of examples/basic, repeated `iterations` times: main → handle → calculate →
 * multiply ×2, add, a JSON.stringify / axios.get gap, and every 50th iteration a caught exception.
 * About 14 events per iteration.
 */
export function writeBusyProgram(dir: string, iterations: number, options: SyntheticProcessOptions = {}): SyntheticProcess {
  const p = new SyntheticProcess(dir, options);
  const { fns, sites } = p.module(
    './main.js',
    path.join(options.cwd ?? '/app', 'main.js'),
    [{ name: 'main' }, { name: 'handle', params: ['n'] }, { name: 'calculateTotal', params: ['price', 'quantity'] }, { name: 'multiply', params: ['a', 'b'] }, { name: 'add', params: ['a', 'b'] }, { name: 'parseQuantity', params: ['text'] }],
    [
      { callee: 'JSON.stringify', fn: 1, line: 20, column: 4 },
      { callee: 'axios.get', fn: 1, line: 21, column: 4 },
    ],
  );
  const [main, handle, calc, multiply, add, parse] = fns as [number, number, number, number, number, number];
  p.enter(main, {});
  for (let i = 0; i < iterations; i++) {
    p.enter(handle, { n: i });
    p.enter(calc, { price: 100, quantity: i });
    p.enter(multiply, { a: 100, b: i });
    p.leave(multiply, 100 * i);
    p.enter(multiply, { a: 100 * i, b: 0.15 });
    p.leave(multiply, 15 * i);
    p.enter(add, { a: 100 * i, b: 15 * i });
    p.leave(add, 115 * i);
    p.leave(calc, 115 * i);
    p.untraced(sites[0]!, 2000);
    if (i % 50 === 49) {
      p.enter(parse, { text: 'three' });
      p.throwFrom(parse, { name: 'RangeError', message: 'not a quantity: "three"', stack: 'RangeError: not a quantity: "three"\n    at parseQuantity (/app/main.js:30:11)\n    at handle (/app/main.js:22:5)' });
    }
    p.leave(handle, i);
  }
  p.untraced(sites[1]!, 5_000_000);
  p.leave(main);
  return p;
}
