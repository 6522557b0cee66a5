// Walks a value and redacts it copy-on-write: an unchanged subtree is returned as the same object, a
// changed one is a new object with the same prototype, keys and order. The input is never modified.
//
// Two kinds of input:
// - untrusted: any program value handed to the public `redact()`. Properties are read through
//   descriptors (an accessor is copied, never called), Proxies are not entered (a trap is user code),
//   Map/Set/Error/Buffer are understood, cycles are cut.
// - snapshot: the capturer's own plain data (objects, arrays, primitives, `$type` tags). Read directly;
//   a tag of a string or number under a secret name is redacted as a whole.

import { types } from 'node:util';
import { arrayContext, isKeyListName, keyListItemClass } from './array-context.js';
import { readErrorStack } from './error-stack.js';
import { JWK_PRIVATE_MEMBERS, OTP_SECRET_ENCODINGS, OTP_URL_MEMBER, type KeyClass, type KeyClassifier } from './key-names.js';
import { isCardNumberValue } from './pii-rules.js';
import { holdsParentSecret, isNameMember, isValueMember, SCANNED_KEY_LENGTH, uniqueKey } from './named-members.js';
import { redactNamedString } from './named-value.js';
import { setOwn } from './own-property.js';
import { redactedMarker } from './spans.js';
import type { StringRules } from './string-rules.js';
import { isCardNumber } from './validators.js';

export { JWK_PRIVATE_MEMBERS } from './key-names.js';
/** Snapshot tags whose content is a single leaf value. */
const LEAF_TAGS = new Set(['string', 'number', 'bigint', 'Buffer', 'symbol', 'String', 'Number']);
const MAX_UNTRUSTED_DEPTH = 200;

const KEY_CONTEXT = redactedMarker('key-context');
const CARD_MARKER = redactedMarker('card-number');

const KEY_CACHE_LIMIT = 4096;

export class ValueWalker {
  private readonly inProgress = new Set<object>();
  /** Long keys and what to show for them (a provider token used as a key is redacted like a value). */
  private readonly keyTexts = new Map<string, string>();

  constructor(
    private readonly keys: KeyClassifier,
    private readonly strings: StringRules,
    private readonly trusted: boolean,
  ) {}

  value(v: unknown, name: string | null, cls: KeyClass, depth: number): unknown {
    switch (typeof v) {
      case 'string':
        return this.string(v, name, cls);
      case 'number':
        if (cls !== 'none') return v === v ? KEY_CONTEXT : v; // NaN is not a secret
        return v >= 1e11 && isCardNumberValue(v) ? CARD_MARKER : v;
      case 'bigint':
        if (cls !== 'none') return KEY_CONTEXT;
        return v >= 100000000000n && v < 10000000000000000000n && isCardNumber(v.toString()) ? CARD_MARKER : v;
      case 'object':
        return v === null ? v : this.object(v, name, cls, depth);
      default:
        return v;
    }
  }

  string(s: string, name: string | null, cls: KeyClass): string {
    return redactNamedString(this.keys, this.strings, s, name, cls);
  }

  private object(o: object, name: string | null, cls: KeyClass, depth: number): unknown {
    if (this.trusted) {
      if (Array.isArray(o)) return this.array(o, cls, depth, name);
      const tag = (o as { $type?: unknown }).$type;
      if (cls !== 'none' && typeof tag === 'string' && LEAF_TAGS.has(tag)) return KEY_CONTEXT;
      if (tag === 'Array' && (cls !== 'none' || isKeyListName(name))) {
        // an array cut by the limits keeps its name's meaning for the items shown, as a short one does
        const truncated = o as { items: unknown[] };
        return { ...truncated, items: this.array(truncated.items, cls, depth + 1, name) };
      }
      if (tag === 'string') return o; // a long string: the capturer redacted its window already
      // a plain record (no tag, no class) under a secret name may hold the secret in `value`, `access`...
      const plain = tag === undefined && (o as { $class?: unknown }).$class === undefined;
      return this.record(o, depth, plain ? cls : 'none');
    }
    if (depth > MAX_UNTRUSTED_DEPTH) return redactedMarker('too-deep');
    // A Proxy cannot be read without running its traps; what it holds is unknown, so it does not pass.
    if (types.isProxy(o)) return redactedMarker('proxy');
    if (this.inProgress.has(o)) return '[Circular]';
    this.inProgress.add(o);
    try {
      if (Array.isArray(o)) return this.array(o, cls, depth, name);
      if (ArrayBuffer.isView(o)) return this.bytes(o, cls);
      if (types.isMap(o)) return this.map(o as Map<unknown, unknown>, depth);
      if (types.isSet(o)) return this.set(o as Set<unknown>, depth);
      if (types.isNativeError(o)) return this.error(o as Error, depth);
      if (types.isDate(o) || types.isRegExp(o) || types.isPromise(o) || types.isWeakMap(o) || types.isWeakSet(o)) return o;
      if (types.isBoxedPrimitive(o) || types.isArrayBuffer(o) || types.isSharedArrayBuffer(o)) return o;
      const proto = Object.getPrototypeOf(o) as unknown;
      return this.record(o, depth, proto === Object.prototype || proto === null ? cls : 'none');
    } finally {
      this.inProgress.delete(o);
    }
  }

  /** `parentCls`: the class of the name this plain object sits under ('none' for class instances). */
  private record(o: object, depth: number, parentCls: KeyClass = 'none'): object {
    const src = o as Record<string, unknown>;
    const names = Object.keys(o);
    const kty = names.includes('kty') ? this.read(src, 'kty') : undefined;
    const jwk = typeof kty === 'string';
    const otp = names.includes(OTP_URL_MEMBER) && typeof this.read(src, OTP_URL_MEMBER) === 'string';
    let out: Record<string, unknown> | null = null;
    // `{name: 'DB_PASSWORD', value: …}`: the last name member passed
    let variable: string | null = null;
    // keys shown under another text (a token used as a key): their original names, and the texts used
    let renamed: Set<string> | null = null;
    for (let i = 0; i < names.length; i++) {
      const k = names[i];
      let shown = k.length >= SCANNED_KEY_LENGTH ? this.keyText(k) : k;
      if (shown !== k) {
        const taken = out;
        const before = i;
        // the keys shown so far: the copy's, or (no copy yet) the unchanged names before this one
        shown = uniqueKey(shown, (t) => (taken !== null ? Object.prototype.hasOwnProperty.call(taken, t) : names.indexOf(t) < before && names.includes(t)));
        (renamed ??= new Set()).add(k);
      }
      let v: unknown;
      if (this.trusted) {
        v = src[k];
      } else {
        const d = Object.getOwnPropertyDescriptor(o, k);
        if (d === undefined) continue;
        if (!('value' in d)) {
          if (shown !== k && out === null) out = this.copyPrefix(o, names, i);
          if (out) Object.defineProperty(out, shown, d);
          if (isNameMember(k)) variable = null; // an accessor names nothing we may read
          continue;
        }
        v = d.value;
      }
      let cls: KeyClass = (jwk && JWK_PRIVATE_MEMBERS.has(k)) || (otp && OTP_SECRET_ENCODINGS.has(k)) ? 'secret' : this.keys.classify(k);
      let name = k;
      if (isNameMember(k)) variable = typeof v === 'string' ? v : null;
      else if (variable !== null && isValueMember(k)) {
        const named = this.keys.classify(variable);
        if (named !== 'none') {
          cls = named;
          name = variable;
        }
      }
      if (cls === 'none' && parentCls === 'secret' && holdsParentSecret(k)) cls = 'secret';
      const r = this.value(v, name, cls, depth + 1);
      if ((r !== v || shown !== k) && out === null) out = this.copyPrefix(o, names, i);
      if (out) setOwn(out, shown, r);
    }
    if (out && !this.trusted) {
      // the copy keeps the properties the walk does not look at (symbol keys, non-enumerable ones)
      for (const k of Reflect.ownKeys(o)) {
        if (typeof k === 'string' && renamed?.has(k)) continue;
        if (!Object.prototype.hasOwnProperty.call(out, k)) Object.defineProperty(out, k, Object.getOwnPropertyDescriptor(o, k)!);
      }
    }
    return out ?? o;
  }

  /** What to show for a long key: the key with any secret in it redacted (cached per key). */
  private keyText(k: string): string {
    let t = this.keyTexts.get(k);
    if (t === undefined) {
      t = this.strings.redact(k);
      if (this.keyTexts.size >= KEY_CACHE_LIMIT) this.keyTexts.clear();
      this.keyTexts.set(k, t);
    }
    return t;
  }

  private copyPrefix(o: object, names: string[], count: number): Record<string, unknown> {
    const out = Object.create(Object.getPrototypeOf(o)) as Record<string, unknown>;
    for (let j = 0; j < count; j++) {
      const k = names[j];
      if (this.trusted) setOwn(out, k, (o as Record<string, unknown>)[k]);
      else {
        const d = Object.getOwnPropertyDescriptor(o, k);
        if (d) Object.defineProperty(out, k, d);
      }
    }
    return out;
  }

  private array(a: unknown[], cls: KeyClass, depth: number, name: string | null = null): unknown[] {
    const ctx = cls === 'none' ? arrayContext(a, this.keys) : null;
    const keyList = cls === 'none' && isKeyListName(name);
    const pairName = ctx?.classes && a.length === 2 ? (a[0] as string) : null;
    let out: unknown[] | null = null;
    for (let i = 0; i < a.length; i++) {
      let v: unknown;
      if (this.trusted) v = a[i];
      else {
        const d = Object.getOwnPropertyDescriptor(a, i);
        if (d === undefined || !('value' in d)) continue; // a hole or an accessor: left as it is
        v = d.value;
      }
      const cut = ctx?.cuts?.get(i);
      let r: unknown;
      if (cut !== undefined && typeof v === 'string') r = v.slice(0, cut) + redactedMarker('cli-password');
      else {
        let itemCls = cls !== 'none' ? cls : (ctx?.classes?.[i] ?? 'none');
        if (itemCls === 'none' && keyList) itemCls = keyListItemClass(v);
        r = this.value(v, pairName, itemCls, depth + 1);
      }
      if (r !== v && out === null) out = a.slice(0, i);
      if (out) out[i] = r;
    }
    if (out && out.length < a.length) out.length = a.length;
    return out ?? a;
  }

  private bytes(view: ArrayBufferView, cls: KeyClass): unknown {
    if (!(view instanceof Uint8Array)) return view;
    const text = Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('latin1');
    const redacted = cls === 'secret' ? KEY_CONTEXT : this.string(text, null, cls);
    if (redacted === text) return view;
    return Buffer.isBuffer(view) ? Buffer.from(redacted, 'latin1') : new Uint8Array(Buffer.from(redacted, 'latin1'));
  }

  private map(m: Map<unknown, unknown>, depth: number): unknown {
    let changed = false;
    const entries: [unknown, unknown][] = [];
    for (const [k, v] of m) {
      const cls = typeof k === 'string' ? this.keys.classify(k) : 'none';
      const rk = this.value(k, null, 'none', depth + 1);
      const rv = this.value(v, typeof k === 'string' ? k : null, cls, depth + 1);
      if (rk !== k || rv !== v) changed = true;
      entries.push([rk, rv]);
    }
    return changed ? new Map(entries) : m;
  }

  private set(s: Set<unknown>, depth: number): unknown {
    let changed = false;
    const values: unknown[] = [];
    for (const v of s) {
      const r = this.value(v, null, 'none', depth + 1);
      if (r !== v) changed = true;
      values.push(r);
    }
    return changed ? new Set(values) : s;
  }

  private error(e: Error, depth: number): unknown {
    const copy = this.record(e, depth) as Record<string, unknown>;
    let out: Record<string, unknown> | null = copy === (e as unknown) ? null : copy;
    const message = Object.getOwnPropertyDescriptor(e, 'message');
    if (message && 'value' in message && typeof message.value === 'string') {
      const r = this.strings.redact(message.value);
      if (r !== message.value) {
        out ??= this.copyPrefix(e, Object.keys(e), Object.keys(e).length);
        Object.defineProperty(out, 'message', { ...message, value: r });
      }
    }
    const stack = readErrorStack(e);
    if (stack !== null) {
      const r = this.strings.redact(stack);
      if (r !== stack || out) {
        out ??= this.copyPrefix(e, Object.keys(e), Object.keys(e).length);
        // a data property on the copy: V8's stack accessor would read the copy's (absent) stack slot
        Object.defineProperty(out, 'stack', { value: r, writable: true, enumerable: false, configurable: true });
      }
    }
    if (out) {
      // keep the other non-enumerable own properties (cause, errors, a copied stack) on the copy
      for (const k of Object.getOwnPropertyNames(e)) {
        if (!Object.prototype.hasOwnProperty.call(out, k)) {
          const d = Object.getOwnPropertyDescriptor(e, k)!;
          Object.defineProperty(out, k, d);
        }
      }
    }
    return out ?? e;
  }

  private read(o: Record<string, unknown>, k: string): unknown {
    if (this.trusted) return o[k];
    const d = Object.getOwnPropertyDescriptor(o, k);
    return d && 'value' in d ? d.value : undefined;
  }
}
