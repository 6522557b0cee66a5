// `breadcrumb run`: the command starts as early as possible. Only what the spawn needs is loaded before
// it (no YAML parser when the config is unchanged, no store, no redaction); the database is opened and
// the run recorded while the command starts up in its own process, on the other core.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ENV, isDisabledValue, withFlagsAfterArgv0, type RuntimeSettings } from '@breadcrumb/core';
import { ComponentMissingError, firstLineOf, UsageError } from '../errors.js';
import { globHints } from '../config/glob-hints.js';
import { buildRuntimeSettings, resolveRoot } from '../config/settings.js';
import { mainThreadStackBytes, tracedNodeFlags } from '../run/stack-size.js';
import { tracedPoolFlags } from '../run/v8-pool-size.js';
import { narrowIngestInlining, tracedInliningFlags } from '../run/inlining-budget.js';
import { note } from '../output/print.js';
import { mark, TIMELINE_ENV } from '../run/phase-timeline.js';
import { makePrivateDir, projectPaths } from '../project/paths.js';
import { loadRunConfig } from '../project/run-config.js';
import { isStoreError, openStore, renderReport, type SpoolIngester, type Store } from '../project/store-client.js';
import { claimRunFolder, newRunFolderName, releaseRunFolder, writeRunId } from '../project/waiting-spool.js';
import { exitCodeOf, statusOf, superviseChild, type ChildOutcome } from '../run/child.js';
import { explainMissingCommand, explainSpawnFailure, findExecutable } from '../run/executable.js';
import { withRequire } from '../run/node-options.js';
import { ownPackages } from '../own-packages.js';
import type { BreadcrumbCommand } from './command.js';
import { globList, globListOption, projectName, projectOption, strictNumber, stringList } from './options.js';

const EXAMPLE = 'breadcrumb run -c my-app -- node main.js';

export const runOptions = {
  project: projectOption,
  timeout: { type: 'string', describe: 'Stop the whole process tree after S seconds (exit 124)', requiresArg: true },
  include: globListOption('Also trace these module globs, for this run only; repeatable'),
  exclude: globListOption('Never trace these module globs, for this run only; repeatable'),
} as const;

interface RunArgs {
  project?: string;
  timeout?: string | number;
  include?: string[];
  exclude?: string[];
  '--'?: (string | number)[];
  _: (string | number)[];
}

/** How often the spool folder is ingested while the command runs. */
const POLL_INTERVAL_MS = 100;

/**
 * How often, at most, what was ingested is copied from the database's write-ahead log into the
 * database file while the command runs. Done between polls, the copying happens while the command is
 * still running; the store is closed without copying the rest (close({ checkpoint: false })), so what
 * is left is the last ~250 ms of the run, for the next command that writes (a few MB: without these
 * checkpoints it would be the whole run's log, hundreds of MB for a few million calls).
 */
const CHECKPOINT_INTERVAL_MS = 250;

export async function runTraced(argv: RunArgs): Promise<void> {
  const commandLine = [...(argv['--'] ?? []), ...argv._.slice(1)].map(String);
  if (argv.project === undefined && commandLine.some((a) => a === '-c' || a === '--project' || a.startsWith('--project='))) {
    // Everything after COMMAND belongs to it, so `run node main.js -c app` gave -c to node.
    throw new UsageError(`put -c NAME before the command: everything after it is the command's own (e.g. \`${EXAMPLE}\`)`);
  }
  const name = projectName(argv, EXAMPLE);
  if (commandLine.length === 0) {
    throw new UsageError(`no command to run: give it after the options, e.g. \`${EXAMPLE.replace('my-app', name)}\``);
  }
  const timeoutMs = parseTimeout(argv.timeout);
  const paths = projectPaths(name);
  const config = await loadRunConfig(paths);
  const cwd = process.cwd();
  if (findExecutable(commandLine[0]!, process.env, cwd) === null) {
    throw new UsageError(explainMissingCommand(commandLine[0]!, commandLine.slice(1), process.env, cwd, name));
  }
  const registerFile = resolveRuntime();
  if (isDisabledValue(process.env[ENV.enabled])) {
    note(`${ENV.enabled}=${process.env[ENV.enabled]} is set: the command runs untraced, nothing will be recorded`);
  }
  for (const hint of globHints([...globList('--include', argv.include), ...globList('--exclude', argv.exclude)], cwd)) note(hint);

  makePrivateDir(paths.home);
  const startedAtMs = Date.now();
  const nodeFlags = [
    ...tracedNodeFlags(commandLine, mainThreadStackBytes()),
    ...tracedPoolFlags(commandLine, process.env.NODE_OPTIONS, os.availableParallelism()),
    ...tracedInliningFlags(commandLine),
  ];
  const spoolDir = path.join(paths.spool, newRunFolderName(startedAtMs));
  let outside: string | null = null;
  const { outcome, recording, pruned } = await traceRun({
    project: name,
    commandLine,
    cwd,
    startedAtMs,
    timeoutMs,
    registerFile,
    spoolDir,
    database: paths.database,
    maxRuns: config.maxRuns,
    // The processes do not need the run id: the CLI ingests their spool folder into its run.
    settings: {
      ...buildRuntimeSettings(config, {
        project: name,
        runId: null,
        spoolDir,
        cwd,
        cacheDir: paths.cache,
        extraInclude: stringList(argv.include),
        extraExclude: stringList(argv.exclude),
      }),
      addedExecArgv: nodeFlags,
    },
    // Loaded while the command runs, not after it: it brings minimatch, which nothing before the spawn needs.
    whileRunning: () => {
      outside = outsideRootNoteQuietly({ commandLine, cwd, root: resolveRoot(config.root, cwd), include: [...config.include, ...stringList(argv.include)], exclude: [...config.exclude, ...stringList(argv.exclude)], project: name });
    },
  });
  const { store, runId } = recording;
  try {
    reportOutcome(outcome, commandLine, timeoutMs);
    printReport(store, runId, name, commandLine, config.exclude);
    mark('report');
    if (outside !== null) note(outside);
    if (pruned !== null) note(pruned);
    process.exitCode = exitCodeOf(outcome);
    mark('notes');
  } finally {
    // The log's last frames are copied by the next command's checkpoints, not synced on our way out.
    store.close({ checkpoint: false });
    mark('close');
  }
}

interface TraceRunPlan {
  project: string;
  commandLine: string[];
  cwd: string;
  startedAtMs: number;
  timeoutMs: number | undefined;
  registerFile: string;
  spoolDir: string;
  database: string;
  /** retention.max_runs: older runs are deleted while the command runs. */
  maxRuns: number;
  settings: RuntimeSettings;
  /**
   * Work for after the command's exit that does not depend on its outcome: done while it runs, on the
   * other core, instead of on the path from its exit to ours. Must not throw.
   */
  whileRunning?: () => void;
}

/** The run in the database, and the ingest of its spool folder into it. */
interface Recording {
  store: Store;
  runId: number;
  ingest: QuietIngest;
  /** While the command runs: ingest what is new, and now and then checkpoint. */
  tick(): void;
  /** A checkpoint now (quietly: close() still does it if this fails). */
  checkpoint(): void;
}

/**
 * Spawns the command with the runtime injected, records the run while it starts, ingests while it runs,
 * and finishes the run. When the run cannot be recorded (a broken database, the store missing), the
 * command, already started, is left to finish: its events stay in the spool folder, and the error is
 * thrown once it has exited.
 */
async function traceRun(plan: TraceRunPlan): Promise<{ outcome: ChildOutcome; recording: Recording; pruned: string | null }> {
  makePrivateDir(plan.spoolDir);
  claimRunFolder(plan.spoolDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: withRequire(process.env.NODE_OPTIONS, plan.registerFile),
    [ENV.settings]: JSON.stringify(plan.settings),
  };
  // Overrides inherited from a parent would send this run's events somewhere nobody ingests them.
  delete env[ENV.spoolDir];
  delete env[ENV.dbPath];
  delete env[ENV.parentKey];
  // A `breadcrumb run` inside the command would write its phases among ours.
  delete env[TIMELINE_ENV];

  let recording: Recording | null = null;
  const exited = superviseChild({
    command: withFlagsAfterArgv0(plan.commandLine, plan.settings.addedExecArgv ?? []),
    env,
    cwd: plan.cwd,
    timeoutMs: plan.timeoutMs,
    onTick: () => recording?.tick(),
    tickMs: POLL_INTERVAL_MS,
  });
  mark('spawn');
  let setupError: unknown = null;
  let pruned: string | null = null;
  try {
    recording = recordRun(plan);
    mark('recorded');
  } catch (err) {
    setupError = err;
  }
  // Deleting a big old run takes a few hundred ms: done now, it overlaps the command instead of
  // following it. (The run being recorded is the newest, so it is among those kept.)
  if (recording !== null) {
    pruned = pruneOldRuns(recording.store, plan.project, plan.maxRuns);
    // The deletion's pages are in the log: copied now, not when the store is closed.
    if (pruned !== null) recording.checkpoint();
    // The store closes without a checkpoint (see runTraced): what that needs is opened now, ~3 ms of
    // CPU that would otherwise follow the command's exit (close 2.8 ms, median of 11 runs).
    recording.store.keepLogAtClose?.();
  }
  plan.whileRunning?.();
  const outcome = await exited;
  mark('exited');
  if (recording === null) {
    releaseRunFolder(plan.spoolDir);
    note(`the command ran, but its run could not be recorded: its events stay in ${plan.spoolDir} for \`breadcrumb ingest -c ${plan.project}\``);
    throw setupError;
  }
  try {
    finishRecording(recording, outcome, plan.spoolDir);
  } catch (err) {
    // Whatever went wrong on our side, the run must not stay `running` forever.
    finishQuietly(recording.store, recording.runId);
    recording.store.close();
    throw err;
  }
  return { outcome, recording, pruned };
}

/** Opens the database and records the run; the folder learns its run id, for `breadcrumb ingest`. */
function recordRun(plan: TraceRunPlan): Recording {
  const { redact } = require('@breadcrumb/core/redact') as typeof import('@breadcrumb/core/redact');
  const store = openStore(plan.database);
  try {
    // The stored command line is printed by list and report: `--password X` must not reach them.
    const command = redact(plan.commandLine) as string[];
    const runId = store.createRun({ project: plan.project, command, cwd: plan.cwd, startedAtMs: plan.startedAtMs });
    try {
      writeRunId(plan.spoolDir, runId);
      const ingest = ingestQuietly(store.ingester(plan.spoolDir, { runId, project: plan.project }));
      const checkpoints = checkpointNowAndThen(store);
      let ticks = 0;
      return {
        store,
        runId,
        ingest,
        tick: () => {
          if (ticks++ === 0) narrowIngestInlining();
          ingest.poll();
          checkpoints.whenDue();
        },
        checkpoint: () => checkpoints.now(),
      };
    } catch (err) {
      finishQuietly(store, runId);
      throw err;
    }
  } catch (err) {
    store.close();
    throw err;
  }
}

function finishRecording(recording: Recording, outcome: ChildOutcome, spoolDir: string): void {
  // The command is gone; a Ctrl-C now would only cut the last ingest short and leave the run
  // `running`, so it is held off until the run is finished (SIGKILL still works).
  const holdOff = (): void => note('finishing the run: ingesting its last events');
  for (const signal of HELD_OFF_SIGNALS) process.on(signal, holdOff);
  try {
    const drained = recording.ingest.drain();
    mark('drain', drained);
    recording.store.finishRun(recording.runId, { status: statusOf(outcome), exitCode: outcome.exitCode, endedAtMs: Date.now() });
    mark('finish');
  } finally {
    for (const signal of HELD_OFF_SIGNALS) process.off(signal, holdOff);
  }
  if (!recording.ingest.failed) releaseRunFolder(spoolDir);
  mark('release');
}

const HELD_OFF_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Ingest errors while the program runs must not stop it or the run: the spool files stay where they
 * are (nothing is lost) and `breadcrumb ingest` or the next query picks them up.
 */
/** Checkpoints when the last one is CHECKPOINT_INTERVAL_MS old, or now; after a failure, none (close() still does it). */
function checkpointNowAndThen(store: Store): { whenDue(): void; now(): void } {
  let last = Date.now();
  let failed = false;
  const now = (): void => {
    if (failed || store.checkpoint === undefined) return;
    try {
      store.checkpoint();
    } catch {
      failed = true;
    }
    last = Date.now();
  };
  return {
    whenDue: () => {
      if (Date.now() - last >= CHECKPOINT_INTERVAL_MS) now();
    },
    now,
  };
}

interface QuietIngest {
  poll(): void;
  /** The events the final drain stored (0 when it failed). */
  drain(): number;
  failed: boolean;
}

function ingestQuietly(ingester: SpoolIngester): QuietIngest {
  const state: QuietIngest = {
    failed: false,
    poll: () => attempt(() => ingester.poll()),
    drain: () => {
      let events = 0;
      attempt(() => (events = Number(ingester.drain().events) || 0));
      return events;
    },
  };
  let reported = false;
  const attempt = (step: () => unknown): void => {
    try {
      step();
    } catch (err) {
      state.failed = true;
      if (!reported) {
        reported = true;
        note(`could not ingest events yet (${firstLineOf(err)}); they stay in the spool folder for \`breadcrumb ingest\``);
      }
    }
  };
  return state;
}

function reportOutcome(outcome: ChildOutcome, commandLine: string[], timeoutMs: number | undefined): void {
  if (outcome.spawnError) note(`could not start ${commandLine[0]}: ${explainSpawnFailure(commandLine[0]!, process.cwd(), outcome.spawnError)}`);
  else if (outcome.timedOut) note(`timeout: stopped ${commandLine.join(' ')} after ${(timeoutMs ?? 0) / 1000}s`);
  else if (outcome.signal) note(`${commandLine[0]} was killed by ${outcome.signal}`);
}

/**
 * Keeps the project's database from growing without bound (a big program's run holds hundreds of MB):
 * the newest `retention.max_runs` runs stay. Like the report, a courtesy that never fails the run.
 * Returns what to say after the report (null: nothing was deleted).
 */
function pruneOldRuns(store: Store, project: string, maxRuns: number): string | null {
  if (maxRuns <= 0) return null;
  try {
    const { deleted } = store.clearRuns({ keep: maxRuns });
    if (deleted === 0) return null;
    return (
      `deleted the ${deleted === 1 ? 'oldest run' : `${deleted} oldest runs`} of '${project}' (retention.max_runs: ${maxRuns}; ` +
      `\`breadcrumb config edit ${project} --set retention.max_runs=0\` keeps every run)`
    );
  } catch (err) {
    return `could not delete old runs (${firstLineOf(err)}); \`breadcrumb clear -c ${project} --keep N\` does it by hand`;
  }
}

/** The report is a courtesy: failing to build it never changes the run's exit code. */
function printReport(store: Store, runId: number, project: string, commandLine: string[], excludes: readonly string[]): void {
  try {
    // the config's excludes (not this run's --exclude): the report suggests what to change in the config
    const report = store.runReport(runId, excludes.length > 0 ? { excludes } : undefined);
    process.stderr.write(renderReport(report, { project }));
    if ((report as { metrics?: { processes?: unknown } }).metrics?.processes === 0) {
      // An empty report would otherwise read as "nothing matched the include globs".
      note(
        `no Node.js process of \`${commandLine.join(' ')}\` loaded Breadcrumb: is it a Node.js program, and does it keep NODE_OPTIONS for its children?`,
      );
    }
  } catch (err) {
    const why = isStoreError(err) || err instanceof ComponentMissingError ? firstLineOf(err) : `internal error: ${firstLineOf(err)}`;
    note(`no report for run ${runId} (${why}); try \`breadcrumb report -c ${project} --run ${runId}\``);
  }
}

/** The note of run/outside-root.ts, or null (also when it cannot be worked out: it is only a hint). */
function outsideRootNoteQuietly(input: import('../run/outside-root.js').OutsideRootInput): string | null {
  try {
    const { outsideRootNote } = require('../run/outside-root.js') as typeof import('../run/outside-root.js');
    return outsideRootNote(input);
  } catch {
    return null;
  }
}

function finishQuietly(store: Store, runId: number): void {
  try {
    store.finishRun(runId, { status: 'failed', exitCode: null, endedAtMs: Date.now() });
  } catch {
    // The original error is the one worth reporting.
  }
}

function parseTimeout(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seconds = strictNumber(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--timeout expects seconds > 0 (e.g. --timeout 60), got '${String(value)}'`);
  }
  return Math.round(seconds * 1000);
}

/** The absolute path of the runtime's `--require` entry. */
function resolveRuntime(): string {
  const request = '@breadcrumb/core/register';
  const found = ownPackages.resolve(request, __dirname);
  if (found !== null) return found;
  try {
    return path.resolve(createRequire(__filename).resolve(request));
  } catch (err) {
    throw new ComponentMissingError('the Breadcrumb runtime (@breadcrumb/core/register)', firstLineOf(err));
  }
}

export const command: BreadcrumbCommand = {
  command: 'run',
  describe: 'Run a command with tracing, then print the run report (on stderr)',
  builder: (y) =>
    y
      .usage('breadcrumb run -c NAME [--timeout S] [--include G]... [--exclude G]... [--] COMMAND [ARGS...]')
      .options(runOptions)
      .example('breadcrumb run -c app --timeout 60 -- node main.js', 'trace a script')
      .example('breadcrumb run -c app -- npm test', 'trace every node process npm starts'),
  handler: runTraced,
};
