// Answers that fit an agent's context. MCP clients cut long tool results (Claude Code, for one, at
// 25,000 tokens by default), and a cut JSON answer is unreadable. So when a tool was called without
// `limit` and its JSON runs past the budget, it is asked again with a limit scaled to fit; the store's
// own `note` then says how many items there are in all and how to ask for more. An explicit `limit`
// is always honoured as given.

export const ANSWER_CHAR_BUDGET = 50_000;
const MAX_RETRIES = 3;

export function serializeAnswer(answer: unknown): string {
  // Compact: the same JSON as the CLI prints, without the indentation that costs an agent tokens.
  return typeof answer === 'string' ? answer : JSON.stringify(answer);
}

/**
 * Runs `ask` and returns the serialised answer, asking again with a smaller `limit` while the answer
 * is over `budget` and `listKey` names the answer's list of items.
 */
export function answerWithinBudget(
  args: { limit?: number | undefined },
  listKey: string | undefined,
  ask: (limit: number | undefined) => unknown,
  budget: number = ANSWER_CHAR_BUDGET,
): string {
  let text = serializeAnswer(ask(args.limit));
  if (listKey === undefined || args.limit !== undefined) return text;
  for (let retry = 0; retry < MAX_RETRIES && text.length > budget; retry++) {
    const items = itemCount(JSON.parse(text), listKey);
    if (items <= 1) break;
    const limit = Math.max(1, Math.floor(((items * budget) / text.length) * 0.9));
    text = serializeAnswer(ask(limit));
  }
  return text;
}

function itemCount(answer: unknown, listKey: string): number {
  const list = (answer as Record<string, unknown> | null)?.[listKey];
  return Array.isArray(list) ? list.length : 0;
}
