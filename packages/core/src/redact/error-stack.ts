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
import { programCallSites, withOwnPrepareStackTrace } from '../recorder/stack-positions.js';

type CallSite = NodeJS.CallSite;

const nativeStackGetter = (Object.getOwnPropertyDescriptor(new Error(), 'stack')?.get ?? null) as ((this: object) => unknown) | null;
const ownDescriptor = Object.getOwnPropertyDescriptor;

/** Thrown by the capture's prepareStackTrace: the stack is not formatted yet. */
const NOT_FORMATTED: unique symbol = Symbol('breadcrumb: stack not formatted');

export function readErrorStack(e: object): string | null {
  const prepare = ownDescriptor(Error, 'prepareStackTrace');
  if (prepare !== undefined && prepare.configurable === false) return readStackProperty(e);
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
  if (sites === null) return stack;
  try {
    return formatStack(e, programCallSites(sites));
  } catch {
    return null;
  }
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
function formatStack(e: object, sites: readonly CallSite[]): string {
  let text = errorHeader(e);
  for (let i = 0; i < sites.length; i++) text += '\n    at ' + String(sites[i]);
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
