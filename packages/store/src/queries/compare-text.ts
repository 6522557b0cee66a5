// The tie-breaker of the queries' and the report's orderings (by name when counts are equal).

/**
 * Code-unit order: the same on every machine, unlike localeCompare, whose order follows the ICU
 * locale, and whose first call builds a collator (~10 ms, on the path from the command's exit to the
 * report).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
