// The spool format: how events leave a traced process. One source of truth for the writer (the runtime
// in the traced process) and the reader (the store's ingest in the CLI). A spool file is a sequence of
// frames; a frame is
//
//   u32 byteLength (of what follows: the type byte and the payload), u8 type, payload
//
// little-endian. A file cut short by a crash ends in a partial frame, which `decodeFrames` leaves for
// later (it may still be being written) and reports as `rest`.
//
// Pure JavaScript on purpose: the runtime must not load a native module.
import { ownJson } from '../node-originals.js';

export const SPOOL_FORMAT_VERSION = 2;
export const SPOOL_FILE_EXTENSION = '.bcspool';

export const FrameType = {
  /** JSON ProcessStart: always the first frame of every file of a process. */
  ProcessStart: 1,
  /** JSON ModuleTable: a module's static function and call-site table, sent once when it loads. */
  Module: 2,
  /** Binary EventBatch (columns, see below). */
  Events: 3,
  /** JSON Aggregates: cumulative per-process counts and timings; the last one of a process wins. */
  Aggregates: 4,
  /** JSON ProcessEnd. */
  ProcessEnd: 5,
  /** JSON Warning, e.g. a module that could not be instrumented. */
  Warning: 6,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export const EventKind = {
  Call: 0,
  Return: 1,
  Exception: 2,
  CallSite: 3,
  /** A generator yielded or an async function awaited: time until Resume is waiting, not running. */
  Suspend: 4,
  Resume: 5,
  /** An async function's promise settled (Return/Exception mark when it handed back its promise). */
  Settle: 6,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** A Call event's aux: the function was already running below this call (see EventBatch.aux). */
export const CALL_NESTED = 1;

export const EVENT_KIND_NAMES = ['call', 'return', 'exception', 'call_site', 'suspend', 'resume', 'settle'] as const;

/** Identifies one process or worker thread of a run. */
export interface ProcessStart {
  formatVersion: number;
  /**
   * The run this process belongs to, when known at its start; null otherwise: the ingester then puts it
   * in the run it was given (`breadcrumb run`'s), or its parent's, or makes a run of its own.
   */
  runId: number | null;
  project: string | null;
  /** Unique within the run: `${pid}.${threadId}.${startedAtMs}`. */
  processKey: string;
  /** processKey of the process (or main thread) that started this one; null for the root. */
  parentKey: string | null;
  pid: number;
  ppid: number;
  threadId: number;
  host: string;
  argv: string[];
  execArgv: string[];
  cwd: string;
  nodeVersion: string;
  /** Wall clock (ms since epoch) at the moment the monotonic clock read `hrOriginNs`. */
  startedAtMs: number;
  /** Event timestamps are ns since this monotonic origin. */
  hrOriginNs: number;
}

export type FunctionKind =
  | 'function'
  | 'arrow'
  | 'method'
  | 'getter'
  | 'setter'
  | 'constructor'
  | 'class-field'
  | 'module';

/** One function of a module's static table (from the instrumenter). */
export interface FunctionInfo {
  /** As a user would say it: `add`, `Cart.total`, `get Cart.price`, `<anonymous>`, `default export`. */
  name: string;
  kind: FunctionKind;
  async: boolean;
  generator: boolean;
  /** Original source position (after input source maps), 1-based line, 0-based column. */
  file: string;
  line: number;
  column: number;
  params: string[];
}

/** One call from instrumented code whose callee may not be instrumented (a potential gap). */
export interface CallSiteInfo {
  /** The callee as written: `axios.get`, `fs.readFileSync`, `fetch`. */
  callee: string;
  /** Local index (within the module) of the enclosing function, or -1 at module top level. */
  fn: number;
  line: number;
  column: number;
}

export interface ModuleTable {
  /** `./src/pay.js`, `axios/lib/core.js`, ... (see the README's "module ids"). */
  moduleId: string;
  /** Absolute path (or URL) of the file as loaded. */
  file: string;
  /** Global id of this module's function 0 in this process: function i has id fnBase + i. */
  fnBase: number;
  /** Global id of this module's call site 0 in this process. */
  siteBase: number;
  functions: FunctionInfo[];
  callSites: CallSiteInfo[];
}

/**
 * Events in columns, one entry per event, in the order they happened in this thread.
 * - kind: EventKind.
 * - id: global function id (Call/Return/Exception/Suspend/Resume/Settle) or call-site id (CallSite).
 * - call: for Call, this call's id (1, 2, ... per process); for the other kinds, the id of the call the
 *   event belongs to (for CallSite: the call that made the untraced call; 0 at module top level).
 * - parent: for Call, the causal parent call id (the call running when this one was started or
 *   scheduled: across await, timers, nextTick, emitters); 0 for a root. Unused (0) otherwise.
 * - depth: nesting depth of the call in this thread's causal tree (root calls: 0).
 * - ts: ns since ProcessStart.hrOriginNs.
 * - aux: CallSite: duration of the untraced call in ns. Call: CALL_NESTED when the function was already
 *   running below this call (a recursive call: its time is inside the outer call's, so totals leave it out).
 *   The event that ends a call (Return of a plain function, Settle, Exception): ns of Breadcrumb's own work
 *   (value capture, batch flushes) while it ran (an async function or generator: while it was not
 *   suspended), which its duration leaves out. Otherwise 0.
 * - value: index into `values` (a JSON text of a captured, redacted value) or -1.
 *   Call: the arguments object `{"a": 7}`; Return/Settle: the value; Exception: the thrown value.
 */
export interface EventBatch {
  /** Sequence number of the first event of the batch (events of a process are numbered from 0). */
  seqStart: number;
  count: number;
  kind: Uint8Array;
  depth: Uint16Array;
  id: Uint32Array;
  call: Uint32Array;
  parent: Uint32Array;
  value: Int32Array;
  ts: Float64Array;
  aux: Float64Array;
  /** Compact JSON texts (no raw line feed: '\n' separates them in the frame). */
  values: string[];
  /** When set, the values already encoded as the frame holds them (UTF-8, '\n'-separated); `values` is then not read. */
  encodedValues?: Uint8Array;
  /**
   * Decoded with `valuesAsBytes`: each value as the UTF-8 bytes the frame holds (views of the bytes
   * given to decodeFrames: valid while those are), and `values` is empty.
   */
  valueBytes?: Uint8Array[];
}

export interface FunctionAggregate {
  id: number;
  /** Exact count of calls, detailed or not. */
  count: number;
  /** How many of them were recorded in detail (the rest only counted). */
  detailed: number;
  /**
   * How many had their duration measured: every detailed call and a random sample (about 1 in 64) of
   * the others. Absent in spools written before it existed: then every call was timed.
   */
  timed?: number;
  /**
   * Total duration; when timed < count, the measured mean times count (an estimate). Durations are time
   * on the thread: an async function's or generator's time suspended at await/yield is left out
   * (elapsed* below has it), so that overlapping calls cannot add up to more than the process ran.
   */
  totalNs: number;
  /** Over the timed calls. */
  minNs: number;
  maxNs: number;
  /** Timed calls per duration bucket: bucket i holds durations in [2^i, 2^(i+1)) ns (bucket 0: < 2 ns). */
  histogram: number[];
  /**
   * Functions whose timed calls suspended (async functions at await, generators at yield): the time
   * those calls spent suspended, summed (a call's elapsed time is its duration plus its wait: the mean
   * elapsed time is totalNs / count + waitedNs / timed), and the longest elapsed time of those calls.
   * Absent for other functions and in spools written before it existed (whose durations of such calls
   * were elapsed times).
   */
  waitedNs?: number;
  elapsedMaxNs?: number;
  /**
   * The duration of every call, nested ones included (a call made while another call of the same
   * function ran, directly or through others: their time is inside the outermost call's, so totalNs
   * leaves them out). Absent when it equals totalNs (no nested call was timed). With the edges'
   * withNestedNs, a function's self time: this less its callees' withNestedNs.
   */
  withNestedNs?: number;
}

export interface EdgeAggregate {
  /** Global function id of the caller (0 for none: a root call). */
  caller: number;
  callee: number;
  count: number;
  /** Calls of this edge whose duration was measured (see FunctionAggregate.timed). */
  timed?: number;
  /**
   * The time the callee ran inside the caller: its duration, or for a call that suspended (an async
   * function at await, a generator at yield), what it ran until its first suspension (what runs after a
   * resume runs inside whatever resumed it). When timed < count, the measured mean times count.
   * A call nested in one of the same callee (recursion) is left out: its time is in the outer call's.
   */
  totalNs: number;
  /** totalNs with the nested calls too (see FunctionAggregate.withNestedNs); absent when equal. */
  withNestedNs?: number;
}

export interface SiteAggregate {
  /** Global call-site id. */
  id: number;
  count: number;
  /** Calls whose duration was measured: every detailed one, then about 1 in 64 (see FunctionAggregate.timed). */
  timed?: number;
  /** When timed < count, the measured mean times count. */
  totalNs: number;
}

export interface Aggregates {
  functions: FunctionAggregate[];
  edges: EdgeAggregate[];
  sites: SiteAggregate[];
  /** Events lost because the consumer fell behind or memory was at its bound. */
  droppedEvents: number;
  /** Calls left out of the detail by sampling (BREADCRUMB_SAMPLE_RATE). */
  sampledOut: number;
  /**
   * The runtime kept withNestedNs (absent where equal to totalNs); absent in spools written before it
   * did, whose nested calls' time is unknown.
   */
  nestedTimes?: true;
}

export interface ProcessEnd {
  /** 'exit' (normal end or process.exit), 'uncaught' (an uncaught exception), 'signal'. */
  reason: 'exit' | 'uncaught' | 'signal';
  exitCode: number | null;
  signal: string | null;
  endedAtMs: number;
  /**
   * reason 'uncaught': what was thrown (the error's name, message and stack, or the value as text;
   * redacted). `value`: the same value as Exception events capture it (redacted JSON), when values are
   * captured: the exception events with this value are the ones that ended the process.
   */
  error?: { name: string; message: string; stack: string | null; value?: string };
  /** Events the spool writer lost (memory bound, size cap, write error); absent when none. */
  droppedEvents?: number;
}

export interface Warning {
  message: string;
  file?: string;
}

export type Frame =
  | { type: typeof FrameType.ProcessStart; body: ProcessStart }
  | { type: typeof FrameType.Module; body: ModuleTable }
  | { type: typeof FrameType.Events; body: EventBatch }
  | { type: typeof FrameType.Aggregates; body: Aggregates }
  | { type: typeof FrameType.ProcessEnd; body: ProcessEnd }
  | { type: typeof FrameType.Warning; body: Warning };

const HEADER_BYTES = 5;
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

export function encodeJsonFrame(type: Exclude<FrameType, typeof FrameType.Events>, body: unknown): Uint8Array {
  const json = textEncoder.encode(ownJson.stringify(body));
  const out = new Uint8Array(HEADER_BYTES + json.length);
  writeHeader(out, type, json.length);
  out.set(json, HEADER_BYTES);
  return out;
}

// Events payload: u32 count, f64 seqStart, then the columns, each padded to 8 bytes so that the
// reader can view them in place, then the values: their JSON texts joined by newlines. A JSON text
// holds no raw newline but as whitespace between tokens (inside a string it is always escaped), so
// the encoder turns those into spaces and the reader splits on newlines: one UTF-8 encoding and no
// second escaping of every quote, which a JSON array of strings would cost (version 1 did that).
const COLUMN_BYTES = [1, 2, 4, 4, 4, 4, 8, 8] as const;

function pad8(n: number): number {
  return (n + 7) & ~7;
}

function eventsPayloadBytes(count: number, valuesBytes: number): number {
  let bytes = 16; // count (u32) + 4 bytes padding + seqStart (f64)
  for (const size of COLUMN_BYTES) bytes += pad8(size * count);
  return bytes + valuesBytes;
}

/**
 * Encodes `count` events starting at index 0 of each column (columns may be longer: the recorder's
 * buffers). Returns one frame.
 */
export function encodeEventsFrame(batch: EventBatch, memory: (bytes: number) => Uint8Array = ownMemory): Uint8Array {
  const { count } = batch;
  const values = batch.encodedValues ?? encodeValues(batch.values);
  const payload = eventsPayloadBytes(count, values.length);
  // The payload starts 5 bytes into the frame; 3 bytes of zeros after the header keep columns aligned
  // when the frame itself starts at an 8-byte boundary of the reader's buffer.
  // Not zero-filled (a frame is megabytes, written in full below): the padding is zeroed explicitly.
  const out = memory(HEADER_BYTES + 3 + payload);
  writeHeader(out, FrameType.Events, 3 + payload);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let at = HEADER_BYTES + 3;
  out.fill(0, HEADER_BYTES, at + 16);
  view.setUint32(at, count, true);
  view.setFloat64(at + 8, batch.seqStart, true);
  at += 16;
  const columns = [batch.kind, batch.depth, batch.id, batch.call, batch.parent, batch.value, batch.ts, batch.aux];
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const bytes = new Uint8Array(column.buffer, column.byteOffset, COLUMN_BYTES[i]! * count);
    out.set(bytes, at);
    out.fill(0, at + bytes.length, at + pad8(bytes.length));
    at += pad8(bytes.length);
  }
  out.set(values, at);
  return out;
}

/** A frame's own memory (never Buffer's shared pool), viewed as a plain Uint8Array like any other frame. */
function ownMemory(bytes: number): Uint8Array {
  const own = Buffer.allocUnsafeSlow(bytes);
  return new Uint8Array(own.buffer, own.byteOffset, own.byteLength);
}

/**
 * Memory for frames that live only until the sink has taken them (RecorderSink.write copies what it
 * keeps): one buffer, reused. A traced program's batches are megabytes each; a new buffer per batch
 * left up to 64 MB of dead buffers waiting for a collection (V8 collects external memory only past
 * that much), and their allocation pressure made the program's own collections more frequent.
 */
export class ReusedFrameMemory {
  private buffer: Uint8Array = new Uint8Array(0);

  /** A view of `bytes` bytes, valid until the next call. */
  take(bytes: number): Uint8Array {
    if (bytes > this.buffer.length) this.buffer = ownMemory(Math.max(bytes, this.buffer.length * 2));
    return this.buffer.subarray(0, bytes);
  }

  /** Gives back a buffer grown past `keepBytes` (a batch of unusually large values). */
  shrink(keepBytes: number): void {
    if (this.buffer.length > keepBytes) this.buffer = new Uint8Array(0);
  }
}

/**
 * Buffer's own UTF-8 writer takes an offset: TextEncoder.encodeInto needs a view made for each value
 * (one allocation per value, ~20% slower on a batch of captured values), and `buffer.write` checks its
 * arguments on every call. Falls back to `write` where the internal one is missing.
 */
const utf8Write =
  (Buffer.prototype as unknown as { utf8Write?: (this: Buffer, text: string, offset: number) => number }).utf8Write ??
  function (this: Buffer, text: string, offset: number): number {
    return this.write(text, offset);
  };

/** Values joined for one call of the UTF-8 writer (16: 623, 32: 583, 64: 636 instructions a value, against 915 one by one). */
const PENDING_VALUES = 32;

/**
 * An Events frame's values as the frame holds them: UTF-8, separated by '\n'. Values are JSON text,
 * which never holds a raw line feed (JSON escapes it inside strings), so the separator is unambiguous;
 * it is not checked per value (a search would walk every value once more). Values are encoded into one
 * growing buffer PENDING_VALUES at a time, joined: the UTF-8 writer's fixed cost per call (a C++ call,
 * its argument checks, the buffer's lookup) was a third of a captured value's encoding.
 */
export class ValueBytes {
  private buffer: Buffer;
  /** Bytes encoded. */
  private encoded = 0;
  /** Values encoded (the next one encoded after them takes a separator). */
  private encodedValues = 0;
  /** Values added and not encoded yet, the first pendingCount (the rest: earlier ones, encoded). */
  private readonly pending: string[] = Array.from({ length: PENDING_VALUES }, () => '');
  private pendingCount = 0;
  /** Their characters, separators included. */
  private pendingChars = 0;
  /** Values added. */
  count = 0;

  constructor(private readonly initialBytes = 64 << 10) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** Bytes in use, a value not encoded yet counted a byte a character (exact after view()). */
  get used(): number {
    return this.encoded + this.pendingChars;
  }

  /** Appends a value; returns its index. */
  add(json: string): number {
    this.pendingChars += json.length + 1;
    // an array kept and written in place: Array#push was a builtin call here (~120 instructions a value on acorn)
    this.pending[this.pendingCount] = json;
    if (++this.pendingCount === PENDING_VALUES) this.encodePending();
    return this.count++;
  }

  /** The bytes so far (a view: valid until the next add or clear). */
  view(): Uint8Array {
    if (this.pendingCount > 0) this.encodePending();
    return this.buffer.subarray(0, this.encoded);
  }

  /** Empties it; a buffer grown past `keepBytes` is not kept. */
  clear(keepBytes: number): void {
    this.encoded = 0;
    this.encodedValues = 0;
    this.pendingCount = 0;
    this.pendingChars = 0;
    this.count = 0;
    if (this.buffer.length > keepBytes) this.buffer = Buffer.allocUnsafe(this.initialBytes);
  }

  private encodePending(): void {
    const n = this.pendingCount;
    const text = n === PENDING_VALUES ? this.pending.join('\n') : n === 1 ? this.pending[0]! : this.pending.slice(0, n).join('\n');
    let at = this.encoded;
    // UTF-8 takes at most 3 bytes per UTF-16 unit, plus the separator
    const room = at + 1 + text.length * 3;
    if (room > this.buffer.length) {
      const next = Buffer.allocUnsafe(Math.max(room, this.buffer.length * 2));
      this.buffer.copy(next, 0, 0, at);
      this.buffer = next;
    }
    if (this.encodedValues > 0) this.buffer[at++] = 10;
    this.encoded = at + utf8Write.call(this.buffer, text, at);
    this.encodedValues += n;
    this.pendingCount = 0;
    this.pendingChars = 0;
  }
}

function encodeValues(values: readonly string[]): Uint8Array {
  const bytes = new ValueBytes();
  for (const value of values) bytes.add(value);
  return bytes.view();
}

function writeHeader(out: Uint8Array, type: FrameType, payloadBytes: number): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(0, payloadBytes + 1, true);
  out[4] = type;
}

function decodeEvents(bytes: Uint8Array, valuesAsBytes: boolean, memory: DecodedColumnMemory | undefined): EventBatch {
  const count = new DataView(bytes.buffer, bytes.byteOffset + 3, 4).getUint32(0, true);
  const columnsEnd = 3 + eventsPayloadBytes(count, 0);
  // Copy the columns so that they are aligned whatever the offset of the frame in the file buffer
  // (new Uint8Array(view) copies; Buffer#slice, as fs.readFileSync's Buffer has it, would not). The
  // values are copied only to be decoded to strings: as bytes, they are views of `bytes` itself.
  const source = bytes.subarray(3, valuesAsBytes ? columnsEnd : bytes.length);
  const own = memory === undefined ? new Uint8Array(source) : memory.copy(source);
  const base = own.byteOffset;
  const view = new DataView(own.buffer, base, own.byteLength);
  const seqStart = view.getFloat64(8, true);
  let at = 16;
  const take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, size: number): T => {
    const column = make(own.buffer as ArrayBuffer, base + at, count);
    at += pad8(size * count);
    return column;
  };
  const kind = take((b, o, n) => new Uint8Array(b, o, n), 1);
  const depth = take((b, o, n) => new Uint16Array(b, o, n), 2);
  const id = take((b, o, n) => new Uint32Array(b, o, n), 4);
  const call = take((b, o, n) => new Uint32Array(b, o, n), 4);
  const parent = take((b, o, n) => new Uint32Array(b, o, n), 4);
  const value = take((b, o, n) => new Int32Array(b, o, n), 4);
  const ts = take((b, o, n) => new Float64Array(b, o, n), 8);
  const aux = take((b, o, n) => new Float64Array(b, o, n), 8);
  if (valuesAsBytes) {
    const valueBytes = splitValueBytes(bytes.buffer, bytes.byteOffset + columnsEnd, bytes.byteOffset + bytes.length);
    return { seqStart, count, kind, depth, id, call, parent, value, ts, aux, values: [], valueBytes };
  }
  const text = textDecoder.decode(own.subarray(at));
  const values = text === '' ? [] : text.split('\n');
  return { seqStart, count, kind, depth, id, call, parent, value, ts, aux, values };
}

/**
 * Memory for the columns of decoded Events frames, reused by every decode given it: a reader that
 * is done with one read's frames before it decodes the next (the store's ingest) copies their
 * columns into the same memory each time instead of into a new ArrayBuffer per frame. Those were
 * a frame's columns each (~37 bytes an event, hundreds of KB a frame), allocated through calloc and
 * given back after a collection: in `breadcrumb run`'s cold process, fresh pages each time, a page
 * fault per 4 KiB on touching them and an munmap when freed.
 */
export class DecodedColumnMemory {
  private buffer = new ArrayBuffer(0);
  private used = 0;

  /** The columns decoded so far may be overwritten from now on. */
  reset(): void {
    this.used = 0;
  }

  /** A copy of `bytes` at an offset that is a multiple of 8, valid until the next reset(). */
  copy(bytes: Uint8Array): Uint8Array {
    const size = pad8(bytes.length);
    if (this.used + size > this.buffer.byteLength) {
      // A larger buffer; columns already copied keep the old one alive until they are dropped.
      this.buffer = new ArrayBuffer(Math.max(size, this.buffer.byteLength * 2, 64 * 1024));
      this.used = 0;
    }
    const out = new Uint8Array(this.buffer, this.used, bytes.length);
    out.set(bytes);
    this.used += size;
    return out;
  }
}

/**
 * The values of an Events frame (UTF-8 JSON texts, '\n'-separated, from `start` to `end` of `buffer`)
 * as views of their bytes. Per value of ~90 bytes (lodash's): Buffer#indexOf finds the separator in
 * ~20 ns (a Uint8Array's own indexOf, ~65 ns), a plain Uint8Array view costs ~35 ns (Buffer#subarray,
 * ~55 ns).
 */
function splitValueBytes(buffer: ArrayBufferLike, start: number, end: number): Uint8Array[] {
  const values: Uint8Array[] = [];
  if (start === end) return values;
  const bytes = Buffer.from(buffer, start, end - start);
  let from = 0;
  for (;;) {
    const newline = bytes.indexOf(10, from);
    const to = newline < 0 ? bytes.length : newline;
    values.push(new Uint8Array(buffer, start + from, to - from));
    if (newline < 0) return values;
    from = newline + 1;
  }
}

export class SpoolFormatError extends Error {
  override name = 'SpoolFormatError';
}

/** A spool written by a Breadcrumb whose format this one cannot read: left for that version to ingest. */
export class SpoolVersionError extends SpoolFormatError {
  override name = 'SpoolVersionError';
}

export interface DecodeResult {
  frames: Frame[];
  /** Bytes consumed: the next read starts here (the rest is an incomplete frame, or nothing). */
  consumed: number;
}

export interface DecodeOptions {
  /**
   * Events frames give their values as UTF-8 bytes (EventBatch.valueBytes) instead of strings: for a
   * reader that stores them as they are (the store binds them as SQLite text), decoding megabytes of
   * values to strings only to encode them again was a fifth of the ingest. Short values too: a batch
   * averaging under 128 bytes a value was decoded to strings until lodash's corpus spool (93 bytes a
   * value) ingested in less CPU as bytes (scripts/bench/ingest-cold.mjs, median of 9 cold processes:
   * main thread 880 -> 790 ms; marked's, 770 -> 700), and the synthetic spool of tiny values
   * (scripts/bench/ingest.mjs) as fast either way. The bytes are views of `bytes` (not copied with
   * the frame's columns): the reader keeps them unchanged until it has stored them.
   */
  valuesAsBytes?: boolean;
  /**
   * Where to copy Events frames' columns (aligned), instead of a new buffer per frame: the frames'
   * columns are then valid until the memory's next reset().
   */
  columnMemory?: DecodedColumnMemory;
}

/** Decodes every complete frame in `bytes`; an incomplete last frame is left unconsumed. */
export function decodeFrames(bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  const frames: Frame[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + HEADER_BYTES <= bytes.length) {
    const length = view.getUint32(at, true);
    if (length < 1) throw new SpoolFormatError(`corrupt spool frame at byte ${at}: length ${length}`);
    if (at + 4 + length > bytes.length) break;
    const type = bytes[at + 4] as FrameType;
    const payload = bytes.subarray(at + HEADER_BYTES, at + 4 + length);
    frames.push(decodeFrame(type, payload, at, options.valuesAsBytes === true, options.columnMemory));
    at += 4 + length;
  }
  return { frames, consumed: at };
}

function decodeFrame(type: FrameType, payload: Uint8Array, offset: number, valuesAsBytes: boolean, memory: DecodedColumnMemory | undefined): Frame {
  switch (type) {
    case FrameType.Events:
      return { type, body: decodeEvents(payload, valuesAsBytes, memory) };
    case FrameType.ProcessStart: {
      const body = ownJson.parse(textDecoder.decode(payload)) as ProcessStart;
      if (body.formatVersion !== SPOOL_FORMAT_VERSION) {
        throw new SpoolVersionError(
          `spool format version ${body.formatVersion} is not supported (this Breadcrumb reads version ${SPOOL_FORMAT_VERSION}); ingest it with the Breadcrumb version that recorded it`,
        );
      }
      return { type, body };
    }
    case FrameType.Module:
    case FrameType.Aggregates:
    case FrameType.ProcessEnd:
    case FrameType.Warning:
      return { type, body: ownJson.parse(textDecoder.decode(payload)) } as Frame;
    default:
      throw new SpoolFormatError(`unknown spool frame type ${type as number} at byte ${offset}`);
  }
}
