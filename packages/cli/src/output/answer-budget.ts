// Answers that fit an agent's context, from `breadcrumb query` and from the MCP tools alike. MCP
// clients cut long tool results (Claude Code, for one, at 25,000 tokens by default), a cut JSON answer
// is unreadable, and an agent reading `query --flow` from a shell pays for every character (a parser's
// first 500 events came to 134 KB). So when a query was asked without a limit and its JSON runs past
// the budget, it is asked again with a limit scaled to fit; the store's own `note` then says how many
// items there are in all and how to ask for more, and why it was cut. An explicit limit is always
// honoured as given. The compact JSON measured is handed back with the answer: the MCP server sends
// that text as it is rather than stringifying the answer a second time.

export const ANSWER_CHAR_BUDGET = 50_000;
const MAX_RETRIES = 3;

export function serializeAnswer(answer: unknown): string {
  // Compact: the same JSON as the CLI prints, without the indentation that costs an agent tokens.
  return typeof answer === 'string' ? answer : JSON.stringify(answer);
}

export interface BudgetedAnswer {
  answer: unknown;
  /** `answer` as compact JSON (a string answer as it is). */
  text: string;
}

/**
 * Runs `ask` and returns its answer, asking again with a smaller limit while the answer's compact JSON
 * is over `budget` and `listKey` names the answer's list of items. `limit`: the one given, if any.
 */
export function answerWithinBudget(
  limit: number | undefined,
  listKey: string | undefined,
  ask: (limit: number | undefined) => unknown,
  budget: number = ANSWER_CHAR_BUDGET,
): BudgetedAnswer {
  let answer = ask(limit);
  // not measured: serialized only if asked for (the CLI prints its own indented text)
  if (listKey === undefined || limit !== undefined || typeof answer === 'string') return lazilySerialized(answer);
  let text = serializeAnswer(answer);
  for (let retry = 0; retry < MAX_RETRIES && text.length > budget; retry++) {
    const items = itemCount(answer, listKey);
    if (items <= 1) break;
    answer = ask(Math.max(1, Math.floor(((items * budget) / text.length) * 0.9)));
    // the note first, so that the text measured is the text sent
    explainCut(answer, budget);
    text = serializeAnswer(answer);
  }
  return { answer, text };
}

function lazilySerialized(answer: unknown): BudgetedAnswer {
  let text: string | undefined;
  return {
    answer,
    get text() {
      return (text ??= serializeAnswer(answer));
    },
  };
}

function itemCount(answer: unknown, listKey: string): number {
  const list = (answer as Record<string, unknown> | null)?.[listKey];
  return Array.isArray(list) ? list.length : 0;
}

/** The note that says the list was cut gets why: without it, "pass --limit N" reads as a bug. */
function explainCut(answer: unknown, budget: number): void {
  if (answer === null || typeof answer !== 'object') return;
  const record = answer as { note?: unknown };
  const why = `cut to fit ${budget.toLocaleString('en-US')} characters of JSON, as no limit was given`;
  record.note = typeof record.note === 'string' && record.note !== '' ? `${why}; ${record.note}` : why;
}
