// The name a user reads for a function. The instrumenter names a function as a user would say it
// (`Cart.total`, `get price`); one that has no name there (`<anonymous>`, `<anonymous class>`) is told
// apart by where it is: `<anonymous@src/app.js:12:5>` (module id without `./`, 1-based line and column,
// as in a stack trace). The `functions.name` column keeps the instrumenter's name; every query and the
// report show this one, and `--call` accepts it.

/** A SQL expression for the display name of the `functions` row aliased `f`. */
export function displayNameSql(f = 'f'): string {
  return (
    `CASE WHEN ${f}.name LIKE '<anonymous%>' THEN substr(${f}.name, 1, length(${f}.name) - 1) || '@' || ` +
    `(CASE WHEN substr(${f}.module_id, 1, 2) = './' THEN substr(${f}.module_id, 3) ELSE ${f}.module_id END) || ` +
    `':' || ${f}.line || ':' || (${f}.col + 1) || '>' ELSE ${f}.name END`
  );
}

/** The same in JavaScript. */
export function displayName(name: string, moduleId: string, line: number, column: number): string {
  if (!name.startsWith('<anonymous') || !name.endsWith('>')) return name;
  const module = moduleId.startsWith('./') ? moduleId.slice(2) : moduleId;
  return `${name.slice(0, -1)}@${module}:${line}:${column + 1}>`;
}
