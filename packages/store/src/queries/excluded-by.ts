// Which of the project's exclude globs keeps an untraced callee untraced. Excludes win over includes,
// so for such a callee the fix to suggest is removing the exclude: an include would change nothing.
import { minimatch } from 'minimatch';

/** The exclude glob that keeps a callee's module untraced, if one does (never for built-ins). */
export function excludedByOf(excludes: readonly string[], module: string | null, suggestedInclude: string | null): string | undefined {
  if (excludes.length === 0 || module === null || suggestedInclude === null) return undefined;
  const pkg = suggestedInclude.endsWith('/**') ? suggestedInclude.slice(0, -3) : null;
  // a package's module is its name: a glob excludes it when it takes the package's files
  const candidates = pkg !== null ? [pkg, `${pkg}/index.js`] : [module];
  return excludes.find((g) => candidates.some((id) => minimatch(id, g, { dot: true })));
}
