// Where V8 places a throw that has no source position of its own, in the plain code.
//
// V8 gives a statement's first bytecode the statement's position, and calls, property loads and some
// operators an expression position, kept for the next bytecode that can throw. A throw from a bytecode
// without a position (the load of an undeclared global, a `let` read in its dead zone, a direct eval's
// SyntaxError, a class's `extends` check) shows at the latest position before it: in `return missing()`
// the `return` keyword. The probes the instrumenter inserts are calls, whose positions map to where they
// were inserted (`missing`): the same throw showed at the call when traced. Insertions say where a plain
// run shows them instead (source-edits.ts, `shownAt`).
//
// The rules below were measured against plain V8 on Node 20, 22 and 24 with the programs of
// packages/core/test/helpers/throwing-shapes.ts; a shape they do not know answers undefined, and the
// insertion keeps its own position.
import type { types as t } from '@babel/core';
import type { PathLike } from './program-walk.js';
import { isIntrinsicGlobal } from './intrinsics.js';

/**
 * Whether evaluating `node` may start with a throw that has no position: the load of a global that may
 * not exist (no binding in scope, not one every program has). Only then does an insertion before it
 * need to say where a plain run shows it: most do not, and each says so in every module's table.
 */
export function mayThrowUnplaced(path: PathLike, node: t.Node): boolean {
  const leaf = firstLoad(node);
  return leaf !== null && !ALWAYS_DEFINED.has(leaf.name) && !isIntrinsicGlobal(leaf.name) && path.scope.getBinding(leaf.name) === undefined;
}

const ALWAYS_DEFINED = new Set(['console', 'process', 'require', 'module', 'exports', 'Buffer', 'undefined', 'NaN', 'Infinity']);

/** The first load in a list whose earlier items are literals. */
function firstLoadOf(list: readonly (t.Node | null)[]): t.Identifier | null {
  for (const item of list) {
    if (item === null || isLiteral(item)) continue;
    return firstLoad(item);
  }
  return null;
}

function isLiteral(node: t.Node): boolean {
  return node.type === 'NumericLiteral' || node.type === 'StringLiteral' || node.type === 'BooleanLiteral' || node.type === 'NullLiteral';
}

/** The identifier evaluated first in `node`, if it starts with one (after literals, which cannot throw). */
function firstLoad(node: t.Node): t.Identifier | null {
  switch (node.type) {
    case 'Identifier':
      return node;
    case 'CallExpression':
    case 'NewExpression':
    case 'OptionalCallExpression':
      return node.callee.type === 'Super' || node.callee.type === 'V8IntrinsicIdentifier' ? null : firstLoad(node.callee);
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return node.object.type === 'Super' ? null : firstLoad(node.object);
    case 'BinaryExpression':
    case 'LogicalExpression':
      if (node.left.type === 'PrivateName') return null;
      return isLiteral(node.left) ? firstLoad(node.right) : firstLoad(node.left);
    case 'ConditionalExpression':
      return firstLoad(node.test);
    case 'UnaryExpression':
    case 'AwaitExpression':
    case 'SpreadElement':
      return firstLoad(node.argument);
    case 'SequenceExpression':
      return firstLoad(node.expressions[0]!);
    case 'TaggedTemplateExpression':
      return firstLoad(node.tag);
    case 'ArrayExpression':
      return firstLoadOf(node.elements);
    case 'TemplateLiteral':
      return firstLoadOf(node.expressions);
    case 'ObjectExpression': {
      const first = node.properties[0];
      if (first === undefined || first.type !== 'ObjectProperty') return null;
      return first.computed ? firstLoad(first.key) : firstLoad(first.value);
    }
    case 'ClassExpression':
      return node.superClass ? firstLoad(node.superClass) : null;
    default:
      return null;
  }
}

/**
 * The source index V8 shows a position-less throw at when it is the first thing that throws evaluating
 * `path`'s node (or `child`, one of its parts); undefined when not known.
 */
export function plainPosition(path: PathLike, source: string, child?: t.Node): number | undefined {
  let node: t.Node = child ?? path.node;
  let current: PathLike | null = child === undefined ? path.parentPath : path;
  /** The innermost expression position V8 set before `node` (null: where is not known). */
  let pending: number | null | undefined;
  /** Whether a bytecode was emitted between the statement's position and `node`. */
  let emitted = false;
  let callee: number | undefined;
  let preceded = false;
  while (current !== null) {
    const parent = current.node;
    const anchor = statementAnchor(parent, node) ?? defaultAnchor(current, node, source);
    if (anchor !== null) {
      // A statement's position goes to the next bytecode; an expression position set after it is kept
      // for a throwing one only once that happened. An expression position (weak) is replaced by a later one.
      if (callee !== undefined && (emitted || preceded || anchor.preceded === true)) return callee;
      if (!anchor.weak && !emitted) return anchor.at;
      return pending === null ? undefined : (pending ?? anchor.at);
    }
    const step = before(parent, node, source);
    if (step === UNKNOWN) return undefined;
    if (typeof step === 'number') return callee ?? (pending === null ? undefined : (pending ?? step));
    if (step.pending !== undefined && pending === undefined) pending = step.pending;
    if (step.emitted === true) emitted = true;
    if (step.callee !== undefined) callee = step.callee;
    if (step.preceded === true) preceded = true;
    node = parent;
    current = current.parentPath;
  }
  return undefined;
}

const UNKNOWN = 'unknown';
const NOTHING: Step = {};
const EMITTED: Step = { emitted: true };
/** `parent` evaluates its part `node` after setting an expression position, or emitting a bytecode. */
interface Step {
  pending?: number | null;
  emitted?: boolean;
  /** `new X`: X's position, which its load shows at once something was evaluated before it. */
  callee?: number;
  /** Something was evaluated before `node` (a literal operand, a template's text). */
  preceded?: boolean;
}
/**
 * What V8 does in `parent` before evaluating its part `node`: a Step; a number, the position of the
 * last bytecode with a position it emits; UNKNOWN.
 */
type Before = Step | number | typeof UNKNOWN;

/** The position V8 gives `node` as this part of `parent` when it starts a statement (or acts as one). */
function statementAnchor(parent: t.Node, node: t.Node): { at: number; weak: boolean; preceded?: boolean } | null {
  switch (parent.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
    case 'ExpressionStatement':
      return { at: parent.start!, weak: false };
    case 'IfStatement':
      return parent.test === node ? { at: parent.start!, weak: false } : null;
    case 'SwitchStatement':
      return parent.discriminant === node || (node.type === 'SwitchCase' && parent.cases[0] === node && positionless(parent.discriminant))
        ? { at: parent.start!, weak: false }
        : null;
    case 'VariableDeclarator':
      return parent.init === node ? { at: node.start!, weak: false } : null;
    case 'SequenceExpression':
      return { at: node.start!, weak: false };
    case 'ArrowFunctionExpression':
      return parent.body === node ? { at: node.start!, weak: true } : null;
    case 'ObjectProperty':
      // after the object's creation
      return parent.value === node ? { at: node.start!, weak: true, preceded: true } : null;
    case 'ClassProperty':
      return parent.value === node ? { at: node.start!, weak: true } : null;
    case 'ForStatement':
      return parent.test === node || parent.update === node ? { at: node.start!, weak: true } : null;
    case 'WhileStatement':
    case 'DoWhileStatement':
      return parent.test === node ? { at: node.start!, weak: true } : null;
    case 'ForOfStatement':
    case 'ForInStatement':
      return parent.right === node ? { at: node.start!, weak: true } : null;
    default:
      return null;
  }
}

/**
 * A parameter's default value: V8 places it at the function's parameter list (its `(`), a default in a
 * destructuring pattern at the pattern's element.
 */
function defaultAnchor(path: PathLike, node: t.Node, source: string): { at: number; weak: boolean; preceded: boolean } | null {
  const pattern = path.node;
  if (pattern.type !== 'AssignmentPattern' || pattern.right !== node) return null;
  const fn = path.parent;
  const isParameter = (fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression' || fn.type === 'ArrowFunctionExpression' ||
    fn.type === 'ObjectMethod' || fn.type === 'ClassMethod' || fn.type === 'ClassPrivateMethod') && fn.params.includes(pattern);
  // after the check for undefined
  if (!isParameter) return { at: pattern.start!, weak: false, preceded: true };
  const open = source.lastIndexOf('(', (fn as t.Function).params[0]!.start!);
  return open < fn.start! ? null : { at: open, weak: false, preceded: true };
}

/** A part whose evaluation emits no bytecode with a position of its own. */
function positionless(node: t.Node | null | undefined): boolean {
  if (!node) return true;
  switch (node.type) {
    case 'Identifier':
    case 'ThisExpression':
    case 'NumericLiteral':
    case 'StringLiteral':
    case 'BooleanLiteral':
    case 'NullLiteral':
      return true;
    default:
      return false;
  }
}

/** The position of the last bytecode with a position that evaluating `node` emits, when known. */
function lastPosition(node: t.Node): number | undefined {
  if (node.type === 'CallExpression' && node.arguments.every(positionless)) {
    if (node.callee.type === 'Identifier') return node.start!;
    if (node.callee.type === 'MemberExpression' && !node.callee.computed && positionless(node.callee.object)) return node.callee.property.start!;
  }
  if (node.type === 'MemberExpression' && !node.computed && positionless(node.object)) return node.property.start!;
  return undefined;
}

/** Before `node` in `list`: the last position an earlier item emits, or whether one emitted anything. */
function afterEarlier(list: readonly (t.Node | null)[], node: t.Node, step: Step = NOTHING): Before {
  let positioned: t.Node | null = null;
  let earlier = false;
  for (const item of list) {
    if (item === node) break;
    earlier = true;
    if (!positionless(item)) positioned = item;
  }
  if (positioned !== null) return lastPosition(positioned) ?? UNKNOWN;
  return earlier ? { ...step, emitted: true } : step;
}

function before(parent: t.Node, node: t.Node, source: string): Before {
  switch (parent.type) {
    case 'NewExpression':
      // V8 sets the callee's position before loading it (`[1, new Missing()]` shows at `Missing`).
      if (parent.callee === node) return { callee: node.start! };
      return parent.callee.type === 'Identifier' ? afterEarlier(parent.arguments, node, EMITTED) : UNKNOWN;
    case 'CallExpression': {
      if (parent.callee === node) return NOTHING;
      const callee = parent.callee;
      if (callee.type === 'Super') return parent.start!;
      const spread = parent.arguments.findIndex((argument) => argument.type === 'SpreadElement');
      if (spread !== -1 && spread <= parent.arguments.indexOf(node as never)) return callee.type === 'Identifier' ? parent.start! : UNKNOWN;
      // the callee's load takes the statement's position
      if (callee.type === 'Identifier') return afterEarlier(parent.arguments, node, EMITTED);
      const earlier = afterEarlier(parent.arguments, node);
      if (earlier !== NOTHING) return earlier;
      // the method's load
      if (callee.type === 'MemberExpression' && !callee.computed && positionless(callee.object)) return callee.property.start!;
      return UNKNOWN;
    }
    case 'MemberExpression':
      return parent.object === node ? NOTHING : UNKNOWN;
    case 'UnaryExpression':
    case 'AwaitExpression':
      return NOTHING;
    case 'YieldExpression':
      return parent.delegate ? UNKNOWN : NOTHING;
    case 'BinaryExpression':
    case 'LogicalExpression': {
      if (parent.left === node) return NOTHING;
      if (!positionless(parent.left)) return lastPosition(parent.left) ?? UNKNOWN;
      // `1 + x` is one bytecode taking the number: V8 sets the operator's position before `x`.
      if (parent.type === 'BinaryExpression' && parent.left.type === 'NumericLiteral') return { pending: operatorIndex(source, parent.left.end!, parent.operator), preceded: true };
      return EMITTED;
    }
    case 'ConditionalExpression':
      if (parent.test === node) return NOTHING;
      if (positionless(parent.test)) return EMITTED;
      return lastPosition(parent.test) ?? UNKNOWN;
    case 'AssignmentExpression': {
      if (parent.right !== node) return UNKNOWN;
      const left = parent.left;
      if (left.type === 'Identifier') return parent.operator === '=' ? { pending: operatorIndex(source, left.end!, '=') } : EMITTED;
      // the target's property, loaded (or named) before the value
      if (left.type === 'MemberExpression' && positionless(left.object) && positionless(left.property)) return left.property.start!;
      return UNKNOWN;
    }
    case 'ArrayExpression':
      return afterEarlier(parent.elements, node, EMITTED);
    case 'TemplateLiteral':
      return afterEarlier(parent.expressions, node, parent.quasis[0]!.value.raw === '' ? NOTHING : { preceded: true });
    case 'ObjectProperty':
      return parent.computed && parent.key === node ? NOTHING : UNKNOWN;
    case 'ObjectExpression':
      return parent.properties[0] === node ? EMITTED : UNKNOWN;
    case 'SpreadElement':
      return NOTHING;
    case 'SwitchCase':
      // after the discriminant
      return parent.test === node ? { preceded: true } : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

/** The index of `operator` after `from` (comments between operand and operator are rare: not skipped). */
function operatorIndex(source: string, from: number, operator: string): number | null {
  const at = source.indexOf(operator, from);
  return at === -1 ? null : at;
}
