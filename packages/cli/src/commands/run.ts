import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ENV } from '@breadcrumb/core';
import { ComponentMissingError, UsageError } from '../errors.js';
import { buildRuntimeSettings } from '../config/settings.js';
import { note } from '../output/print.js';
import { makePrivateDir, runSpoolDir } from '../project/paths.js';
import { openProject } from '../project/project.js';
import { isStoreError, openStore, renderReport, type SpoolIngester, type Store } from '../project/store-client.js';
import { claimRunFolder, releaseRunFolder } from '../project/waiting-spool.js';
import { exitCodeOf, statusOf, superviseChild, type ChildOutcome } from '../run/child.js';
import { findExecutable } from '../run/executable.js';
import { withRequire } from '../run/node-options.js';
import type { BreadcrumbCommand } from './command.js';
import { globListOption, projectName, projectOption, stringList } from './options.js';

const EXAMPLE = 'breadcrumb run -c my-app -- node main.js';

export const runOptions = {
  project: projectOption,
  timeout: { type: 'string', describe: 'Stop the whole process tree after S seconds (exit 124)', requiresArg: true },
  include: globListOption('Also trace these module globs, for this run only; repeatable'),
  exclude: globListOption('Never trace these module globs, for this run only; repeatable'),
} as const;

interface RunArgs {
  project?: string;
  timeout?: string;
  include?: string[];
  exclude?: string[];
  '--'?: (string | number)[];
  _: (string | number)[];
}

/** How often the spool folder is ingested while the command runs. */
const POLL_INTERVAL_MS = 100;

async function runTraced(argv: RunArgs): Promise<void> {
  const name = projectName(argv, EXAMPLE);
  const commandLine = [...(argv['--'] ?? []), ...argv._.slice(1)].map(String);
  if (commandLine.length === 0) {
    throw new UsageError(`no command to run: give it after the options, e.g. \`${EXAMPLE.replace('my-app', name)}\``);
  }
  const timeoutMs = parseTimeout(argv.timeout);
  const { paths, config } = openProject(name);
  const cwd = process.cwd();
  if (findExecutable(commandLine[0]!, process.env, cwd) === null) {
    throw new UsageError(`command not found: '${commandLine[0]}' (not a file nor on PATH); e.g. \`${EXAMPLE.replace('my-app', name)}\``);
  }
  const registerFile = resolveRuntime();

  makePrivateDir(paths.home);
  const store = openStore(paths.database);
  try {
    const runId = store.createRun({ project: name, command: commandLine, cwd, startedAtMs: Date.now() });
    const spoolDir = runSpoolDir(paths, runId);
    makePrivateDir(spoolDir);
    claimRunFolder(spoolDir);
    const settings = buildRuntimeSettings(config, {
      project: name,
      runId,
      spoolDir,
      cwd,
      cacheDir: paths.cache,
      extraInclude: stringList(argv.include),
      extraExclude: stringList(argv.exclude),
    });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: withRequire(process.env.NODE_OPTIONS, registerFile),
      [ENV.settings]: JSON.stringify(settings),
    };
    // A parent's spool overrides would send this run's events elsewhere.
    delete env[ENV.spoolDir];
    delete env[ENV.dbPath];
    delete env[ENV.parentKey];

    const ingester = store.ingester(spoolDir, { runId, project: name });
    const ingest = ingestQuietly(ingester);
    const outcome = await superviseChild({
      command: commandLine,
      env,
      cwd,
      timeoutMs,
      onTick: ingest.poll,
      tickMs: POLL_INTERVAL_MS,
    });
    ingest.drain();
    store.finishRun(runId, { status: statusOf(outcome), exitCode: outcome.exitCode, endedAtMs: Date.now() });
    if (!ingest.failed) releaseRunFolder(spoolDir);
    reportOutcome(outcome, commandLine, timeoutMs);
    printReport(store, runId, name);
    process.exitCode = exitCodeOf(outcome);
  } finally {
    store.close();
  }
}

/**
 * Ingest errors while the program runs must not stop it or the run: the spool files stay where they
 * are (nothing is lost) and `breadcrumb ingest` or the next query picks them up.
 */
function ingestQuietly(ingester: SpoolIngester): { poll: () => void; drain: () => void; failed: boolean } {
  const state = {
    failed: false,
    poll: () => attempt(() => ingester.poll()),
    drain: () => attempt(() => ingester.drain()),
  };
  let reported = false;
  const attempt = (step: () => unknown): void => {
    try {
      step();
    } catch (err) {
      state.failed = true;
      if (!reported) {
        reported = true;
        note(`could not ingest events yet (${firstLine(err)}); they stay in the spool folder for \`breadcrumb ingest\``);
      }
    }
  };
  return state;
}

function reportOutcome(outcome: ChildOutcome, commandLine: string[], timeoutMs: number | undefined): void {
  if (outcome.spawnError) note(`could not start ${commandLine[0]}: ${outcome.spawnError.message}`);
  else if (outcome.timedOut) note(`timeout: stopped ${commandLine.join(' ')} after ${(timeoutMs ?? 0) / 1000}s`);
  else if (outcome.signal) note(`${commandLine[0]} was killed by ${outcome.signal}`);
}

function printReport(store: Store, runId: number, project: string): void {
  try {
    process.stderr.write(renderReport(store.runReport(runId), { project }));
  } catch (err) {
    if (!isStoreError(err) && !(err instanceof ComponentMissingError)) throw err;
    note(`no report for run ${runId}: ${firstLine(err)}`);
  }
}

function parseTimeout(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--timeout expects seconds > 0 (e.g. --timeout 60), got '${String(value)}'`);
  }
  return Math.round(seconds * 1000);
}

/** The absolute path of the runtime's `--require` entry. */
function resolveRuntime(): string {
  const localRequire = createRequire(__filename);
  try {
    return path.resolve(localRequire.resolve('@breadcrumb/core/register'));
  } catch (err) {
    throw new ComponentMissingError('the Breadcrumb runtime (@breadcrumb/core/register)', firstLine(err));
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
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
