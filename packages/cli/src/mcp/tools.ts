// The tools the MCP server offers: for each, its name, a description that tells an agent when to use it,
// its input schema (zod, as the SDK validates with it) and what it answers. An answer is the same JSON
// as the matching CLI query prints, computed by the store; nothing here computes results.

import { z } from 'zod';
import { ANSWER_CHAR_BUDGET } from '../output/answer-budget.js';
import { ReadOnlyQueryError } from './errors.js';
import { latestRunId, queryRun, type ProjectAccess } from './project-access.js';
import { excludesOption } from '../project/config-excludes.js';
import { listRunsOf } from '../project/run-listing.js';

export interface ToolContext {
  access: ProjectAccess;
  /** The store's text renderer of a run report (the one `breadcrumb report` prints). */
  renderReport(report: unknown, options: { project: string }): string;
}

export interface ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  inputShape: Shape;
  /** The answer's list of items that `limit` bounds, when it has one (see answer-budget.ts). */
  listKey?: string;
  /** Returns the JSON-ready answer, or a string sent as is; throws McpToolError for a bad request. */
  run(args: z.infer<z.ZodObject<Shape>>, context: ToolContext): unknown;
}

function defineTool<Shape extends z.ZodRawShape>(tool: ToolDefinition<Shape>): ToolDefinition {
  return tool as unknown as ToolDefinition;
}

const project = z
  .string()
  .min(1)
  .describe(
    'The Breadcrumb project: NAME in `breadcrumb run -c NAME` (its config is ~/.breadcrumb/NAME.yaml). Always explicit; an unknown name is answered with the list of projects that exist.',
  );
const runId = z
  .number()
  .int()
  .positive()
  .optional()
  .describe('A run id from list_runs. Default: the latest run of the project.');
const limit = (what: string) =>
  z
    .number()
    .int()
    .positive()
    .max(100_000)
    .optional()
    .describe(
      `At most this many ${what}. Default: the CLI's, lowered when the answer would pass ${ANSWER_CHAR_BUDGET.toLocaleString('en-US')} characters (the answer's note then gives the total).`,
    );

const GAP_WORKFLOW =
  'The gap workflow: find_gaps → in a shell, `breadcrumb config edit PROJECT --add-include \'<suggested_include>\'` (or `--remove-exclude \'<excluded_by>\'` when the entry has `excluded_by`: excludes win over includes) → re-run `breadcrumb run -c PROJECT -- <command>` → get_calls on the functions that are now traced.';

export const TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'list_runs',
    title: 'List runs',
    description:
      "The project's traced runs, newest first: id, start time, duration, status (running|completed|failed|timeout|killed), command, event counts. Use it to find a run_id for the other tools (they default to the latest run), or to see whether a run is still running.",
    listKey: 'runs',
    inputShape: { project, limit: limit('runs') },
    run: (args, { access }) =>
      access.withProject(
        args.project,
        ({ store, project: paths }) => listRunsOf(store, paths.name, limitOf(args).limit),
        (paths) => ({ project: paths.name, runs: [] }),
      ),
  }),
  defineTool({
    name: 'run_report',
    title: 'Run report',
    description:
      "Start here after `breadcrumb run`: a run's report in about 2,000 tokens: key metrics (events, calls, exceptions, gap calls, duration, status, processes), the call tree, the most called and slowest functions, exceptions with file:line, the gaps summary and the recommended next steps. format 'json' (default) is the report's data; 'text' is what `breadcrumb report` prints.",
    inputShape: {
      project,
      run_id: runId,
      format: z.enum(['json', 'text']).optional().describe("'json' (default) or 'text'."),
    },
    run: (args, { access, renderReport }) =>
      access.withProject(args.project, (session) => {
        const runId = args.run_id ?? latestRunId(session);
        const report = queryRun(session, args.run_id, () => session.store.runReport(runId, excludesOption(session.project)));
        return args.format === 'text' ? renderReport(report, { project: session.project.name }) : report;
      }),
  }),
  defineTool({
    name: 'find_gaps',
    title: 'Find gaps (untraced calls)',
    description:
      'What the traced code called but Breadcrumb did not trace (functions of npm packages or files outside the include globs, Node built-ins): the callee, its module, who called it, how often, and the include glob that makes it traced next run. Built-ins are listed without a suggestion (they cannot be instrumented). Use it when get_calls cannot find a function or a call tree stops at a library. ' +
      GAP_WORKFLOW,
    listKey: 'untraced_calls',
    inputShape: { project, run_id: runId, limit: limit('untraced callees') },
    run: (args, { access }) =>
      access.withProject(args.project, (session) =>
        queryRun(session, args.run_id, () =>
          session.store.queryGaps({ project: session.project.name, ...runAndLimit(args), ...excludesOption(session.project) }),
        ),
      ),
  }),
  defineTool({
    name: 'get_calls',
    title: 'Get the calls of a function',
    description:
      "Every recorded call of one function in a run: its arguments, its receiver (`this`, for a method, constructor or function that reads it), return value (or the exception it threw), duration (elapsed, start to return or settle; async functions and generators also on_thread_ms, the time the call ran without its waits at await/yield), caller, the calls it made, file and line; plus its callers and callees with exact counts over every call, the ones past the detail cap included. `function` is a name (`multiply`), a qualified name (`Cart.total`), `module:name` (`./src/cart.js:total`) or, for two of one name in a module, `module:name@LINE` (`./src/a.js:helper@12`); an ambiguous name lists candidates in that form, each picking one, and an unknown one the closest names. Where a name in any answer names several functions, the entry's `call` field is the `function` argument that picks it, and plain lists of names (called_by, calls_made, call_chain, caught_by, propagated_through, a gap's callers) show that argument in place of the name. If the function was never traced (it lives in a package or outside the include globs), find_gaps says what to include. Values are redacted: secrets show as [REDACTED].",
    listKey: 'calls',
    inputShape: {
      project,
      function: z.string().min(1).describe('Function name, qualified name (Class.method), module:name, or module:name@LINE (a `call` field of another answer).'),
      match: z
        .string()
        .min(1)
        .optional()
        .describe('Only the calls whose arguments, return value or exception (not the receiver `this`) contain this text (`D-4`, `"limit":"3"`): which of many calls is the wrong one. The answer\'s matched_calls counts them.'),
      run_id: runId,
      limit: limit('calls'),
    },
    run: (args, { access }) =>
      access.withProject(args.project, (session) =>
        queryRun(session, args.run_id, () =>
          session.store.queryCall(args.function, { ...runAndLimit(args), ...excludesOption(session.project), ...(args.match === undefined ? {} : { match: args.match }) }),
        ),
      ),
  }),
  defineTool({
    name: 'get_flow',
    title: 'Get the execution flow',
    description:
      "The run's timeline in chronological order per process: call, return and exception events with function, module, depth, timestamp and duration, so you can see what ran in what order and who called whom. `module` narrows it to the modules matching a glob over module ids (`./src/pay/**`, `axios/**`). Capped detail is marked in the answer; narrow with `module` or raise `limit` when it is cut.",
    listKey: 'events',
    inputShape: {
      project,
      module: z
        .string()
        .min(1)
        .optional()
        .describe("A glob over module ids: './src/pay/**' (project files), 'axios/**' (a package)."),
      run_id: runId,
      limit: limit('events'),
    },
    run: (args, { access }) =>
      access.withProject(args.project, (session) =>
        queryRun(session, args.run_id, () =>
          session.store.queryFlow({
            ...(args.module === undefined ? {} : { module: args.module }),
            ...runAndLimit(args),
          }),
        ),
      ),
  }),
  defineTool({
    name: 'find_exceptions',
    title: 'Find exceptions',
    description:
      'Every exception thrown in a run, caught or not: the function, type, message, file:line:column in the original source, stack, whether it was caught, and the call chain that led to it (a cycle repeated in a row as {"$repeat": [...], "times": N}); alike exceptions (same thrower, place, type, message but for its numbers) are one record with a count. Use it first when a program failed, printed an error, or returned something wrong, then get_calls on the functions of the chain to see their arguments.',
    listKey: 'exceptions',
    inputShape: { project, run_id: runId, limit: limit('exceptions') },
    run: (args, { access }) =>
      access.withProject(args.project, (session) =>
        queryRun(session, args.run_id, () => session.store.queryExceptions(runAndLimit(args))),
      ),
  }),
  defineTool({
    name: 'analyze_performance',
    title: 'Analyze performance',
    description:
      "Where the time went in a run, per function: exact call count (including calls recorded only as counts), total, self, average, p95 and max time, slowest first. Times are time the function ran: an async function's or generator's waits at await/yield are left out (elapsed_avg_ms/elapsed_max_ms give its latency, waits included). A recursive function's total counts its outermost calls once, and every duration leaves out Breadcrumb's own work (capturing values). Use it for 'why is this slow'; then get_calls on a slow function to see which arguments made it slow, or find_gaps if the time is spent in untraced library code.",
    listKey: 'functions',
    inputShape: { project, run_id: runId, limit: limit('functions') },
    run: (args, { access }) =>
      access.withProject(args.project, (session) =>
        queryRun(session, args.run_id, () => session.store.queryPerformance(runAndLimit(args))),
      ),
  }),
  defineTool({
    name: 'get_trace',
    title: 'Get one trace (run) whole',
    description:
      "One run (a trace) whole: its metadata (command, status, exit code, times), its process tree (every Node process and worker it started) and its events in order, bounded by `limit` with a note when cut. For targeted questions prefer run_report, get_calls, get_flow or find_exceptions, which answer in fewer tokens. trace_id is a run id from list_runs.",
    listKey: 'events',
    inputShape: {
      project,
      trace_id: z.number().int().positive().describe('The run id (list_runs shows them).'),
      limit: limit('events'),
    },
    run: (args, { access }) =>
      access.withProject(args.project, (session) =>
        queryRun(session, args.trace_id, () => session.store.getTrace(args.trace_id, limitOf(args))),
      ),
  }),
  defineTool({
    name: 'query_traces',
    title: 'Query traces with SQL (read-only)',
    description:
      "Read-only SQL (SQLite dialect) over the project's trace database, for questions the other tools do not answer. Start with the views traces(id, started_at, ended_at, status, duration_ms, project, command, cwd, exit_code, event_count) (one row per run) and trace_events(id, trace_id, timestamp, event_type, function_name, module_name, duration_ms, data) with event_type call|return|exception|call_site and data JSON (args, return_value, exception, caller), functions (and callers) named as the other tools name them, so a name passes to get_calls as it is; the compact tables behind them are runs, processes, modules, functions, call_sites, events, function_stats, site_stats and warnings (SELECT sql FROM sqlite_master shows their columns; packages/store/SCHEMA.md documents them). Example: SELECT function_name, COUNT(*) AS n FROM trace_events WHERE event_type = 'call' GROUP BY 1 ORDER BY n DESC LIMIT 10. Writes (INSERT, UPDATE, DELETE, DROP, ATTACH, PRAGMA writes ...) are refused.",
    listKey: 'rows',
    inputShape: {
      project,
      sql: z.string().min(1).describe('One SELECT or WITH statement.'),
      limit: limit('rows'),
    },
    run: (args, { access }) =>
      access.withProject(args.project, ({ store, project: paths }) => {
        try {
          return store.querySql(args.sql, limitOf(args));
        } catch (error) {
          if (isWriteRefusal(error)) throw new ReadOnlyQueryError(paths.name, refusalReason(error));
          throw error;
        }
      }),
  }),
];

// Optional arguments are left out rather than passed as undefined: the store applies its (the CLI's)
// defaults to absent options.
function limitOf(args: { limit?: number | undefined }): { limit?: number } {
  return args.limit === undefined ? {} : { limit: args.limit };
}

function runAndLimit(args: { run_id?: number | undefined; limit?: number | undefined }): {
  runId?: number;
  limit?: number;
} {
  return { ...(args.run_id === undefined ? {} : { runId: args.run_id }), ...limitOf(args) };
}

// A write reaches us either as the store's statement check refusing it or, should a statement get past
// that check, as SQLite refusing it on the read-only connection.
function isWriteRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQL_REFUSED' || code === 'SQLITE_READONLY';
}

// The store words its refusal for the CLI's --sql flag; the reason after that prefix is what matters.
function refusalReason(error: unknown): string {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return message.replace(/^--sql runs read-only queries:\s*/, '');
}
