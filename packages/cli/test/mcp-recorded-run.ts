// Spool files of a recorded run of examples/basic, written with the spool format's own encoders: the
// events the runtime would record for main.js (add, multiply, greet, calculateTotal, the caught
// RangeError of parseQuantity, Cart, calls into node:path and node:os). The MCP tests use them until
// (and besides) real `breadcrumb run`s: ingested through the store, they make a real trace database.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EventKind,
  FrameType,
  SPOOL_FILE_EXTENSION,
  SPOOL_FORMAT_VERSION,
  encodeEventsFrame,
  encodeJsonFrame,
  type Aggregates,
  type CallSiteInfo,
  type FunctionInfo,
  type ModuleTable,
  type ProcessStart,
} from '@breadcrumb/core';

interface PendingEvent {
  kind: number;
  depth: number;
  id: number;
  call: number;
  parent: number;
  value: string | null;
  ts: number;
  aux: number;
}

function fn(name: string, file: string, line: number, params: string[], kind: FunctionInfo['kind'] = 'function'): FunctionInfo {
  return { name, kind, async: false, generator: false, file, line, column: 0, params };
}

/** Builds the event stream of one process: calls nest, time advances 1 µs per event unless told. */
class ProcessRecording {
  private readonly events: PendingEvent[] = [];
  private readonly stack: { call: number; fn: number; startNs: number }[] = [];
  private nextCall = 1;
  private nowNs = 1_000;
  private readonly stats = new Map<number, { count: number; totalNs: number; minNs: number; maxNs: number }>();

  enter(fnId: number, args: Record<string, unknown>): number {
    const call = this.nextCall++;
    const parent = this.stack.at(-1)?.call ?? 0;
    this.push({ kind: EventKind.Call, id: fnId, call, parent, value: JSON.stringify(args), aux: 0 });
    this.stack.push({ call, fn: fnId, startNs: this.nowNs });
    return call;
  }

  leave(value: unknown, spentNs = 1_000): void {
    this.finish(EventKind.Return, value === undefined ? null : JSON.stringify(value), spentNs);
  }

  throwOut(error: { name: string; message: string }, spentNs = 1_000): void {
    this.finish(EventKind.Exception, JSON.stringify(error), spentNs);
  }

  untraced(siteId: number, spentNs: number): void {
    const call = this.stack.at(-1)?.call ?? 0;
    this.nowNs += spentNs;
    this.push({ kind: EventKind.CallSite, id: siteId, call, parent: 0, value: null, aux: spentNs });
  }

  private finish(kind: number, value: string | null, spentNs: number): void {
    const frame = this.stack.pop()!;
    this.nowNs += spentNs;
    this.push({ kind, id: frame.fn, call: frame.call, parent: 0, value, aux: 0 });
    const duration = this.nowNs - frame.startNs;
    const stat = this.stats.get(frame.fn) ?? { count: 0, totalNs: 0, minNs: Infinity, maxNs: 0 };
    stat.count++;
    stat.totalNs += duration;
    stat.minNs = Math.min(stat.minNs, duration);
    stat.maxNs = Math.max(stat.maxNs, duration);
    this.stats.set(frame.fn, stat);
  }

  // Called before a Call enters the stack and after a Return/Exception left it, so the stack's length is
  // the call's depth; a CallSite belongs to the call on top of the stack.
  private push(event: Omit<PendingEvent, 'ts' | 'depth'>): void {
    const depth = event.kind === EventKind.CallSite ? Math.max(0, this.stack.length - 1) : this.stack.length;
    this.events.push({ ...event, depth, ts: this.nowNs });
    this.nowNs += 1_000;
  }

  /** The Events frame of everything recorded so far (then cleared), numbered from `seqStart`. */
  takeEventsFrame(seqStart: number): { frame: Uint8Array; count: number } {
    const count = this.events.length;
    const values: string[] = [];
    const batch = {
      seqStart,
      count,
      kind: new Uint8Array(count),
      depth: new Uint16Array(count),
      id: new Uint32Array(count),
      call: new Uint32Array(count),
      parent: new Uint32Array(count),
      value: new Int32Array(count),
      ts: new Float64Array(count),
      aux: new Float64Array(count),
      values,
    };
    this.events.forEach((e, i) => {
      batch.kind[i] = e.kind;
      batch.depth[i] = e.depth;
      batch.id[i] = e.id;
      batch.call[i] = e.call;
      batch.parent[i] = e.parent;
      batch.ts[i] = e.ts;
      batch.aux[i] = e.aux;
      batch.value[i] = e.value === null ? -1 : values.push(e.value) - 1;
    });
    this.events.length = 0;
    return { frame: encodeEventsFrame(batch), count };
  }

  aggregates(): Aggregates {
    return {
      functions: [...this.stats].map(([id, s]) => ({
        id,
        count: s.count,
        detailed: s.count,
        totalNs: s.totalNs,
        minNs: s.minNs,
        maxNs: s.maxNs,
        histogram: [],
      })),
      edges: [],
      sites: [],
      droppedEvents: 0,
      sampledOut: 0,
    };
  }
}

export interface RecordedRunOptions {
  /** The folder the spool files go to (a run's spool folder, or a project's for an unowned recording). */
  spoolDir: string;
  runId: number | null;
  project: string;
  /** The examples/basic folder: file paths and the cwd of the recorded process. */
  exampleDir: string;
  startedAtMs: number;
  /** Leave the process running: no ProcessEnd frame (a run still being recorded). */
  unfinished?: boolean;
}

/** Writes the spool file of one recorded process of examples/basic/main.js; returns its path. */
export function writeRecordedBasicRun(options: RecordedRunOptions): string {
  const { exampleDir } = options;
  const mainFile = join(exampleDir, 'main.js');
  const cartFile = join(exampleDir, 'cart.js');
  const main: ModuleTable = {
    moduleId: './main.js',
    file: mainFile,
    fnBase: 0,
    siteBase: 0,
    functions: [
      fn('add', mainFile, 6, ['a', 'b']),
      fn('multiply', mainFile, 10, ['a', 'b']),
      fn('greet', mainFile, 14, ['name']),
      fn('calculateTotal', mainFile, 18, ['price', 'quantity', 'taxRate']),
      fn('parseQuantity', mainFile, 24, ['text']),
      fn('main', mainFile, 32, []),
    ],
    callSites: [
      { callee: 'path.join', fn: 5, line: 48, column: 15 },
      { callee: 'os.tmpdir', fn: 5, line: 48, column: 25 },
      { callee: 'path.basename', fn: 5, line: 49, column: 35 },
    ] satisfies CallSiteInfo[],
  };
  const cart: ModuleTable = {
    moduleId: './cart.js',
    file: cartFile,
    fnBase: 6,
    siteBase: 3,
    functions: [fn('Cart.addItem', cartFile, 4, ['name', 'price', 'quantity'], 'method'), fn('get Cart.total', cartFile, 9, [], 'getter')],
    callSites: [],
  };
  const [ADD, MULTIPLY, GREET, TOTAL, PARSE, MAIN, ADD_ITEM, CART_TOTAL] = [0, 1, 2, 3, 4, 5, 6, 7] as const;
  const [PATH_JOIN, OS_TMPDIR, PATH_BASENAME] = [0, 1, 2] as const;

  const p = new ProcessRecording();
  p.enter(MAIN, {});
  p.enter(ADD, { a: 2, b: 3 });
  p.leave(5);
  p.enter(MULTIPLY, { a: 7, b: 6 });
  p.leave(42);
  p.enter(GREET, { name: 'Ada' });
  p.leave('Hello, Ada!');
  p.enter(TOTAL, { price: 100, quantity: 2, taxRate: 0.15 });
  p.enter(MULTIPLY, { a: 100, b: 2 });
  p.leave(200);
  p.enter(MULTIPLY, { a: 200, b: 0.15 });
  p.leave(30);
  p.enter(ADD, { a: 200, b: 30 });
  p.leave(230);
  p.leave(230, 2_000);
  p.enter(PARSE, { text: 'three' });
  p.throwOut({ name: 'RangeError', message: 'not a quantity: "three"' }, 5_000);
  p.enter(ADD_ITEM, { name: 'book', price: 12.5, quantity: 2 });
  p.leave(1);
  p.enter(ADD_ITEM, { name: 'pen', price: 1.25, quantity: 4 });
  p.leave(2);
  p.enter(CART_TOTAL, {});
  p.leave(30);
  p.untraced(OS_TMPDIR, 3_000);
  p.untraced(PATH_JOIN, 2_000);
  p.untraced(PATH_BASENAME, 1_000);
  p.leave(undefined, 1_000);

  const processKey = `${4242 + (options.runId ?? 0)}.0.${options.startedAtMs}`;
  const start: ProcessStart = {
    formatVersion: SPOOL_FORMAT_VERSION,
    runId: options.runId,
    project: options.project,
    processKey,
    parentKey: null,
    pid: 4242,
    ppid: 4241,
    threadId: 0,
    host: 'test-host',
    argv: [process.execPath, mainFile],
    execArgv: [],
    cwd: exampleDir,
    nodeVersion: process.version,
    startedAtMs: options.startedAtMs,
    hrOriginNs: 0,
  };
  const events = p.takeEventsFrame(0);
  const frames = [
    encodeJsonFrame(FrameType.ProcessStart, start),
    encodeJsonFrame(FrameType.Module, main),
    encodeJsonFrame(FrameType.Module, cart),
    events.frame,
    encodeJsonFrame(FrameType.Aggregates, p.aggregates()),
  ];
  if (!options.unfinished) {
    frames.push(
      encodeJsonFrame(FrameType.ProcessEnd, { reason: 'exit', exitCode: 0, signal: null, endedAtMs: options.startedAtMs + 50 }),
    );
  }
  mkdirSync(options.spoolDir, { recursive: true });
  const file = join(options.spoolDir, `${processKey}.0${SPOOL_FILE_EXTENSION}`);
  writeFileSync(file, Buffer.concat(frames));
  return file;
}
