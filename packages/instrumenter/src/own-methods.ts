// Calls that surely reach a traced function of this module, so need no gap probes: `this.m()` in a
// function defined on an owner (a class, a prototype, an object) on which this module itself defines a
// method `m`, and `x.#m()` for a private method. acorn's `pp$5.parseExpression = function () {
// this.parseMaybeAssign() }`, `var pp$5 = Parser.prototype`: 1,065 of its 1,277 call sites.
//
// The blind spot, by design: code that is not traced and replaces `m` for such a `this` (an untraced
// subclass or plugin overriding it, a test double put on the prototype, the function run with another
// `this` by `.call(other)`) is then not listed as a gap, and what it calls shows as called by the
// caller. A name the module also assigns something other than a function (`this.m = this.m.bind(this)`,
// `X.m = require('y')`) keeps its probes.
import type { types as t } from '@babel/core';
import { declaredMoreThanOnce, type PathLike } from './program-walk.js';

type Scope = PathLike['scope'];

/** Where a function's `this` comes from, resolved to a key (ownerKey) once the module's bindings are known. */
export type Owner =
  | { kind: 'place'; node: t.Node; suffix: string } // `Parser.prototype`, `pp`, `api`; suffix '.prototype' for a constructor
  | { kind: 'class'; node: t.Class; parent: t.Node | null; instance: boolean }
  | { kind: 'object'; node: t.ObjectExpression; parent: t.Node | null };

interface Member {
  owner: Owner;
  name: string;
  /** A function, or an identifier that may name one of the module's functions (checked on resolve). */
  value: t.Node;
}

/** How deep `var a = b; var b = X.prototype` aliases are followed. */
const MAX_ALIAS_DEPTH = 4;

export class OwnMethods {
  /** The node types `note` is given. */
  static readonly NOTED = ['ClassDeclaration', 'ClassExpression', 'ObjectExpression', 'AssignmentExpression', 'NewExpression'];
  private readonly members: Member[] = [];
  /** `X.m = <not a function>`: m of X may be anything. */
  private readonly replaced: Array<{ owner: Owner; name: string }> = [];
  /** `this.m = <anything>` in a function of a known owner: m of that owner's instances may be anything. */
  private readonly replacedOnOwnThis: Array<{ owner: Owner; name: string }> = [];
  /** `this.m = <anything>` elsewhere: m may be anything on any owner. */
  private readonly replacedOnThis = new Set<string>();
  /** `F` of `new F(...)`: a function whose `this` is its own instance. */
  private readonly constructed = new Set<string>();
  private readonly privateMethods = new Set<string>();
  private readonly privateOthers = new Set<string>();
  private resolved: { defined: Set<string>; replaced: Set<string> } | null = null;

  /** The pre-pass (before the walk): a class, an object literal or an assignment. */
  note(path: PathLike): void {
    const node = path.node;
    const parent = path.parent ?? null;
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') this.noteClass(node, parent);
    else if (node.type === 'ObjectExpression') this.noteObject(node, parent);
    else if (node.type === 'AssignmentExpression') this.noteAssignment(path as PathLike<t.AssignmentExpression>);
    else if (node.type === 'NewExpression' && node.callee.type === 'Identifier') this.constructed.add(node.callee.name);
  }

  private noteClass(node: t.Class, parent: t.Node | null): void {
    for (const member of node.body.body) {
      if (member.type === 'ClassPrivateMethod' || member.type === 'ClassPrivateProperty' || (member.type === 'ClassAccessorProperty' && member.key.type === 'PrivateName')) {
        const name = (member.key as t.PrivateName).id.name;
        if (member.type === 'ClassPrivateMethod' && member.kind === 'method') this.privateMethods.add(name);
        else this.privateOthers.add(name);
        continue;
      }
      const owner: Owner = { kind: 'class', node, parent, instance: !('static' in member && member.static) };
      if (member.type === 'ClassMethod' && member.kind === 'method') this.add(owner, memberName(member.key, member.computed), member);
      else if (member.type === 'ClassProperty' && member.value) this.add(owner, memberName(member.key, member.computed), member.value);
    }
  }

  private noteObject(node: t.ObjectExpression, parent: t.Node | null): void {
    const defined = definedProperty(node, parent);
    if (defined !== null) {
      // `Object.defineProperty(X, 'm', { value: function () {} })`
      const value = node.properties.find((p): p is t.ObjectProperty => p.type === 'ObjectProperty' && memberName(p.key, p.computed) === 'value');
      const accessor = node.properties.some((p) => p.type !== 'ObjectProperty' || memberName(p.key, p.computed) !== 'value');
      const owner: Owner = { kind: 'place', node: defined.target, suffix: '' };
      if (value && !accessor) this.add(owner, defined.name, value.value);
      else this.replaced.push({ owner, name: defined.name });
      return;
    }
    const owner: Owner = { kind: 'object', node, parent };
    for (const property of node.properties) {
      if (property.type === 'ObjectMethod' && property.kind === 'method') this.add(owner, memberName(property.key, property.computed), property);
      else if (property.type === 'ObjectProperty') this.add(owner, memberName(property.key, property.computed), property.value);
    }
  }

  private noteAssignment(path: PathLike<t.AssignmentExpression>): void {
    const node = path.node;
    const left = node.left;
    if (left.type !== 'MemberExpression') return;
    const name = memberName(left.property, left.computed);
    if (name === null) return;
    if (left.object.type === 'ThisExpression') {
      // An instance's own property shadows the method, whatever it holds (`this.m = this.m.bind(this)`):
      // on the owner of the function that sets it, on every owner when that is not known.
      const owner = ownerOfThis(path);
      if (owner === null) this.replacedOnThis.add(name);
      else this.replacedOnOwnThis.push({ owner, name });
      return;
    }
    const owner: Owner = { kind: 'place', node: left.object, suffix: '' };
    if (node.operator === '=' && (isFunctionValue(node.right) || node.right.type === 'MemberExpression')) this.members.push({ owner, name, value: node.right });
    else this.replaced.push({ owner, name });
  }

  private add(owner: Owner, name: string | null, value: t.Node): void {
    if (name !== null && isFunctionValue(value)) this.members.push({ owner, name, value });
  }

  /** `x.#m()`: a private method (never reassignable), not a private field that may hold anything. */
  isPrivateMethod(name: string): boolean {
    return this.privateMethods.has(name) && !this.privateOthers.has(name);
  }

  /**
   * Whether `this.name()` in a function of `owner` surely calls a function of this module.
   * `isLocalFunction`: whether an identifier names a function the module defines (and traces).
   */
  defines(owner: Owner, name: string, scope: Scope, isLocalFunction: (name: string) => boolean): boolean {
    const { defined, replaced } = (this.resolved ??= this.resolve(scope, isLocalFunction));
    if (this.replacedOnThis.has(name)) return false;
    const key = ownerKey(owner, scope);
    if (key === null) return false;
    const member = `${key}\0${name}`;
    return defined.has(member) && !replaced.has(member);
  }

  private resolve(scope: Scope, isLocalFunction: (name: string) => boolean): { defined: Set<string>; replaced: Set<string> } {
    const defined = new Set<string>();
    const replaced = new Set<string>();
    const references: Array<[string, string | null]> = [];
    for (const { owner, name, value } of this.members) {
      const key = ownerKey(owner, scope);
      if (key === null) continue;
      const member = `${key}\0${name}`;
      if (value.type === 'MemberExpression') references.push([member, referencedMember(value, scope)]);
      else if (value.type === 'Identifier' && !isLocalFunction(value.name)) replaced.add(member);
      else defined.add(member);
    }
    // `pp.raiseRecoverable = pp.raise`: a method of the module under another name (one step)
    for (const [member, referenced] of references) {
      if (referenced !== null && defined.has(referenced)) defined.add(member);
      else replaced.add(member);
    }
    for (const { owner, name } of this.replaced) {
      const key = ownerKey(owner, scope);
      if (key !== null) replaced.add(`${key}\0${name}`);
    }
    // A plain function's `this` is its own instance only when it is a constructor: one called with
    // `new`, or whose prototype has methods. Any other (a helper run as `init.call(obj)`) may set any.
    const owners = new Set<string>();
    for (const member of defined) owners.add(member.slice(0, member.indexOf('\0')));
    for (const { owner, name } of this.replacedOnOwnThis) {
      const key = ownerKey(owner, scope);
      const constructor = owner.kind !== 'place' || owner.suffix === '' || (key !== null && (owners.has(key) || (owner.node.type === 'Identifier' && this.constructed.has(owner.node.name))));
      if (key !== null && constructor) replaced.add(`${key}\0${name}`);
      else this.replacedOnThis.add(name);
    }
    return { defined, replaced };
  }
}

/**
 * The owner a function's `this` is, when it is defined as a member of one (`path` is the function's):
 * a class's method or field, an object's method or property, `X.m = function`, a constructor
 * (`function Parser() {}`, `var Parser = function () {}`), `Object.defineProperty(X, 'm', { value })`.
 * Null for others (an arrow's is its parent's: the caller handles it).
 */
export function ownerOfFunction(path: PathLike): Owner | null {
  const node = path.node;
  const parent = path.parent;
  if (node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod') {
    const classPath = path.parentPath?.parentPath;
    return classPath ? { kind: 'class', node: classPath.node as t.Class, parent: classPath.parent ?? null, instance: !node.static } : null;
  }
  if (node.type === 'ObjectMethod') return objectOwner(path.parentPath);
  if (node.type === 'FunctionDeclaration') return node.id ? { kind: 'place', node: node.id, suffix: '.prototype' } : null;
  if (node.type !== 'FunctionExpression') return null;
  switch (parent.type) {
    case 'ObjectProperty': {
      if (parent.value !== node) return null;
      const objectPath = path.parentPath?.parentPath ?? null;
      const defined = objectPath ? definedProperty(objectPath.node as t.ObjectExpression, objectPath.parent ?? null) : null;
      return defined ? { kind: 'place', node: defined.target, suffix: '' } : objectOwner(objectPath);
    }
    case 'AssignmentExpression':
      return parent.right === node && parent.left.type === 'MemberExpression' ? { kind: 'place', node: parent.left.object, suffix: '' } : null;
    case 'VariableDeclarator':
      return parent.init === node && parent.id.type === 'Identifier' ? { kind: 'place', node: parent.id, suffix: '.prototype' } : null;
    case 'ClassProperty': {
      const classPath = path.parentPath?.parentPath?.parentPath;
      return classPath ? { kind: 'class', node: classPath.node as t.Class, parent: classPath.parent ?? null, instance: !parent.static } : null;
    }
    default:
      return null;
  }
}

/** What `this` is where `path` is: the owner of the function (not an arrow) around it, if known. */
function ownerOfThis(path: PathLike): Owner | null {
  for (let p = path.parentPath; p; p = p.parentPath) {
    const type = p.node.type;
    if (type === 'ArrowFunctionExpression') continue;
    if (type === 'FunctionDeclaration' || type === 'FunctionExpression' || type === 'ObjectMethod' || type === 'ClassMethod' || type === 'ClassPrivateMethod') {
      return ownerOfFunction(p);
    }
    if (type === 'ClassProperty' || type === 'ClassPrivateProperty' || type === 'StaticBlock' || type === 'ClassAccessorProperty') return ownerOfClassMember(p);
  }
  return null;
}

/** `Y.n` as a member key (`key\0n`), for `X.m = Y.n`. */
function referencedMember(node: t.MemberExpression, scope: Scope): string | null {
  const name = memberName(node.property, node.computed);
  const key = name === null ? null : placeKey(node.object, scope, 0);
  return key === null ? null : `${key}\0${name}`;
}

/** A class field's initialiser or a static block runs with the instance (the class) as `this`. */
export function ownerOfClassMember(path: PathLike): Owner | null {
  const classPath = path.parentPath?.parentPath;
  if (!classPath) return null;
  const member = path.node as t.Node & { static?: boolean };
  return { kind: 'class', node: classPath.node as t.Class, parent: classPath.parent ?? null, instance: member.type !== 'StaticBlock' && !member.static };
}

function objectOwner(objectPath: PathLike | null | undefined): Owner | null {
  if (!objectPath || objectPath.node.type !== 'ObjectExpression') return null;
  return { kind: 'object', node: objectPath.node, parent: objectPath.parent ?? null };
}

/** `Object.defineProperty(target, 'name', descriptor)` when `node` is the descriptor. */
function definedProperty(node: t.ObjectExpression, parent: t.Node | null): { target: t.Node; name: string } | null {
  if (parent?.type !== 'CallExpression' || parent.arguments[2] !== node) return null;
  const [target, key] = parent.arguments;
  if (!isObjectFunction(parent.callee, 'defineProperty') || key?.type !== 'StringLiteral') return null;
  return { target: target!, name: key.value };
}

/** The key two owners share when they are the same object: `Parser.prototype` for `class Parser` and `pp`. */
function ownerKey(owner: Owner, scope: Scope): string | null {
  switch (owner.kind) {
    case 'place': {
      const key = placeKey(owner.node, scope, 0);
      return key === null ? null : key + owner.suffix;
    }
    case 'class': {
      const { node, parent } = owner;
      const key = parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier'
        ? placeKey(parent.id, scope, 0)
        : parent?.type === 'AssignmentExpression' && parent.right === node
          ? placeKey(parent.left, scope, 0)
          : node.id
            ? placeKey(node.id, scope, 0)
            : `@${node.start}`;
      return key === null ? null : owner.instance ? `${key}.prototype` : key;
    }
    case 'object': {
      const { node, parent } = owner;
      if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') return placeKey(parent.id, scope, 0);
      if (parent?.type === 'AssignmentExpression' && parent.right === node) return placeKey(parent.left, scope, 0);
      // `Object.assign(Parser.prototype, { parse() {} })`
      if (parent?.type === 'CallExpression' && parent.arguments.indexOf(node) > 0 && isObjectFunction(parent.callee, 'assign')) return placeKey(parent.arguments[0]!, scope, 0);
      return `@${node.start}`;
    }
  }
}

/** `Object.<name>` (`Object.assign`, `Object.defineProperty`). */
function isObjectFunction(callee: t.Node, name: string): boolean {
  return (
    callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier' && callee.object.name === 'Object' &&
    callee.property.type === 'Identifier' && callee.property.name === name
  );
}

/**
 * `Parser.prototype` for an expression naming an object: a member chain of names, a never-reassigned
 * alias followed to what it was set to (`var pp = Parser.prototype`). Null for what cannot be told
 * apart (a name declared more than once in the module, a computed member, a call).
 */
function placeKey(node: t.Node, scope: Scope, depth: number): string | null {
  if (node.type === 'Identifier') {
    const binding = scope.getBinding(node.name);
    if (binding === undefined) return node.name; // a global
    const declaration = binding.path.node;
    if (declaredMoreThanOnce(binding)) return null;
    if (declaration.type === 'VariableDeclarator' && binding.constant && declaration.init && depth < MAX_ALIAS_DEPTH) {
      const init = declaration.init;
      if (init.type === 'MemberExpression' || init.type === 'Identifier') return placeKey(init, scope, depth + 1);
    }
    return node.name;
  }
  if (node.type === 'MemberExpression') {
    const name = memberName(node.property, node.computed);
    const object = name === null ? null : placeKey(node.object, scope, depth);
    return object === null ? null : `${object}.${name}`;
  }
  return null;
}

/** A member's plain name: `m`, `'m'`, `['m']`; null for a computed one. */
export function memberName(key: t.Node, computed: boolean): string | null {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'StringLiteral') return key.value;
  return null;
}

function isFunctionValue(node: t.Node): boolean {
  return (
    node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'ClassMethod' ||
    node.type === 'ObjectMethod' || node.type === 'Identifier'
  );
}
