// The JSON shapes the store returns: what `breadcrumb query`, `report`, `list` and the MCP server
// print as they are. Field names are snake_case like the seed's.

/** A stack shown earlier in the same answer, by where it is there (`calls[0].args.err.stack`). */
export interface SameStack {
  $same_as: string;
}

export type RunStatus = 'running' | 'completed' | 'failed' | 'timeout' | 'killed';

export interface RunListEntry {
  id: number;
  project: string | null;
  started_at: string;
  ended_at: string | null;
  duration_ms: number | null;
  status: RunStatus;
  exit_code: number | null;
  command: string;
  processes: number;
  events: number;
  calls: number;
  exceptions: number;
  gap_calls: number;
}

export interface ExceptionValue {
  type: string;
  message: string;
}

export interface CallRecord {
  timestamp: string;
  args: unknown;
  /** The receiver, for a function that reads `this` (a derived class's constructor excepted): CAPTURE.md. */
  this?: unknown;
  return_value?: unknown;
  exception?: ExceptionValue;
  /** The call had not returned when the run ended (or its end was not recorded). */
  unfinished?: true;
  /** An async call: return_value is what its promise resolved to, duration_ms the time until then. */
  settled?: true;
  /** From its start to its return, exception, promise settling (async) or end (generator): elapsed time. */
  duration_ms: number | null;
  /**
   * Calls of async functions and generators that ended: the time the call ran, duration_ms less the time
   * it was suspended at await/yield (what --performance adds up).
   */
  on_thread_ms?: number;
  /** The caller's name; where the name alone names several functions of the run, the `--call` argument that picks it in its place (`./src/a.js:helper@12`). */
  called_by: string | null;
  /** Traced callees as called_by names them; untraced ones as written (`axios.get`). */
  calls_made: string[];
  /** calls_made was cut at its first 50 entries. */
  calls_made_more?: true;
  file: string;
  line: number;
  run_id: number;
  /** The process's key, in a run of several processes only. */
  process?: string;
  call_id: number;
}

/** A function at the other end of a caller -> callee edge, with the exact number of calls over it. */
export interface CallEdgeCount {
  /** `(root)`: called from code outside any traced function (module top level, an untraced callback). */
  function: string;
  /**
   * Present when the name alone names more than one function of the run: the `--call` argument that
   * picks this one (`acorn/dist/acorn.js:parse`, `./src/a.js:helper@12`).
   */
  call?: string;
  module: string | null;
  calls: number;
}

export interface CallQueryResult {
  function: string;
  /** Present when the name alone names more than one function of the run: the `--call` argument that picks this one. */
  call?: string;
  module: string;
  run_id: number;
  /** Every call, including the ones only counted after the per-function detail cap. */
  total_calls: number;
  detailed_calls: number;
  /** Who called it, over every call (detailed or only counted), most calls first; at most 10. */
  callers: CallEdgeCount[];
  /** The traced functions it called, over every call, most calls first; at most 10. */
  callees: CallEdgeCount[];
  /** With a `match`: how many recorded calls have the text in their arguments, return value or exception. */
  matched_calls?: number;
  calls: CallRecord[];
  note?: string;
}

export interface GapEntry {
  function: string;
  module: string | null;
  builtin: boolean;
  /** The busiest caller of `callers`. */
  called_by: string | null;
  /**
   * One per traced function (or `MODULE (top level)`), most calls first, at most 10: its name, or
   * where the name alone names several functions of the run, the `--call` argument that picks it in its place (`./src/a.js:helper@12`).
   */
  callers: string[];
  call_count: number;
  total_ms: number;
  suggested_include: string | null;
  /** Present when the project's exclude glob keeps this callee untraced (an include would not trace it). */
  excluded_by?: string;
  sites: string[];
}

export interface GapsResult {
  run_id: number;
  untraced_calls: GapEntry[];
  total_untraced_calls: number;
  tip: string;
  note?: string;
}

export interface FlowEvent {
  type: 'call' | 'return' | 'exception' | 'call_site';
  function: string;
  /** As in PerformanceEntry: the `--call` argument, where the function's name alone names several of the run. */
  call?: string;
  module: string | null;
  depth: number;
  timestamp: string;
  /** return/exception: the call's elapsed time (as --call's duration_ms); call_site: the untraced call's. */
  duration_ms?: number;
  /** return/exception of a call that suspended at await/yield: the time it ran. */
  on_thread_ms?: number;
  args?: unknown;
  /** A call's receiver, as CallRecord's. */
  this?: unknown;
  return_value?: unknown;
  exception?: ExceptionValue;
  /** A call that had not ended when the run's events stop. */
  unfinished?: true;
  /** The process's key, in a run of several processes only. */
  process?: string;
  call_id: number;
}

export interface FlowResult {
  run_id: number;
  module: string | null;
  events: FlowEvent[];
  total_events: number;
  truncated: boolean;
  /** Functions whose later calls were only counted (the per-function cap): they are missing from events. */
  capped: { function: string; module: string; calls: number; detailed: number }[];
  note?: string;
}

/** A run of a call chain that repeats one cycle of functions: `$repeat`, `times` times in a row. */
export interface Repeat<T> {
  $repeat: T[];
  times: number;
}

export interface ExceptionRecord {
  function: string;
  /** As in PerformanceEntry: the `--call` argument, where the function's name alone names several of the run. */
  call?: string;
  module: string;
  type: string;
  message: string;
  /** Up to 3 other messages of the exceptions this record stands for, where theirs differ from `message`. */
  other_messages?: string[];
  /**
   * How many exceptions this record stands for: alike ones (the same thrower, type, message but for its
   * numbers and lines after the first, position, handling and call chain but for how many times its
   * cycles repeat) are one record, the first of them, with their count.
   */
  count: number;
  file: string | null;
  line: number | null;
  column: number | null;
  /** A stack an earlier exception of the answer showed is `{"$same_as": "exceptions[0].stack"}`. */
  stack: string | SameStack | null;
  caught: boolean;
  /** As the lists below name functions: where the name alone names several functions of the run, the `--call` argument that picks it in its place (`./src/a.js:helper@12`). */
  caught_by: string | null;
  /**
   * Where caught_by is null and the exception was caught: the first traced call after it that received
   * it as an argument (a `.catch` or error callback, a listener, a logger), by the `--call` argument
   * where its name is ambiguous. Absent when there was none.
   */
  handled_by?: string;
  /** Functions the exception passed through after it was thrown, innermost first; a cycle repeated in a row is one `{"$repeat": [...], "times": N}`. */
  propagated_through: (string | Repeat<string>)[];
  /** Callers from the root to the function that threw, cycles folded as in propagated_through. */
  call_chain: (string | Repeat<string>)[];
  timestamp: string;
  /** The last exception's time, when the record stands for several. */
  last_timestamp?: string;
  /** The process's key, in a run of several processes only. */
  process?: string;
}

export interface ExceptionsResult {
  run_id: number;
  exceptions: ExceptionRecord[];
  /** Exceptions thrown in all; `total_groups`: records they make (alike ones are one). */
  total: number;
  total_groups: number;
  note?: string;
}

export interface PerformanceEntry {
  function: string;
  /**
   * Present when the name alone names more than one function of the run: the `--call` argument that
   * picks this one (`acorn/dist/acorn.js:parse`, `./src/a.js:helper@12`).
   */
  call?: string;
  module: string;
  file: string;
  line: number;
  calls: number;
  detailed_calls: number;
  /** Calls whose duration was measured: all detailed calls and a random ~1 in 64 of the others. */
  timed_calls: number;
  /**
   * Times on the thread: an async function's or generator's time suspended at await/yield is left out
   * (a call waiting for I/O or for a loop to finish does not run). total: of every call; self: less the
   * time traced callees ran inside it.
   */
  total_ms: number;
  self_ms: number;
  avg_ms: number;
  p95_ms: number | null;
  max_ms: number | null;
  /**
   * Async functions and generators only: mean and longest elapsed time of a call, from its start to its
   * promise settling (async) or its end (generator), waits included: latency. Other functions have
   * none: their elapsed time is their time on the thread.
   */
  elapsed_avg_ms?: number;
  elapsed_max_ms?: number;
  /**
   * The function can call itself (directly or through others) by the run's exact caller -> callee counts.
   * Its total does not count the time of a nested call again (one made while the function was already
   * running lower on the stack): it is the time of its outermost calls.
   */
  recursive: boolean;
  /** Who called it, most calls first (at most 3), with exact counts; `(root)` is code outside traced functions. */
  callers: { function: string; call?: string; module: string | null; calls: number }[];
}

export interface PerformanceResult {
  run_id: number;
  functions: PerformanceEntry[];
  total_functions: number;
  note?: string;
}

export interface SqlResult {
  columns: string[];
  rows: Record<string, unknown>[];
  truncated?: boolean;
}

export interface TraceProcess {
  process: string;
  parent: string | null;
  pid: number;
  thread_id: number;
  argv: string[];
  started_at: string;
  ended_at: string | null;
  end_reason: string | null;
  exit_code: number | null;
  events: number;
}

export interface TraceResult {
  run: RunListEntry & { cwd: string | null };
  processes: TraceProcess[];
  events: FlowEvent[];
  total_events: number;
  truncated: boolean;
  note?: string;
}

export interface TreeLine {
  depth: number;
  function: string;
  /** As in PerformanceEntry: the `--call` argument, where the name alone names several functions of the run. */
  call?: string;
  /** Consecutive sibling calls folded into this line. */
  count: number;
  /** The call's elapsed time (a folded line: its calls' summed); null while unfinished. */
  duration_ms: number | null;
  /** A call of the line suspended at await/yield: the time the calls ran (folded: summed). */
  on_thread_ms?: number;
  threw: boolean;
  /** A heading line naming the process whose calls follow (runs of several processes). */
  process?: true;
  /**
   * A run of one-off calls of different functions of one module folded into this line (a module's
   * set-up, such as a callback per export): how many functions besides the one named, and their module.
   */
  other_functions?: number;
  module?: string;
}

export interface RunReport {
  run: RunListEntry & { cwd: string | null };
  metrics: {
    events: number;
    calls: number;
    returns: number;
    exceptions: number;
    gap_calls: number;
    duration_ms: number | null;
    status: RunStatus;
    processes: number;
    dropped_events: number;
    /** Calls only counted, without detail (per-function cap or sampling). */
    capped_calls: number;
    /**
     * What ended the run's first process that died of an uncaught exception or unhandled rejection
     * (thrown by traced code or not), where its stack says it was thrown; null when none did.
     */
    uncaught: { type: string; message: string; file: string | null; line: number | null } | null;
  };
  call_tree: { lines: TreeLine[]; omitted_calls: number; note: string | null };
  /** `call`: as in PerformanceEntry, where the name alone names more than one function of the run. */
  top_called: { function: string; call?: string; module: string; calls: number }[];
  /** Grouped: the same exception from the same place is one entry with a count. */
  exceptions: { function: string; call?: string; type: string; message: string; file: string | null; line: number | null; caught: boolean; count: number }[];
  exceptions_total: number;
  /**
   * By total time on the thread (as --performance): an async function's or generator's waits at
   * await/yield are left out, and given apart as elapsed_avg_ms/elapsed_max_ms (only for those).
   */
  slowest: {
    function: string;
    call?: string;
    module: string;
    calls: number;
    total_ms: number;
    avg_ms: number;
    max_ms: number | null;
    elapsed_avg_ms?: number;
    elapsed_max_ms?: number;
    recursive: boolean;
  }[];
  gaps: {
    total_calls: number;
    distinct: number;
    top: { function: string; module: string | null; call_count: number; suggested_include: string | null; excluded_by?: string }[];
  };
  warnings: string[];
  /** An example function for the `--call` recommendation. */
  example_function: string | null;
}
