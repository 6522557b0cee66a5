// ECMAScript intrinsics are not gaps by default: nobody wants "Math.max was not traced". A call is
// recognised as an intrinsic from how it is written; the runtime cannot tell cheaply at the call.

/** Globals whose calls (`parseInt(x)`, `Number(x)`) and methods (`Math.max`, `JSON.parse`) are intrinsics. */
const INTRINSIC_GLOBALS = new Set([
  'Array', 'ArrayBuffer', 'Atomics', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Boolean', 'DataView', 'Date',
  'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'Error', 'escape', 'EvalError',
  'FinalizationRegistry', 'Float32Array', 'Float64Array', 'Function', 'Int8Array', 'Int16Array', 'Int32Array',
  'Intl', 'isFinite', 'isNaN', 'JSON', 'Map', 'Math', 'Number', 'Object', 'parseFloat', 'parseInt', 'Promise',
  'Proxy', 'RangeError', 'ReferenceError', 'Reflect', 'RegExp', 'Set', 'SharedArrayBuffer', 'String', 'Symbol',
  'SyntaxError', 'TypeError', 'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'unescape',
  'URIError', 'WeakMap', 'WeakRef', 'WeakSet', 'AggregateError', 'globalThis',
]);

/**
 * Method names of intrinsic prototypes (Array, String, Object, Function, RegExp, Promise, Number, Date,
 * iterators) that packages rarely use for their own API. Names that packages do use (`get`, `set`,
 * `has`, `add`, `delete`, `clear`) are not here: `axios.get` must stay a gap.
 */
const INTRINSIC_METHODS = new Set([
  'at', 'concat', 'copyWithin', 'entries', 'every', 'fill', 'filter', 'find', 'findIndex', 'findLast',
  'findLastIndex', 'flat', 'flatMap', 'forEach', 'includes', 'indexOf', 'join', 'keys', 'lastIndexOf', 'map',
  'pop', 'push', 'reduce', 'reduceRight', 'reverse', 'shift', 'slice', 'some', 'sort', 'splice', 'toReversed',
  'toSorted', 'toSpliced', 'unshift', 'values', 'with',
  'charAt', 'charCodeAt', 'codePointAt', 'endsWith', 'localeCompare', 'match', 'matchAll', 'normalize', 'padEnd',
  'padStart', 'repeat', 'replace', 'replaceAll', 'search', 'split', 'startsWith', 'substr', 'substring',
  'toLocaleLowerCase', 'toLocaleUpperCase', 'toLowerCase', 'toUpperCase', 'trim', 'trimEnd', 'trimStart',
  'trimLeft', 'trimRight', 'toWellFormed', 'isWellFormed',
  'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'toString', 'valueOf',
  'apply', 'bind', 'call',
  'exec', 'test',
  'then', 'catch', 'finally',
  'toFixed', 'toExponential', 'toPrecision',
  'getTime', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds',
  'getMilliseconds', 'getUTCFullYear', 'getUTCMonth', 'getUTCDate', 'getUTCDay', 'getUTCHours',
  'getUTCMinutes', 'getUTCSeconds', 'getUTCMilliseconds', 'getTimezoneOffset', 'toISOString', 'toJSON',
  'toDateString', 'toTimeString', 'toUTCString', 'setTime', 'setFullYear', 'setMonth', 'setDate', 'setHours',
  'setMinutes', 'setSeconds', 'setMilliseconds',
  'next', 'return', 'throw',
  'getPrototypeOf', 'setPrototypeOf', 'defineProperty', 'getOwnPropertyDescriptor',
  'charCodeAt', 'fromCharCode', 'fromCodePoint',
]);

/** Constructors whose instances' methods (`seen.has`, `cache.get`) are intrinsics. */
const INTRINSIC_CONSTRUCTORS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array', 'Date', 'RegExp', 'Promise', 'WeakRef']);

export function isIntrinsicGlobal(name: string): boolean {
  return INTRINSIC_GLOBALS.has(name);
}

export function isIntrinsicMethod(name: string): boolean {
  return INTRINSIC_METHODS.has(name);
}

export function isIntrinsicConstructor(name: string): boolean {
  return INTRINSIC_CONSTRUCTORS.has(name);
}
