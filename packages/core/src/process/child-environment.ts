// What a child process or worker needs in its environment to be traced as part of the same run: the
// runtime preloaded (NODE_OPTIONS), the run's settings, and the key of the process that started it.
// A program that passes its own `env` usually builds it from scratch or from a copy taken before we
// ran; either way the child must not fall out of the run.
import { ENV } from '../settings.js';
import { isDisabledValue } from '../runtime-settings.js';
import { ownJson } from '../node-originals.js';

export interface ChildRuntime {
  /** Absolute path of dist/register.js. */
  registerPath: string;
  settingsJson: string;
  processKey: string;
  /** Flags a traced node child gets on its command line (settings.addedExecArgv: a larger --stack-size). */
  nodeFlags?: readonly string[];
}

/** `--require <path>` as NODE_OPTIONS spells it (double quotes when the path has spaces). */
export function requireOption(registerPath: string): string {
  return /[\s"]/.test(registerPath) ? `--require "${registerPath.replace(/(["\\])/g, '\\$1')}"` : `--require ${registerPath}`;
}

/**
 * Takes the runtime's `--require` out of this process's NODE_OPTIONS, where `breadcrumb run` (which
 * quotes the path) or a traced parent (requireOption) put it: the program sees the NODE_OPTIONS it was
 * given, or none. The processes and workers it starts get it back (childVariables, worker-threads.ts).
 */
export function hideRuntimeFromNodeOptions(registerPath: string, env: NodeJS.ProcessEnv = process.env): void {
  const nodeOptions = env.NODE_OPTIONS;
  if (nodeOptions === undefined) return;
  const quoted = `--require "${registerPath.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  for (const form of [quoted, requireOption(registerPath)]) {
    const at = nodeOptions.lastIndexOf(form);
    if (at < 0) continue;
    const rest = `${nodeOptions.slice(0, at).replace(/\s+$/, '')}${nodeOptions.slice(at + form.length)}`;
    if (rest.trim() === '') delete env.NODE_OPTIONS;
    else env.NODE_OPTIONS = rest;
    return;
  }
}

/**
 * Takes the run's variables (the settings, the parent's key) out of this process's environment once the
 * runtime has read them: the program sees the environment it was given. Children get them again from
 * childVariables, workers from environment data (worker-threads.ts).
 */
export function hideRunVariables(env: NodeJS.ProcessEnv = process.env): void {
  delete env[ENV.settings];
  delete env[ENV.parentKey];
}

/** Whether a NODE_OPTIONS value or execArgv already loads the runtime. */
export function loadsRuntime(options: string | readonly string[] | undefined, registerPath: string): boolean {
  if (options === undefined) return false;
  const text = typeof options === 'string' ? options : options.join(' ');
  return text.includes(registerPath) || text.includes('@breadcrumb/core/register');
}

/** The variables to add to (or replace in) a child's environment; empty when tracing is off there. */
export function childVariables(env: Readonly<Record<string, string | undefined>>, runtime: ChildRuntime): Record<string, string> {
  if (isDisabledValue(env[ENV.enabled])) return {};
  const out: Record<string, string> = { [ENV.parentKey]: runtime.processKey };
  if (env[ENV.settings] === undefined) out[ENV.settings] = runtime.settingsJson;
  const nodeOptions = env.NODE_OPTIONS;
  if (!loadsRuntime(nodeOptions, runtime.registerPath)) {
    const option = requireOption(runtime.registerPath);
    out.NODE_OPTIONS = nodeOptions === undefined || nodeOptions.trim() === '' ? option : `${nodeOptions} ${option}`;
  }
  return out;
}

/** The same for `envPairs` (`KEY=value` strings), the form spawn options take inside Node. */
export function withChildVariablesInPairs(pairs: readonly string[], runtime: ChildRuntime): string[] {
  const add = childVariables(envOfPairs(pairs), runtime);
  const keys = Object.keys(add);
  if (keys.length === 0) return pairs.slice();
  const kept = pairs.filter((pair) => !keys.includes(pair.slice(0, pair.indexOf('='))));
  return [...kept, ...keys.map((key) => `${key}=${add[key]}`)];
}

/** `KEY=value` pairs as an object (the first of a repeated key, as the child will see it). */
export function envOfPairs(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at > 0 && !(pair.slice(0, at) in env)) env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

/**
 * The flags to put on the command line of a child that runs `file` with this environment: the root's
 * added flags when the child is node and will be traced (its runtime takes them back out of
 * process.execArgv); none otherwise. A flag the command line gives itself comes after ours and wins.
 */
export function addedNodeFlags(file: unknown, env: Readonly<Record<string, string | undefined>>, runtime: ChildRuntime): readonly string[] {
  const flags = runtime.nodeFlags ?? [];
  if (flags.length === 0 || isDisabledValue(env[ENV.enabled]) || !isNodeExecutable(file)) return [];
  return flags;
}

/** `args` (argv0 first) with `flags` right after argv0. */
export function withFlagsAfterArgv0(args: readonly string[], flags: readonly string[]): string[] {
  return flags.length === 0 ? args.slice() : [args[0]!, ...flags, ...args.slice(1)];
}

/** The environment pair telling the child which flags were added (none: any inherited one is dropped). */
export function withAddedFlagsPair(pairs: readonly string[], flags: readonly string[]): string[] {
  const prefix = `${ENV.addedExecArgv}=`;
  const kept = pairs.filter((pair) => !pair.startsWith(prefix));
  return flags.length === 0 ? kept : [...kept, prefix + ownJson.stringify(flags)];
}

/** Whether `file` starts Node.js (the flags are V8's: another program would not take them). */
export function isNodeExecutable(file: unknown): boolean {
  if (typeof file !== 'string') return false;
  if (file === process.execPath) return true;
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return /^(node|nodejs)(\.exe)?$/i.test(name);
}
