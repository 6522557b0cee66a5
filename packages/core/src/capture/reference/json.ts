// Test support (see ./pipeline.ts): the last pass of the former three-pass capture.
//
// JSON text of a snapshot. JSON.stringify looks up `toJSON` on every object it meets, through the
// prototype chain: if the program has put one on Object.prototype or Array.prototype, the native call
// would run it. Then (only then) a plain serialiser that never looks is used.

import type { Snapshot } from './snapshot.js';

const ObjectPrototype = Object.prototype;
const ArrayPrototype = Array.prototype;
const hasOwn = Object.prototype.hasOwnProperty;
const nativeStringify = JSON.stringify;

export function snapshotToJson(value: unknown): string {
  if (!hasOwn.call(ObjectPrototype, 'toJSON') && !hasOwn.call(ArrayPrototype, 'toJSON')) {
    return nativeStringify(value) ?? 'null';
  }
  return plainJson(value as Snapshot);
}

function plainJson(v: Snapshot): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return nativeStringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (Array.isArray(v)) return '[' + v.map(plainJson).join(',') + ']';
  const parts: string[] = [];
  for (const k of Object.keys(v)) parts.push(nativeStringify(k) + ':' + plainJson((v as { [key: string]: Snapshot })[k]));
  return '{' + parts.join(',') + '}';
}
