// Errors a tool call reports to the agent as an `isError` result. Each message is one line that names
// the problem and what to do next; the server keeps serving after any of them.

const NAMES_SHOWN = 30;

/** Names for a one-line message: all of them, or the first 30 and how many more. */
function nameList(names: readonly string[]): string {
  if (names.length <= NAMES_SHOWN) return names.join(', ');
  return `${names.slice(0, NAMES_SHOWN).join(', ')} and ${names.length - NAMES_SHOWN} more`;
}

export class McpToolError extends Error {
  override name = 'McpToolError';
}

export class UnknownProjectError extends McpToolError {
  override name = 'UnknownProjectError';
  constructor(
    readonly project: string,
    readonly existing: readonly string[],
    home: string,
  ) {
    super(
      existing.length > 0
        ? `unknown project '${project}' in ${home}; projects that exist: ${nameList(existing)}`
        : `unknown project '${project}': ${home} holds no projects yet; create one with \`breadcrumb init ${project}\` and trace a run with \`breadcrumb run -c ${project} -- node main.js\``,
    );
  }
}

export class NoRunsError extends McpToolError {
  override name = 'NoRunsError';
  constructor(readonly project: string) {
    super(
      `project '${project}' has no traced runs yet; trace one with \`breadcrumb run -c ${project} -- node main.js\`, then ask again`,
    );
  }
}

export class UnknownRunError extends McpToolError {
  override name = 'UnknownRunError';
  constructor(
    readonly project: string,
    readonly runId: number,
    readonly recentRunIds: readonly number[],
  ) {
    super(
      recentRunIds.length > 0
        ? `project '${project}' has no run ${runId}; its most recent runs are ${recentRunIds.join(', ')} (call list_runs for details)`
        : `project '${project}' has no run ${runId}: it has no runs yet; trace one with \`breadcrumb run -c ${project} -- node main.js\``,
    );
  }
}

export class ReadOnlyQueryError extends McpToolError {
  override name = 'ReadOnlyQueryError';
  constructor(project: string, reason: string) {
    super(
      `query_traces is read-only: ${reason}; nothing was changed (to delete old runs, use \`breadcrumb clear -c ${project} --keep N\` in a shell)`,
    );
  }
}
