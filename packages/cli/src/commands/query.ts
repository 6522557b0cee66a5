import { UsageError } from '../errors.js';
import { answerWithinBudget } from '../output/answer-budget.js';
import { printResult, type OutputFormat } from '../output/print.js';
import { configExcludes } from '../project/config-excludes.js';
import { existingProjectPaths } from '../project/paths.js';
import { parseRunId, type Store } from '../project/store-client.js';
import { resolveRunId, withProjectStore } from '../project/store-session.js';
import type { BreadcrumbCommand } from './command.js';
import { formatOption, limitOption, parseLimit, projectName, projectOption, runOption } from './options.js';

interface QueryArgs {
  project?: string;
  call?: string;
  gaps?: boolean;
  flow?: boolean;
  module?: string;
  match?: string;
  exceptions?: boolean;
  performance?: boolean;
  sql?: string;
  run?: string | number;
  limit?: string | number;
  format?: OutputFormat;
}

interface QueryContext {
  project: string;
  runId: number | undefined;
  limit: number | undefined;
  /** The config's exclude globs now: what keeps an untraced callee untraced, for the fix to suggest. */
  excludes: readonly string[];
}

/**
 * One entry per query flag: which flag selects it, what it asks the store, and the answer's list that
 * `--limit` bounds (see answer-budget.ts).
 */
const QUERIES: ReadonlyArray<{ flag: keyof QueryArgs; listKey: string; run: (store: Store, argv: QueryArgs, ctx: QueryContext) => unknown }> = [
  {
    flag: 'call',
    listKey: 'calls',
    run: (s, a, c) => s.queryCall(nonEmpty('--call', a.call), { runId: c.runId, limit: c.limit, excludes: c.excludes, ...(a.match === undefined ? {} : { match: nonEmpty('--match', a.match) }) }),
  },
  { flag: 'gaps', listKey: 'untraced_calls', run: (s, _a, c) => s.queryGaps({ runId: c.runId, project: c.project, limit: c.limit, excludes: c.excludes }) },
  { flag: 'flow', listKey: 'events', run: (s, a, c) => s.queryFlow({ runId: c.runId, module: a.module, limit: c.limit }) },
  { flag: 'exceptions', listKey: 'exceptions', run: (s, _a, c) => s.queryExceptions({ runId: c.runId, limit: c.limit }) },
  { flag: 'performance', listKey: 'functions', run: (s, _a, c) => s.queryPerformance({ runId: c.runId, limit: c.limit }) },
  { flag: 'sql', listKey: 'rows', run: (s, a, c) => s.querySql(nonEmpty('--sql', a.sql), { limit: c.limit }) },
];

const FLAG_LIST = QUERIES.map((q) => `--${q.flag}`).join(', ');

function runQuery(argv: QueryArgs): void {
  const name = projectName(argv, 'breadcrumb query -c my-app --gaps');
  const chosen = QUERIES.filter((q) => argv[q.flag] !== undefined && argv[q.flag] !== false);
  if (chosen.length === 0) {
    throw new UsageError(`which query? add one of ${FLAG_LIST}, e.g. \`breadcrumb query -c ${name} --gaps\``);
  }
  if (chosen.length > 1) {
    throw new UsageError(`one query at a time: got ${chosen.map((q) => `--${q.flag}`).join(' and ')}`);
  }
  if (argv.module !== undefined && chosen[0]!.flag !== 'flow') {
    throw new UsageError(`--module filters --flow only: \`breadcrumb query -c ${name} --flow --module './src/**'\``);
  }
  if (argv.match !== undefined && chosen[0]!.flag !== 'call') {
    throw new UsageError(`--match filters --call only: \`breadcrumb query -c ${name} --call FN --match 'TEXT'\``);
  }
  if (argv.match !== undefined) nonEmpty('--match', argv.match);
  if (argv.run !== undefined && chosen[0]!.flag === 'sql') {
    throw new UsageError('--sql queries every run: filter in SQL instead of --run (e.g. WHERE trace_id = 3)');
  }
  const paths = existingProjectPaths(name);
  const runId = parseRunId(argv.run);
  const limit = parseLimit(argv.limit);
  const excludes = chosen[0]!.flag === 'gaps' || chosen[0]!.flag === 'call' ? configExcludes(paths) : [];
  const ctx: QueryContext = { project: name, runId, limit, excludes };
  const result = withProjectStore(paths, (store) => {
    // no run yet: the same one line as `report` and `list`, naming this project
    if (chosen[0]!.flag !== 'sql') resolveRunId(store, name, ctx.runId);
    const query = chosen[0]!;
    return answerWithinBudget(ctx.limit, query.listKey, (limit) => query.run(store, argv, { ...ctx, limit })).answer;
  });
  // the table is the query's list (`--call`: its calls, not the callers listed before them)
  printResult(result, argv.format, chosen[0]!.listKey);
}

function nonEmpty(flag: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${flag} needs a value`);
  return value;
}

export const command: BreadcrumbCommand = {
  command: 'query',
  describe: 'Ask about a run: --call, --gaps, --flow, --exceptions, --performance or --sql (JSON on stdout)',
  builder: (y) =>
    y
      .usage('breadcrumb query -c NAME --call FN|--gaps|--flow|--exceptions|--performance|--sql Q [options]')
      .options({
        project: projectOption,
        call: { type: 'string', describe: 'Calls of a function: args, return value, duration, caller, callees', requiresArg: true },
        gaps: { type: 'boolean', describe: 'Calls into code that is not traced, with the include that traces it' },
        flow: { type: 'boolean', describe: 'The timeline of calls, with depth' },
        module: { type: 'string', describe: 'With --flow: only modules matching this glob', requiresArg: true },
        match: { type: 'string', describe: "With --call: only the calls whose arguments, return value or exception (not the receiver) contain this text (e.g. '\"limit\": \"3\"')", requiresArg: true },
        exceptions: { type: 'boolean', describe: 'Every exception: type, message, file:line, caught, call chain' },
        performance: { type: 'boolean', describe: 'Per function: count, total, self, avg, p95, max time' },
        sql: { type: 'string', describe: 'A read-only SQL query over the trace database', requiresArg: true },
        run: runOption,
        limit: limitOption,
        format: formatOption,
      })
      .example('breadcrumb query -c app --call multiply', '')
      .example("breadcrumb query -c app --flow --module './src/pay/**'", '')
      .example("breadcrumb query -c app --call fetchPrice --match 'D-4'", ''),
  handler: runQuery,
};
