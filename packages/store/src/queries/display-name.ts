// The name a user reads for a function. The instrumenter names a function as a user would say it
// (`Cart.total`, `get price`); one that has no name there (`<anonymous>`, `<anonymous class>`) is told
// apart by where it is: `<anonymous@src/app.js:12:5>` (module id without `./`, 1-based line and column,
// as in a stack trace). A function whose position comes from a source map (TypeScript compiled to
// `dist/`) is named after its source file, where that position is: `<anonymous@src/pay.ts:4:24>`, not
// `dist/pay.js` with the `.ts` file's line. The `functions.name` column keeps the instrumenter's name;
// every query and the report show this one, and `--call` accepts it.

/** A SQL expression for the display name of the `functions` row aliased `f`. */
export function displayNameSql(f = 'f'): string {
  const modulePath = `(CASE WHEN substr(${f}.module_id, 1, 2) = './' THEN substr(${f}.module_id, 3) ELSE ${f}.module_id END)`;
  // the folder the module id is relative to: the module's file less its module path
  const base = `substr(m.file, 1, length(m.file) - length(${modulePath}))`;
  const sourcePath =
    `(SELECT CASE WHEN length(${base}) > 0 AND substr(${f}.file, 1, length(${base})) = ${base} THEN substr(${f}.file, length(${base}) + 1) END ` +
    `FROM modules m WHERE m.process_id = ${f}.process_id AND m.module_id = ${f}.module_id AND substr(m.file, -length(${modulePath})) = ${modulePath} LIMIT 1)`;
  const place = `(CASE WHEN ${f}.file IS NULL OR ${f}.file = '' OR substr(${f}.file, -length(${modulePath})) = ${modulePath} THEN ${modulePath} ELSE COALESCE(${sourcePath}, ${modulePath}) END)`;
  return (
    `CASE WHEN ${f}.name LIKE '<anonymous%>' THEN substr(${f}.name, 1, length(${f}.name) - 1) || '@' || ${place} || ` +
    `':' || ${f}.line || ':' || (${f}.col + 1) || '>' ELSE ${f}.name END`
  );
}

/**
 * The same in JavaScript. `file`: the function's (source-mapped) file; `moduleFile`: the module's own
 * file, which the module id names.
 */
export function displayName(name: string, moduleId: string, line: number, column: number, file?: string, moduleFile?: string): string {
  if (!name.startsWith('<anonymous') || !name.endsWith('>')) return name;
  return `${name.slice(0, -1)}@${placeOf(moduleId, file, moduleFile)}:${line}:${column + 1}>`;
}

function placeOf(moduleId: string, file: string | undefined, moduleFile: string | undefined): string {
  const modulePath = moduleId.startsWith('./') ? moduleId.slice(2) : moduleId;
  if (!file || file.endsWith(modulePath) || moduleFile === undefined || !moduleFile.endsWith(modulePath)) return modulePath;
  const base = moduleFile.slice(0, moduleFile.length - modulePath.length);
  return base.length > 0 && file.startsWith(base) ? file.slice(base.length) : modulePath;
}
