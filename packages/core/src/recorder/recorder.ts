// The probe object the instrumented code calls (globalThis.__breadcrumb__): the hot path. State lives in
// closure variables and typed arrays; a call costs two clock reads and a few array writes, no object.
//
// Probe API (version 5), as emitted by @breadcrumb/instrumenter:
//   m(table) → [fnBase, siteBase]   register a module's function and call-site tables
//   e(fn) / E(fn, values, receiver?) → call    enter (E: with parameter values, and `this` for a
//                                   function that reads it)
//   w(fn) → call or 0               enter a function with parameters; 0 asks for E with their values
//                                   (so the values array is built only for calls recorded in detail)
//   v(call, value) → value          a `return`'s value
//   r(call)                         leave (finally); x(call, error) leave by exception (code of probe
//                                   API 2 only: async functions and generators had a catch clause)
//   n(call)                         the function fell off its end (v marks a `return`): a call that
//                                   reaches r unmarked left by an exception, value unknown yet; an async
//                                   function or generator still suspended at r was resumed abruptly
//   k(error, call?) / K(call?)      first thing in a traced `catch` body: the caught value (K: a pattern,
//                                   no value) for the exception exits still waiting for theirs; `call`
//                                   (the catching function) is resumed if an await/yield threw into it
//   s(call, value, how?) → value    suspend at await (how 0, also for-await), yield (1), yield* (2);
//   R(call, value) → value          resume
//   b(site, value) → value          right before a call that may reach uninstrumented code
//   B(site) → empty iterable        the same, spread in the empty argument list of `a.b.c(...B(site))`
//   a(site, value) → value          right after it: a gap when no traced function was entered
import { types } from 'node:util';
import { CALL_NESTED, EventKind, FrameType, encodeJsonFrame, type ModuleTable } from '../spool/format.js';
import { AggregateTables, HISTOGRAM_BUCKETS, durationBucket } from './aggregates.js';
import { EventBuffer, VALUE_BATCH_BYTES } from './event-buffer.js';
import type { RecorderOptions, Recorder } from './types.js';
import { expandModuleTable, type EmbeddedTable } from './module-table.js';
import { keepStackPositionRemap, registerColumnShifts } from './stack-positions.js';
import { constructsInstrumentedClass } from './instrumented-class.js';
import { CallbackSites } from './callback-sites.js';
import { noArguments } from './no-arguments.js';

const STACK_CAPACITY = 1 << 15;
/**
 * The most functions a program can have traced: the per-function state a counted call reads is an array
 * allocated at this size once, a constant of the optimized probes (4 MB of address space, touched as
 * ids are given out). A `var` array that grew cost each counted call ~22 instructions more (a context
 * load, a map check and the array's fields, in enter and in r). A module past it is not traced.
 */
const MAX_FUNCTIONS = 1 << 20;
const EVENTS_PER_BATCH = 8192;
/** The recorder's own share of the 64 MB bound: frames the sink has not written yet. */
const MAX_PENDING_BYTES = 48 * 1024 * 1024;
const MAX_SUSPENDED = 100_000;
/** Exception exits of plain functions waiting for their value (see `k`); more are written unknown. */
const MAX_PENDING_EXITS = 256;
/** The value of an Exception event whose thrown value the recorder never saw (CAPTURE.md). */
const UNKNOWN_THROWN = '{"$type":"unknown","description":"the thrown value was not seen where it was caught"}';

/**
 * Calls past the detail cap (or sampled out) are counted exactly, but only about one in
 * TIMING_SAMPLE_MEAN reads the clock: two clock reads cost more than the rest of a counted call, and a
 * hot function's duration is estimated well from a random sample (aggregates.ts scales the totals).
 * The gap between timed calls is random, so a program's own period cannot line up with it.
 */
export const TIMING_SAMPLE_MEAN = 64;
const EDGE_CACHE_SIZE = 4096;
const EDGE_CACHE_MASK = EDGE_CACHE_SIZE - 1;
/** stStart of a frame whose duration is not measured. */
const UNTIMED = -1;
/** Most calls past the detail cap recorded in detail at once because an exception left them (promote). */
const MAX_PROMOTED_FRAMES = 64;

/**
 * CALL_NESTED as a constant of this module: the CommonJS output reads an import as a property of the
 * imported module (`format_js_1.CALL_NESTED`), a load with type feedback of its own, which enter()
 * first reaches at a nested call recorded in detail (see enter).
 */
const NESTED_CALL_AUX = CALL_NESTED;

const FLAG_SAMPLED = 1;
const FLAG_DETAILED = 2;
const FLAG_RETURNED_PROMISE = 4;
/** A plain call ran `v` (a return) or `n` (fell off its end): not an exception exit. */
const FLAG_COMPLETED = 8;
/** A timed call of a function already running below it (recursion): its time is in the outer call's. */
const FLAG_NESTED = 16;
/** Timed because of what it is (see AggregateTables.measuredCalls): its time is summed, not scaled. */
const FLAG_MEASURED = 32;
/** An async function or generator that came back from a suspension: stWaited holds the time it spent suspended. */
const FLAG_RESUMED = 64;
/**
 * Its start was timed (stStart is not UNTIMED): in the flags, so that the end of a counted call (r)
 * tells an untimed frame from the flags it reads anyway, without loading its start.
 */
const FLAG_TIMED = 128;
/**
 * The flags the end of a counted call (r) reads: FLAG_COMPLETED alone of them, it ends the frame itself.
 * One constant, not three: a load of a module constant is 4 bytes of r's bytecode (see Hot).
 */
const END_FLAGS = FLAG_DETAILED | FLAG_COMPLETED | FLAG_TIMED;
/**
 * Calls past the detail cap that are timed all the same (then 1 in TIMING_SAMPLE_MEAN), so that a
 * function called a little more often than the cap has an exact total (js-yaml's load: 1,612 calls,
 * the 612 estimated from ~10 samples, ±30%). A recursive function's outermost calls get more: rare
 * ones (a parser's, one per document) make its total exact, and a function whose outermost calls are
 * many (immer's, millions) gets a large sample instead.
 */
const MEASURED_CALLS_PAST_CAP = 1_000;
const MEASURED_OUTER_CALLS = 10_000;
/**
 * Nested calls (inside a call of the same function) past the detail cap timed all the same, per
 * function, before they are left to the sample: a function's self time in a recursion is its calls'
 * durations less its callees', nested ones included, and a small program's few nested calls, 1 in 64
 * timed, left none to estimate from (24 calls of a mutual recursion past the cap: no time at all on the
 * edge that holds them, and their caller kept it all as its own).
 */
const MEASURED_NESTED_CALLS = 1_000;

/**
 * The words of createRecorder's `hot`. A `const enum`: tsc writes the index as a literal, one byte of
 * bytecode where a `const` of this module is a context load of four: the probes' bytecode is what
 * TurboFan's inlining budget counts, and v() was no longer inlined with the constants.
 */
const enum Hot {
  /** The stack's height: frames 0 .. hot[Hot.SP] - 1 (0: the pseudo-frame of code outside any traced call). */
  SP,
  /** Exception exits waiting for their value in pendFn, pendCall, ... (see writePending). */
  PENDING,
  /** The last call id given out, read `>>> 0`: ids are uint32, and one past 2^31 - 1 is stored negative. */
  CALL_SEQ,
  /** Counted calls left until the next one is timed (see nextTimedCall). */
  COUNTDOWN,
  /** The height of the last group of `parked`, 0 when there is none. */
  PARKED_HEIGHT,
}
/**
 * 64, not 5: V8 keeps the elements of a typed array of 64 bytes or less inside its heap, where the GC
 * moves them, so every load goes through the array's pointer first (a prototype with 8 words: 315
 * instructions a counted call, with 32: 293).
 */
const HOT_WORDS = 64;

// fnState's fields (see createRecorder)
/**
 * Its calls are only counted (past its detail cap and its measured calls, see MEASURED_CALLS_PAST_CAP),
 * so that enter() takes its short path; set and cleared by the full path, which every call still takes
 * when it is to be timed, is nested in a function not yet marked recursive (which may reopen its
 * measured calls), or starts while an exception exit waits.
 */
const COUNTED_ONLY = 1;
/** A call of it started while one was on the stack (nested): set for good. */
const RECURSIVE = 2;
const COUNTED_RECURSIVE = COUNTED_ONLY | RECURSIVE;
/**
 * Its nested calls are only counted (past the detail cap and MEASURED_NESTED_CALLS; set for good, with
 * RECURSIVE), while its outermost ones may still be measured (MEASURED_OUTER_CALLS): a nested call
 * takes enter()'s short path. A recursive function whose outermost calls are rare never becomes
 * COUNTED_ONLY, and every nested call took the full path, untimed: 470 K of js-yaml's driver's 11.2 M
 * calls, 2.2 M of acorn's 14.1 M, 2.3 M of immer's 46.9 M (js-yaml's whole process, all counted:
 * 8.39 -> 8.12 G instructions, callgrind --predictable, Node 20).
 */
const NESTED_COUNTED = 4;
/**
 * One of its frames on the stack: above ACTIVE_FRAME at a call's start, the call is nested in one of the
 * same function (recursion), and the function is marked recursive.
 */
const ACTIVE_FRAME = 8;

const FN_ASYNC = 1;
const FN_GENERATOR = 2;

/** An `await` resumes abruptly only by a throw. */
const SUSPEND_AWAIT = 0;
/** A `yield*` resumes abruptly by a forwarded return()/throw() or a throw of the inner iterator. */
const SUSPEND_DELEGATE = 2;
/** A plain `yield` resumes abruptly by return() or throw(), with no resume probe either way. */
const SUSPEND_YIELD = 1;


/** Exception exits set aside while a `finally` block runs (see park): innermost first. */
interface ParkedExits {
  /** The stack height when they were set aside: their frame is the one below it. */
  height: number;
  fn: number[];
  call: number[];
  depth: number[];
  ts: number[];
  overhead: number[];
}

/** What a suspended async function or generator needs when it resumes. */
interface SuspendedCall {
  /** SUSPEND_*: how the suspension may end other than by R. */
  how: number;
  fn: number;
  depth: number;
  start: number;
  flags: number;
  /** Its caller→callee edge (aggregates' index). */
  edge: number;
  /**
   * Breadcrumb's work while it ran so far (`overhead` accrued in its running segments): what accrues
   * while it is suspended is other calls' (its stOverhead is set back this far from `overhead` at a resume).
   */
  own: number;
  /** ns it spent suspended before this suspension, less the clock when it suspended: its wait at a resume is this + the clock then. */
  waitedLessClock: number;
  /** A `return`'s captured value, when the call suspends after it (a `finally` or a `for await` closing). */
  returned: string | undefined;
}

export interface ProbeApi {
  /** Probe API version, checked by the generated code. */
  pv: 5;
  c: boolean;
  m(table: EmbeddedTable): [number, number];
  e(fn: number): number;
  w(fn: number): number;
  E(fn: number, values: ArrayLike<unknown>, receiver?: unknown): number;
  v(call: number, value?: unknown): unknown;
  r(call: number): void;
  x(call: number, error: unknown): void;
  n(call: number): void;
  k(error: unknown, call?: number): void;
  K(call?: number): void;
  s(call: number, value?: unknown, how?: number): unknown;
  R(call: number, value?: unknown): unknown;
  b(site: number, value?: unknown): unknown;
  B(site: number): Iterable<unknown>;
  a(site: number, value?: unknown): unknown;
}

/** A module whose functions would pass the recorder's MAX_FUNCTIONS: it is left untraced. */
class TooManyFunctions extends Error {}

/** `maxFunctions`: MAX_FUNCTIONS, less in tests. */
export function createRecorder(options: RecorderOptions, now: () => number, maxFunctions = MAX_FUNCTIONS): { probe: ProbeApi; recorder: Recorder } {
  const { settings, sink, context, capturer } = options;
  const maxDetailed = Math.max(0, settings.maxDetailedCallsPerFunction | 0);
  const sampleRate = Number.isFinite(settings.sampleRate) ? Math.min(1, Math.max(0, settings.sampleRate)) : 1;
  const capturing = capturer !== null && settings.capture.enabled;
  /** What a function that falls off its end returned, as captured. */
  const returnedUndefined = capturing ? capturer!.value(undefined) : undefined;
  // The recorder's mutable state is `var`, not `let`: the probes read it from this closure's context,
  // and V8 checks a context `let` for its temporal dead zone (a compare and a branch) at every read
  // and write, which it cannot prove away across functions. The probes of a counted call run ~20 of
  // them: with `var`, enter() ran 11% fewer instructions and v() got inlined into its callers
  // (callgrind, recording-cost.mjs's loop of tiny functions, Node 20). The `const` ones cost nothing:
  // V8 folds them into the optimized probes as constants.
  // The scalars a counted call reads and writes are not even `var`s but the words of `hot` (Hot.SP ..
  // Hot.PARKED_HEIGHT): V8 loads a `const` typed array's word at a constant index from a constant address
  // in one instruction and stores it in one, where a `var` is a context load, a Smi check and an untag
  // (and a retag to store). A counted call: 321 -> 290 instructions over plain (callgrind, a loop of
  // tiny traced functions, Node 20). HOT_WORDS: see there.
  const hot = new Int32Array(HOT_WORDS);
  /**
   * ns this thread has spent on Breadcrumb's own work inside the program's calls: value capture
   * (with redaction) and batch flushes. A timed call's duration leaves out what accrued while it ran,
   * and its end event says how much that was (aux): a one-line function whose arguments take 2 µs to
   * capture showed as a 2 µs call, and its callers carried their callees' captures too.
   */
  var overhead = 0;
  /** `start`: the clock read just before (the call's start), which times the capture too: one read less per detailed call. */
  function capturedArgs(fn: number, values: ArrayLike<unknown>, start: number): string {
    if (receiverGiven) {
      const receiver = enteringReceiver;
      enteringReceiver = undefined;
      receiverGiven = false;
      try {
        return capturer!.argsWithReceiver(fnParams[fn] ?? [], values, receiver);
      } finally {
        overhead += now() - start;
      }
    }
    let costly = false;
    for (let i = 0; i < values.length && !costly; i++) costly = !quick(values[i]);
    if (!costly) return capturer!.args(fnParams[fn] ?? [], values);
    try {
      return capturer!.args(fnParams[fn] ?? [], values);
    } finally {
      overhead += now() - start;
    }
  }
  /**
   * The receiver E was given, for the capture of the call it enters (enter() has no parameter for it:
   * the short path of every call would carry it). Let go as soon as that call is entered.
   */
  var enteringReceiver: unknown = undefined;
  var receiverGiven = false;
  function enterWithReceiver(fn: number, values: ArrayLike<unknown>, receiver?: unknown): number {
    if (arguments.length < 3) return enter(fn, values);
    enteringReceiver = receiver;
    receiverGiven = true;
    const call = enter(fn, values);
    enteringReceiver = undefined;
    receiverGiven = false;
    return call;
  }
  function capturedValue(value: unknown): string {
    if (quick(value)) return capturer!.value(value);
    const t0 = now();
    try {
      return capturer!.value(value);
    } finally {
      overhead += now() - t0;
    }
  }

  // --- the call stack of this thread (index 0: the pseudo-frame of code outside any traced call) ---
  const stCall = new Uint32Array(STACK_CAPACITY);
  // Int32Array: a Uint32Array's load is checked for a value past 2^31 before enter() compares the
  // caller with the edge cache's (function ids are below MAX_FUNCTIONS).
  const stFn = new Int32Array(STACK_CAPACITY);
  const stDepth = new Int32Array(STACK_CAPACITY);
  const stStart = new Float64Array(STACK_CAPACITY);
  // Int32Array, not Uint8Array: the optimized probes checked this Uint8Array's map at every access,
  // constant as it is (its map is not a stable one in Node), not the Int32Array's: 4 instructions at
  // each of a counted call's three probes.
  const stFlags = new Int32Array(STACK_CAPACITY);
  /** The frame's caller→callee edge, counted when the call starts and timed (if at all) when it ends. */
  const stEdge = new Uint32Array(STACK_CAPACITY);
  /** `overhead` when the frame's call started: what accrues until it ends is left out of its duration. */
  const stOverhead = new Float64Array(STACK_CAPACITY);
  /**
   * ns a resumed frame (FLAG_RESUMED) spent suspended at await/yield: its duration (totals, self time,
   * min, max) is the time it ran, and its elapsed time (start to settle or finish) is kept apart.
   * Read only under that flag, so that entering a frame writes nothing here.
   */
  const stWaited = new Float64Array(STACK_CAPACITY);
  /** A `return`'s captured value (JSON), until the frame closes and its Return event is written. */
  const stReturned: (string | undefined)[] = [];
  /** Pending call site (id) made by this frame and not yet matched by a traced callee; 0 none. */
  const stPend = new Uint32Array(STACK_CAPACITY);
  const stPendStart = new Float64Array(STACK_CAPACITY);
  stDepth[0] = -1;
  stFlags[0] = FLAG_SAMPLED;
  hot[Hot.SP] = 1;
  /** Calls not pushed because the stack was full (deeper than STACK_CAPACITY): counted, not timed. */
  var overflow = 0;

  // Exception exits of plain calls, written when their value is known (k, x, the uncaught handler) or,
  // unknown, when anything else happens first (a traced call starts or ends, a gap call returns, ...).
  const pendFn = new Uint32Array(MAX_PENDING_EXITS);
  const pendCall = new Uint32Array(MAX_PENDING_EXITS);
  const pendDepth = new Int32Array(MAX_PENDING_EXITS);
  const pendTs = new Float64Array(MAX_PENDING_EXITS);
  const pendOverhead = new Float64Array(MAX_PENDING_EXITS);
  /**
   * The call site of the frame the last exception exit left to that was still in progress then (`b`
   * set it, and a traced callee did not clear it): a call from another site of that frame started
   * after the exception arrived there, from a `finally` block (see park).
   */
  var unwoundSite = 0;
  /**
   * Exception exits set aside while a `finally` block runs the code of its cleanup (babel's parser:
   * `try { return cb() } finally { this.prodParam.exit() }`): the exception has not been caught, it
   * goes on when the block ends. Each group belongs to the frame that was on top when it was set aside
   * (`height`, the stack height then): the group joins that frame's exception exit if it leaves by one,
   * takes the value of a `catch` in it, and is written unknown if the frame ends any other way.
   */
  const parked: ParkedExits[] = [];
  /** The value the last traced catch took for waiting exits, as written, and the call it ran in (see thrownValue). */
  var caughtValue: unknown = undefined;
  var caughtJson: string | null = null;
  var caughtIn = 0;

  var lastThrown = 0;
  /** The last exit was an exception exit still waiting for its value (a throw is passing up the stack). */
  var unwinding = false;

  const suspended = new Map<number, SuspendedCall>();

  // --- tables ---
  var functionCount = 1; // ids start at 1: 0 means "none" in edges and events
  var siteCount = 1;
  var fnFlags = new Uint8Array(64);
  /**
   * Per function, what enter() decides its short path by, in one word (one load): COUNTED_ONLY,
   * RECURSIVE, NESTED_COUNTED, and its frames on the stack now in units of ACTIVE_FRAME (kept by enter, popTo, r,
   * resume). Three arrays of their own cost a context load, a bounds check and a load each, on every call.
   * At its final size from the start (see MAX_FUNCTIONS).
   */
  const fnState = new Uint32Array(maxFunctions);
  var refusedModules = 0;
  /** Per function: its nested calls past the detail cap timed so far (see MEASURED_NESTED_CALLS). */
  var measuredNested = new Uint32Array(64);
  const fnParams: (readonly string[])[] = [[]];
  /** 0 unknown, 1 last call was to a traced function, 2 last call was a gap. */
  var siteState = new Uint8Array(64);
  /** 1 for a `new X(...)` site: a class with no constructor of its own enters no traced function. */
  var siteIsNew = new Uint8Array(64);
  const callbackSites = new CallbackSites();
  const aggregates = new AggregateTables();
  aggregates.ensureFunctions(64);
  aggregates.ensureSites(64);
  var count = aggregates.count;
  var timedCount = aggregates.timed;
  var detailedCount = aggregates.detailed;
  var measuredCalls = aggregates.measuredCalls;
  var min = aggregates.min;
  var max = aggregates.max;
  var histogram = aggregates.histogram;
  var siteCountArr = aggregates.siteCount;
  var siteTotal = aggregates.siteTotal;
  var siteTimed = aggregates.siteTimed;
  // A direct-mapped cache of caller→callee edges in front of the edge table: a hot callee often has
  // several callers (a parser's `eat`), which a last-caller-per-callee cache missed 3 times in 10.
  // An entry is [callee (0: empty; function ids start at 1), caller, edge index, calls not yet added to
  // the edge's count]: one memory line per lookup (three parallel arrays cost three cache misses on a
  // random slot). A counted call adds to its entry, not to the edge table (aggregates.edgeCount, a `var`
  // since it grows: a context load, a map check and a bounds check more per call); the entry's calls
  // go to the table when it is replaced, when a timed call of the edge looks it up (1 in 64 calls at
  // random: the entry never holds 2^32), and before the snapshot (flushEdgeCache).
  // Int32Array: a Uint32Array's loads are checked for values past 2^31 (function ids never are; the
  // count, which may wrap, is read `>>> 0`).
  const edgeCache = new Int32Array(EDGE_CACHE_SIZE * 4);

  // xorshift32 state for the random gaps between timed calls (see Hot.COUNTDOWN).
  var timingSeed = (Math.random() * 0xffffffff) | 1;
  hot[Hot.COUNTDOWN] = 1;
  /**
   * A counted call (traced or not) is one of the timed sample when the countdown, taken down by one at
   * each, reaches 0 (written inline at the two call sites: a call per counted call showed in profiles);
   * this then draws the gap to the next one: 1 .. 2 * TIMING_SAMPLE_MEAN - 1 calls, TIMING_SAMPLE_MEAN
   * on average.
   */
  function nextTimedCall(): boolean {
    timingSeed ^= timingSeed << 13;
    timingSeed ^= timingSeed >>> 17;
    timingSeed ^= timingSeed << 5;
    hot[Hot.COUNTDOWN] = (1 + ((timingSeed >>> 0) % (2 * TIMING_SAMPLE_MEAN - 1))) | 0;
    return true;
  }

  // --- events ---
  const buffer = new EventBuffer(EVENTS_PER_BATCH);
  const bKind = buffer.kind;
  const bDepth = buffer.depth;
  const bId = buffer.id;
  const bCall = buffer.call;
  const bParent = buffer.parent;
  const bValue = buffer.value;
  const bTs = buffer.ts;
  const bAux = buffer.aux;
  var events = 0;
  var dropped = 0;

  function write(sinkFrame: Uint8Array): boolean {
    try {
      if (sink.pendingBytes && sink.pendingBytes() > MAX_PENDING_BYTES) return false;
      sink.write(sinkFrame);
      return true;
    } catch {
      return false;
    }
  }

  /** True while a batch is being handed to the sink (see flush). */
  var flushing = false;

  function flush(): void {
    if (buffer.count === 0) return;
    const n = buffer.count;
    if (flushing) {
      // The sink ran the program's code (a function of its own patched in where we write) and that
      // filled a batch: encoding it would overwrite the frame still being written. Lose this one.
      dropped += n;
      buffer.reset();
      return;
    }
    let ok = false;
    const t0 = now();
    flushing = true;
    try {
      // `write` checks the sink's backlog first; encoding itself cannot fail on valid columns.
      const frame = buffer.encode();
      // Emptied before the write: an event recorded while the sink works goes into the next batch
      // (a full batch left in place was flushed again by each such event: once a thousand times).
      buffer.reset();
      ok = write(frame);
    } catch {
      ok = false;
    } finally {
      flushing = false;
    }
    overhead += now() - t0;
    if (!ok) dropped += n;
  }

  function push(kind: number, depth: number, id: number, call: number, parent: number, value: number, ts: number, aux: number): void {
    let i = buffer.count;
    if (i === EVENTS_PER_BATCH) {
      flush();
      // not 0: the sink may have run traced code, whose events are in the new batch already
      i = buffer.count;
    }
    bKind[i] = kind;
    bDepth[i] = depth < 0 ? 0 : depth > 65535 ? 65535 : depth;
    bId[i] = id;
    bCall[i] = call;
    bParent[i] = parent;
    bValue[i] = value;
    bTs[i] = ts;
    bAux[i] = aux;
    buffer.count = i + 1;
    events++;
  }

  function pushValue(json: string): number {
    // The value belongs to the event about to be pushed: if that push flushes, the index would point
    // into the old batch, so flush first.
    if (buffer.count === EVENTS_PER_BATCH || buffer.values.used > VALUE_BATCH_BYTES) flush();
    return buffer.values.add(json);
  }

  function captureArgs(fn: number, values: ArrayLike<unknown>, start: number): number {
    try {
      return pushValue(capturedArgs(fn, values, start));
    } catch {
      return -1;
    }
  }

  function captureValue(value: unknown): number {
    try {
      return pushValue(capturedValue(value));
    } catch {
      return -1;
    }
  }

  // --- the probes ---


  // enter() runs for every traced call that is not inlined. V8 optimises it after a few hundred calls,
  // long before a function passes its detail cap, recurses or is picked for the timed sample; optimised
  // code that reaches an operation never run before (no type feedback) is thrown away and compiled
  // again (up to 11 times on Node 24 tracing lodash, 15-20 ms of compiler CPU each). So whether a call
  // is measured is worked out on every call, the first ones included, and a call recorded in detail is
  // timed by the same code as the measured calls past the cap: few operations are first run late.
  // `values`: the parameters' values (E), null for a function without parameters (e), undefined for w,
  // which asks for them (returns 0) when the call is to be recorded in detail. A call on the short path
  // never is (COUNTED_ONLY is set past the cap), so w's question is asked on the full path only: asked
  // in w, it cost every traced function a load of the function's count inlined (a context load, a map
  // check and a bounds check) on top of enter's call.
  function enter(fn: number, values: ArrayLike<unknown> | null | undefined): number {
    // `| 0`: an int32 from here on (a parameter is any number to V8: Math.imul converted it through a double)
    fn |= 0;
    const top = (hot[Hot.SP]! - 1) | 0;
    const countdown = hot[Hot.COUNTDOWN]!;
    let state: number;
    // The short path: what the full one does for such a call, without its decisions (~2 ns a call on a
    // loop of tiny functions, immer's main thread -3%). Its operations are first run when a function
    // passes its measured calls, after V8 optimised enter(): one or two more deopts of enter on Node 24.
    // `(top - 1) >>> 0 < STACK_CAPACITY - 2`: top > 0 and hot[Hot.SP] < STACK_CAPACITY in one compare. The
    // function's count is not kept here: the snapshot sums its edges' (AggregateTables.count).
    if (
      ((state = fnState[fn]!) === COUNTED_ONLY || (state & COUNTED_RECURSIVE) === COUNTED_RECURSIVE ||
        ((state & NESTED_COUNTED) !== 0 && state >= ACTIVE_FRAME)) &&
      countdown > 1 && (top - 1) >>> 0 < STACK_CAPACITY - 2 && hot[Hot.PENDING]! === 0 && (stFlags[top]! & FLAG_SAMPLED) !== 0
    ) {
      fnState[fn] = state + ACTIVE_FRAME;
      hot[Hot.COUNTDOWN] = countdown - 1;
      // `>>> 0`: the id as a uint32 (`+=` gives the sum, not the int32 the word keeps; see Hot.CALL_SEQ)
      const call = (hot[Hot.CALL_SEQ] += 1) >>> 0;
      const site = stPend[top]!;
      // The site's name, inline: most sites do not call back, and a call to callsBack for each cost ~35
      // instructions (1.6 M of js-yaml's counted calls, 4 M of immer's, found a site pending).
      if (site !== 0 && (callbackSites.siteName[site] === 0 || !callsBack(site, fn))) stPend[top] = 0;
      // The edge cache's hit, inline (a call to a lookup cost ~65 instructions, callgrind, acorn parsing
      // itself, Node 20); the call is added to the entry (see edgeCache).
      const caller = stFn[top]!;
      const at = edgeSlot(caller, fn);
      if (edgeCache[at] !== fn || edgeCache[at + 1] !== caller) cacheEdge(caller, fn, at);
      edgeCache[at + 3]!++;
      // top + 1, not hot[Hot.SP] (known to be top + 1): one load less
      const i = top + 1;
      stCall[i] = call;
      stFn[i] = fn;
      stDepth[i] = stDepth[top]! + 1;
      stFlags[i] = FLAG_SAMPLED;
      stPend[i] = 0;
      hot[Hot.SP] = i + 1;
      return call;
    }
    return enterTimedOrDetailed(fn, values, top);
  }

  /** enter() for any call: see enter for the short path it takes for most. */
  function enterTimedOrDetailed(fn: number, values: ArrayLike<unknown> | null | undefined, top: number): number {
    if (values === undefined) {
      // w: 0 asks for the parameters' values (the generated code then calls E with them)
      if (capturing && count[fn]! < maxDetailed) return 0;
      values = null;
    }
    if (hot[Hot.PENDING]! !== 0) park();
    const call = (hot[Hot.CALL_SEQ] += 1) >>> 0;
    // the call made by the caller (or, at the root, by code outside any traced call) reached a traced
    // function: not a gap (unless it calls back, see callback-sites.ts)
    const site = stPend[top]!;
    if (site !== 0 && !callsBack(site, fn)) stPend[top] = 0;
    let parent: number;
    let depth: number;
    let flags: number;
    if (top > 0) {
      parent = stCall[top]!;
      depth = stDepth[top]! + 1;
      flags = stFlags[top]! & FLAG_SAMPLED;
    } else {
      try {
        parent = context.rootParent() >>> 0;
        depth = parent === 0 ? 0 : (context.rootDepth() | 0) + 1;
      } catch {
        parent = 0;
        depth = 0;
      }
      flags = sampleRate >= 1 || Math.random() < sampleRate ? FLAG_SAMPLED : 0;
    }
    if (flags === 0) aggregates.sampledOut++;
    const n = ++count[fn]!;
    const edge = countEdge(top > 0 ? stFn[top]! : 0, fn);
    const nested = fnState[fn]! >= ACTIVE_FRAME;
    // Two operations still first run late: this mark (at the first recursion) and the countdown (at the
    // first counted call). Done on every call instead, they cost 2.5 ns a call: more than their deopts.
    if (nested) fnState[fn]! |= RECURSIVE;
    // From here on each load, sum and compare runs on every call, and `&&`/`||` only join booleans
    // computed already: one evaluated behind them first runs late (the function's first call past the
    // cap, its first nested call past it, the first recursive function past it), after V8 optimised
    // this function, without type feedback, and V8 threw its code away there and compiled it again
    // (corpus drivers traced directly, --trace-deopt: 5 -> 3 compiles on js-yaml's, 6 -> 4 on lodash's,
    // Node 20; 5 -> 3 on js-yaml's, lodash's and marked's, Node 22), for a few loads more a call.
    const inDetail = n <= maxDetailed;
    const detailed = flags !== 0 && inDetail;
    const outerLimit = fnState[fn]! & RECURSIVE ? MEASURED_OUTER_CALLS : MEASURED_CALLS_PAST_CAP;
    const nestedSoFar = measuredNested[fn]!;
    const belowMeasuredLimit = measuredCalls[fn]! - nestedSoFar - maxDetailed < outerLimit;
    const belowNestedLimit = nestedSoFar < MEASURED_NESTED_CALLS;
    const nestedMeasured = nested && !detailed && belowNestedLimit;
    const measured = detailed || (!nested && belowMeasuredLimit) || nestedMeasured;
    // a counted call (neither) is one of the timed sample when the countdown reaches 0
    const sampled = !measured && --hot[Hot.COUNTDOWN]! === 0;
    let startOverhead = 0;
    let t = UNTIMED;
    if (measured || sampled) {
      startOverhead = overhead;
      // Drawn only here (a countdown that reaches 0 is first run late too, in the same call: one deopt
      // for both). Drawn at every timed call instead, it took the TurboFan inlining budget that kept
      // the edge lookup inlined into enter(): acorn 13% slower on Node 24.
      if (sampled) nextTimedCall();
      t = now();
      timedCount[fn]!++;
      flags |= FLAG_TIMED | (measured ? FLAG_MEASURED : 0) | (nested ? FLAG_NESTED : 0);
      if (measured) measuredCalls[fn]!++;
      measuredNested[fn] = nestedSoFar + (nestedMeasured ? 1 : 0);
      if (detailed) {
        flags |= FLAG_DETAILED;
        detailedCount[fn]!++;
        push(EventKind.Call, depth, fn, call, parent, values !== null && capturing ? captureArgs(fn, values, t) : -1, t, nested ? NESTED_CALL_AUX : 0);
      }
    }
    // Not waiting for the nested calls' measured ones: a function that recurses rarely would take the
    // full path for good. Once its outermost calls are past theirs it has made enough calls that its
    // nested ones, if many, are in the sample.
    const pastCap = n >= maxDetailed;
    const outerDone = measuredCalls[fn]! - measuredNested[fn]! - maxDetailed >= outerLimit;
    const countedOnly = pastCap && outerDone;
    // A nested call past these is neither detailed nor measured: counted, timed only by the sample.
    const recursive = (fnState[fn]! & RECURSIVE) !== 0;
    const nestedDone = measuredNested[fn]! >= MEASURED_NESTED_CALLS;
    const nestedCounted = pastCap && recursive && nestedDone;
    fnState[fn] = (fnState[fn]! & ~COUNTED_ONLY) | (countedOnly ? COUNTED_ONLY : 0) | (nestedCounted ? NESTED_COUNTED : 0);
    const i = hot[Hot.SP]!;
    if (i < STACK_CAPACITY) {
      stCall[i] = call;
      stFn[i] = fn;
      stDepth[i] = depth;
      stFlags[i] = flags;
      // An untimed frame's start, edge and Breadcrumb's-work mark are never read (startOf): three
      // stores less on the counted calls, most of them.
      if (t !== UNTIMED) {
        stStart[i] = t;
        stEdge[i] = edge;
        stOverhead[i] = startOverhead;
      }
      fnState[fn]! += ACTIVE_FRAME;
      // only detailed frames use it (a JS array store on every call showed in profiles)
      if (flags & FLAG_DETAILED) stReturned[i] = undefined;
      stPend[i] = 0;
      hot[Hot.SP] = i + 1;
    } else {
      overflow++;
    }
    return call;
  }

  /** Counts a call on the caller→callee edge (caller 0: a root call), with the calls its cache entry held; its index. */
  function countEdge(caller: number, fn: number): number {
    const at = edgeSlot(caller, fn);
    if (edgeCache[at] !== fn || edgeCache[at + 1] !== caller) cacheEdge(caller, fn, at);
    else flushEdgeEntry(at);
    const edge = edgeCache[at + 2]!;
    aggregates.edgeCount[edge]!++;
    return edge;
  }

  /** Puts the caller→callee edge in the cache entry at `at`, whose calls go to the edge they were of. */
  function cacheEdge(caller: number, fn: number, at: number): void {
    flushEdgeEntry(at);
    edgeCache[at] = fn;
    edgeCache[at + 1] = caller;
    edgeCache[at + 2] = aggregates.edge(caller, fn);
  }

  /** The calls the entry at `at` holds, added to its edge's count (an empty entry holds none). */
  function flushEdgeEntry(at: number): void {
    if (edgeCache[at + 3] === 0) return;
    aggregates.edgeCount[edgeCache[at + 2]!]! += edgeCache[at + 3]! >>> 0;
    edgeCache[at + 3] = 0;
  }

  /** The calls the edge cache holds, added to the edge table (before it is read). */
  function flushEdgeCache(): void {
    for (let at = 0; at < edgeCache.length; at += 4) flushEdgeEntry(at);
  }

  /** Takes frames i.. off the stack (any above i never closed: left by an exception, or dropped). */
  function popTo(i: number): void {
    for (let j = hot[Hot.SP]! - 1; j >= i; j--) fnState[stFn[j]!]! -= ACTIVE_FRAME;
    hot[Hot.SP] = i;
    // A frame that set exits aside ended without leaving by an exception or catching one.
    while (hot[Hot.PARKED_HEIGHT]! > i) writeParked(UNKNOWN_THROWN);
  }

  /**
   * A traced call starts while exception exits wait for their value. Either the exception was caught by
   * untraced code, which now calls traced code (the exits are written, value unknown), or it is passing
   * through a `finally` block of the frame on top, which calls its cleanup: a call from a site of that
   * frame other than the one in progress when the exception arrived. Then the exits are set aside until
   * the frame ends, so that the cleanup's own calls and exceptions are not taken for their catcher.
   */
  function park(): void {
    const top = hot[Hot.SP]! - 1;
    const site = stPend[top]!;
    if (top === 0 || site === 0 || site === unwoundSite || hot[Hot.PARKED_HEIGHT]! === top + 1) {
      writePending(UNKNOWN_THROWN);
      return;
    }
    const group: ParkedExits = { height: top + 1, fn: [], call: [], depth: [], ts: [], overhead: [] };
    for (let j = 0; j < hot[Hot.PENDING]!; j++) {
      group.fn.push(pendFn[j]!);
      group.call.push(pendCall[j]!);
      group.depth.push(pendDepth[j]!);
      group.ts.push(pendTs[j]!);
      group.overhead.push(pendOverhead[j]!);
    }
    hot[Hot.PENDING] = 0;
    parked.push(group);
    hot[Hot.PARKED_HEIGHT] = top + 1;
  }

  /** The last parked group's exits, written with `json` as their value. */
  function writeParked(json: string): void {
    const group = parked.pop()!;
    hot[Hot.PARKED_HEIGHT] = parked.length === 0 ? 0 : parked[parked.length - 1]!.height;
    for (let j = 0; j < group.fn.length; j++) push(EventKind.Exception, group.depth[j]!, group.fn[j]!, group.call[j]!, 0, pushValue(json), group.ts[j]!, group.overhead[j]!);
  }

  /**
   * The frame on top, whose `finally` set exits aside, leaves by an exception: the same one, going on,
   * unless its block threw one of its own (exits waiting now), which replaced it.
   */
  function unpark(): void {
    const group = parked[parked.length - 1]!;
    if (hot[Hot.PENDING]! !== 0 || group.fn.length > MAX_PENDING_EXITS) {
      writeParked(UNKNOWN_THROWN);
      return;
    }
    parked.pop();
    hot[Hot.PARKED_HEIGHT] = parked.length === 0 ? 0 : parked[parked.length - 1]!.height;
    for (let j = 0; j < group.fn.length; j++) {
      pendFn[j] = group.fn[j]!;
      pendCall[j] = group.call[j]!;
      pendDepth[j] = group.depth[j]!;
      pendTs[j] = group.ts[j]!;
      pendOverhead[j] = group.overhead[j]!;
    }
    hot[Hot.PENDING] = group.fn.length;
  }

  /** A catch in the frame on top, whose `finally` set exits aside: their value, unless a newer exception replaced it. */
  function catchParked(error: unknown): string | null {
    if (hot[Hot.PENDING]! !== 0) {
      writeParked(UNKNOWN_THROWN);
      return null;
    }
    let json = UNKNOWN_THROWN;
    try {
      json = capturedValue(error);
    } catch {
      json = UNKNOWN_THROWN;
    }
    writeParked(json);
    return json;
  }

  /**
   * A closing frame's duration, when it was timed (its edge was counted when it started), less `own`:
   * Breadcrumb's work while it ran. A nested call's counts as a timed call of its own (histogram, min,
   * max) but not towards the totals (see AggregateTables.measuredCalls for how they are estimated).
   */
  function account(fn: number, edge: number, start: number, t: number, flags: number, own: number): void {
    if (start === UNTIMED) return;
    const duration = t - start > own ? t - start - own : 0;
    // A nested call's time is inside the outer call's: added to the totals, a recursive walker's total
    // came to 30 times the run's length. It has sums of its own (self time needs it).
    const measured = (flags & FLAG_MEASURED) !== 0;
    const nested = (flags & FLAG_NESTED) !== 0;
    aggregates.timedEdge(edge, duration, measured, nested);
    aggregates.timedCall(fn, duration, measured, nested);
    if (duration < min[fn]!) min[fn] = duration;
    if (duration > max[fn]!) max[fn] = duration;
    histogram[fn * HISTOGRAM_BUCKETS + durationBucket(duration)]!++;
  }

  /**
   * account() for a call that suspended and resumed (FLAG_RESUMED; apart, so that the plain calls' path
   * stays as it was): its duration is the time it ran, `waited` (suspended at await/yield) left out and
   * kept apart with its elapsed time; its edge had its share at its first suspension (firstSegment).
   */
  function accountResumed(fn: number, start: number, t: number, flags: number, own: number, waited: number): void {
    if (start === UNTIMED) return;
    const elapsed = t - start > own ? t - start - own : 0;
    const duration = elapsed > waited ? elapsed - waited : 0;
    aggregates.suspended(fn, elapsed - duration, elapsed);
    aggregates.timedCall(fn, duration, (flags & FLAG_MEASURED) !== 0, (flags & FLAG_NESTED) !== 0);
    if (duration < min[fn]!) min[fn] = duration;
    if (duration > max[fn]!) max[fn] = duration;
    histogram[fn * HISTOGRAM_BUCKETS + durationBucket(duration)]!++;
  }

  /**
   * A timed call suspends for the first time: what it ran until now is the time it ran inside its
   * caller, its edge's share (the caller's self time is its total less its edges'). What it runs after
   * a resume runs inside whatever resumed it (the event loop, for an await), not inside its caller.
   */
  function firstSegment(i: number, t: number): void {
    const start = startOf(i);
    if (start === UNTIMED) return;
    const own = overhead - stOverhead[i]!;
    const flags = stFlags[i]!;
    aggregates.timedEdge(stEdge[i]!, t - start > own ? t - start - own : 0, (flags & FLAG_MEASURED) !== 0, (flags & FLAG_NESTED) !== 0);
  }

  /** Closes frame `i` (and drops any frame above it that never closed). */
  function close(i: number, kind: number, value: number, t: number): void {
    const fn = stFn[i]!;
    const flags = stFlags[i]!;
    const own = overhead - stOverhead[i]!;
    if (flags & FLAG_RESUMED) accountResumed(fn, startOf(i), t, flags, own, stWaited[i]!);
    else account(fn, stEdge[i]!, startOf(i), t, flags, own);
    if (flags & FLAG_DETAILED) {
      // only detailed frames set it (returnValue); leave() took it already on a normal return
      stReturned[i] = undefined;
      const call = stCall[i]!;
      if (fnFlags[fn]! === FN_ASYNC) {
        // An async function hands back its promise at its first await (Return); here it settles.
        if (!(flags & FLAG_RETURNED_PROMISE)) push(EventKind.Return, stDepth[i]!, fn, call, 0, -1, t, 0);
        push(kind === EventKind.Return ? EventKind.Settle : kind, stDepth[i]!, fn, call, 0, value, t, own);
      } else {
        push(kind, stDepth[i]!, fn, call, 0, value, t, own);
      }
    }
    popTo(i);
  }

  /** Frame i's start, UNTIMED unless it was timed (enter writes no start for the others). */
  function startOf(i: number): number {
    return (stFlags[i]! & FLAG_TIMED) !== 0 ? stStart[i]! : UNTIMED;
  }

  function findFrame(call: number): number {
    for (let i = hot[Hot.SP]! - 1; i > 0; i--) if (stCall[i] === call) return i;
    return -1;
  }

  /** A generator closed (return()/throw()) while suspended: its frame is not on the stack. */
  function closeSuspended(call: number, kind: number, value: number, t: number): void {
    const state = suspended.get(call);
    if (!state) return;
    suspended.delete(call);
    const i = hot[Hot.SP]!;
    if (i >= STACK_CAPACITY) return;
    pushSuspended(i, call, state, t);
    close(i, kind, value, t);
  }

  function leave(call: number): void {
    if (call === lastThrown) {
      lastThrown = 0;
      return;
    }
    let i = hot[Hot.SP]! - 1;
    if (stCall[i] !== call || i === 0) {
      i = findFrame(call);
      if (i < 0) {
        leaveSuspended(call, now());
        return;
      }
    }
    // A detailed frame's end has a time even when its start had none (one promoted: see promote).
    const t = (stFlags[i]! & (FLAG_TIMED | FLAG_DETAILED)) === 0 ? UNTIMED : now();
    if ((stFlags[i]! & FLAG_COMPLETED) === 0) {
      leaveUnseen(i, t);
      return;
    }
    if (hot[Hot.PENDING]! !== 0) writePending(UNKNOWN_THROWN);
    let value = -1;
    if (stFlags[i]! & FLAG_DETAILED) {
      const returned = stReturned[i];
      if (returned !== undefined) {
        stReturned[i] = undefined;
        value = pushValue(returned);
      }
    }
    close(i, EventKind.Return, value, t);
  }

  /**
   * An async function or generator left while suspended: an await threw into it (an exception exit), or
   * a generator was closed by return() (a normal one) or by a throw() it did not catch, which looks the
   * same from inside and is written as a return. A `yield*` passes on what its inner iterator did: an
   * exception exit when the exit just before this one was an exception exit still waiting for its value.
   */
  function leaveSuspended(call: number, t: number): void {
    const state = suspended.get(call);
    if (state === undefined) return;
    const threw =
      (state.flags & FLAG_COMPLETED) === 0 &&
      (state.how === SUSPEND_AWAIT || (state.how === SUSPEND_DELEGATE && unwinding && hot[Hot.PENDING]! !== 0));
    if (!threw) {
      unwinding = false;
      const returned = (state.flags & FLAG_COMPLETED) !== 0 && state.returned !== undefined ? pushValue(state.returned) : -1;
      closeSuspended(call, EventKind.Return, returned, t);
      return;
    }
    resume(call, undefined);
    const i = hot[Hot.SP]! - 1;
    if (i > 0 && stCall[i] === call) leaveUnseen(i, t);
  }

  /**
   * An exception's stack is about to be read (it leaves a traced call, or a traced `catch` has it): the
   * columns of instrumented files need the accessor on Error.prepareStackTrace, which the program may
   * have deleted. Checked once per exception: no traced call started since the last check, the same one
   * is passing up the stack.
   */
  var remapCheckedAt = -1;
  function keepRemapOnce(): void {
    if (remapCheckedAt === hot[Hot.CALL_SEQ]!) return;
    remapCheckedAt = hot[Hot.CALL_SEQ]!;
    keepStackPositionRemap();
  }

  /** A call left by an exception whose value it did not see: the Exception event waits for it. */
  function leaveUnseen(i: number, exit: number): void {
    keepRemapOnce();
    unwinding = true;
    if (stPend[i] !== 0) gap(i, stPend[i]!, exit === UNTIMED ? now() : exit);
    if (hot[Hot.PARKED_HEIGHT]! === i + 1) unpark();
    unwoundSite = stPend[i - 1]!;
    if (!capturing || ((stFlags[i]! & FLAG_DETAILED) === 0 && !promote(i))) {
      close(i, EventKind.Exception, -1, exit);
      return;
    }
    // `exit` is UNTIMED for a frame promoted just now: its duration stays unmeasured, its events get a time.
    const t = exit === UNTIMED ? now() : exit;
    const fn = stFn[i]!;
    // An async function that throws before its first await hands back its (rejected) promise now.
    if (fnFlags[fn] === FN_ASYNC && (stFlags[i]! & FLAG_RETURNED_PROMISE) === 0) {
      push(EventKind.Return, stDepth[i]!, fn, stCall[i]!, 0, -1, t, 0);
    }
    const own = overhead - stOverhead[i]!;
    if (stFlags[i]! & FLAG_RESUMED) accountResumed(fn, startOf(i), t, stFlags[i]!, own, stWaited[i]!);
    else account(fn, stEdge[i]!, startOf(i), t, stFlags[i]!, own);
    if (hot[Hot.PENDING]! === MAX_PENDING_EXITS) writePending(UNKNOWN_THROWN);
    const j = hot[Hot.PENDING]!;
    pendFn[j] = fn;
    pendCall[j] = stCall[i]!;
    pendDepth[j] = stDepth[i]!;
    pendTs[j] = t;
    pendOverhead[j] = own;
    hot[Hot.PENDING] = j + 1;
    popTo(i);
  }

  /**
   * A plain call past the detail cap that leaves by an exception is recorded in detail after all (once
   * more than the cap per function at most): else an exception thrown on a function's 1,001st call, and
   * every one passing only through such calls, would not be in the trace at all. The plain calls below
   * it on the stack that are not detailed either (up to a detailed one) are recorded with it, so the
   * chain from the throw to the catch is whole. Their Call events are written now, without argument
   * values; one whose start was not timed starts now.
   */
  function promote(i: number): boolean {
    const flags = stFlags[i]!;
    if ((flags & FLAG_SAMPLED) === 0 || !promotable(i)) return false;
    let low = i;
    while (low > 1 && i - low < MAX_PROMOTED_FRAMES - 1 && (stFlags[low - 1]! & FLAG_DETAILED) === 0 && promotable(low - 1)) low--;
    const t = now();
    for (let j = low; j <= i; j++) {
      const fn = stFn[j]!;
      detailedCount[fn]!++;
      stFlags[j] = stFlags[j]! | FLAG_DETAILED;
      stReturned[j] = undefined;
      const start = startOf(j);
      // started now as far as its events go: only Breadcrumb's work from now on is left out of them
      if (start === UNTIMED) stOverhead[j] = overhead;
      push(EventKind.Call, stDepth[j]!, fn, stCall[j]!, j > 1 ? stCall[j - 1]! : rootParent(), -1, start === UNTIMED ? t : start, stFlags[j]! & FLAG_NESTED ? CALL_NESTED : 0);
    }
    return true;
  }

  /** A plain function's call (async functions and generators keep their own event order) with detail to spare. */
  function promotable(i: number): boolean {
    const fn = stFn[i]!;
    return fnFlags[fn] === 0 && detailedCount[fn]! < 2 * maxDetailed;
  }

  function rootParent(): number {
    try {
      return context.rootParent() >>> 0;
    } catch {
      return 0;
    }
  }

  /** Writes the waiting Exception events (innermost first) with `json` as their value. */
  function writePending(json: string): void {
    const n = hot[Hot.PENDING]!;
    hot[Hot.PENDING] = 0;
    for (let j = 0; j < n; j++) push(EventKind.Exception, pendDepth[j]!, pendFn[j]!, pendCall[j]!, 0, pushValue(json), pendTs[j]!, pendOverhead[j]!);
  }

  /**
   * The value of the exception the waiting exits left by (caught by traced code or uncaught), as written.
   * The value a traced catch took, thrown on from the function of that catch (`throw e` after adding
   * to its message, as eslint and @babel/template do), is written as it was at the catch: the store
   * sees one exception passing through, not a second one, with the first "caught" by the rethrower.
   */
  function thrownValue(error: unknown): string | null {
    if (hot[Hot.PENDING]! === 0) return null;
    let json = caughtJson !== null && error === caughtValue && pendingFrom(caughtIn) ? caughtJson : null;
    if (json === null) {
      try {
        json = capturedValue(error);
      } catch {
        json = UNKNOWN_THROWN;
      }
    }
    writePending(json);
    return json;
  }

  function pendingFrom(call: number): boolean {
    for (let j = 0; j < hot[Hot.PENDING]!; j++) if (pendCall[j] === call) return true;
    return false;
  }

  /** What a traced catch took for the exits that waited for it (see thrownValue). */
  function rememberCaught(error: unknown, json: string | null): void {
    if (json === null || json === UNKNOWN_THROWN) return;
    caughtValue = error;
    caughtJson = json;
    caughtIn = stCall[hot[Hot.SP]! - 1]!;
  }

  function completed(call: number): void {
    const top = hot[Hot.SP]! - 1;
    if (stCall[top] === call) {
      stFlags[top] |= FLAG_COMPLETED;
      // It fell off its end: it returned undefined (a `return` writes its own value). Left unset, the
      // call showed `"return_value": null`, as if it had returned null.
      if (capturing && stFlags[top]! & FLAG_DETAILED) stReturned[top] = returnedUndefined;
    }
  }

  function leaveByException(call: number, error: unknown): void {
    if (hot[Hot.PARKED_HEIGHT]! === hot[Hot.SP]! && stCall[hot[Hot.SP]! - 1] === call) catchParked(error);
    if (hot[Hot.PENDING]! !== 0) thrownValue(error);
    const t = now();
    lastThrown = call;
    let i = hot[Hot.SP]! - 1;
    if (stCall[i] !== call || i === 0) {
      i = findFrame(call);
      // An await that threw into an async function leaves it through its catch before any resume probe.
      if (i < 0 && suspended.size !== 0 && suspended.get(call)?.how === SUSPEND_AWAIT) {
        resume(call, undefined);
        const top = hot[Hot.SP]! - 1;
        i = top > 0 && stCall[top] === call ? top : -1;
      }
      if (i < 0) {
        // The capture counts as Breadcrumb's own work (left out of the call's time): the call ends
        // after it, else its time would lose the capture twice.
        if (!capturing) closeSuspended(call, EventKind.Exception, -1, t);
        else closeSuspended(call, EventKind.Exception, captureValue(error), now());
        return;
      }
    }
    // A call made by this frame that threw before `a` ran: still a gap.
    if (stPend[i] !== 0) gap(i, stPend[i]!, t);
    const detailed = (stFlags[i]! & FLAG_DETAILED) !== 0;
    if (!detailed || !capturing) {
      close(i, EventKind.Exception, -1, t);
      return;
    }
    if (caughtJson !== null && error === caughtValue && call === caughtIn) close(i, EventKind.Exception, pushValue(caughtJson), t);
    // as above: the capture is own work, inside the call's time
    else close(i, EventKind.Exception, captureValue(error), now());
  }

  function returnValue(call: number, value: unknown): unknown {
    const top = hot[Hot.SP]! - 1;
    if (stCall[top] === call) {
      stFlags[top] |= FLAG_COMPLETED;
      if (capturing && stFlags[top]! & FLAG_DETAILED) {
        try {
          stReturned[top] = capturedValue(value);
        } catch {
          stReturned[top] = undefined;
        }
      }
    }
    return value;
  }

  /** A traced `catch` ran: its value for the waiting exits; its function resumed if a throw woke it. */
  function caught(error: unknown, call: number | undefined): void {
    keepRemapOnce();
    if (hot[Hot.PARKED_HEIGHT]! === hot[Hot.SP]!) rememberCaught(error, catchParked(error));
    if (hot[Hot.PENDING]! !== 0) rememberCaught(error, thrownValue(error));
    if (call !== undefined && suspended.size !== 0) resume(call, undefined);
  }

  function caughtPattern(call: number | undefined): void {
    keepRemapOnce();
    if (hot[Hot.PARKED_HEIGHT]! === hot[Hot.SP]!) writeParked(UNKNOWN_THROWN);
    if (hot[Hot.PENDING]! !== 0) writePending(UNKNOWN_THROWN);
    if (call !== undefined && suspended.size !== 0) resume(call, undefined);
  }

  function suspend(call: number, value: unknown, how?: number): unknown {

    // An async function's exception travels in its promise, often the one awaited here: its value is
    // still to be learned where the rejection is caught.
    if (hot[Hot.PENDING]! !== 0 && (fnFlags[pendFn[hot[Hot.PENDING]! - 1]!]! & FN_ASYNC) === 0) writePending(UNKNOWN_THROWN);
    const top = hot[Hot.SP]! - 1;
    if (top > 0 && stCall[top] === call) {
      const t = now();
      let flags = stFlags[top]!;
      const fn = stFn[top]!;
      if ((flags & FLAG_RESUMED) === 0) firstSegment(top, t);
      if (flags & FLAG_DETAILED) {
        if (fnFlags[fn] === FN_ASYNC && !(flags & FLAG_RETURNED_PROMISE)) {
          push(EventKind.Return, stDepth[top]!, fn, call, 0, -1, t, 0);
        }
        push(EventKind.Suspend, stDepth[top]!, fn, call, 0, -1, t, 0);
      }
      if (fnFlags[fn] === FN_ASYNC) flags |= FLAG_RETURNED_PROMISE;
      if (suspended.size >= MAX_SUSPENDED) suspended.delete(suspended.keys().next().value as number);
      suspended.set(call, {
        how: how ?? SUSPEND_AWAIT, fn, depth: stDepth[top]!, start: startOf(top), flags, edge: stEdge[top]!,
        own: flags & (FLAG_TIMED | FLAG_DETAILED) ? overhead - stOverhead[top]! : 0,
        waitedLessClock: (flags & FLAG_RESUMED ? stWaited[top]! : 0) - t,
        returned: flags & FLAG_DETAILED ? stReturned[top] : undefined,
      });
      popTo(top);
    } else if (how === SUSPEND_YIELD) {
      // Not on the stack but suspended at a yield: return() or throw() resumed it (no resume probe runs
      // then), and this yield is in a `finally` on its way out (redux-saga's `finally { if (yield
      // cancelled()) ... }`). It ends as a generator closed while suspended does (leaveSuspended): as a
      // return, not as an exception whose value it never saw.
      const state = suspended.get(call);
      if (state !== undefined && state.how === SUSPEND_YIELD) state.flags |= FLAG_COMPLETED;
    }
    return value;
  }

  function resume(call: number, value: unknown): unknown {
    const state = suspended.get(call);
    if (state === undefined) return value;
    suspended.delete(call);
    const t = now();
    const i = hot[Hot.SP]!;
    if (i < STACK_CAPACITY) {
      pushSuspended(i, call, state, t);
      stReturned[i] = state.returned;
      stPend[i] = 0;
    }
    if (state.flags & FLAG_DETAILED) push(EventKind.Resume, state.depth, state.fn, call, 0, -1, t, 0);
    return value;
  }

  /**
   * Puts suspended `call`'s frame back on the stack at `i` (the top, below STACK_CAPACITY) at time `t`:
   * the time since it suspended joins its waited time, and Breadcrumb's work meanwhile (other calls'
   * captures) stays out of its own.
   */
  function pushSuspended(i: number, call: number, state: SuspendedCall, t: number): void {
    stCall[i] = call;
    stFn[i] = state.fn;
    stDepth[i] = state.depth;
    stStart[i] = state.start;
    stEdge[i] = state.edge;
    stFlags[i] = state.flags | FLAG_RESUMED;
    stWaited[i] = state.waitedLessClock + t;
    stOverhead[i] = overhead - state.own;
    fnState[state.fn]! += ACTIVE_FRAME;
    hot[Hot.SP] = i + 1;
  }

  /** Traced `fn` entered while `site` was pending: called back by the untraced callee, not called by it. */
  function callsBack(site: number, fn: number): boolean {
    const name = callbackSites.siteName[site]!;
    return name !== 0 && callbackSites.fnName[fn] !== name && !callbackSites.calledDirectly(site, fn);
  }

  function gap(frame: number, site: number, t: number): void {
    stPend[frame] = 0;
    siteState[site] = 2;
    const start = stPendStart[frame]!;
    const duration = start > 0 ? t - start : -1;
    const n = ++siteCountArr[site]!;
    if (duration >= 0) {
      siteTotal[site]! += duration;
      siteTimed[site]!++;
    }
    if (n <= maxDetailed && stFlags[frame]! & FLAG_SAMPLED) {
      push(EventKind.CallSite, stDepth[frame]! + 1, site, stCall[frame]!, 0, -1, start > 0 ? start : t, duration);
    }
  }

  /**
   * A call from a site whose last callee was not traced (`b` set it pending). Past the detail cap an
   * untraced call is counted, and timed like a counted traced call: 1 in 64 at random.
   */
  function beforeUntraced(site: number, value: unknown): unknown {
    const start = siteCountArr[site]! < maxDetailed || (--hot[Hot.COUNTDOWN]! === 0 && nextTimedCall()) ? now() : 0;
    stPendStart[hot[Hot.SP]! - 1] = start;
    return value;
  }

  function before(site: number, value: unknown): unknown {
    // A site whose last callee was traced is probably traced again: no clock read.
    const top = hot[Hot.SP]! - 1;
    stPend[top] = site;
    if (siteState[site] === 1) {
      stPendStart[top] = 0;
      return value;
    }
    return beforeUntraced(site, value);
  }

  function after(site: number, value: unknown): unknown {
    const top = hot[Hot.SP]! - 1;
    // A call that returned normally: an exception still waiting for its value was caught by code that
    // is not traced, unless the call started after the exception reached this frame (its `finally`
    // called untraced code: `b` of another site than the one in progress then).
    if (hot[Hot.PENDING]! !== 0 && (stPend[top] !== site || site === unwoundSite)) writePending(UNKNOWN_THROWN);
    if (stPend[top] === site) {
      // A site known to reach untraced code is not asked again (the check costs ~17 ns a call).
      if ((siteIsNew[site] === 1 && constructsInstrumentedClass(value)) || (siteState[site] !== 2 && createsGenerator(value))) {
        stPend[top] = 0;
        siteState[site] = 1;
      } else gap(top, site, stPendStart[top]! > 0 || siteCountArr[site]! < maxDetailed ? now() : 0);
    } else siteState[site] = 1;
    return value;
  }

  function warn(message: string, file?: string): void {
    write(encodeJsonFrame(FrameType.Warning, file === undefined ? { message } : { message, file }));
  }

  function registerModule(embedded: EmbeddedTable): [number, number] {
    keepStackPositionRemap();
    const table = expandModuleTable(embedded);
    if (functionCount + table.functions.length > maxFunctions) throw new TooManyFunctions(table.file);
    const fnBase = functionCount;
    const siteBase = siteCount;
    const { functions, callSites } = table;
    functionCount += functions.length;
    siteCount += callSites.length;
    if (fnFlags.length < functionCount) {
      const length = Math.max(functionCount, fnFlags.length * 2);
      fnFlags = grown(fnFlags, length);
      measuredNested = grown(measuredNested, length);
      aggregates.ensureFunctions(length);
      count = aggregates.count;
      timedCount = aggregates.timed;
      detailedCount = aggregates.detailed;
      measuredCalls = aggregates.measuredCalls;
      min = aggregates.min;
      max = aggregates.max;
      histogram = aggregates.histogram;
    }
    if (siteState.length < siteCount) {
      const length = Math.max(siteCount, siteState.length * 2);
      siteState = grown(siteState, length);
      siteIsNew = grown(siteIsNew, length);
      aggregates.ensureSites(length);
      siteCountArr = aggregates.siteCount;
      siteTotal = aggregates.siteTotal;
      siteTimed = aggregates.siteTimed;
    }
    for (let i = 0; i < callSites.length; i++) siteIsNew[siteBase + i] = callSites[i]!.callee.startsWith('new ') ? 1 : 0;
    callbackSites.register(fnBase, functions.map((f) => f.name), siteBase, callSites.map((s) => s.callee), table.file);
    for (let i = 0; i < functions.length; i++) {
      const info = functions[i]!;
      fnFlags[fnBase + i] = (info.async ? FN_ASYNC : 0) | (info.generator ? FN_GENERATOR : 0);
      fnParams[fnBase + i] = info.params;
    }
    const body: ModuleTable = {
      moduleId: table.moduleId,
      file: table.file,
      fnBase,
      siteBase,
      functions,
      callSites,
    };
    write(encodeJsonFrame(FrameType.Module, body));
    registerColumnShifts(table.file, embedded.x, embedded.p, embedded.l, embedded.w);
    return [fnBase, siteBase];
  }

  const probe: ProbeApi = {
    pv: 5,
    c: capturing,
    m: (table) => {
      try {
        return registerModule(table);
      } catch (error) {
        // Thrown on to the generated code, which catches it and runs the module with probes that record
        // nothing (with bases of 0 its calls were counted as the first module's functions').
        if (error instanceof TooManyFunctions) {
          if (refusedModules++ === 0) warn(`more than ${maxFunctions} functions to trace: this module and those loaded after it with more functions are not traced`, error.message);
        } else {
          const file = (table as { file?: unknown } | null)?.file;
          warn(`its function table could not be registered (${String(error)}): this module is not traced`, typeof file === 'string' ? file : undefined);
        }
        throw error;
      }
    },
    e: (fn) => enter(fn, null),
    w: (fn) => enter(fn, undefined),
    E: enterWithReceiver,
    v: (call, value) => {
      // A counted call's return (past the detail cap): its value is not captured.
      // `| 0`: the index as an int32, without an overflow check.
      const top = (hot[Hot.SP]! - 1) | 0;
      if (stCall[top] === call && (stFlags[top]! & FLAG_DETAILED) === 0) {
        stFlags[top] |= FLAG_COMPLETED;
        return value;
      }
      return returnValue(call, value);
    },
    r: (call) => {
      // The end of a counted call that returned, untimed, with no exception waiting: its frame goes.
      // Kept this small so that V8 inlines it into every traced function, and leave (rare once
      // the function is past its cap) stays a call: inlined, it filled each function's inlining
      // budget and multiplied the optimizing compiler's work (lodash: 1 s CPU on V8's threads).
      // `(h[Hot.PENDING] | h[Hot.PARKED_HEIGHT]) === 0`: no exit waits, none is set aside (a group set
      // aside by a frame below, rare, sends it to leave, which ends it the same way). `h`: `hot` loaded
      // once, 4 bytes of bytecode a word instead of 9 (the inlining budget counts bytecode; the optimized
      // code is the same).
      const h = hot;
      // `| 0`: see v
      const i = (h[Hot.SP]! - 1) | 0;
      if (stCall[i] === call && (stFlags[i]! & END_FLAGS) === FLAG_COMPLETED && (h[Hot.PENDING]! | h[Hot.PARKED_HEIGHT]!) === 0) {
        fnState[stFn[i]!]! -= ACTIVE_FRAME;
        h[Hot.SP] = i;
        return;
      }
      leave(call);
    },
    x: leaveByException,
    n: completed,
    k: caught,
    K: caughtPattern,
    s: suspend,
    R: resume,
    b: before,
    B: (site) => before(site, noArguments()) as Iterable<unknown>,
    a: (site, value) => {
      // The callee was traced (it cleared the pending site) and no exception waits: nothing to do.
      if (hot[Hot.PENDING]! === 0 && stPend[hot[Hot.SP]! - 1] !== site) {
        siteState[site] = 1;
        return value;
      }
      return after(site, value);
    },
  };

  const recorder: Recorder = {
    currentCall: () => stCall[hot[Hot.SP]! - 1]!,
    currentDepth: () => stDepth[hot[Hot.SP]! - 1]!,
    flush() {
      // From outside any traced code: an exception exit still waiting was caught by untraced code.
      if (hot[Hot.PENDING]! !== 0) writePending(UNKNOWN_THROWN);
      flush();
    },
    thrown(error) {
      let json: string | undefined;
      if (capturing) {
        try {
          json = capturedValue(error);
        } catch {
          json = undefined;
        }
      }
      if (hot[Hot.PENDING]! !== 0) writePending(json ?? UNKNOWN_THROWN);
      return json;
    },
    finish() {
      if (hot[Hot.PENDING]! !== 0) writePending(UNKNOWN_THROWN);
      while (hot[Hot.PARKED_HEIGHT]! !== 0) writeParked(UNKNOWN_THROWN);
      flush();
      flushEdgeCache();
      write(encodeJsonFrame(FrameType.Aggregates, aggregates.snapshot(functionCount, siteCount, dropped)));
    },
    stats: () => ({ events, dropped, calls: hot[Hot.CALL_SEQ]! >>> 0, stackOverflows: overflow }),
    warning: warn,
  };
  return { probe, recorder };
}

/** The index of the caller→callee edge's entry in the edge cache (see createRecorder's edgeCache). */
function edgeSlot(caller: number, fn: number): number {
  return ((Math.imul(fn, 0x9e3779b1) ^ caller) & EDGE_CACHE_MASK) << 2;
}

/**
 * Calling a generator function (yaml's lexer: `yield* this.pushSpaces()`) runs none of its code: it
 * hands back the generator, whose body runs as it is iterated (a traced body then shows as a call of its
 * own). Not a call into untraced code. A brand check: no code of the program runs.
 */
function createsGenerator(value: unknown): boolean {
  return value !== null && typeof value === 'object' && types.isGeneratorObject(value);
}

/**
 * A value captured in less time than the two clock reads that would measure it (a number, a short
 * string): its capture is not timed, and counts as the call's own time.
 */
function quick(value: unknown): boolean {
  const type = typeof value;
  return type === 'number' || type === 'boolean' || type === 'undefined' || value === null || (type === 'string' && (value as string).length <= 64);
}

/** A copy of `array` with room for `length` entries; the new ones hold `fill`. */
function grown<T extends Uint8Array | Uint32Array>(array: T, length: number, fill = 0): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  if (fill !== 0) next.fill(fill);
  next.set(array);
  return next;
}
