// The capture writer: walks a program value once and appends its redacted JSON text as it goes. No
// snapshot tree, no per-property objects of ours, no second walk for redaction, no JSON.stringify of a
// structure (only of strings). What it writes is the contract in packages/core/CAPTURE.md.
//
// The rules of issue #7 hold here: no program code runs (properties are read through descriptors, a
// Proxy is recognised before anything touches it, built-ins are read with intrinsics, no toJSON), no
// program object is kept past the call (a capture's list of the containers it walks is dropped with
// it), and every limit applies (depth, keys, items, string length, maxValues in all).
//
// Redaction is applied inline, with the same rules, in the same places, as the redactor applied them to
// the former snapshot tree (reference/pipeline.ts, which the differential test compares against byte for
// byte): a value is judged by the name it sits under (an object key, a parameter name, the first item of
// a `[name, value]` pair, an argv flag), strings by the value rules, numbers by the card-number rule.
// Names are classified once per distinct key and their JSON text is cached with the class.
//
// Two places need to know something before they write that the former pipeline learnt after its walk:
// whether an object is a JSON Web Key (its `kty` member must be reached), and what governs each item of an
// array that starts with a string (argv, header lists, pairs: the items the walk actually reaches). Both
// are assumed from what the object holds and checked afterwards; when the walk was cut short (maxValues)
// and the assumption turns out wrong, the part is written again (it is a few values at most).
//
// Text is appended to one string: V8 makes `out += piece` a rope (no copy) and flattens it once when the
// text is encoded; that measured faster than collecting parts and joining them.

import { types } from 'node:util';
import { arrayContext, isKeyListName, keyListItemClass, type ElementContext } from '../redact/array-context.js';
import { readErrorStack } from '../redact/error-stack.js';
import type { KeyClass, RedactionRules } from '../redact/index.js';
import { redactNamedString } from '../redact/named-value.js';
import { isCardNumberValue } from '../redact/pii-rules.js';
import { redactedMarker } from '../redact/spans.js';
import { JWK_PRIVATE_MEMBERS } from '../redact/value-walker.js';
import { OTP_SECRET_ENCODINGS, OTP_URL_MEMBER } from '../redact/key-names.js';
import { holdsParentSecret, isNameMember, isValueMember, SCANNED_KEY_LENGTH, uniqueKey } from '../redact/named-members.js';
import type { CaptureLimits } from '../settings.js';
import { classNameOfPrototype, dataPropertyInChain, functionName, inheritsFromError, intrinsics } from './intrinsics.js';
import { LongStrings, REDACTION_WINDOW } from './long-strings.js';
import { oneByte } from './one-byte.js';

// Taken when this module loads, before a program can replace them.
const { isProxy, isNativeError, isMap, isSet, isDate, isRegExp, isPromise, isWeakMap, isWeakSet } = types;
const { isArrayBuffer, isSharedArrayBuffer, isBoxedPrimitive, isModuleNamespaceObject, isTypedArray } = types;
const { isStringObject, isNumberObject, isBooleanObject, isBigIntObject, isAsyncFunction, isGeneratorFunction } = types;
const isView = ArrayBuffer.isView;
const isArray = Array.isArray;
const objectKeys = Object.keys;
const ownDescriptor = Object.getOwnPropertyDescriptor;
const prototypeOf = Object.getPrototypeOf;
const hasOwn = Object.hasOwn;
const quote = JSON.stringify as (s: string) => string;
const regExpPrototype = RegExp.prototype as object;
const bufferFrom = Buffer.from as (buffer: ArrayBufferLike, offset: number, length: number) => Buffer;
const bufferToString = Buffer.prototype.toString as (this: Buffer, encoding: BufferEncoding) => string;
const bufferSubarray = Buffer.prototype.subarray;

const DEFAULT_MAX_VALUES = 100;
/** Numbers at or above this may be card numbers. */
const CARD_NUMBER_FLOOR = 1e11;
/** Strings up to this length have their JSON text cached (values like 'Identifier' recur endlessly), within a budget of characters. */
const CACHED_TEXT_LENGTH = 256;
const TEXT_CACHE_LIMIT = 4096;
const TEXT_CACHE_CHARS = 1 << 20;
/**
 * Error stacks have their JSON text cached too, in a budget of their own: longer than other cached
 * texts, and the same stack is captured again and again with the error it belongs to (Effect's span
 * errors: 1,400 errors captured 20,000 times, each stack a kilobyte that redaction scanned every time).
 */
const CACHED_STACK_LENGTH = 16384;
const STACK_CACHE_CHARS = 2 << 20;
const KEY_CACHE_LIMIT = 4096;
const CLASS_CACHE_LIMIT = 1024;
/**
 * An object with this many keys or more keeps its key list between captures (see keysOf). `Object.keys`
 * is the one read whose cost follows the value, not the limits (16 ms for 100,000 keys): a lookup table
 * passed to a function on every call cost that at each of the function's detailed calls (1,000 calls of
 * `lookup(table, key)` with a 100,000-key table: 18 s traced, under 1 ms plain).
 */
const LARGE_OBJECT_KEYS = 1024;
/** Keys are cut at maxStringLength, but never shorter than this: a name is read whole even under small limits. */
const MIN_KEY_LENGTH = 256;

/** A large object's key list from its last full read, how often it was captured, and when to read it again. */
interface LargeKeyList {
  names: string[];
  captures: number;
  nextRead: number;
}

const KEY_CONTEXT = quote(redactedMarker('key-context'));
const CARD_NUMBER = quote(redactedMarker('card-number'));
const CLI_PASSWORD = redactedMarker('cli-password');
const SIZE_TRUNCATED = '{"$type":"truncated","reason":"size"}';
const DEPTH_TRUNCATED = '{"$type":"truncated","reason":"depth","of":';
const ARRAY_DEPTH_TRUNCATED = DEPTH_TRUNCATED + '"Array"}';
const OBJECT_DEPTH_TRUNCATED = DEPTH_TRUNCATED + '"Object"}';
const UNDEFINED = '{"$type":"undefined"}';
const PROXY = '{"$type":"Proxy"}';
const EMPTY = '{"$type":"empty"}';
const NEGATIVE_ZERO = '{"$type":"number","value":"-0"}';
const ACCESSOR = ['{"$type":"accessor","get":false,"set":false}', '{"$type":"accessor","get":false,"set":true}', '{"$type":"accessor","get":true,"set":false}', '{"$type":"accessor","get":true,"set":true}'];

/** A value no program holds: what a key entry remembers before it has seen one. */
const NOTHING = Symbol('nothing');

/**
 * One capture's text so far and the containers it is walking (ancestors[d] at depth d), in an object
 * made for each capture: young, so that storing each new piece of text and each container needs no
 * write barrier, as fields of the writer (an old object) did: ~20 a detailed call on acorn, 4% of its
 * capture's instructions. Dropped at the end of the capture, with every program object it holds.
 */
class Walk {
  out = '';
  /**
   * Made with room for maxDepth containers (at most MAX_PRESIZED_DEPTH): an empty array's first
   * store grew it to 17 slots, 152 bytes of garbage a capture where 4 are used.
   */
  readonly ancestors: (object | null)[];

  constructor(maxDepth: number) {
    this.ancestors = new Array(maxDepth < MAX_PRESIZED_DEPTH ? maxDepth : MAX_PRESIZED_DEPTH);
  }
}

const MAX_PRESIZED_DEPTH = 16;
const IDLE = new Walk(0);

/** A program key as written: its JSON text (with and without the comma before it), the name redaction judges, its class. */
class KeyEntry {
  /**
   * The key that followed this one last time, and its entry: objects of one shape list the same keys in
   * the same order, so most keys are found by one comparison instead of a map lookup.
   */
  following = ''; // a string from the start: compared with a key, null made the comparison a generic call
  followingEntry: KeyEntry | null = null;
  /**
   * The primitive this key held last time (not as the first member), under which class, and the text
   * written for both, comma included: a Parser's options and flags are the same from call to call.
   */
  memoValue: unknown = NOTHING;
  memoCls: KeyClass = 'none';
  memoText = '';
  /** Whether memoText was made one piece: at its first reuse (a text written once is not worth it). */
  memoFlat = false;
  /** Whether any of shown, jwkMember, nameMember, valueMember, otpMember applies (members() tests this one first). */
  readonly marked: boolean;

  constructor(
    readonly first: string,
    readonly next: string,
    /** The key as written: a program key starting with `$` gets one more, so it never passes for a tag. */
    readonly name: string,
    readonly cls: KeyClass,
    readonly jwkMember: boolean,
    /** `name`, `Key`...: may name the variable a later value member holds (see named-members.ts). */
    readonly nameMember: boolean,
    /** `value`, `Value`, `ParameterValue`: an earlier name member may say what it holds. */
    readonly valueMember: boolean,
    /** The key's text with a secret in it redacted (a token used as a key), or null when shown as it is. */
    readonly shown: string | null = null,
    /** `ascii`, `hex`, `base32`, `base64`: the TOTP secret when an `otpauth_url` sibling holds a string. */
    readonly otpMember: boolean = false,
  ) {
    this.marked = shown !== null || jwkMember || nameMember || valueMember || otpMember;
  }
}

/** A class name, redacted, as a JSON string and as the `"$class":` member. */
class ClassEntry {
  /** Before an object's first key: its `following` is the key its objects started with last time. */
  readonly start = new KeyEntry('', '', '', 'none', false, false, false);
  /** `{"$class":"X"`: an instance's opening when its first key is not an integer (nearly always), one piece instead of two. */
  readonly open: string;
  /** An instance past maxDepth. */
  readonly depthTruncated: string;

  constructor(
    readonly quoted: string,
    readonly member: string,
  ) {
    this.open = flat('{' + member);
    this.depthTruncated = flat(DEPTH_TRUNCATED + quoted + '}');
  }
}

export class CaptureWriter {
  /** The capture in progress; IDLE between captures, so that no program object stays referenced. */
  private walk: Walk = IDLE;
  /** Values written so far in this capture, against maxValues. */
  private values = 0;
  private busy = false;
  /** For cycle references, the key or index taken out of each container being walked (segments[d] at depth d). */
  private readonly segments: (string | number)[] = [];
  private rootName: string | null = null;
  /** The class of the last plain instance (AST nodes come in runs), forgotten at the end of each capture. */
  private lastPlainPrototype: object | null = null;
  private lastPlainClass: ClassEntry | null = null;
  /** Prototypes whose instances were found to be ordinary objects, with their class names. */
  private readonly plainClasses = new WeakMap<object, ClassEntry>();
  private readonly functionTexts = new WeakMap<Function, string>();
  /** Prototypes with the mark of their instances past maxDepth (see depthTruncated). */
  private readonly depthTexts = new WeakMap<object, string>();
  /** Objects with LARGE_OBJECT_KEYS keys or more that were captured, with their key lists (null: none yet). */
  private largeObjects: WeakMap<object, LargeKeyList> | null = null;
  /** Before a plain object's first key (see ClassEntry.start). */
  private readonly objectStart = new KeyEntry('', '', '', 'none', false, false, false);
  /** Where the `kty` of the JSON Web Key just written was (see isJwk), or -1. */
  private jwkKtyIndex = -1;
  /** Where the `otpauth_url` of the TOTP secret just written was (see gateIndexOf), or -1. */
  private otpUrlIndex = -1;
  private readonly keyEntries = new Map<string, KeyEntry>();
  private readonly classEntries = new Map<string, ClassEntry>();
  private readonly texts = new Map<string, string>();
  private textChars = 0;
  private readonly stackTexts = new Map<string, string>();
  private stackChars = 0;
  private readonly longStrings: LongStrings;
  private readonly maxValues: number;
  private readonly maxString: number;
  private readonly maxDepth: number;
  private readonly maxKeys: number;
  private readonly maxItems: number;
  private readonly maxKeyLength: number;

  constructor(
    private readonly limits: CaptureLimits,
    private readonly rules: RedactionRules,
  ) {
    this.maxValues = limits.maxValues ?? DEFAULT_MAX_VALUES;
    this.maxString = limits.maxStringLength;
    this.maxDepth = limits.maxDepth;
    this.maxKeys = limits.maxKeys;
    this.maxItems = limits.maxItems;
    this.maxKeyLength = this.maxString > MIN_KEY_LENGTH ? this.maxString : MIN_KEY_LENGTH;
    this.longStrings = new LongStrings(this.maxString, (text) => rules.strings.redact(text));
  }

  /**
   * The JSON text of `value`, redacted as a value found under `name` (a parameter name; null for a
   * return or thrown value), whose class `cls` says what the name means. Throws only on an engine
   * limit (a stack overflow on a pathological value); the caller records that instead.
   */
  write(value: unknown, name: string | null, cls: KeyClass): string {
    // A capture never runs program code, but reading an error's stack may run Error.prepareStackTrace,
    // which may be traced: a capture started from inside one gets a writer of its own.
    if (this.busy) return new CaptureWriter(this.limits, this.rules).write(value, name, cls);
    this.busy = true;
    this.walk = new Walk(this.maxDepth);
    this.values = 0;
    this.rootName = name;
    try {
      this.value(value, 0, name, cls);
      return this.walk.out;
    } finally {
      this.walk = IDLE;
      this.busy = false;
      this.lastPlainPrototype = null;
      this.lastPlainClass = null;
    }
  }

  /**
   * What write() gives an object under maxDepth 0: its class alone, as the depth mark, or the Proxy
   * mark; for a receiver captured as its class (thisValues 1), on nearly every detailed call of a
   * method. No capture is started for it (no Walk, no try/finally): it reads the prototype only.
   */
  classMark(o: object): string {
    if (isProxy(o)) return PROXY;
    if (isArray(o)) return ARRAY_DEPTH_TRUNCATED;
    const proto = prototypeOf(o) as object | null;
    return proto === null ? OBJECT_DEPTH_TRUNCATED : this.depthTruncated(proto);
  }

  private value(v: unknown, depth: number, name: string | null, cls: KeyClass): void {
    if (++this.values > this.maxValues) {
      this.walk.out += SIZE_TRUNCATED;
      return;
    }
    // `typeof v === '...'` tests, not a switch: V8 compiles each to a type check, a switch to a call
    // that makes the type's name and string comparisons
    if (typeof v === 'object') {
      if (v === null) this.walk.out += 'null';
      else this.object(v, depth, cls, name);
    } else if (typeof v === 'string') {
      if (v.length <= this.maxString) {
        this.walk.out += cls === 'none' ? this.textJson(v) : quote(redactNamedString(this.rules.keys, this.rules.strings, v, name, cls));
      } else this.walk.out += cls === 'none' ? this.longStrings.get(v).json : KEY_CONTEXT;
    } else if (typeof v === 'number') {
      if (v === v && v !== Infinity && v !== -Infinity && (v !== 0 || 1 / v > 0)) {
        this.walk.out += cls !== 'none' ? KEY_CONTEXT : v >= CARD_NUMBER_FLOOR && isCardNumberValue(v) ? CARD_NUMBER : '' + v;
      } else this.walk.out += cls !== 'none' ? KEY_CONTEXT : v === 0 ? NEGATIVE_ZERO : '{"$type":"number","value":"' + v + '"}';
    } else if (typeof v === 'boolean') this.walk.out += v ? 'true' : 'false';
    else if (typeof v === 'undefined') this.walk.out += UNDEFINED;
    else if (typeof v === 'function') this.walk.out += this.functionText(v);
    else if (typeof v === 'bigint') this.walk.out += cls !== 'none' ? KEY_CONTEXT : '{"$type":"bigint","value":' + this.textJson('' + v) + '}';
    else this.symbol(v as symbol, depth, cls);
  }

  private symbol(s: symbol, depth: number, cls: KeyClass): void {
    const description = intrinsics.symbolDescription.call(s);
    if (cls !== 'none') {
      // written as one marker, but the description still counts against maxValues
      if (description !== undefined) this.values++;
      this.walk.out += KEY_CONTEXT;
      return;
    }
    this.walk.out += '{"$type":"symbol","description":';
    if (description === undefined) this.walk.out += 'null';
    else this.value(description, depth, null, 'none');
    this.walk.out += '}';
  }

  /**
   * A function's text, computed once per function: the same methods and callbacks turn up in capture
   * after capture (a parser's options, a schema's types), and reading a name through its descriptor and
   * asking what kind of function it is cost more than the rest of a small capture. A function renamed
   * after its first capture (`Object.defineProperty(f, 'name', ...)`) keeps the name it had then.
   */
  private functionText(f: Function): string {
    let text = this.functionTexts.get(f);
    if (text === undefined) {
      text = isProxy(f) ? PROXY : this.fn(f);
      this.functionTexts.set(f, text);
    }
    return text;
  }

  private fn(f: Function): string {
    const kind = isAsyncFunction(f) ? (isGeneratorFunction(f) ? ',"kind":"async generator"}' : ',"kind":"async"}') : isGeneratorFunction(f) ? ',"kind":"generator"}' : '}';
    return '{"$type":"function","name":' + this.textJson(functionName(f)) + kind;
  }

  private object(o: object, depth: number, cls: KeyClass, name: string | null = null): void {
    if (isProxy(o)) {
      this.walk.out += PROXY;
      return;
    }
    const ancestors = this.walk.ancestors;
    for (let i = 0; i < depth; i++) {
      if (ancestors[i] === o) {
        this.walk.out += '{"$ref":' + this.textJson(this.pathOf(i)) + '}';
        return;
      }
    }
    const proto = prototypeOf(o) as object | null;
    const array = isArray(o);
    if (depth >= this.maxDepth) {
      if (array) this.walk.out += ARRAY_DEPTH_TRUNCATED;
      else {
        this.walk.out += proto === null ? OBJECT_DEPTH_TRUNCATED : this.depthTruncated(proto);
      }
      return;
    }
    // slots past depth hold containers walked before, which the loop above never reads
    ancestors[depth] = o;
    if (array) this.array(o as unknown[], proto, depth, cls, name);
    else if (proto === intrinsics.objectPrototype || proto === null) this.record(o, depth, null, false, cls);
    else this.special(o, proto, depth, cls);
  }

  private special(o: object, proto: object, depth: number, cls: KeyClass): void {
    // Objects of a class seen before as a plain class skip the type tests. Safe even if a later object
    // of that class is exotic (Reflect.construct): it is then read as a record, which runs no code either.
    let knownClass: ClassEntry | null | undefined;
    if (proto === this.lastPlainPrototype) knownClass = this.lastPlainClass;
    else {
      knownClass = this.plainClasses.get(proto);
      if (knownClass !== undefined) {
        this.lastPlainPrototype = proto;
        this.lastPlainClass = knownClass;
      }
    }
    if (knownClass !== undefined && knownClass !== null) return this.record(o, depth, knownClass, false);
    // a parser's keyword patterns: one type test instead of six
    if (proto === regExpPrototype && isRegExp(o)) return this.regExp(o as RegExp, depth);
    if (isNativeError(o)) return this.error(o as Error, proto, depth);
    if (isView(o)) return this.bytes(o as ArrayBufferView, proto, cls);
    if (isMap(o)) return this.map(o as Map<unknown, unknown>, depth);
    if (isSet(o)) return this.set(o as Set<unknown>, depth);
    if (isDate(o)) {
      const time = intrinsics.dateGetTime.call(o as Date);
      this.walk.out += '{"$type":"Date","value":' + (time === time ? this.textJson(intrinsics.dateToISOString.call(o as Date)) : 'null') + '}';
      return;
    }
    if (isRegExp(o)) return this.regExp(o as RegExp, depth);
    if (isPromise(o)) return void (this.walk.out += '{"$type":"Promise"}');
    if (isWeakMap(o)) return void (this.walk.out += '{"$type":"WeakMap"}');
    if (isWeakSet(o)) return void (this.walk.out += '{"$type":"WeakSet"}');
    if (isArrayBuffer(o)) return void (this.walk.out += '{"$type":"ArrayBuffer","byteLength":' + intrinsics.arrayBufferByteLength.call(o as ArrayBuffer) + '}');
    if (isSharedArrayBuffer(o)) {
      return void (this.walk.out += '{"$type":"SharedArrayBuffer","byteLength":' + intrinsics.sharedArrayBufferByteLength.call(o as SharedArrayBuffer) + '}');
    }
    if (isBoxedPrimitive(o)) return this.boxed(o, depth, cls);
    if (isModuleNamespaceObject(o)) return this.record(o, depth, this.classEntry('Module'), false);
    // a request's URL and query: their data is in internal slots, and `{"$class":"URLSearchParams"}`
    // said nothing of the query a handler mis-parsed (read with the intrinsics: no program code runs)
    if (proto === intrinsics.urlPrototype) return this.url(o as URL, depth);
    if (proto === intrinsics.searchParamsPrototype) return this.searchParams(o as URLSearchParams, depth);
    // js-yaml's YAMLException and other errors made the ES5 way: their name, message and stack as a
    // native error's, not a record whose stack (an accessor) was left out
    if (inheritsFromError(proto)) return this.error(o as Error, proto, depth);
    const className = classNameOfPrototype(proto);
    if (className === 'WeakRef') return void (this.walk.out += '{"$type":"WeakRef"}');
    const entry = this.classEntry(className ?? 'Object');
    this.plainClasses.set(proto, entry);
    this.record(o, depth, entry, false);
  }

  private regExp(re: RegExp, depth: number): void {
    let flags = '';
    const getters = intrinsics.regExpFlagGetters;
    for (let i = 0; i < getters.length; i++) if (getters[i][1].call(re)) flags += getters[i][0];
    this.walk.out += '{"$type":"RegExp","source":';
    this.value(intrinsics.regExpSource.call(re), depth, null, 'none');
    this.walk.out += ',"flags":"' + flags + '"}';
  }

  /**
   * An object's own enumerable string-keyed properties, at most maxKeys, with `"$moreKeys"` for the rest.
   * `className` adds `"$class"`; `errorProps` writes `,"props":{...}` only when there is a member, and
   * leaves out `message` and `stack` (written elsewhere) while still counting them.
   */
  /** `parentCls`: the class of the name a plain object sits under (its `value`, `access`... may hold the secret). */
  private record(o: object, depth: number, className: ClassEntry | null, errorProps: boolean, parentCls: KeyClass = 'none'): void {
    const names = this.keysOf(o);
    const n = names.length < this.maxKeys ? names.length : this.maxKeys;
    const saved = this.walk.out;
    const savedValues = this.values;
    // `"$class"` follows the integer keys, which come first: with none, it opens the object.
    const opened = className !== null && !errorProps && (names.length === 0 || !isArrayIndex(names[0]!));
    if (opened) this.walk.out += className.open;
    else if (!errorProps) this.walk.out += '{';
    const reached = this.members(o, names, n, depth, className, errorProps, opened, UNKNOWN, parentCls, UNKNOWN);
    const jwkCut = this.jwkKtyIndex >= 0 && reached <= this.jwkKtyIndex;
    const otpCut = this.otpUrlIndex >= 0 && reached <= this.otpUrlIndex;
    if (jwkCut || otpCut) {
      // Taken for a JSON Web Key (or a TOTP secret), but the walk stopped (maxValues) before `kty` (or
      // `otpauth_url`): the former pipeline did not know it as one, so it is written again without that.
      this.walk.out = saved;
      this.values = savedValues;
      if (opened) this.walk.out += className.open;
      else if (!errorProps) this.walk.out += '{';
      this.members(o, names, n, depth, className, errorProps, opened, jwkCut ? NOT_JWK : UNKNOWN, parentCls, otpCut ? NOT_JWK : UNKNOWN);
    }
  }

  /**
   * `Object.keys(o)`, except for an object seen before with LARGE_OBJECT_KEYS keys or more: its list is
   * read whole again only at its 2nd, 4th, 8th... capture (10 reads in 1,000 captures), and in between
   * the list of the last read stands. The values are always read at the capture; a key deleted since is
   * left out (it has no descriptor), one added since is missing from the count until the next read. The
   * first keys, which are all a capture lists, change only when one is deleted: string keys are listed in
   * the order they were added.
   */
  private keysOf(o: object): string[] {
    const known = this.largeObjects === null ? undefined : this.largeObjects.get(o);
    if (known !== undefined && ++known.captures < known.nextRead) return known.names;
    const names = objectKeys(o);
    if (known !== undefined) {
      if (names.length >= LARGE_OBJECT_KEYS) {
        known.names = names;
        known.nextRead = known.captures * 2;
      } else this.largeObjects!.delete(o);
    } else if (names.length >= LARGE_OBJECT_KEYS) {
      (this.largeObjects ??= new WeakMap()).set(o, { names, captures: 1, nextRead: 2 });
    }
    return names;
  }

  /**
   * Whether `o` is a JSON Web Key: a `kty` member among the first n names holding a string (its private
   * members are secrets whatever their name). Sets jwkKtyIndex to where `kty` is, or -1.
   */
  private isJwk(o: object, names: string[], n: number): boolean {
    this.jwkKtyIndex = this.gateIndexOf(o, names, n, 'kty');
    return this.jwkKtyIndex >= 0;
  }

  /** Where, among the first n names, `gate` is, when it holds a string within the limit (as the snapshot had it); else -1. */
  private gateIndexOf(o: object, names: string[], n: number, gate: string): number {
    for (let i = 0; i < n; i++) {
      if (names[i] !== gate) continue;
      try {
        const d = ownDescriptor(o, gate);
        if (d !== undefined && typeof d.value === 'string' && d.value.length <= this.maxString) return i;
      } catch {
        // a binding in its temporal dead zone is no gate
      }
      break;
    }
    return -1;
  }

  /**
   * Writes the members and the closing brace; returns how many names were reached. `opened`: the
   * opening with `"$class"` is written already.
   */
  private members(o: object, names: string[], n: number, depth: number, className: ClassEntry | null, errorProps: boolean, opened: boolean, jwkState: number, parentCls: KeyClass, otpState: number): number {
    // `{` is written already, except for error props, which open on their first member.
    let first = !opened;
    // JSON.stringify of the former snapshot put integer keys before `$class`: so does this.
    let classPending = className !== null && !opened;
    const open = errorProps ? ',"props":{' : '';
    let reached = n;
    let previous: KeyEntry | null = className !== null ? className.start : errorProps ? null : this.objectStart;
    let ktyIndex = -1;
    let otpIndex = -1;
    // `{name: 'DB_PASSWORD', value: …}`: the last name member passed
    let variable: string | null = null;
    // the keys shown so far, kept from the first key shown under another text (a token used as a key) on
    let shownKeys: Set<string> | null = null;
    // The text so far, in a local between the nested values: each store of a new piece in the field
    // (of an old object) paid the write barrier.
    let out = this.walk.out;
    for (let i = 0; i < n; i++) {
      if (this.values >= this.maxValues) {
        reached = i; // the capture is full: the keys left are counted, not walked
        break;
      }
      const k = names[i];
      let d: PropertyDescriptor | undefined;
      try {
        d = ownDescriptor(o, k);
      } catch {
        d = undefined; // a module namespace binding still in its temporal dead zone
      }
      if (d === undefined) continue;
      const entry = this.keyEntry(k, previous);
      previous = entry;
      let renamedText: string | null = null;
      let cls = entry.cls;
      let valueName = entry.name;
      // most keys are none of the special ones below: one test instead of five
      if (entry.marked || shownKeys !== null) {
        if (entry.shown !== null) {
          if (shownKeys === null) {
            shownKeys = new Set();
            for (let j = 0; j < i; j++) shownKeys.add(names[j]!.charCodeAt(0) === 36 ? '$' + names[j] : names[j]!);
          }
          const taken = shownKeys;
          const shown = uniqueKey(entry.shown, (t) => taken.has(t));
          shownKeys.add(shown);
          renamedText = shown === entry.shown ? entry.first : this.keyText(shown);
        } else if (shownKeys !== null) shownKeys.add(entry.name);
        if (entry.jwkMember && jwkState !== NOT_JWK) {
          // decided on the first member that a key would make secret (`d`, `p`, `k`...), not on every object
          if (jwkState === UNKNOWN) {
            jwkState = this.isJwk(o, names, n) ? JWK : NOT_JWK;
            ktyIndex = this.jwkKtyIndex;
          }
          if (jwkState === JWK) cls = 'secret';
        }
        if (entry.otpMember && otpState !== NOT_JWK) {
          if (otpState === UNKNOWN) {
            otpIndex = this.gateIndexOf(o, names, n, OTP_URL_MEMBER);
            otpState = otpIndex >= 0 ? JWK : NOT_JWK;
          }
          if (otpState === JWK) cls = 'secret';
        }
        if (entry.nameMember) {
          // a name longer than maxString is shown cut, and judged by nobody (as the snapshot pipeline did)
          const v: unknown = 'value' in d ? d.value : undefined;
          variable = typeof v === 'string' && v.length <= this.maxString ? v : null;
        } else if (entry.valueMember && variable !== null) {
          const named = this.rules.keys.classify(variable);
          if (named !== 'none') {
            cls = named;
            valueName = variable;
          }
        }
      }
      if (cls === 'none' && parentCls === 'secret' && holdsParentSecret(k)) cls = 'secret';
      if (errorProps && (k === 'message' || k === 'stack')) {
        // written as the error's own members; walked here only to count what the limits count
        if ('value' in d) {
          this.walk.out = out;
          this.segments[depth] = k;
          this.value(d.value, depth + 1, valueName, cls);
        }
        continue;
      }
      if (classPending && !isArrayIndex(k)) {
        out += (first ? '' : ',') + className!.member;
        first = false;
        classPending = false;
      }
      if (!first && 'value' in d && valueName === entry.name && renamedText === null) {
        const v: unknown = d.value;
        if (v === entry.memoValue && cls === entry.memoCls) {
          // the same member as last time (an option, a flag, a node type): its text is ready
          this.values++;
          if (!entry.memoFlat) {
            flat(entry.memoText);
            entry.memoFlat = true;
          }
          out += entry.memoText;
          continue;
        }
        const text = this.primitiveText(v, valueName, cls);
        if (text !== null) {
          this.values++;
          entry.memoValue = v;
          entry.memoCls = cls;
          entry.memoFlat = false;
          out += entry.memoText = entry.next + text;
          continue;
        }
      }
      if (renamedText !== null) out += first ? (errorProps ? open + renamedText : renamedText) : ',' + renamedText;
      else out += first ? (errorProps ? open + entry.first : entry.first) : entry.next;
      first = false;
      if ('value' in d) {
        this.walk.out = out;
        this.segments[depth] = k;
        this.value(d.value, depth + 1, valueName, cls);
        out = this.walk.out;
      } else out += ACCESSOR[(d.get !== undefined ? 2 : 0) + (d.set !== undefined ? 1 : 0)];
    }
    if (classPending) {
      out += (first ? '' : ',') + className!.member;
      first = false;
    }
    if (names.length > reached) {
      out += (first ? open : ',') + '"$moreKeys":' + (names.length - reached);
      first = false;
    }
    if (!errorProps || !first) out += '}';
    this.walk.out = out;
    // read by record() right after this returns (nested records have set it in between)
    this.jwkKtyIndex = jwkState === JWK ? ktyIndex : -1;
    this.otpUrlIndex = otpState === JWK ? otpIndex : -1;
    return reached;
  }

  /** `proto`: the array's prototype, read by object() (a runtime call in V8: ~300 instructions, not made twice). */
  private array(a: unknown[], proto: object | null, depth: number, cls: KeyClass, name: string | null = null): void {
    const length = a.length;
    const n = length < this.maxItems ? length : this.maxItems;
    // Element descriptors are a slow runtime path in V8 (about 5x __lookupGetter__); an array whose
    // prototype is the ordinary one is read through __lookupGetter__, which stops at an own data element.
    const ordinary = proto === intrinsics.arrayPrototype;
    // In an array that starts with a string, an item's name may be its neighbour (argv, header lists, pairs).
    let view: (string | null)[] | null = null;
    let ctx: ElementContext = NO_CONTEXT;
    if (cls === 'none' && n >= 2 && this.itemText(a, 0, ordinary) !== null) {
      view = [];
      for (let i = 0; i < n; i++) view[i] = this.itemText(a, i, ordinary);
      ctx = arrayContext(view, this.rules.keys);
    }
    const saved = this.walk.out;
    const savedValues = this.values;
    this.walk.out = '';
    const keyList = cls === 'none' && isKeyListName(name);
    let count = this.items(a, n, depth, cls, ctx, view, ordinary, keyList);
    if (count < n && view !== null) {
      // the walk stopped (maxValues): the items it reached decide the names
      const reached: (string | null)[] = [];
      for (let i = 0; i < count; i++) reached[i] = view[i];
      const actual = arrayContext(reached, this.rules.keys);
      if (!isEmpty(ctx) || !isEmpty(actual)) {
        this.walk.out = '';
        this.values = savedValues;
        count = this.items(a, count, depth, cls, actual, reached, ordinary, keyList);
      }
    }
    const items = this.walk.out;
    this.walk.out = saved;
    this.walk.out += length > count ? '{"$type":"Array","length":' + length + ',"items":[' + items + '],"truncated":true}' : '[' + items + ']';
  }

  /** Writes up to n items (no brackets); returns how many were written before the capture filled up. */
  private items(a: unknown[], n: number, depth: number, cls: KeyClass, ctx: ElementContext, view: (string | null)[] | null, ordinary: boolean, keyList: boolean): number {
    const classes = ctx.classes;
    const cuts = ctx.cuts;
    const pairName = classes !== null && view !== null && view.length === 2 ? view[0] : null;
    for (let i = 0; i < n; i++) {
      if (this.values >= this.maxValues) return i;
      if (i > 0) this.walk.out += ',';
      const itemCls: KeyClass = cls !== 'none' ? cls : classes !== null ? (classes[i] ?? 'none') : 'none';
      // the names' pass read this item already: a string held as data
      const known = view !== null ? view[i] : null;
      if (known !== null && known !== undefined) {
        this.segments[depth] = i;
        this.item(known, depth, pairName, itemCls === 'none' && keyList ? keyListItemClass(known) : itemCls, cuts === null ? undefined : cuts.get(i));
        continue;
      }
      if (ordinary && intrinsics.lookupGetter.call(a, i) === undefined) {
        const v = a[i];
        if (v === undefined && !hasOwn(a, i)) this.walk.out += EMPTY;
        else {
          this.segments[depth] = i;
          this.item(v, depth, pairName, itemCls === 'none' && keyList ? keyListItemClass(v) : itemCls, cuts === null ? undefined : cuts.get(i));
        }
        continue;
      }
      const d = ownDescriptor(a, i);
      if (d === undefined) this.walk.out += EMPTY;
      else if (!('value' in d)) this.walk.out += ACCESSOR[(d.get !== undefined ? 2 : 0) + (d.set !== undefined ? 1 : 0)];
      else {
        this.segments[depth] = i;
        this.item(d.value, depth, pairName, itemCls === 'none' && keyList ? keyListItemClass(d.value) : itemCls, cuts === null ? undefined : cuts.get(i));
      }
    }
    return n;
  }

  /** An item of an array or Set; `cut` is where an argv secret starts (`-pSECRET`, `user:SECRET`). */
  private item(v: unknown, depth: number, name: string | null, cls: KeyClass, cut: number | undefined): void {
    if (cut !== undefined && typeof v === 'string' && v.length <= this.maxString && this.values < this.maxValues) {
      this.values++;
      this.walk.out += quote(v.slice(0, cut) + CLI_PASSWORD);
    } else this.value(v, depth + 1, name, cls);
  }

  /** Item i as the names of its neighbours see it: a string within the limit, else null. Runs no code. */
  private itemText(a: unknown[], i: number, ordinary: boolean): string | null {
    let v: unknown;
    if (ordinary && intrinsics.lookupGetter.call(a, i) === undefined) v = a[i];
    else {
      const d = ownDescriptor(a, i);
      v = d === undefined ? undefined : d.value;
    }
    return typeof v === 'string' && v.length <= this.maxString ? v : null;
  }

  private shortText(v: unknown): string | null {
    return typeof v === 'string' && v.length <= this.maxString ? v : null;
  }

  private set(s: Set<unknown>, depth: number): void {
    const size = intrinsics.setSize.call(s);
    const it = intrinsics.setValues.call(s);
    const n = size < this.maxItems ? size : this.maxItems;
    const members: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const step = intrinsics.setIteratorNext.call(it);
      if (step.done) break;
      members[i] = step.value;
    }
    this.walk.out += '{"$type":"Set","size":' + size + ',"values":[';
    let view: (string | null)[] | null = null;
    let ctx: ElementContext = NO_CONTEXT;
    if (members.length >= 2 && this.shortText(members[0]) !== null) {
      view = [];
      for (let i = 0; i < members.length; i++) view[i] = this.shortText(members[i]);
      ctx = arrayContext(view, this.rules.keys);
    }
    const saved = this.walk.out;
    const savedValues = this.values;
    const full = this.setItems(members, depth, ctx, view);
    if (view !== null && full < members.length) {
      // a string walked past maxValues is a truncation mark: the names are judged on what was written
      const actualView: (string | null)[] = [];
      for (let i = 0; i < view.length; i++) actualView[i] = i < full ? view[i] : null;
      const actual = arrayContext(actualView, this.rules.keys);
      if (!isEmpty(ctx) || !isEmpty(actual)) {
        this.walk.out = saved;
        this.values = savedValues;
        this.setItems(members, depth, actual, actualView);
      }
    }
    this.walk.out += ']' + (size > n ? ',"truncated":true}' : '}');
  }

  /** Writes all of a Set's members (past maxValues as truncation marks); returns the index where the capture filled up. */
  private setItems(members: unknown[], depth: number, ctx: ElementContext, view: (string | null)[] | null): number {
    const classes = ctx.classes;
    const cuts = ctx.cuts;
    const pairName = classes !== null && view !== null && view.length === 2 ? view[0] : null;
    let full = members.length;
    for (let i = 0; i < members.length; i++) {
      if (full === members.length && this.values >= this.maxValues) full = i;
      if (i > 0) this.walk.out += ',';
      this.segments[depth] = i;
      this.item(members[i], depth, pairName, classes !== null ? (classes[i] ?? 'none') : 'none', cuts === null ? undefined : cuts.get(i));
    }
    return full;
  }

  private map(m: Map<unknown, unknown>, depth: number): void {
    const size = intrinsics.mapSize.call(m);
    this.walk.out += '{"$type":"Map","size":' + size + ',"entries":[';
    this.pairs(intrinsics.mapEntries.call(m), intrinsics.mapIteratorNext, size, depth);
  }

  /** `{"$type":"URL","href":...}`: the href as any string (redacted alike: a password in it, a token in its query). */
  private url(u: URL, depth: number): void {
    let href: string;
    try {
      href = intrinsics.urlHref.call(u);
    } catch {
      // an object made with URL.prototype but no URL inside (Object.create): read as any object
      return this.record(u, depth, this.classEntry('URL'), false);
    }
    this.walk.out += '{"$type":"URL","href":';
    this.value(href, depth, 'href', 'none');
    this.walk.out += '}';
  }

  /** `{"$type":"URLSearchParams","size":2,"entries":[["page","2"],["limit","3"]]}`: as a Map's, names redacting their values. */
  private searchParams(p: URLSearchParams, depth: number): void {
    // read whole first (the first maxItems kept, the rest counted): a brand check that fails (an object
    // made from the prototype) throws before anything is written
    const entries: [string, string][] = [];
    let size = 0;
    try {
      const it = intrinsics.searchParamsEntries.call(p);
      for (let step = intrinsics.searchParamsIteratorNext.call(it); !step.done; step = intrinsics.searchParamsIteratorNext.call(it)) {
        if (size++ < this.maxItems) entries.push(step.value as [string, string]);
      }
    } catch {
      return this.record(p, depth, this.classEntry('URLSearchParams'), false);
    }
    this.walk.out += '{"$type":"URLSearchParams","size":' + size + ',"entries":[';
    let i = 0;
    const kept: Iterator<unknown> = { next: () => (i < entries.length ? { done: false, value: entries[i++] } : { done: true, value: undefined }) };
    this.pairs(kept, kept.next, size, depth);
  }

  /** `[key, value]` pairs from `it` (at most maxItems of `size`), then the closing of the object. */
  private pairs(it: Iterator<unknown>, next: (this: Iterator<unknown>) => IteratorResult<unknown>, size: number, depth: number): void {
    const n = size < this.maxItems ? size : this.maxItems;
    for (let i = 0; i < n; i++) {
      const step = next.call(it) as IteratorResult<[unknown, unknown]>;
      if (step.done) break;
      const k = step.value[0];
      const v = step.value[1];
      // each entry is a `[name, value]` pair: a string key names its value
      let pairName: string | null = null;
      let valueCls: KeyClass = 'none';
      if (typeof k === 'string' && k.length <= this.maxString && this.values < this.maxValues) {
        const valueText = typeof v === 'string' && v.length <= this.maxString && this.values + 1 < this.maxValues ? v : null;
        const ctx = arrayContext([k, valueText], this.rules.keys);
        if (ctx.classes !== null) {
          pairName = k;
          valueCls = ctx.classes[1];
        }
      }
      this.walk.out += i === 0 ? '[' : ',[';
      this.segments[depth] = i;
      this.value(k, depth + 1, pairName, 'none');
      this.walk.out += ',';
      this.value(v, depth + 1, pairName, valueCls);
      this.walk.out += ']';
    }
    this.walk.out += ']' + (size > n ? ',"truncated":true}' : '}');
  }

  private error(e: Error, proto: object, depth: number): void {
    const className = classNameOfPrototype(proto);
    this.walk.out += className === null ? '{"$type":"Error","name":' : '{"$type":"Error","class":' + this.classEntry(className).quoted + ',"name":';
    const name = dataPropertyInChain(e, 'name');
    if (typeof name === 'string') this.value(name, depth, null, 'none');
    else this.walk.out += className === null ? '"Error"' : this.classEntry(className).quoted;
    this.walk.out += ',"message":';
    const message = dataPropertyInChain(e, 'message');
    if (typeof message === 'string') this.value(message, depth, null, 'none');
    else this.walk.out += '""';
    const stack = readErrorStack(e);
    // stack traces are long by nature: they get ten string lengths
    if (stack !== null) {
      const max = this.maxString * 10;
      this.walk.out += ',"stack":' + (stack.length <= max ? this.stackJson(stack) : this.longStrings.withLimit(stack, max).json);
    }
    for (let i = 0; i < ERROR_EXTRAS.length; i++) {
      const extra = ERROR_EXTRAS[i];
      const d = ownDescriptor(e, extra);
      if (d === undefined) continue;
      this.walk.out += ',"' + extra + '":';
      if ('value' in d) {
        this.segments[depth] = extra;
        this.value(d.value, depth + 1, extra, 'none');
      } else this.walk.out += ACCESSOR[(d.get !== undefined ? 2 : 0) + (d.set !== undefined ? 1 : 0)];
    }
    this.record(e, depth, null, true);
    this.walk.out += '}';
  }

  /** Typed arrays by their first items, Uint8Array and Buffer by their first bytes (as text when they read as text). */
  private bytes(view: ArrayBufferView, proto: object, cls: KeyClass): void {
    if (!isTypedArray(view)) {
      this.walk.out += '{"$type":"DataView","byteLength":' + intrinsics.dataViewByteLength.call(view as DataView) + '}';
      return;
    }
    const length = intrinsics.typedArrayLength.call(view);
    const tag = intrinsics.typedArrayTag.call(view) ?? 'TypedArray';
    if (tag === 'Uint8Array') {
      const buffer = proto === intrinsics.bufferPrototype;
      // A Buffer under a secret name is one marker; a Uint8Array is shown (its bytes still go through the value rules).
      if (buffer && cls !== 'none') this.walk.out += KEY_CONTEXT;
      else this.uint8(view, length, buffer ? '{"$type":"Buffer","length":' : '{"$type":"Uint8Array","length":');
      return;
    }
    const n = length < this.maxItems ? length : this.maxItems;
    this.walk.out += '{"$type":"' + tag + '","length":' + length + ',"items":[';
    const items = view as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < n; i++) {
      if (i > 0) this.walk.out += ',';
      const x = items[i];
      if (typeof x === 'bigint') this.walk.out += this.textJson('' + x);
      else this.value(x, 0, null, 'none');
    }
    this.walk.out += length > n ? '],"truncated":true}' : ']}';
  }

  /**
   * Bytes that read as text are shown (and redacted) as text: a Buffer is how a password or a request
   * body often travels. Other bytes: the first maxItems as hex.
   */
  private uint8(view: ArrayBufferView, length: number, open: string): void {
    const offset = intrinsics.viewByteOffset.call(view);
    const buffer = intrinsics.viewBuffer.call(view);
    const max = this.maxString;
    const head = bufferFrom(buffer, offset, length < max + REDACTION_WINDOW ? length : max + REDACTION_WINDOW);
    this.walk.out += open + length;
    if (looksLikeText(head)) {
      const text = bufferToString.call(head, 'utf8');
      const shown = text.length > max || length > head.length ? this.longStrings.get(text).value : this.rules.strings.redact(text);
      // the former pipeline redacted the shown text a second time; so does this (a redacted text is
      // almost always a fixed point, but not provably so)
      this.walk.out += ',"text":' + this.textJson(shown);
    } else {
      const shown = bufferSubarray.call(head, 0, length < this.maxItems ? length : this.maxItems) as Buffer;
      this.walk.out += ',"hex":' + this.textJson(bufferToString.call(shown, 'hex'));
    }
    this.walk.out += length > max ? ',"truncated":true}' : '}';
  }

  private boxed(o: object, depth: number, cls: KeyClass): void {
    if (isStringObject(o) || isNumberObject(o)) {
      const primitive = isStringObject(o) ? intrinsics.stringValueOf.call(o as unknown as string) : intrinsics.numberValueOf.call(o as unknown as number);
      if (cls !== 'none') {
        this.values++; // one marker, the boxed value still counted
        this.walk.out += KEY_CONTEXT;
        return;
      }
      this.walk.out += isStringObject(o) ? '{"$type":"String","value":' : '{"$type":"Number","value":';
      this.value(primitive, depth, null, 'none');
      this.walk.out += '}';
    } else if (isBooleanObject(o)) {
      this.walk.out += intrinsics.booleanValueOf.call(o as unknown as boolean) ? '{"$type":"Boolean","value":true}' : '{"$type":"Boolean","value":false}';
    } else this.walk.out += isBigIntObject(o) ? '{"$type":"BigInt"}' : '{"$type":"Symbol"}';
  }

  /**
   * The text of a primitive whose text depends only on itself, its name and the name's class (a string
   * within the limit, a boolean, null, undefined, a number that is neither 0, -0, NaN, infinite nor a
   * possible card number); null for any other value. Does not count it against maxValues.
   */
  private primitiveText(v: unknown, name: string, cls: KeyClass): string | null {
    if (typeof v === 'string') {
      if (v.length > this.maxString) return null;
      return cls === 'none' ? this.textJson(v) : quote(redactNamedString(this.rules.keys, this.rules.strings, v, name, cls));
    }
    if (typeof v === 'number') {
      if (!(v > -CARD_NUMBER_FLOOR && v < CARD_NUMBER_FLOOR) || v === 0) return null;
      return cls !== 'none' ? KEY_CONTEXT : '' + v;
    }
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'undefined') return UNDEFINED;
    return v === null ? 'null' : null;
  }

  /** A string under no secret name, redacted by the value rules, as JSON text; short strings' texts are cached. */
  private stackJson(stack: string): string {
    if (stack.length > CACHED_STACK_LENGTH || stack.length <= CACHED_TEXT_LENGTH) return this.textJson(stack);
    let json = this.stackTexts.get(stack);
    if (json === undefined) {
      json = oneByte(quote(this.rules.strings.redact(stack)));
      if (this.stackChars + stack.length > STACK_CACHE_CHARS) {
        this.stackTexts.clear();
        this.stackChars = 0;
      }
      this.stackTexts.set(stack, json);
      this.stackChars += stack.length;
    }
    return json;
  }

  private textJson(s: string): string {
    if (s.length > CACHED_TEXT_LENGTH) return quote(this.rules.strings.redact(s));
    let json = this.texts.get(s);
    if (json === undefined) {
      json = oneByte(quote(this.rules.strings.redact(s)));
      if (this.texts.size >= TEXT_CACHE_LIMIT || this.textChars + s.length > TEXT_CACHE_CHARS) {
        this.texts.clear();
        this.textChars = 0;
      }
      this.texts.set(s, json);
      this.textChars += s.length;
    }
    return json;
  }

  /** The entry of key `k`, which follows the key of `previous` (null for an object's first key). */
  private keyEntry(k: string, previous: KeyEntry | null): KeyEntry {
    if (previous !== null && previous.followingEntry !== null && previous.following === k) return previous.followingEntry;
    let entry = this.keyEntries.get(k);
    if (entry === undefined) {
      // `$` starts our own tags; a program's key that starts with `$` gets one more.
      const name = k.charCodeAt(0) === 36 ? '$' + k : k;
      // a provider token used as a key (a rate limiter's or a cache's) is redacted like a value
      const display = name.length >= SCANNED_KEY_LENGTH ? this.rules.strings.redact(name) : name;
      const text = this.keyText(display);
      entry = new KeyEntry(text, flat(',' + text), name, this.rules.keys.classify(name), JWK_PRIVATE_MEMBERS.has(name), isNameMember(name), isValueMember(name), display === name ? null : display, OTP_SECRET_ENCODINGS.has(name));
      // A program that uses unbounded distinct keys must not make the cache grow without end.
      if (this.keyEntries.size >= KEY_CACHE_LIMIT) this.keyEntries.clear();
      this.keyEntries.set(k, entry);
    }
    if (previous !== null) {
      previous.following = k;
      previous.followingEntry = entry;
    }
    return entry;
  }

  /** A key's JSON text and colon; a long key is cut like a string value (a cache keyed by content held 50 KB keys: 1 MB a capture). */
  private keyText(display: string): string {
    const max = this.maxKeyLength;
    return flat(oneByte(quote(display.length > max ? display.slice(0, max) + '…[+' + (display.length - max) + ' chars]' : display) + ':'));
  }

  /**
   * The mark of an object past maxDepth, by its prototype: one lookup where the class name's (a WeakMap)
   * and its entry's (a Map keyed by the name) were two. A receiver captured as its class alone (thisValues
   * 1) and the option objects at the edge of a capture take this path on nearly every detailed call.
   */
  private depthTruncated(proto: object): string {
    let text = this.depthTexts.get(proto);
    if (text === undefined) {
      const className = classNameOfPrototype(proto);
      text = className === null ? OBJECT_DEPTH_TRUNCATED : this.classEntry(className).depthTruncated;
      this.depthTexts.set(proto, text);
    }
    return text;
  }

  private classEntry(className: string): ClassEntry {
    let entry = this.classEntries.get(className);
    if (entry === undefined) {
      const quoted = oneByte(quote(this.rules.strings.redact(className)));
      entry = new ClassEntry(quoted, flat('"$class":' + quoted));
      if (this.classEntries.size >= CLASS_CACHE_LIMIT) this.classEntries.clear();
      this.classEntries.set(className, entry);
    }
    return entry;
  }

  /** `$.user.friends[0]` for the ancestor at `index`. */
  private pathOf(index: number): string {
    let path = this.rootName === null ? '$' : '$' + pathSegment(this.rootName);
    for (let i = 0; i < index; i++) path += pathSegment(this.segments[i]);
    return path;
  }
}

const ERROR_EXTRAS = ['cause', 'errors'] as const;

/** Whether the record being written is a JSON Web Key: not looked at yet, yes, no. */
const UNKNOWN = 0;
const JWK = 1;
const NOT_JWK = 2;
const NO_CONTEXT: ElementContext = { classes: null, cuts: null };

function isEmpty(ctx: ElementContext): boolean {
  return ctx.classes === null && ctx.cuts === null;
}

/** A canonical array index (0 to 2^32 - 2): such keys come first in an object's key order. */
function isArrayIndex(k: string): boolean {
  const c = k.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  if (k.length === 1) return true;
  if (c === 48 || k.length > 10) return false;
  for (let i = 1; i < k.length; i++) {
    const d = k.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  return k.length < 10 || Number(k) < 4294967295;
}

function pathSegment(s: string | number): string {
  return typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${quote(s)}]`;
}

function looksLikeText(bytes: Uint8Array): boolean {
  const n = bytes.length < 256 ? bytes.length : 256;
  if (n === 0) return true;
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if ((b >= 0x20 && b < 0x7f) || b === 9 || b === 10 || b === 13 || b >= 0xc2) printable++;
  }
  return printable >= n * 0.95;
}

/**
 * The text in one piece. V8 keeps a string built by `+` as a tree of its pieces until something needs
 * it flat, and each use of the tree (appending it to a capture's text, then encoding that text) walks
 * all of its pieces again. A search flattens the tree in place; this one looks at the last character
 * only. The result is stored where the compiler cannot prove it unused: compared with a value outside
 * its range, the whole search was folded away (seen in a profile of a traced acorn run). (Reading a
 * character flattens on Node 20 but not on 22.)
 *
 * A capture's text leaves the capturer (./index.ts) as a tree: the recorder once held texts until its
 * flush, long enough for trees of small pieces to be promoted and walked by the old generation's
 * collector (300 batches of 2,000 values of 120 pieces: trees kept 23 s (Node 20) / 19 s (Node 22) /
 * 4.9 s (Node 24), flattened so 4.0 / 4.1 / 3.2 s, an array of parts joined 4.8 / 4.5 / 4.2 s), but it
 * now hands arguments and return values to the batch at once, where 32 texts are joined before they
 * are encoded: the join copies a tree's pieces straight into the joined text, which a flattened text
 * would have copied twice (156 instructions a detailed call on capture.mjs's acorn workload for
 * arguments, 110 more for return values). The writer's cached texts (a key's `,"name":`, a class's
 * `{"$class":"Node"`, a member's last text) are flattened once, when made or first reused, so that each
 * capture's flattening copies each of them as one piece instead of walking its tree (a capture of an
 * AST node: half the instructions in String::WriteToFlat).
 */
export function flat(text: string): string {
  lastSearch = text.indexOf('\u0000', text.length - 1);
  return text;
}

let lastSearch = 0;
