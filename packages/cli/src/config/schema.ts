// The project config's keys, declared once: their YAML names, kinds, defaults and documentation. The
// commented template (`init`), validation (`config validate`, `run`), `config edit --set` and the
// README's table are all driven by this list.

import { DEFAULT_CAPTURE, DEFAULT_MAX_DETAILED_CALLS, DEFAULT_SPOOL_FILE_BYTES, DEFAULT_SPOOL_MAX_BYTES } from '@breadcrumb/core';

export type ValueKind = 'globs' | 'path' | 'fraction' | 'boolean' | 'count' | 'bytes' | 'regexes' | 'strings';

export interface KeySpec {
  /** Dotted YAML path: `capture.max_depth`. */
  key: string;
  kind: ValueKind;
  default: unknown;
  /** Comment lines written above the key in the template. */
  doc: string[];
}


/** Sections group nested keys; their comment goes above the section name. */
export const SECTION_DOCS: Record<string, string[]> = {
  capture: ['Argument, return value and exception capture: how much of each value is kept.'],
  detail: ['Bounded detail: later calls of a function are counted (and a sample timed), not recorded one by one.'],
  gaps: ['Gaps: calls from traced code into code that is not traced.'],
  redaction: ['Secret redaction (always on): extra patterns, and keys that are never secret.'],
  spool: ['Spool files: events on their way from the traced processes to the database.'],
  retention: ["How much of the past the project's database keeps."],
};

/** Runs kept per project by default: a big program's run can hold hundreds of MB of events. */
export const DEFAULT_MAX_RUNS = 50;

export const KEY_SPECS: readonly KeySpec[] = [
  {
    key: 'include',
    kind: 'globs',
    default: ['./**'],
    doc: [
      'Modules to trace: minimatch globs over module ids. Module ids are',
      "'./src/pay.js' for the project's own files (relative to root), 'axios/lib/core.js' for a",
      "file of an installed package (npm, pnpm or nested node_modules alike), 'node:fs' for",
      "built-ins (which cannot be traced, only seen as gaps). './**' = every project file,",
      "'axios/**' = one package, '**' = everything.",
    ],
  },
  {
    key: 'exclude',
    kind: 'globs',
    default: [],
    doc: ["Modules never traced, even when included (excludes win), e.g. './test/**'."],
  },
  {
    key: 'root',
    kind: 'path',
    default: null,
    doc: [
      "Project root, which './' module ids are relative to. Empty: the directory `breadcrumb run`",
      "is started in. A relative path is resolved from that directory; '~' is your home.",
    ],
  },
  {
    key: 'sample_rate',
    kind: 'fraction',
    default: 1,
    doc: [
      'Fraction (0..1) of root calls recorded in detail; call counts stay exact.',
      'BREADCRUMB_SAMPLE_RATE overrides it.',
    ],
  },
  { key: 'capture.enabled', kind: 'boolean', default: DEFAULT_CAPTURE.enabled, doc: ['Record values at all.'] },
  {
    key: 'capture.max_depth',
    kind: 'count',
    default: DEFAULT_CAPTURE.maxDepth,
    doc: ['Nesting levels of objects and arrays kept.'],
  },
  { key: 'capture.max_keys', kind: 'count', default: DEFAULT_CAPTURE.maxKeys, doc: ['Properties kept per object.'] },
  { key: 'capture.max_items', kind: 'count', default: DEFAULT_CAPTURE.maxItems, doc: ['Items kept per array, Map or Set.'] },
  {
    key: 'capture.max_string_length',
    kind: 'count',
    default: DEFAULT_CAPTURE.maxStringLength,
    doc: ['Characters kept per string.'],
  },
  {
    key: 'capture.max_values',
    kind: 'count',
    default: DEFAULT_CAPTURE.maxValues ?? 20,
    doc: ['Values kept per captured argument or result in all (the limits above multiply; this bounds the cost).'],
  },
  {
    key: 'capture.this_values',
    kind: 'count',
    default: DEFAULT_CAPTURE.thisValues ?? 1,
    doc: ["Values kept of a call's receiver (`this`), for functions that read it: 1, its class alone; 8, its first fields; 0: not captured."],
  },
  {
    key: 'detail.max_calls_per_function',
    kind: 'count',
    default: DEFAULT_MAX_DETAILED_CALLS,
    doc: ['Calls of each function recorded in full per process; later ones are only counted.'],
  },
  {
    key: 'gaps.intrinsics',
    kind: 'boolean',
    default: false,
    doc: ['Also report calls to JavaScript built-ins (Array.prototype.map, JSON.parse ...) as gaps.'],
  },
  {
    key: 'redaction.patterns',
    kind: 'regexes',
    default: [],
    doc: ['Extra regular expressions (JavaScript syntax) whose matches are redacted.'],
  },
  {
    key: 'redaction.allow_keys',
    kind: 'strings',
    default: [],
    doc: ['Property names never treated as secret, whatever they look like.'],
  },
  {
    key: 'spool.file_bytes',
    kind: 'bytes',
    default: DEFAULT_SPOOL_FILE_BYTES,
    doc: ["Largest spool file before a new one is started (bytes, or '32MiB', '512KB' ...)."],
  },
  {
    key: 'spool.max_bytes',
    kind: 'bytes',
    default: DEFAULT_SPOOL_MAX_BYTES,
    doc: ['Cap on all spool files of one process; the oldest are dropped first, and counted.'],
  },
  {
    key: 'retention.max_runs',
    kind: 'count',
    default: DEFAULT_MAX_RUNS,
    doc: ['Runs kept: after each `breadcrumb run`, older ones beyond this are deleted (0 keeps every run).'],
  },
];

export const KNOWN_KEYS: readonly string[] = KEY_SPECS.map((s) => s.key);

export function keySpec(key: string): KeySpec | undefined {
  return KEY_SPECS.find((s) => s.key === key);
}

/** The config with every key resolved (defaults filled in), in the runtime's vocabulary. */
export interface ProjectConfig {
  include: string[];
  exclude: string[];
  root: string | null;
  sampleRate: number;
  capture: {
    enabled: boolean;
    maxDepth: number;
    maxKeys: number;
    maxItems: number;
    maxStringLength: number;
    maxValues: number;
    thisValues: number;
  };
  maxDetailedCallsPerFunction: number;
  gapIntrinsics: boolean;
  redaction: { patterns: string[]; allowKeys: string[] };
  spoolFileBytes: number;
  spoolMaxBytes: number;
  /** Newest runs kept after each run; 0 keeps all. */
  maxRuns: number;
}

/** Builds the resolved config from validated values by dotted key (absent keys take defaults). */
export function resolveConfig(values: ReadonlyMap<string, unknown>): ProjectConfig {
  const get = <T>(key: string): T => (values.has(key) ? values.get(key) : keySpec(key)!.default) as T;
  return {
    include: [...get<string[]>('include')],
    exclude: [...get<string[]>('exclude')],
    root: get<string | null>('root'),
    sampleRate: get<number>('sample_rate'),
    capture: {
      enabled: get<boolean>('capture.enabled'),
      maxDepth: get<number>('capture.max_depth'),
      maxKeys: get<number>('capture.max_keys'),
      maxItems: get<number>('capture.max_items'),
      maxStringLength: get<number>('capture.max_string_length'),
      maxValues: get<number>('capture.max_values'),
      thisValues: get<number>('capture.this_values'),
    },
    maxDetailedCallsPerFunction: get<number>('detail.max_calls_per_function'),
    gapIntrinsics: get<boolean>('gaps.intrinsics'),
    redaction: { patterns: [...get<string[]>('redaction.patterns')], allowKeys: [...get<string[]>('redaction.allow_keys')] },
    spoolFileBytes: get<number>('spool.file_bytes'),
    spoolMaxBytes: get<number>('spool.max_bytes'),
    maxRuns: get<number>('retention.max_runs'),
  };
}
