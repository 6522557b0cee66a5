// The source line Node prints above an uncaught exception (`file:line`, the line, a caret), for lines of
// instrumented files. Node takes it from the code V8 runs, which on a line with inserted text is
// instrumented code; the instrumenter marks such lines so that Node leaves the line out (its
// exception-line.ts), and this module prints the original line where Node would have, with the caret
// where V8's message puts it:
// - a rejection (and an ES module's top-level error) is placed at the error's first frame with a file;
// - an exception that V8 or a built-in threw, at that frame too (the faulting expression, the call);
// - a `throw new X(...)`, at the `throw` keyword, found from the frame at its `new`. A line that throws
//   anything else is never marked (Node prints it), and an error made by `new` on a marked line but
//   thrown from another line leaves that other line to Node.
// Printed from the last 'exit' listener: Node emits 'exit' before it prints the exception, and the
// program's exit listeners may write to stderr first.
// Node also puts that line above the stack of an error that leaves `vm`'s evaluation of a script
// (runInContext, runInNewContext, runInThisContext: ContextifyScript::EvalMachine decorates the stack
// with it, unless `displayErrors: false`), and leaves it out for a marked line in the same way: the stack
// reads as plain only with the original line put there (vmDecoratedStack).
import { fileURLToPath } from 'node:url';
import { isNativeError } from 'node:util/types';
import { isMainThread } from 'node:worker_threads';
import { OwnError, ownFs } from '../node-originals.js';
import { classNameOfPrototype } from '../capture/intrinsics.js';
import { readCallSitesOrStack } from '../redact/error-stack.js';
import { formattedCallSites, lineHasInsertions, markedSourceDigest, programCallSites, registerStackDecoration } from '../recorder/stack-positions.js';

type CallSite = NodeJS.CallSite;

/** What the instrumenter's exception-line.ts exports (loaded when a line is printed, never before). */
interface MarkRules {
  mayMarkExceptionLine(originalLine: string): boolean;
  sourceDigest(source: string): string;
}

/**
 * The text Node would print above the uncaught `error` (origin as 'uncaughtExceptionMonitor' gives it),
 * when its line is a marked line of an instrumented file; null when Node prints its own line, or when the
 * original line cannot be known for sure.
 */
export function exceptionLineText(error: unknown, origin: string, markRules?: MarkRules): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const raw = readCallSitesOrStack(error).sites;
  const sites = raw !== null ? programCallSites(raw) : formattedCallSites(error);
  if (sites === undefined) return null;
  const className = classNameOf(error);
  const frame = firstFileFrame(sites, className);
  return frame === null || !onMarkedLine(frame) ? null : lineText(frame, className, origin, markRules);
}

/** Errors whose stack has the line above it already (see vmDecoratedStack): Node prints no other. */
const decoratedErrors = new WeakSet<object>();

/**
 * The stack of `error` as the program reads it: with the line above it when this formatting is Node's
 * read of an error leaving `vm`'s evaluation (the stack is formatted once, when first read) and the
 * error was thrown on a marked line. `sites`: the mapped call sites `stack` was formatted with.
 */
export function vmDecoratedStack(error: Error, sites: CallSite[], stack: string): string {
  try {
    const className = classNameOf(error);
    const frame = firstFileFrame(sites, className);
    if (frame === null || !onMarkedLine(frame) || !readByVmEvaluation()) return stack;
    const text = lineText(frame, className, 'uncaughtException');
    if (text === null) return stack;
    decoratedErrors.add(error);
    // Node's DecorateErrorStack: the line (ending with its newline), a newline, the stack
    return `${text}\n${stack}`;
  } catch {
    return stack;
  }
}

/** Has stacks formatted from here on decorated as Node decorates them for `vm`. */
export function installVmErrorLines(): void {
  registerStackDecoration(vmDecoratedStack);
}

const VM_EVALUATION_FRAME = /^ {4}at Script\.runIn(?:This)?Context \(node:vm:\d+:\d+\)$/;
const NODE_STACK_CALLBACK = /^ {4}at prepareStackTraceCallback \(node:internal\/errors:\d+:\d+\)$/;

/**
 * Whether the stack being formatted is read by Node's vm evaluation, right where the script threw (the
 * JavaScript frame below Node's formatting callback is vm's `Script.runInContext` or
 * `runInThisContext`): nothing else formats a stack there. Read while V8 formats a stack, this one is
 * formatted by V8's default formatter, frame by frame as text.
 */
function readByVmEvaluation(): boolean {
  const holder: { stack?: unknown } = {};
  const limit = OwnError.stackTraceLimit;
  try {
    OwnError.stackTraceLimit = 12;
    OwnError.captureStackTrace(holder);
  } finally {
    OwnError.stackTraceLimit = limit;
  }
  if (typeof holder.stack !== 'string') return false;
  const lines = holder.stack.split('\n');
  const callback = lines.findIndex((line) => NODE_STACK_CALLBACK.test(line));
  return callback > 0 && VM_EVALUATION_FRAME.test(lines[callback + 1] ?? '');
}

function classNameOf(error: object): string | null {
  const proto = Object.getPrototypeOf(error) as object | null;
  return proto === null ? null : classNameOfPrototype(proto);
}

function onMarkedLine(frame: Frame): boolean {
  return markedSourceDigest(frame.file) !== undefined && lineHasInsertions(frame.file, frame.line);
}

/** Node's text for the frame's line (file:line, the line, the caret), or null when it cannot be known for sure. */
function lineText(frame: Frame, className: string | null, origin: string, markRules?: MarkRules): string | null {
  const { file, line, column } = frame;
  const digest = markedSourceDigest(file)!;
  // only now: a build's runtime (whose files are never marked) has no instrumenter to load
  const rules = markRules ?? loadMarkRules();
  const source = sourceWithDigest(file, digest, rules);
  if (source === null) return null;
  const text = lineOf(source, line);
  if (text === null || !rules.mayMarkExceptionLine(text)) return null;
  const start = caretColumn(className, frame.parsedByBuiltin, origin, text, column - 1);
  if (start === null) return null;
  return `${file}:${line}\n${text}\n${underline(text, start)}`;
}

/**
 * Prints the line of a fatal uncaught exception once the process's exit listeners have run, just before
 * Node prints the exception. Main thread only: a worker's uncaught exception goes to its parent, unprinted.
 */
export function printExceptionLineWhenFatal(error: unknown, origin: string, appendExitListener: (listener: () => void) => void): void {
  if (!isMainThread) return;
  // its stack has the line already, and Node prints the stack alone
  if (typeof error === 'object' && error !== null && decoratedErrors.has(error)) return;
  if (process.listenerCount('uncaughtException') > 0 || process.hasUncaughtExceptionCaptureCallback()) return;
  let text: string | null = null;
  try {
    text = exceptionLineText(error, origin);
  } catch {
    text = null;
  }
  if (text === null) return;
  // Node prints `line\nstack` for an Error; for any other object, `\nline` at once, then the stack.
  const printed = isNativeError(error) ? text + '\n' : '\n' + text;
  const print = (): void => {
    try {
      ownFs.writeSync(2, printed);
    } catch {
      // stderr closed: Node's own print fails the same way
    }
  };
  // Node emits 'exit' only if the process was not exiting already (an exception thrown by an exit listener).
  if ((process as unknown as { _exiting?: boolean })._exiting === true) print();
  else appendExitListener(print);
}

interface Frame {
  file: string;
  line: number;
  /** 1-based, in the original source. */
  column: number;
  /** Called JSON.parse, eval or a Function constructor, which place their SyntaxErrors in the text they parse. */
  parsedByBuiltin: boolean;
}

const PARSING_CONSTRUCTORS = new Set(['Function', 'AsyncFunction', 'GeneratorFunction', 'AsyncGeneratorFunction']);

/**
 * V8 places a message at the first frame that has a script (built-ins such as `Array.prototype.reduce`
 * have none), past the constructor frames of an error class that captured its own stack
 * (`Error.captureStackTrace(this)` in a constructor, as DOMException does).
 */
function firstFileFrame(sites: CallSite[], className: string | null): Frame | null {
  let parsedByBuiltin = false;
  for (const site of sites) {
    const file = site.getFileName?.();
    const name = site.getFunctionName?.() ?? null;
    const constructing = site.isConstructor?.() === true;
    if (constructing && className !== null && name === className) continue;
    if (!file) {
      parsedByBuiltin ||= (name === 'parse' && site.getTypeName?.() === 'JSON') || name === 'eval' || (constructing && PARSING_CONSTRUCTORS.has(name ?? ''));
      continue;
    }
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    return line === null || column === null ? null : { file, line, column, parsedByBuiltin };
  }
  return null;
}

/** The file's text if it is still the text the instrumenter was given (a BOM stripped or not). */
function sourceWithDigest(file: string, digest: string, rules: MarkRules): string | null {
  let text: string;
  try {
    text = ownFs.readFileSync(file.startsWith('file:') ? fileURLToPath(file) : file, 'utf8');
  } catch {
    return null;
  }
  if (rules.sourceDigest(text) === digest) return text;
  if (text.charCodeAt(0) === 0xfeff && rules.sourceDigest(text.slice(1)) === digest) return text.slice(1);
  return null;
}

/** The 1-based line, as the instrumenter counts lines (line feeds), without a carriage return at its end. */
function lineOf(source: string, line: number): string | null {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = source.indexOf('\n', start);
    if (next === -1) return null;
    start = next + 1;
  }
  const end = source.indexOf('\n', start);
  const text = source.slice(start, end === -1 ? source.length : end);
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

const NEW_AT = /^new\s+([\w$.]+)/;
const THROW_BEFORE = /\bthrow\s+$/;
const DIRECT_EVAL = /^eval\s*\(/;

/** 0-based column of the caret, or null when V8's message is on another line (see the top of the file). */
function caretColumn(className: string | null, parsedByBuiltin: boolean, origin: string, text: string, at: number): number | null {
  const made = NEW_AT.exec(text.slice(at));
  const thrown = made === null ? null : THROW_BEFORE.exec(text.slice(0, at));
  // a SyntaxError of JSON.parse, eval or Function is placed in the text it parsed
  if (className === 'SyntaxError' && thrown === null && (parsedByBuiltin || DIRECT_EVAL.test(text.slice(at)))) return null;
  if (origin === 'unhandledRejection' || made === null) return at;
  if (thrown !== null) return thrown.index;
  // `new X` made this error and something else threw it; or `new X` itself failed (X is no constructor)
  const constructed = made[1]!.slice(made[1]!.lastIndexOf('.') + 1);
  return className === constructed ? null : at;
}

/**
 * Node's underline (src/node_errors.cc): for each byte of the UTF-8 line before the column, a tab stays a
 * tab and anything else is a space, then one caret; nothing when the column is past the line's bytes.
 */
function underline(text: string, start: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (start < 0 || start + 1 > bytes.length) return '';
  let out = '';
  for (let i = 0; i < start; i++) {
    if (bytes[i] === 0) break;
    out += bytes[i] === 0x09 ? '\t' : ' ';
  }
  return out + '^\n';
}

function loadMarkRules(): MarkRules {
  return require('@breadcrumb/instrumenter/exception-line') as MarkRules;
}
