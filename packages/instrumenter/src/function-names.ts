// Names as a user would say them: `add`, `Cart.total`, `get Cart.price`, `api.fetch`, `default export`.
// A function is named by where it is reachable from (`Parser.prototype.parse = function ...`,
// `{ fetch: function () {} }`), also when it has a name of its own, so that `function parse` the
// export, `Parser.parse` and `Parser.prototype.parse` read differently. When its own name (the one V8
// shows in stack traces) is not the last segment of that place, both are kept:
// `exports.foo = function bar() {}` is `exports.foo (function bar)`, and the store's `--call` lookup
// finds it as `exports.foo`, `foo` and `bar` (packages/store/src/queries/function-lookup.ts).
import type { types as t } from '@babel/core';
import type { PathLike as NodePath } from './program-walk.js';
import type { FunctionKind } from './function-table.js';

const MAX_NAME = 120;

function keyName(key: t.Node, computed: boolean, source: string): string {
  if (!computed) {
    if (key.type === 'Identifier') return key.name;
    if (key.type === 'PrivateName') return `#${key.id.name}`;
    if (key.type === 'StringLiteral') return key.value;
    if (key.type === 'NumericLiteral') return String(key.value);
  }
  return `[${source.slice(key.start ?? 0, key.end ?? 0)}]`;
}

/** `a.b.c` for member chains of identifiers and `this`, else the source text (shortened). */
export function expressionName(node: t.Node, source: string): string {
  if (node.type === 'Identifier') return node.name;
  // `(0, _lib.parse)(x)`: how Babel, TypeScript, esbuild and Vite call an imported function
  if (node.type === 'SequenceExpression') return expressionName(node.expressions[node.expressions.length - 1]!, source);
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'Super') return 'super';
  if ((node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && !node.computed) {
    const property = node.property.type === 'PrivateName' ? `#${node.property.id.name}` : (node.property as t.Identifier).name;
    return `${objectName(node.object, source)}.${property}`;
  }
  const text = source.slice(node.start ?? 0, node.end ?? 0).replace(/\s+/g, ' ');
  return text.length > MAX_NAME ? text.slice(0, MAX_NAME - 1) + '…' : text;
}

/**
 * A member's object as the program wrote it: `(isExit ? a : b).get`, not `isExit ? a : b.get` (Babel's
 * node leaves the parentheses out). `(0, _lib)` is named by its last expression, as a callee.
 */
function objectName(node: t.Node, source: string): string {
  const name = expressionName(node, source);
  const parenthesized = (node.extra as { parenthesized?: boolean } | undefined)?.parenthesized === true;
  return parenthesized && !NAMED_AS_MEMBER_OBJECT.has(node.type) ? `(${name})` : name;
}

/** Objects whose name reads the same without the parentheses around them. */
const NAMED_AS_MEMBER_OBJECT = new Set([
  'Identifier', 'ThisExpression', 'Super', 'MemberExpression', 'OptionalMemberExpression', 'CallExpression',
  'OptionalCallExpression', 'SequenceExpression',
]);

function className(path: NodePath, source: string): string {
  const node = path.node as t.Class;
  if (node.id) return node.id.name;
  return contextName(path, source) ?? '<anonymous class>';
}

/** The name a binding context gives an anonymous function or class: `x = function () {}`. */
function contextName(path: NodePath, source: string): string | null {
  const parent = path.parent;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === path.node && parent.id.type === 'Identifier' ? parent.id.name : null;
    case 'AssignmentExpression':
      return parent.right === path.node ? withPrototypeAlias(expressionName(parent.left, source), parent.left, path, source) : null;
    case 'AssignmentPattern':
      return parent.right === path.node && parent.left.type === 'Identifier' ? parent.left.name : null;
    case 'ObjectProperty': {
      if (parent.value !== path.node) return null;
      const descriptor = classDescriptorName(path, source) ?? exportGetterName(path, source);
      if (descriptor !== null) return descriptor;
      const key = keyName(parent.key, parent.computed, source);
      const owner = objectOwnerName(path.parentPath!.parentPath, source);
      return owner ? `${owner}.${key}` : key;
    }
    case 'ExportDefaultDeclaration':
      return 'default export';
    default:
      return null;
  }
}

/**
 * `var pp = Parser.prototype; pp.parse = function () {}` (acorn) and Babel's loose classes
 * (`var _proto = Cart.prototype; _proto.total = function total() {}`): the method of `Parser.prototype`,
 * when the alias is declared so in a block around the assignment.
 */
function withPrototypeAlias(name: string, target: t.Node, path: NodePath, source: string, bareAlias = false): string {
  // `pp = function () {}` reassigns the alias: only a member of it is a member of the prototype
  if (target.type !== 'MemberExpression' && !(bareAlias && target.type === 'Identifier')) return name;
  let root: t.Node = target;
  while (root.type === 'MemberExpression' || root.type === 'OptionalMemberExpression') root = root.object;
  if (root.type !== 'Identifier') return name;
  for (let scope = path.parentPath; scope; scope = scope.parentPath) {
    const body = scope.node.type === 'Program' || scope.node.type === 'BlockStatement' ? scope.node.body : null;
    if (body === null) continue;
    const aliases = prototypeAliasesOf(scope.node, body, source);
    if (aliases.has(root.name)) {
      const prototype = aliases.get(root.name);
      return prototype ? prototype + name.slice(root.name.length) : name;
    }
  }
  return name;
}

/** Per block: the names declared in its statements, with `X.prototype` for `var n = X.prototype` (else null). */
const aliasCache = new WeakMap<t.Node, Map<string, string | null>>();

function prototypeAliasesOf(block: t.Node, body: t.Statement[], source: string): Map<string, string | null> {
  let aliases = aliasCache.get(block);
  if (aliases) return aliases;
  aliases = new Map();
  for (const statement of body) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const declarator of statement.declarations) {
      if (declarator.id.type !== 'Identifier') continue;
      const init = declarator.init;
      const isPrototype =
        init?.type === 'MemberExpression' && !init.computed && init.property.type === 'Identifier' && init.property.name === 'prototype' &&
        (init.object.type === 'Identifier' || init.object.type === 'MemberExpression');
      // declared twice in one block: which one an assignment means is not worth guessing
      const name = declarator.id.name;
      aliases.set(name, isPrototype && !aliases.has(name) ? expressionName(init, source) : null);
    }
  }
  aliasCache.set(block, aliases);
  return aliases;
}

/**
 * Compiled classes. Babel's: `_createClass(Cart, [{ key: "total", value: function total() {} }],
 * [{ key: "of", value: function of() {} }])`: `Cart.prototype.total` and `Cart.of`, as TypeScript's
 * `Cart.prototype.total = function () {}` is named (and `get Cart.prototype.size` for `get:`).
 */
function classDescriptorName(path: NodePath, source: string): string | null {
  const property = path.parent as t.ObjectProperty;
  if (property.computed || property.key.type !== 'Identifier' || !['value', 'get', 'set'].includes(property.key.name)) return null;
  const descriptor = path.parentPath!.parentPath;
  // TypeScript's accessors: `Object.defineProperty(Cart.prototype, "size", { get: function () {} })`
  const definer = descriptor?.parentPath?.node;
  if (property.key.name !== 'value' && definer?.type === 'CallExpression' && definer.arguments[2] === descriptor!.node) {
    const [target, key] = definer.arguments;
    if (expressionName(definer.callee, source) === 'Object.defineProperty' && target && key?.type === 'StringLiteral') {
      return `${property.key.name} ${expressionName(target, source)}.${key.value}`;
    }
  }
  const list = descriptor?.parentPath;
  const call = list?.parentPath;
  if (!descriptor || !list || !call || descriptor.node.type !== 'ObjectExpression' || list.node.type !== 'ArrayExpression' || call.node.type !== 'CallExpression') return null;
  const key = descriptor.node.properties.find(
    (p): p is t.ObjectProperty => p.type === 'ObjectProperty' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'key' && p.value.type === 'StringLiteral',
  );
  const args = call.node.arguments;
  const place = args.indexOf(list.node as t.ArrayExpression);
  if (!key || (place !== 1 && place !== 2) || args[0]?.type !== 'Identifier') return null;
  const member = `${args[0].name}${place === 1 ? '.prototype' : ''}.${(key.value as t.StringLiteral).value}`;
  const accessor = property.key.name === 'value' ? '' : `${property.key.name} `;
  return `${accessor}${member}`;
}

/**
 * A place a user would say: `api.fetch`, `get Cart.size`; not a computed one (`fs[name]`,
 * `handlers[i + 1]`), where the function's own name says more.
 */
function isPlainName(context: string): boolean {
  return !/[[\](){}\s]/.test(context.replace(/^(get|set) /, ''));
}

/**
 * esbuild's CommonJS exports, `__export(src_exports, { parse: () => parse })`: the getter of the
 * export, `get src_exports.parse`, which `parse` itself must not be confused with.
 */
function exportGetterName(path: NodePath, source: string): string | null {
  const property = path.parent as t.ObjectProperty;
  const object = path.parentPath!.parentPath;
  const call = object?.parentPath?.node;
  if (!object || call?.type !== 'CallExpression' || call.arguments[1] !== object.node) return null;
  const target = call.arguments[0];
  if (call.callee.type !== 'Identifier' || !/^__export\d*$/.test(call.callee.name) || target?.type !== 'Identifier') return null;
  return `get ${target.name}.${keyName(property.key, property.computed, source)}`;
}

/** The last segment of a qualified name: `Parser.prototype.parse` → `parse`. */
function lastSegment(name: string): string {
  const bare = name.replace(/^(get|set) /, '');
  return bare.slice(bare.lastIndexOf('.') + 1);
}

function objectOwnerName(objectPath: NodePath | null, source: string): string | null {
  if (!objectPath || objectPath.node.type !== 'ObjectExpression') return null;
  return contextName(objectPath, source) ?? mixinTargetName(objectPath, source);
}

/** `Object.assign(Parser.prototype, { parse() {} })`: the members are the target's, `Parser.prototype.parse`. */
function mixinTargetName(objectPath: NodePath, source: string): string | null {
  const call = objectPath.parent;
  if (call.type !== 'CallExpression' || call.arguments.indexOf(objectPath.node as t.ObjectExpression) < 1) return null;
  const target = call.arguments[0]!;
  if (expressionName(call.callee, source) !== 'Object.assign' || (target.type !== 'Identifier' && target.type !== 'MemberExpression')) return null;
  const name = expressionName(target, source);
  return isPlainName(name) ? withPrototypeAlias(name, target, objectPath, source, true) : null;
}

type ClassMember = t.ClassBody['body'][number];

/** The plain name of a class member's key, or null for a computed one. */
function memberKey(member: ClassMember): string | null {
  if (!('key' in member) || ('computed' in member && member.computed)) return null;
  const key = member.key;
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateName') return `#${key.id.name}`;
  if (key.type === 'StringLiteral') return key.value;
  return null;
}

/**
 * `static ` for a static member whose class also has an instance member of that name
 * (`class Parser { parse() {} static parse(input) {} }`): the two would read the same. Otherwise
 * none, so that `Cart.of` stays `Cart.of`.
 */
function staticPrefix(member: ClassMember, body: t.ClassBody): string {
  if (!('static' in member) || !member.static) return '';
  const key = memberKey(member);
  if (key === null) return '';
  const shared = body.body.some((other) => other !== member && !('static' in other && other.static) && memberKey(other) === key);
  return shared ? 'static ' : '';
}

export interface NamedFunction {
  name: string;
  kind: FunctionKind;
}

export function describeFunction(path: NodePath, source: string): NamedFunction {
  const node = path.node as t.Function;
  if (node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod') {
    const owner = className(path.parentPath!.parentPath!, source);
    const key = keyName(node.key, node.type === 'ClassMethod' && node.computed, source);
    if (node.kind === 'constructor') return { name: `${owner}.constructor`, kind: 'constructor' };
    const member = `${owner}.${key}`;
    const prefix = staticPrefix(node, path.parentPath!.node as t.ClassBody);
    if (node.kind === 'get') return { name: `${prefix}get ${member}`, kind: 'getter' };
    if (node.kind === 'set') return { name: `${prefix}set ${member}`, kind: 'setter' };
    return { name: `${prefix}${member}`, kind: 'method' };
  }
  if (node.type === 'ObjectMethod') {
    const owner = objectOwnerName(path.parentPath, source);
    const key = keyName(node.key, node.computed, source);
    const member = owner ? `${owner}.${key}` : key;
    if (node.kind === 'get') return { name: `get ${member}`, kind: 'getter' };
    if (node.kind === 'set') return { name: `set ${member}`, kind: 'setter' };
    return { name: member, kind: 'method' };
  }
  const kind: FunctionKind = node.type === 'ArrowFunctionExpression' ? 'arrow' : 'function';
  const parent = path.parent;
  if (parent.type === 'ClassProperty' || parent.type === 'ClassPrivateProperty') {
    const owner = className(path.parentPath!.parentPath!.parentPath!, source);
    const key = keyName(parent.key, parent.type === 'ClassProperty' && parent.computed, source);
    return { name: `${staticPrefix(parent, path.parentPath!.parentPath!.node as t.ClassBody)}${owner}.${key}`, kind: 'class-field' };
  }
  if (node.type === 'FunctionDeclaration' && node.id) return { name: node.id.name, kind };
  const context = contextName(path, source);
  if (node.type === 'FunctionExpression' && node.id) {
    const own = node.id.name;
    // `export default (function parse() {})` reads as the declaration form, `parse`
    if (context === null || context === 'default export' || !isPlainName(context)) return { name: own, kind };
    // Babel names an accessor's descriptor function after its kind: `{ key: "size", get: function get() {} }`
    const same = lastSegment(context) === own || ((own === 'get' || own === 'set') && context.startsWith(`${own} `));
    return { name: same ? context : `${context} (function ${own})`, kind };
  }
  return { name: context ?? '<anonymous>', kind };
}
