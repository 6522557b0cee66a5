// What the runtime inside a traced process needs to know, and how it gets there: `breadcrumb run`
// serialises RuntimeSettings as JSON into the BREADCRUMB_SETTINGS environment variable (inherited by
// every child process and worker); the documented variables below override single fields, as the
// Python original's did. One source of truth for the names, used by the CLI (writer) and the runtime
// (reader).

export const ENV = {
  /** JSON RuntimeSettings. */
  settings: 'BREADCRUMB_SETTINGS',
  /** `false`/`0`/`off`: nothing is loaded beyond this check. */
  enabled: 'BREADCRUMB_ENABLED',
  /** 0..1: fraction of root calls recorded in detail (counts stay exact). */
  sampleRate: 'BREADCRUMB_SAMPLE_RATE',
  /** Trace database path for programmatic use: events are spooled next to it. */
  dbPath: 'BREADCRUMB_DB_PATH',
  /** Where spool files go (overrides settings.spoolDir). */
  spoolDir: 'BREADCRUMB_SPOOL_DIR',
  /** Folder of configs, databases, spools and the transform cache (default ~/.breadcrumb). */
  home: 'BREADCRUMB_HOME',
  /** processKey of the process that started this one (set by the runtime for its children). */
  parentKey: 'BREADCRUMB_PARENT_KEY',
  /**
   * JSON array: the node flags a traced parent put on this child's command line (its larger
   * --stack-size), which the child's runtime takes back out of process.execArgv.
   */
  addedExecArgv: 'BREADCRUMB_ADDED_EXEC_ARGV',
} as const;

export interface CaptureLimits {
  /** Capture arguments and return values at all. */
  enabled: boolean;
  maxDepth: number;
  maxKeys: number;
  maxItems: number;
  maxStringLength: number;
  /**
   * Values (containers and leaves) one snapshot may hold in all; past it, `{"$type":"truncated",
   * "reason":"size"}`. The other limits multiply (20 keys to depth 4 is 160,000 values): this one keeps
   * the cost of a capture bounded whatever the shape. Optional for settings written before it existed.
   */
  maxValues?: number;
  /**
   * Values kept of a call's receiver (`this`, for a function that reads it): its own budget, smaller
   * than an argument's (0: the receiver is not captured). Optional for settings written before it existed.
   */
  thisValues?: number;
}

export interface RedactionSettings {
  /** Extra regular expressions (source text) whose matches are redacted. */
  patterns: string[];
  /** Keys never treated as secret, whatever their name says. */
  allowKeys: string[];
}

export interface RuntimeSettings {
  enabled: boolean;
  project: string | null;
  /**
   * The run the events belong to, when it is known as the process starts; null otherwise: `breadcrumb
   * run` records its run while the command starts and ingests the run's spool folder into it, and
   * events of builds or `register` are ingested later as runs of their own.
   */
  runId: number | null;
  /** Folder the runtime writes its spool files into. */
  spoolDir: string;
  /** Project root: module ids of project files are relative to it (`./src/pay.js`). */
  root: string;
  /** minimatch globs over module ids; excludes win. */
  include: string[];
  exclude: string[];
  sampleRate: number;
  /** Calls of each function recorded in full per process; later calls are only counted. */
  maxDetailedCallsPerFunction: number;
  /** Record calls to ECMAScript intrinsics (Array.prototype.map, JSON.parse ...) as gaps. */
  gapIntrinsics: boolean;
  capture: CaptureLimits;
  redaction: RedactionSettings;
  /** Folder of the on-disk transform cache; null disables it. */
  cacheDir: string | null;
  /** Largest spool file before rotating, and the cap on all spool files of a process. */
  spoolFileBytes: number;
  spoolMaxBytes: number;
  /**
   * Flags `breadcrumb run` put on the node command line that the program did not (a larger --stack-size
   * for the bigger frames of instrumented code): the first process takes them out of process.execArgv.
   */
  addedExecArgv?: string[];
}

export const DEFAULT_CAPTURE: CaptureLimits = {
  enabled: true,
  maxDepth: 4,
  maxKeys: 20,
  maxItems: 20,
  maxStringLength: 200,
  // Values per captured argument or result. The cost of a traced program is mostly its first 1,000
  // calls per function, captured: on the corpus this bound took the overhead from 6.3x (100) to 5.5x
  // (40), and 20 took acorn's run a further 15% down (its parser object, passed to every `Node`, was
  // 1.7 KB per capture, mostly depth-truncation markers). 20 values still show a record's fields,
  // which is what fits an agent's context anyway; `capture.max_values` raises it.
  maxValues: 20,
  // A receiver is most often a big object (a parser, a lexer, a component), the same one call after
  // call: with the arguments' 20 values marked's traced run recorded 2.3 times the argument bytes
  // (49 MB against 21 MB), and 8 values still cost acorn's traced main thread ~17% (174,000 receivers,
  // ~4.5 us each, mostly reading the object's keys). 1 is its class alone (~0.4 us), which shows a wrong
  // receiver (undefined, the global object, another class); `capture.this_values: 8` shows its first fields.
  thisValues: 1,
};

export const DEFAULT_MAX_DETAILED_CALLS = 1000;
