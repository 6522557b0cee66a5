// Node prints an uncaught exception after its source line: `file:line`, the line, a caret under the
// position (src/node_errors.cc, GetErrorSource). It takes the line from the code V8 runs, so on a line
// where text was inserted it would print instrumented code. Node leaves the line out when the line
// contains NODE_NO_EXCEPTION_LINE; the instrumenter writes that into the inserted text of such lines
// (`markExceptionLines`), and the runtime prints the original line in Node's place (core's
// process/exception-line.ts). Both sides decide which lines carry the mark with the functions below, on
// the same text: keep this file free of Babel, the runtime loads it.

export const NODE_NO_EXCEPTION_LINE = 'node-do-not-add-exception-line';
/** A comment, written inside the line's last insertion (so `Function.prototype.toString` drops it too). */
export const EXCEPTION_LINE_MARK = `/*${NODE_NO_EXCEPTION_LINE}*/`;

const THROW = /\bthrow\b/g;
const NEW_ERROR = /^\s*new\s+[\w$.]*(?:Error|Exception)\b/;

/**
 * Whether a line that has inserted text carries the mark. Not when the line throws anything but a new
 * error (`throw new TypeError(...)`, `throw new errors.HttpException(...)`: a class named ...Error or
 * ...Exception): V8 puts an uncaught `throw` at its keyword, and the runtime can find that keyword only
 * from the thrown error's first stack frame, which is where `new` made it; a value made elsewhere
 * (`throw err`, `throw make()`) or without a stack (`throw new Response()`) leaves Node's own line in
 * place, instrumented, as before. Text, not syntax: a `throw` in a string or comment only keeps a line
 * unmarked.
 */
export function mayMarkExceptionLine(originalLine: string): boolean {
  THROW.lastIndex = 0;
  for (let found = THROW.exec(originalLine); found !== null; found = THROW.exec(originalLine)) {
    if (!NEW_ERROR.test(originalLine.slice(found.index + found[0].length))) return false;
  }
  return true;
}

/**
 * A source that names a source map: when the program turns source maps on, Node prints its exception
 * line from the map, in JavaScript, whatever the line holds. Such a module is not marked at all.
 */
export function namesSourceMap(source: string): boolean {
  return /\/[/*][#@][ \t]*sourceMappingURL=/.test(source);
}

/**
 * What the runtime checks a file on disk against before printing one of its lines in Node's place: the
 * text the instrumenter was given (its length and a 32-bit FNV-1a hash of its UTF-16 code units).
 */
export function sourceDigest(source: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) {
    hash ^= source.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${source.length}:${(hash >>> 0).toString(36)}`;
}
