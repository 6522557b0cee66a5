// A plain recursive walk over a Babel AST, in Babel's own child order (VISITOR_KEYS), with just the
// parts of Babel's NodePath the visitor uses: `node`, `parent`, `parentPath` and `scope.getBinding`.
// @babel/traverse builds scopes and path objects for every node: on lodash.js it took 75% of the
// transform time, for bindings this instrumenter only needs approximately (to skip gap checks on calls
// to functions declared in the module). A name declared more than once anywhere in the module counts as
// "some local non-function": that can only add a gap check, never change what the program does.
import { types, type types as t } from '@babel/core';

export interface BindingLike {
  path: { node: t.Node };
  constant: boolean;
}

export interface PathLike<T extends t.Node = t.Node> {
  node: T;
  parent: t.Node;
  parentPath: PathLike | null;
  scope: { getBinding(name: string): BindingLike | undefined };
}

const VISITOR_KEYS = types.VISITOR_KEYS as Record<string, readonly string[]>;
const SOME_LOCAL: BindingLike = { path: { node: { type: 'Noop' } as t.Node }, constant: false };

/** A name declared more than once in the module: which declaration a use means is not known. */
export function declaredMoreThanOnce(binding: BindingLike): boolean {
  return binding === SOME_LOCAL;
}

type Declarations = Map<string, t.Node | null>;

function children(node: t.Node, visit: (child: t.Node) => void): void {
  const keys = VISITOR_KEYS[node.type];
  if (!keys) return;
  for (const key of keys) {
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const item of child) if (item && typeof (item as t.Node).type === 'string') visit(item as t.Node);
    } else if (child && typeof (child as t.Node).type === 'string') {
      visit(child as t.Node);
    }
  }
}

function isFunctionLike(declaration: t.Node | null | undefined): boolean {
  if (!declaration) return false;
  if (types.isFunction(declaration) || types.isClass(declaration)) return true;
  if (declaration.type !== 'VariableDeclarator' || !declaration.init) return false;
  return types.isFunction(declaration.init) || types.isClass(declaration.init);
}

/** A second declaration of a name makes it ambiguous (null), unless both declare functions or classes. */
function declare(declarations: Declarations, name: string, declaration: t.Node): void {
  if (!declarations.has(name)) declarations.set(name, declaration);
  else if (!(isFunctionLike(declarations.get(name)) && isFunctionLike(declaration))) declarations.set(name, null);
}

function declarePattern(declarations: Declarations, pattern: t.Node | null | undefined, declaration: t.Node | null): void {
  if (!pattern) return;
  switch (pattern.type) {
    case 'Identifier':
      declare(declarations, pattern.name, declaration ?? pattern);
      break;
    case 'AssignmentPattern':
      declarePattern(declarations, pattern.left, declaration);
      break;
    case 'RestElement':
      declarePattern(declarations, pattern.argument, declaration);
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) declarePattern(declarations, element, null);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        declarePattern(declarations, property.type === 'RestElement' ? property : (property.value as t.Node), null);
      }
      break;
    default:
      break;
  }
}

/**
 * Every declaration of the module by name (null: declared more than once) and the names assigned to.
 * `stack` holds the node being visited and its ancestors, for `prepass`.
 */
function collectDeclarations(
  program: t.Program,
  declarations: Declarations,
  reassigned: Set<string>,
  stack: t.Node[],
  prepass: ((node: t.Node) => void) | null,
): void {
  const visit = (node: t.Node): void => {
    stack.push(node);
    if (prepass !== null) prepass(node);
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
        if (node.id) declare(declarations, node.id.name, node);
        break;
      case 'FunctionExpression':
      case 'ClassExpression':
        if (node.id) declare(declarations, node.id.name, node);
        break;
      case 'VariableDeclarator':
        if (node.id.type === 'Identifier') declare(declarations, node.id.name, node);
        else declarePattern(declarations, node.id, null);
        break;
      case 'CatchClause':
        declarePattern(declarations, node.param, null);
        break;
      case 'ImportSpecifier':
      case 'ImportDefaultSpecifier':
      case 'ImportNamespaceSpecifier':
        declare(declarations, node.local.name, node);
        break;
      case 'AssignmentExpression':
        if (node.left.type === 'Identifier') reassigned.add(node.left.name);
        break;
      case 'UpdateExpression':
        if (node.argument.type === 'Identifier') reassigned.add(node.argument.name);
        break;
      default:
        break;
    }
    if (types.isFunction(node)) {
      for (const param of node.params) declarePattern(declarations, param, null);
    }
    children(node, visit);
    stack.pop();
  };
  visit(program);
}

export interface WalkHandlers<S> {
  /** Called on entering a node (parents before children); `exit` on leaving it. */
  enter: Partial<Record<string, (path: PathLike, state: S) => void>>;
  exit: Partial<Record<string, (path: PathLike, state: S) => void>>;
  /** A node (with all it contains) the handlers never see. */
  skip?: (node: t.Node) => boolean;
  /**
   * Called on entering a node of these types in a first pass over every node (skipped ones too), before
   * the walk: the module's bindings (`scope`) are known only once it is over.
   */
  prepass?: Partial<Record<string, (path: PathLike, state: S) => void>>;
}

export function walkProgram<S>(program: t.Program, handlers: WalkHandlers<S>, state: S): void {
  const declarations: Declarations = new Map();
  const reassigned = new Set<string>();
  const scope = {
    getBinding(name: string): BindingLike | undefined {
      const declaration = declarations.get(name);
      if (declaration === undefined) return undefined;
      if (declaration === null) return SOME_LOCAL;
      return { path: { node: declaration }, constant: !reassigned.has(name) };
    },
  };
  const stack: t.Node[] = [];
  const pathAt = (index: number): PathLike => ({
    node: stack[index]!,
    parent: stack[index - 1]!,
    get parentPath() {
      return index > 0 ? pathAt(index - 1) : null;
    },
    scope,
  });
  const prepass = handlers.prepass;
  const seePrepass = prepass === undefined ? null : (node: t.Node): void => prepass[node.type]?.(pathAt(stack.length - 1), state);
  collectDeclarations(program, declarations, reassigned, stack, seePrepass);
  const skip = handlers.skip;
  const visit = (node: t.Node): void => {
    if (skip !== undefined && skip(node)) return;
    stack.push(node);
    const enter = handlers.enter[node.type];
    if (enter) enter(pathAt(stack.length - 1), state);
    children(node, visit);
    const exit = handlers.exit[node.type];
    if (exit) exit(pathAt(stack.length - 1), state);
    stack.pop();
  };
  visit(program);
}
