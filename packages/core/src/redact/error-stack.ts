// `error.stack` without running a program's getter, and without formatting a stack V8 has not formatted
// yet. Before Node 22 `stack` is a data property; since then an own accessor whose getter is V8's own
// (shared by all errors). Either way V8 formats the stack on its first read, through
// Error.prepareStackTrace, reading the error's name and message at that moment, and keeps the result.
// A capture that read it first would fix the header early: @babel/parser defines `message` as a getter
// after passing the new error to a (traced) function, and `catch (e) { e.message = ctx + e.message; throw e }`
// changes a message after the (traced) throw; either program's `e.stack` then lost its message.
// So a capture reads the stack with a prepareStackTrace of its own that takes the call sites and throws:
// V8 keeps nothing when formatting throws, and formats again, as the program expects, on its next read.
import { dataPropertyInChain } from '../capture/intrinsics.js';
import { OwnError } from '../node-originals.js';
import { programFrameTexts, withOwnPrepareStackTrace } from '../recorder/stack-positions.js';

type CallSite = NodeJS.CallSite;

const nativeStackGetter = (Object.getOwnPropertyDescriptor(new Error(), 'stack')?.get ?? null) as ((this: object) => unknown) | null;
const ownDescriptor = Object.getOwnPropertyDescriptor;

/** Thrown by the capture's prepareStackTrace: the stack is not formatted yet. */
const NOT_FORMATTED: unique symbol = Symbol('breadcrumb: stack not formatted');

/**
 * Stacks formatted here that were costly to format, or that were formatted before, by error, with the
 * name and message they were formatted with. A program passes one error to many calls (a handler, a
 * logger, a retry loop) and never reads its stack: each capture formatted it again, 6 ms for a 5 MB
 * message and 86 ms for 5,000 frames (Error.stackTraceLimit = Infinity), at every one of up to 1,000
 * detailed calls. An exception is captured again at every traced call it leaves: js-yaml's errors,
 * thrown 17 calls deep, were formatted 2,684 times for 175 errors. A short stack is kept from its second
 * capture on: an error captured once holds no text.
 */
const formattedStacks = new WeakMap<object, { name: unknown; message: unknown; stack: string }>();
/** Errors whose short stack was formatted once (the next capture keeps it). */
const formattedOnce = new WeakSet<object>();
const COSTLY_STACK_CHARS = 4096;
const COSTLY_STACK_FRAMES = 64;

export function readErrorStack(e: object): string | null {
  const read = readCallSitesOrStack(e);
  if (read.sites === null) return read.stack;
  const frames: CallSite[] = read.sites;
  try {
    const name = dataPropertyInChain(e, 'name');
    const message = dataPropertyInChain(e, 'message');
    const known = formattedStacks.get(e);
    // the call sites are fixed when the error is made: only the header can have changed since
    if (known !== undefined && known.name === name && known.message === message) return known.stack;
    const text = formatStack(e, programFrameTexts(frames));
    if (text.length > COSTLY_STACK_CHARS || frames.length > COSTLY_STACK_FRAMES || formattedOnce.has(e)) formattedStacks.set(e, { name, message, stack: text });
    else formattedOnce.add(e);
    return text;
  } catch {
    return null;
  }
}

/**
 * The error's call sites as V8 captured them (not mapped back), when its stack is not formatted yet; the
 * stack property's value otherwise. Never formats the stack.
 */
export function readCallSitesOrStack(e: object): { sites: CallSite[] | null; stack: string | null } {
  const prepare = ownDescriptor(OwnError, 'prepareStackTrace');
  if (prepare !== undefined && prepare.configurable === false) return { sites: null, stack: readStackProperty(e) };
  let sites: CallSite[] | null = null;
  let stack: string | null = null;
  try {
    stack = withOwnPrepareStackTrace(
      (_error, callSites) => {
        sites = callSites;
        throw NOT_FORMATTED;
      },
      () => readStackProperty(e),
    );
  } catch {
    stack = null;
  }
  return { sites, stack };
}

/** The stack property's value (a formatted stack, or whatever a program stored there); null for a program's getter. */
function readStackProperty(e: object): string | null {
  // before Node 22 this read formats the stack
  const d = ownDescriptor(e, 'stack');
  if (d === undefined) return null;
  let stack: unknown = d.value;
  if (d.get !== undefined) {
    if (nativeStackGetter === null || d.get !== nativeStackGetter) return null;
    stack = nativeStackGetter.call(e);
  }
  return typeof stack === 'string' ? stack : null;
}

/** Node's default format (`Name: message` then `    at` frames), with name and message read without getters. */
function formatStack(e: object, frames: readonly string[]): string {
  let text = errorHeader(e);
  for (let i = 0; i < frames.length; i++) text += '\n    at ' + frames[i];
  return text;
}

function errorHeader(e: object): string {
  const name = headerPart(dataPropertyInChain(e, 'name'), 'Error');
  const message = headerPart(dataPropertyInChain(e, 'message'), '');
  if (name === '') return message;
  return message === '' ? name : name + ': ' + message;
}

function headerPart(v: unknown, absent: string): string {
  if (v === undefined) return absent;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === null ? String(v) : absent;
}
