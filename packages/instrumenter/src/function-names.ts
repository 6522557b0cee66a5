// Names as a user would say them: `add`, `Cart.total`, `get Cart.price`, `api.fetch`, `default export`.
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
    return `${expressionName(node.object, source)}.${property}`;
  }
  const text = source.slice(node.start ?? 0, node.end ?? 0).replace(/\s+/g, ' ');
  return text.length > MAX_NAME ? text.slice(0, MAX_NAME - 1) + '…' : text;
}

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
      return parent.right === path.node ? expressionName(parent.left, source) : null;
    case 'AssignmentPattern':
      return parent.right === path.node && parent.left.type === 'Identifier' ? parent.left.name : null;
    case 'ObjectProperty': {
      if (parent.value !== path.node) return null;
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

function objectOwnerName(objectPath: NodePath | null, source: string): string | null {
  if (!objectPath || objectPath.node.type !== 'ObjectExpression') return null;
  return contextName(objectPath, source);
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
    if (node.kind === 'get') return { name: `get ${member}`, kind: 'getter' };
    if (node.kind === 'set') return { name: `set ${member}`, kind: 'setter' };
    return { name: member, kind: 'method' };
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
    return { name: `${owner}.${key}`, kind: 'class-field' };
  }
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) {
    return { name: node.id.name, kind };
  }
  return { name: contextName(path, source) ?? '<anonymous>', kind };
}
