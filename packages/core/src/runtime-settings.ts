// Reads RuntimeSettings inside a traced process: BREADCRUMB_SETTINGS (written by `breadcrumb run`),
// then the documented single-field overrides. Never throws: a traced program must start whatever its
// environment says, so problems come back as warnings (recorded as Warning frames).
import { breadcrumbHome, projectSpoolDir, spoolDirForDatabase, transformCacheDir } from './paths.js';
import {
  DEFAULT_CAPTURE,
  DEFAULT_MAX_DETAILED_CALLS,
  ENV,
  type CaptureLimits,
  type RedactionSettings,
  type RuntimeSettings,
} from './settings.js';

type Env = Record<string, string | undefined>;

export const DEFAULT_SPOOL_FILE_BYTES = 32 * 1024 * 1024;
export const DEFAULT_SPOOL_MAX_BYTES = 512 * 1024 * 1024;

export interface LoadedSettings {
  settings: RuntimeSettings;
  warnings: string[];
}

/** `false`, `0`, `off`, `no` (any case) turn Breadcrumb off; anything else leaves it on. */
/** BREADCRUMB_ENABLED values that turn recording off (trimmed, lower case). */
export const DISABLED_VALUES: readonly string[] = ['false', '0', 'off', 'no'];

export function isDisabledValue(value: string | undefined): boolean {
  if (value === undefined) return false;
  return DISABLED_VALUES.includes(value.trim().toLowerCase());
}

/** Settings for a process started without `breadcrumb run`: the project files, spooled under home. */
export function defaultRuntimeSettings(env: Env = process.env, cwd = process.cwd()): RuntimeSettings {
  const home = breadcrumbHome(env);
  return {
    enabled: true,
    project: null,
    runId: null,
    spoolDir: projectSpoolDir(home, null),
    root: cwd,
    include: ['./**'],
    exclude: [],
    sampleRate: 1,
    maxDetailedCallsPerFunction: DEFAULT_MAX_DETAILED_CALLS,
    gapIntrinsics: false,
    capture: { ...DEFAULT_CAPTURE },
    redaction: { patterns: [], allowKeys: [] },
    cacheDir: transformCacheDir(home),
    spoolFileBytes: DEFAULT_SPOOL_FILE_BYTES,
    spoolMaxBytes: DEFAULT_SPOOL_MAX_BYTES,
  };
}

export function loadRuntimeSettings(env: Env = process.env, cwd = process.cwd()): LoadedSettings {
  const warnings: string[] = [];
  const settings = defaultRuntimeSettings(env, cwd);
  const json = env[ENV.settings];
  if (json !== undefined && json !== '') {
    try {
      mergeSettings(settings, JSON.parse(json) as unknown, warnings);
    } catch (error) {
      warnings.push(`${ENV.settings} is not valid JSON (${(error as Error).message}); using defaults: set it with \`breadcrumb run\` or remove it`);
    }
  }
  applyEnvOverrides(settings, env, warnings);
  return { settings, warnings };
}

/** The documented variables win over the JSON, as in the Python original. */
export function applyEnvOverrides(settings: RuntimeSettings, env: Env, warnings: string[]): void {
  if (isDisabledValue(env[ENV.enabled])) settings.enabled = false;
  const rate = env[ENV.sampleRate];
  if (rate !== undefined && rate !== '') {
    const value = Number(rate);
    if (Number.isFinite(value) && value >= 0 && value <= 1) settings.sampleRate = value;
    else warnings.push(`${ENV.sampleRate}=${rate} is not a number between 0 and 1; ignored (use e.g. 0.1)`);
  }
  const dbPath = env[ENV.dbPath];
  if (dbPath !== undefined && dbPath !== '') settings.spoolDir = spoolDirForDatabase(dbPath);
  const spoolDir = env[ENV.spoolDir];
  if (spoolDir !== undefined && spoolDir !== '') settings.spoolDir = spoolDir;
}

// Field by field, so that a settings object from another Breadcrumb version (a missing or mistyped
// field) degrades to the default for that field instead of crashing the traced program.
function mergeSettings(target: RuntimeSettings, input: unknown, warnings: string[]): void {
  if (!isRecord(input)) {
    warnings.push(`${ENV.settings} is not a JSON object; using defaults`);
    return;
  }
  const bad = (field: string): void => {
    warnings.push(`${ENV.settings}.${field} has the wrong type; using the default`);
  };
  const take = <K extends keyof RuntimeSettings>(key: K, ok: (v: unknown) => boolean): void => {
    if (!(key in input)) return;
    if (ok(input[key])) target[key] = input[key] as RuntimeSettings[K];
    else bad(key);
  };
  take('enabled', isBoolean);
  take('project', (v) => v === null || typeof v === 'string');
  take('runId', (v) => v === null || (typeof v === 'number' && Number.isInteger(v)));
  take('spoolDir', isNonEmptyString);
  take('root', isNonEmptyString);
  take('include', isStringArray);
  take('exclude', isStringArray);
  take('sampleRate', (v) => typeof v === 'number' && v >= 0 && v <= 1);
  take('maxDetailedCallsPerFunction', isNonNegativeInteger);
  take('gapIntrinsics', isBoolean);
  take('cacheDir', (v) => v === null || isNonEmptyString(v));
  take('spoolFileBytes', isPositiveInteger);
  take('spoolMaxBytes', isPositiveInteger);
  take('addedExecArgv', isStringArray);
  if ('capture' in input) {
    if (isRecord(input.capture)) target.capture = mergeCapture(target.capture, input.capture, bad);
    else bad('capture');
  }
  if ('redaction' in input) {
    if (isRecord(input.redaction)) target.redaction = mergeRedaction(target.redaction, input.redaction, bad);
    else bad('redaction');
  }
}

function mergeCapture(base: CaptureLimits, input: Record<string, unknown>, bad: (f: string) => void): CaptureLimits {
  const out = { ...base };
  if ('enabled' in input) {
    if (isBoolean(input.enabled)) out.enabled = input.enabled;
    else bad('capture.enabled');
  }
  for (const key of ['maxDepth', 'maxKeys', 'maxItems', 'maxStringLength', 'maxValues', 'thisValues'] as const) {
    if (!(key in input)) continue;
    const value = input[key];
    if (isNonNegativeInteger(value)) out[key] = value;
    else bad(`capture.${key}`);
  }
  return out;
}

function mergeRedaction(base: RedactionSettings, input: Record<string, unknown>, bad: (f: string) => void): RedactionSettings {
  const out = { ...base };
  for (const key of ['patterns', 'allowKeys'] as const) {
    if (!(key in input)) continue;
    const value = input[key];
    if (isStringArray(value)) out[key] = value;
    else bad(`redaction.${key}`);
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isBoolean(v: unknown): v is boolean {
  return typeof v === 'boolean';
}
function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}
function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}
function isNonNegativeInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}
