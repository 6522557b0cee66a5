// How much a query answers when no `--limit` was given. Its users are agents, which pay for every
// character: the first 500 events of a parser's run came to 134 KB of JSON (args of detailed calls),
// a quarter of a context window in one answer. Without `--limit`, a list stops at its default count or
// at ANSWER_BUDGET characters of JSON, whichever comes first, and the answer's note says so; with
// `--limit N` the caller asked for N and gets them.

/** Characters of compact JSON a list may take in an answer given without `--limit`. */
export const ANSWER_BUDGET = 40_000;
/** Items kept whatever their size: an answer with fewer than this says too little. */
const MIN_ITEMS = 5;

/**
 * The first items of `items` whose JSON fits in `budget` characters (at least MIN_ITEMS of them).
 * `limit`: the `--limit` given, or undefined; given, nothing is cut here.
 */
export function withinBudget<T>(items: readonly T[], limit: number | undefined, budget = ANSWER_BUDGET): T[] {
  if (limit !== undefined) return [...items];
  let used = 0;
  for (let i = 0; i < items.length; i++) {
    used += JSON.stringify(items[i])?.length ?? 0;
    if (used > budget && i >= MIN_ITEMS) return items.slice(0, i);
  }
  return [...items];
}

/** The note's reason when the budget (not the count) cut a list. */
export function budgetReason(shown: number, counted: number): string {
  return shown < counted ? ` (answers without --limit are kept under ${ANSWER_BUDGET / 1000} KB)` : '';
}
