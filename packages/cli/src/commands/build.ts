import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { build, type BuildSummary } from '../build/index.js';
import { progressLine } from '../build/progress.js';
import { buildRuntimeSettings, resolveRoot } from '../config/settings.js';
import { note, printResult } from '../output/print.js';
import { openProject } from '../project/project.js';
import type { BreadcrumbCommand } from './command.js';
import { globList, globListOption, projectName, projectOption, stringList } from './options.js';

interface BuildArgs {
  project?: string;
  out?: string;
  include?: string[];
  exclude?: string[];
  jobs?: string;
  sources?: string[];
}

const EXAMPLE = 'breadcrumb build -c my-app --out dist-traced src';
/** Warnings printed in the result; the count says how many there were in all. */
const MAX_WARNINGS = 20;

async function runBuild(argv: BuildArgs): Promise<void> {
  const name = projectName(argv, EXAMPLE);
  const sources = stringList(argv.sources);
  if (sources.length === 0) throw new UsageError(`what to build? name the source files or folders: \`${EXAMPLE}\``);
  const { config } = openProject(name);
  const cwd = process.cwd();
  const include = globList('--include', argv.include);
  const exclude = globList('--exclude', argv.exclude);
  const { spoolDir: _spool, cacheDir: _cache, ...settings } = buildRuntimeSettings(config, {
    project: name,
    runId: null,
    spoolDir: '',
    cwd,
    cacheDir: null,
    extraInclude: include,
    extraExclude: exclude,
  });
  const jobs = parseJobs(argv.jobs);
  const progress = progressLine();
  let summary: BuildSummary;
  try {
    summary = await build({
      project: name,
      sources,
      out: argv.out ?? 'breadcrumb-build',
      cwd,
      root: resolveRoot(config.root, cwd),
      include: settings.include,
      exclude: settings.exclude,
      settings,
      onProgress: (p) => progress.update(p),
      ...(jobs === undefined ? {} : { jobs }),
    });
  } finally {
    progress.end();
  }
  const { warnings, ...rest } = summary;
  printResult({ ...rest, warningCount: warnings.length, warnings: warnings.slice(0, MAX_WARNINGS) });
  const out = displayPath(cwd, summary.out);
  note(
    `built ${out}: ${summary.files.instrumented} files instrumented (${summary.functions} functions), ` +
      `${summary.files.copied + summary.files.alreadyInstrumented + summary.files.notInstrumented} copied, in ${summary.durationMs} ms`,
  );
  if (summary.files.instrumented === 0 && summary.files.alreadyInstrumented === 0) {
    note(
      `no file matched the include globs (${settings.include.join(', ')}): module ids are relative to the project root ` +
        `${settings.root}; build from the project's folder, set \`root:\` in its config, or pass --include`,
    );
  }
  if (summary.files.notInstrumented > 0) {
    note(`${summary.files.notInstrumented} files could not be instrumented and run untraced (see "warnings")`);
  }
  const entry = entryOf(summary.base);
  const run = entry === null ? `run its entry with plain node from ${out}` : `run it with plain node (\`node ${path.join(out, entry)}\`)`;
  note(`${run}; then \`breadcrumb ingest -c ${name}\` loads its traces`);
}

function parseJobs(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > 64) {
    throw new UsageError(`--jobs expects a number of worker threads from 1 to 64 (1: none), got '${String(value)}'`);
  }
  return n;
}

/** Relative when inside the working directory, else absolute: whichever can be pasted back. */
function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** The program's entry, from the package.json at the root of what was built. */
function entryOf(base: string): string | null {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(base, 'package.json'), 'utf8')) as { main?: unknown };
    return typeof manifest.main === 'string' ? manifest.main : null;
  } catch {
    return null;
  }
}

export const command: BreadcrumbCommand = {
  command: 'build [sources..]',
  describe: 'Write a copy of SOURCES with tracing built in, for machines without `breadcrumb run`',
  builder: (y) =>
    y
      .positional('sources', { type: 'string', array: true, describe: 'Files and folders to build' })
      .options({
        project: projectOption,
        out: {
          type: 'string',
          describe: 'Output folder (default: ./breadcrumb-build); rebuilding over it is safe',
          requiresArg: true,
        },
        // One glob per flag (repeat it): the sources follow, and must not be read as more globs.
        include: { ...globListOption('Also instrument modules matching this glob (on top of the config; repeatable)'), nargs: 1 },
        exclude: { ...globListOption('Never instrument modules matching this glob (on top of the config; repeatable)'), nargs: 1 },
        jobs: {
          type: 'string',
          describe: 'Worker threads instrumenting files (default: one per core, up to 4, for builds over 1 MB; 1: none)',
          requiresArg: true,
        },
      })
      .example(EXAMPLE, 'instrument ./src into ./dist-traced, with the runtime in dist-traced/.breadcrumb/'),
  handler: runBuild,
};
