// The parts of an instrumenter's function name (packages/instrumenter/src/function-names.ts) that a
// user may type alone: `get Cart.total` → `Cart.total` → `total`; `exports.foo (function bar)` → `bar`.

/** The function's own name, V8's in stack traces, where it differs from where it is assigned. */
const OWN_NAME = / \(function ([^()\s]+)\)$/;

/** `get Cart.total` → `Cart.total`; `static get Cart.empty` → `Cart.empty`; `exports.foo (function bar)` → `exports.foo`. */
export function bareName(name: string): string {
  return name.replace(OWN_NAME, '').replace(/^((get|set|static|async)\s+)+/, '');
}

/** `exports.foo (function bar)` → `bar`; null for a name without one. */
export function ownName(name: string): string | null {
  return OWN_NAME.exec(name)?.[1] ?? null;
}

/** `Cart.total` → `total`. */
export function lastSegment(name: string): string {
  const bare = bareName(name);
  const dot = bare.lastIndexOf('.');
  return dot === -1 ? bare : bare.slice(dot + 1);
}

/** `Parser.prototype.parse` → `Parser.parse`, as a class's method is named in its source. */
export function withoutPrototype(name: string): string {
  return name.replace(/\.prototype\./g, '.');
}
