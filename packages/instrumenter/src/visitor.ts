// The one visitor: walks a parsed program and decides what to insert where, and builds the function and
// call-site tables. It knows nothing about how it is called (see instrument.ts and plugin.ts).
import type { types as t } from '@babel/core';
import { walkProgram, type PathLike, type WalkHandlers } from './program-walk.js';
import { mayThrowUnplaced, plainPosition } from './plain-positions.js';
import type { CallSiteInfo, FunctionInfo } from './function-table.js';
import { describeFunction, expressionName } from './function-names.js';
import {
  CALL_ID,
  CAUGHT,
  INSERT_CLOSE,
  INSERT_OPEN,
  bodyEpilogue,
  catchProbe,
  bodyPrologue,
  SUSPEND_AWAIT,
  SUSPEND_DELEGATE,
  SUSPEND_YIELD,
  parameterValues,
  probeRef,
  probeCall,
  probeCallPosition,
  wrapInsert,
  type BuildShape,
  type ModuleNames,
} from './generated-code.js';
import { isIntrinsicConstructor, isIntrinsicGlobal, isIntrinsicMethod } from './intrinsics.js';
import type { InputSourceMap } from './input-source-map.js';
import type { Insertion, ReportedPosition } from './source-edits.js';
import { InstrumentError } from './instrument-error.js';
import { rejectedSyntax, type NodeSyntax } from './node-syntax.js';
import { ModuleLoads } from './module-loads.js';
import { HoistedFunctions } from './hoisted-functions.js';
import { memberName, OwnMethods, ownerOfClassMember, ownerOfFunction, type Owner } from './own-methods.js';

export interface AnalysisOptions {
  source: string;
  file: string;
  names: ModuleNames;
  gapIntrinsics: boolean;
  inputSourceMap: InputSourceMap | null;
  /** The build shape (generated-code.ts), or null for the load shape. */
  build?: BuildShape | null;
  /**
   * An ES module's (load shape): the names used in its hoisted functions and all that is inside them
   * (hoisted-functions.ts), which may run before its first statement bound the constants that `names`
   * are then: `body` in a traced function's body (its enter binds the probe it checked), `names` outside
   * one (a default parameter, a class field), after a call of init. Null or absent: `names` everywhere.
   */
  hoisted?: { names: ModuleNames; body: ModuleNames } | null;
  /** The syntax of the Node that runs the output, when that is this process (node-syntax.ts). */
  nodeSyntax?: NodeSyntax | null;
}

export interface ModuleAnalysis {
  insertions: Insertion[];
  functions: FunctionInfo[];
  callSites: CallSiteInfo[];
  /** Whether it may load an ES module when it runs: it is one, or has an import() (module-loads.ts). */
  loadsModules: boolean;
}

/** A function being walked, or a class field / static block (which run outside any traced call). */
interface Context {
  localId: number;
  node: t.Function | null;
  /**
   * The member's computed key (`[k]() {}`, `[k] = v`): the walk enters the member before its key, but the
   * key is evaluated in the scope around the member, so what is inside it is the enclosing context's.
   */
  computedKey: t.Node | null;
  /** The enter insertion, rewritten at the end if a function without parameters reads `arguments`. */
  prologue?: Insertion;
  /** The build shape's copy of the original body (see originalBody), kept when the prologue is rewritten. */
  original?: string | null;
  usesArguments?: boolean;
  /** It reads `this` (itself or in an arrow function inside it): a detailed call records the receiver. */
  usesThis?: boolean;
  /** A derived class's constructor, whose `this` cannot be read before `super()` (isDerivedConstructor). */
  derivedConstructor?: boolean;
  /** What its `this` is a member of, when known (own-methods.ts): `this.m()` may then need no gap probes. */
  owner?: Owner | null;
}

interface State {
  options: AnalysisOptions;
  result: ModuleAnalysis;
  contexts: Context[];
  order: number;
  /** Starts of expression statements whose first insertion already opens with `void 0,` (statementGuard). */
  guardedStatements: Set<number>;
  /** Starts of blocks whose statements are already in the `try` that resumes after `await using` (awaitUsingDeclaration). */
  awaitUsingBlocks: Set<number>;
  /** The bodies of the `with` statements being walked (inWithBody). */
  withBodies: t.Statement[];
  /** The methods the module defines, by owner: calls of them are not gaps. */
  ownMethods: OwnMethods;
  /** Whether the module may load an ES module (its import() calls, its strings that may run as code). */
  moduleLoads: ModuleLoads;
  /** The functions the module hoists, when they use their own names (AnalysisOptions.hoisted). */
  hoisted: HoistedFunctions | null;
}

/** Globals that schedule or load work rather than do it: not gaps. */
const PLUMBING_GLOBALS = new Set([
  'require', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
  'queueMicrotask', 'structuredClone',
  // Vite's SSR module loading (vitest): what `import` became in the code it runs
  '__vite_ssr_import__', '__vite_ssr_dynamic_import__', '__vite_ssr_exportAll__', '__vite_ssr_exportName__',
]);

export function analyzeProgram(program: t.Program, options: AnalysisOptions): ModuleAnalysis {
  const state: State = {
    options,
    result: { insertions: [], functions: [], callSites: [], loadsModules: false },
    contexts: [],
    order: 0,
    guardedStatements: new Set(),
    awaitUsingBlocks: new Set(),
    withBodies: [],
    ownMethods: new OwnMethods(),
    moduleLoads: new ModuleLoads(),
    hoisted: options.hoisted ? new HoistedFunctions(program) : null,
  };
  walkProgram(program, handlers, state);
  state.result.loadsModules = program.sourceType === 'module' || state.moduleLoads.any;
  return state.result;
}

/**
 * `reported`: where a stack position V8 gives to the opening text (at `reported.offset` in `open`)
 * shows in the original source (an index): see `yieldStarOperand`.
 */
function wrap(state: State, start: number, end: number, open: string, close: string, node?: t.Node, reported?: ReportedPosition | ReportedPosition[]): void {
  const order = state.order++;
  // A comma expression as a call argument would become several arguments: keep it one.
  const parens = node?.type === 'SequenceExpression';
  const span = end - start;
  const opening: Insertion = { at: start, text: wrapInsert(open + (parens ? '(' : '')), opening: true, span, order };
  if (reported) opening.reported = (Array.isArray(reported) ? reported : [reported]).map((r) => ({ offset: INSERT_OPEN.length + r.offset, original: r.original }));
  state.result.insertions.push(
    opening,
    { at: end, text: wrapInsert((parens ? ')' : '') + close), opening: false, span, order },
  );
}

/**
 * `void 0,` when `path`'s node starts an expression statement and no insertion of ours opens that
 * statement yet (outer nodes come first): a probeCall starts with `(`, which would continue the
 * previous line when it has no semicolon. A comma: the statement may go on (`f().x = 1`).
 */
function statementGuard(path: PathLike, state: State): string {
  const start = (path.node as t.Node).start!;
  if (state.guardedStatements.has(start)) return '';
  let p: PathLike = path;
  while (p.parentPath && (p.parent as t.Node).start === start) {
    if ((p.parent as t.Node).type === 'ExpressionStatement') {
      state.guardedStatements.add(start);
      return 'void 0,';
    }
    p = p.parentPath;
  }
  return '';
}

/**
 * The names the probes at `node` use (`inBody`: it is in the body of a traced function, or is that
 * function): a hoisted function's, and what is inside it, may run before the module's first statement,
 * so they are not the constants that statement binds (AnalysisOptions.hoisted).
 */
function namesAt(state: State, node: t.Node, inBody: boolean): ModuleNames {
  const { names, hoisted } = state.options;
  if (!hoisted || !state.hoisted!.holds(node)) return names;
  return inBody ? hoisted.body : hoisted.names;
}

function insertAt(state: State, at: number, text: string, opening: boolean, span: number): void {
  state.result.insertions.push({ at, text: wrapInsert(text), opening, span, order: state.order++ });
}

/**
 * The opening insertion made last (by `wrap` or `insertAt`) shows its stack positions where a plain run
 * shows a throw that has no position of its own, when that is elsewhere (plain-positions.ts).
 */
function showAsPlain(state: State, shownAt: number | undefined): void {
  if (shownAt === undefined) return;
  const insertions = state.result.insertions;
  for (let i = insertions.length - 1; i >= 0; i--) {
    const insertion = insertions[i]!;
    if (!insertion.opening) continue;
    if (insertion.at !== shownAt) insertion.shownAt = shownAt;
    return;
  }
}

/**
 * Where a plain run shows a throw with no position of its own that starts evaluating `node` (`path`'s
 * node or a part of it), when one may.
 */
function plainPositionOf(state: State, path: PathLike, node: t.Node): number | undefined {
  if (!mayThrowUnplaced(path, node)) return undefined;
  return plainPosition(path, state.options.source, node === path.node ? undefined : node);
}

/** A call whose value goes where what evaluates next may throw with no position (`[...f()]`, `f() + g`). */
function throwsUnplacedAfter(path: PathLike): boolean {
  const parent = path.parent;
  if (parent.type === 'SpreadElement') return path.parentPath?.parent.type === 'ArrayExpression';
  if ((parent.type === 'BinaryExpression' || parent.type === 'LogicalExpression') && parent.left === path.node) return mayThrowUnplaced(path, parent.right);
  return false;
}

/**
 * `new Missing()`: V8 sets the callee's position before loading it, and a statement's position, when
 * nothing was emitted since, comes first. The probes emitted something: the callee's load shows at the
 * callee when traced, and where a plain run shows it (`plain`) is the one to show.
 */
function showCalleeAsPlain(state: State, node: t.NewExpression, plain: number | undefined): void {
  const callee = node.callee;
  if (callee.type !== 'Identifier' || plain === undefined || plain === callee.start) return;
  const between = state.options.source.slice(node.start!, callee.start!);
  if (between.includes('\n')) return;
  const insertions = state.result.insertions;
  for (let i = insertions.length - 1; i >= 0; i--) {
    const insertion = insertions[i]!;
    if (insertion.opening && insertion.at === node.start) {
      (insertion.shownAfter ??= []).push({ distance: between.length, original: plain });
      return;
    }
  }
}

function originalPosition(state: State, node: t.Node): { file: string; line: number; column: number } {
  const loc = node.loc!.start;
  const map = state.options.inputSourceMap;
  const mapped = map?.originalPositionFor(loc.line, loc.column);
  if (mapped) return mapped;
  return { file: state.options.file, line: loc.line, column: loc.column };
}

function collectBindingNames(node: t.Node | null | undefined, out: string[]): void {
  if (!node) return;
  switch (node.type) {
    case 'Identifier':
      out.push(node.name);
      break;
    case 'AssignmentPattern':
      collectBindingNames(node.left, out);
      break;
    case 'RestElement':
      collectBindingNames(node.argument, out);
      break;
    case 'ArrayPattern':
      for (const element of node.elements) collectBindingNames(element, out);
      break;
    case 'ObjectPattern':
      for (const property of node.properties) {
        collectBindingNames(property.type === 'RestElement' ? property : (property.value as t.Node), out);
      }
      break;
    case 'TSParameterProperty':
      collectBindingNames(node.parameter, out);
      break;
    default:
      break;
  }
}

/** The names a function's parameters bind, in order (a pattern's bindings, a rest parameter's name). */
function parameterNames(node: t.Function): string[] {
  const names: string[] = [];
  for (const param of node.params) collectBindingNames(param, names);
  return names;
}

/** Whether `node` is inside the context's computed key, so runs in the context around it. */
function keyHolds(context: Context, node: t.Node): boolean {
  const key = context.computedKey;
  return key !== null && node.start! >= key.start! && node.end! <= key.end!;
}

/** The function (or class member) `node` runs in; undefined at the top level. */
function currentFunction(state: State, node: t.Node): Context | undefined {
  let i = state.contexts.length - 1;
  while (i >= 0 && keyHolds(state.contexts[i]!, node)) i--;
  return state.contexts[i];
}

/** A method's or a class field's key, when it is an expression evaluated where the member is defined. */
function computedKeyOf(member: t.Node): t.Node | null {
  switch (member.type) {
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassProperty':
    case 'ClassAccessorProperty':
      return member.computed ? member.key : null;
    default:
      return null;
  }
}

/** Where `=>` ends, so that a parenthesised expression body is wrapped with its parentheses. */
function arrowBodyStart(source: string, node: t.ArrowFunctionExpression): number {
  const params = node.params;
  let at = params.length > 0 ? params[params.length - 1]!.end! : node.start!;
  const limit = node.body.start!;
  while (at < limit) {
    const ch = source.charCodeAt(at);
    if (ch === 47 /* / */ && source.charCodeAt(at + 1) === 42 /* * */) {
      const close = source.indexOf('*/', at + 2);
      at = close < 0 ? limit : close + 2;
    } else if (ch === 47 && source.charCodeAt(at + 1) === 47) {
      const newline = source.indexOf('\n', at + 2);
      at = newline < 0 ? limit : newline + 1;
    } else if (ch === 61 /* = */ && source.charCodeAt(at + 1) === 62 /* > */) {
      return at + 2;
    } else {
      at++;
    }
  }
  return limit;
}

function instrumentFunction(path: PathLike, state: State): void {
  const node = path.node as t.Function;
  if (inWithBody(state, node) || (node.body.type === 'BlockStatement' && bodyScopingConflict(node.body))) {
    // Left untraced, as a class field initialiser is (what it calls still shows, as calls of no call).
    state.contexts.push({ localId: -1, node: null, computedKey: computedKeyOf(node) });
    return;
  }
  const { source } = state.options;
  const names = namesAt(state, node, true);
  const localId = state.result.functions.length;
  const { name, kind } = describeFunction(path, source);
  const paramNames = parameterNames(node);
  const position = originalPosition(state, node);
  state.result.functions.push({
    name,
    kind,
    async: node.async === true,
    generator: node.generator === true,
    file: position.file,
    line: position.line,
    column: position.column,
    params: paramNames,
  });
  // an arrow's `this` is its parent's
  const owner = node.type === 'ArrowFunctionExpression' ? (currentFunction(state, node)?.owner ?? null) : ownerOfFunction(path);
  const context: Context = { localId, node, computedKey: computedKeyOf(node), derivedConstructor: isDerivedConstructor(path), owner };
  state.contexts.push(context);
  const body = node.body;
  const build = state.options.build ?? null;
  const epilogue = bodyEpilogue(names, node.async === true && node.generator !== true);
  if (body.type === 'BlockStatement') {
    const directives = body.directives;
    const after = directives.length > 0 ? directives[directives.length - 1]!.end! : body.start! + 1;
    const span = body.end! - body.start!;
    const original = build === null ? null : originalBody(source, body.body);
    // The copy of a body goes on the body's own line, so that its frames keep their line numbers.
    const at = original === null ? after : body.body[0]!.start!;
    const opening = (directives.length > 0 ? ';' : '') + bodyPrologue(names, localId, parameterValues(paramNames), build, original);
    if (after === body.end! - 1) {
      insertAt(state, after, opening + epilogue, true, span); // `{}`: one insertion keeps the order
    } else {
      insertAt(state, at, opening, true, span);
      context.prologue = state.result.insertions[state.result.insertions.length - 1];
      context.original = original;
      insertAt(state, body.end! - 1, epilogue, false, span);
    }
  } else {
    const start = arrowBodyStart(source, node as t.ArrowFunctionExpression);
    const end = node.end!;
    const expression = source.slice(start, end);
    const original = build !== null && !LINE_TERMINATOR.test(expression) ? `return ${expression};` : null;
    const prologue = bodyPrologue(names, localId, parameterValues(paramNames), build, original);
    const sequence = body.type === 'SequenceExpression' ? 1 : 0;
    const order = state.order++;
    const span = end - start;
    state.result.insertions.push(
      {
        at: start,
        text: wrapInsert(`{${prologue}return ${probeCall(names.probe, 'v')}${CALL_ID},${sequence ? '(' : ''}`),
        opening: true,
        span,
        order,
        // V8 places the body's implicit `return` at the expression, inside its parentheses: what throws
        // before any position of the expression (a class's static block, a missing global) shows there.
        ...(body.type === 'ClassExpression' || mayThrowUnplaced(path, body) ? { shownAt: body.start! } : {}),
      },
      { at: end, text: wrapInsert(`${sequence ? ')' : ''});${epilogue}}`), opening: false, span, order },
    );
  }
}

/**
 * True for a body whose statements cannot go into the `try` block of the probes: a function declared at
 * its top level shares its name with a `var` of the body (`var fn = x; ... function fn() {}`, as in
 * browserify's util.promisify, bundled into sinon's ES module) or with another such function: legal in a
 * function body, where both are the function's own bindings, a SyntaxError in a block, where the
 * function is lexical (two of them only in strict code; either way here). The whole module failed to load.
 */
function bodyScopingConflict(body: t.BlockStatement): boolean {
  const functions = new Set<string>();
  let duplicate = false;
  for (const statement of body.body) {
    if (statement.type !== 'FunctionDeclaration' || !statement.id) continue;
    if (functions.has(statement.id.name)) duplicate = true;
    functions.add(statement.id.name);
  }
  if (functions.size === 0) return false;
  if (duplicate) return true;
  const vars: string[] = [];
  collectVarNames(body, vars);
  return vars.some((name) => functions.has(name));
}

/** The names `var` declares in `node`'s statements, nested blocks included, nested functions not. */
function collectVarNames(node: t.Node, out: string[]): void {
  if (node.type === 'VariableDeclaration') {
    if (node.kind === 'var') for (const declarator of node.declarations) collectBindingNames(declarator.id, out);
    return;
  }
  if (FUNCTION_TYPES.includes(node.type) || node.type === 'ClassDeclaration' || node.type === 'ClassExpression' || !/Statement$|Clause$|^SwitchCase$|^Block$/.test(node.type)) {
    return;
  }
  for (const key of ['body', 'consequent', 'alternate', 'block', 'handler', 'finalizer', 'cases', 'init', 'left']) {
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) for (const item of child) collectVarNames(item as t.Node, out);
    else if (child && typeof (child as t.Node).type === 'string') collectVarNames(child as t.Node, out);
  }
}

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * The build shape runs a copy of the original body when recording is off (generated-code.ts,
 * buildEnterCode), for a body whose statements are all on one line: the copy goes on that line, so no
 * line moves. Not for a body that declares functions at its top level: in the copy's block they would
 * be block-scoped (and, in sloppy mode, hoisted by Annex B rules) rather than the function's own.
 */
function originalBody(source: string, statements: t.Statement[]): string | null {
  if (statements.length === 0) return null;
  if (statements.some((statement) => statement.type === 'FunctionDeclaration')) return null;
  const last = statements[statements.length - 1]!;
  const text = source.slice(statements[0]!.start!, last.end!);
  if (LINE_TERMINATOR.test(text)) return null;
  // A body that falls off its end must not fall into the instrumented one after the copy.
  const leaves = last.type === 'ReturnStatement' || last.type === 'ThrowStatement';
  return leaves ? `{${text}}` : `{${text};return}`;
}

function isInstrumentedLocally(path: PathLike, name: string): boolean | null {
  const binding = path.scope.getBinding(name);
  if (!binding) return null;
  const declaration = binding.path.node;
  if (
    declaration.type === 'FunctionDeclaration' ||
    declaration.type === 'ClassDeclaration' ||
    declaration.type === 'FunctionExpression' ||
    declaration.type === 'ClassExpression'
  ) {
    return true;
  }
  if (declaration.type === 'VariableDeclarator' && binding.constant) {
    const init = declaration.init;
    if (init && (init.type === 'FunctionExpression' || init.type === 'ArrowFunctionExpression' || init.type === 'ClassExpression')) {
      return true;
    }
  }
  return false;
}

/**
 * The member read that initialises the never-reassigned variable `name` (`var Array = context.Array`:
 * `context.Array`); null for anything else, undefined when `name` is not declared in the module.
 */
function aliasedMember(path: PathLike, name: string): t.MemberExpression | null | undefined {
  const binding = path.scope.getBinding(name);
  if (!binding) return undefined;
  const declaration = binding.path.node;
  if (declaration.type !== 'VariableDeclarator' || !binding.constant) return null;
  const init = declaration.init;
  return init?.type === 'MemberExpression' && !init.computed ? init : null;
}

/**
 * `name` holds an intrinsic global (Array, Math, Object...) where `path` reads it: the global itself, or
 * a never-reassigned local taken from another realm's global object under the same name (lodash's
 * `var Array = context.Array, Math = context.Math`).
 */
function isIntrinsicRoot(path: PathLike, name: string): boolean {
  if (!isIntrinsicGlobal(name)) return false;
  const member = aliasedMember(path, name);
  return member === undefined || (member !== null && member.property.type === 'Identifier' && member.property.name === name);
}

/**
 * A never-reassigned local that holds an intrinsic's function (`var isArray = Array.isArray`, `var
 * nativeMax = Math.max`): calling it calls the intrinsic, which is not a gap by default, as
 * `Array.isArray(x)` itself is not. (lodash's isArray alone made 312,000 gap calls, listed with no
 * module and no include to suggest: the top of its --gaps answer.)
 */
function isIntrinsicAlias(path: PathLike, name: string): boolean {
  const member = aliasedMember(path, name);
  return member != null && member.object.type === 'Identifier' && isIntrinsicRoot(path, member.object.name);
}

/** A local binding initialised with an intrinsic value (`new Map()`, `[]`, `''`): its methods are intrinsics. */
function isIntrinsicReceiver(path: PathLike, object: t.Node): boolean {
  if (object.type === 'StringLiteral' || object.type === 'ArrayExpression' || object.type === 'TemplateLiteral' || object.type === 'RegExpLiteral') {
    return true;
  }
  if (object.type !== 'Identifier') return false;
  if (isIntrinsicRoot(path, object.name)) return true;
  const binding = path.scope.getBinding(object.name);
  if (!binding) return false;
  const declaration = binding.path.node;
  if (declaration.type !== 'VariableDeclarator' || !declaration.init) return false;
  const init = declaration.init;
  if (init.type === 'NewExpression' && init.callee.type === 'Identifier' && !path.scope.getBinding(init.callee.name)) {
    return isIntrinsicConstructor(init.callee.name);
  }
  return init.type === 'ArrayExpression' || init.type === 'StringLiteral' || init.type === 'TemplateLiteral';
}

/** The receiver chain starts at a binding to a module: `import x from 'm'`, `const x = require('m')` (or `.y`). */
function isModuleReceiver(path: PathLike, object: t.Node): boolean {
  let root: t.Node = object;
  while (root.type === 'MemberExpression' || root.type === 'OptionalMemberExpression') root = root.object;
  if (root.type !== 'Identifier') return false;
  const binding = path.scope.getBinding(root.name);
  if (!binding) return false;
  const declaration = binding.path.node;
  if (declaration.type === 'ImportSpecifier' || declaration.type === 'ImportDefaultSpecifier' || declaration.type === 'ImportNamespaceSpecifier') {
    return true;
  }
  if (declaration.type !== 'VariableDeclarator' || !declaration.init) return false;
  let init: t.Node = declaration.init;
  while (init.type === 'MemberExpression') init = init.object;
  return (
    init.type === 'CallExpression' &&
    init.callee.type === 'Identifier' &&
    init.callee.name === 'require' &&
    init.arguments.length === 1 &&
    init.arguments[0]!.type === 'StringLiteral'
  );
}

type AnyCall = t.CallExpression | t.OptionalCallExpression | t.NewExpression;

/** Whether a call may reach code that is not instrumented (and is worth a gap record). */
function mayBeGap(path: PathLike, state: State): boolean {
  const node = path.node as AnyCall;
  const callee = node.callee;
  if (callee.type === 'Super' || callee.type === 'Import' || callee.type === 'V8IntrinsicIdentifier') return false;
  if (callee.type === 'FunctionExpression' || callee.type === 'ArrowFunctionExpression' || callee.type === 'ClassExpression') {
    return false;
  }
  if (callee.type === 'Identifier') {
    if (callee.name === 'eval' && node.type !== 'NewExpression') return false; // direct eval: never touched
    const local = isInstrumentedLocally(path, callee.name);
    if (local === true) return false;
    if (local === null && PLUMBING_GLOBALS.has(callee.name)) return false;
    if (!state.options.gapIntrinsics && (isIntrinsicRoot(path, callee.name) || isIntrinsicAlias(path, callee.name))) return false;
    return true;
  }
  if (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') {
    if (callee.object.type === 'Super') return false;
    const propertyName = memberName(callee.property, callee.computed);
    if (node.type !== 'NewExpression' && callsOwnMethod(path, callee, propertyName, state)) return false;
    if (state.options.gapIntrinsics) return true;
    // `path.join`, `_.map`, `db.find`: a method of a module is the module's API, whatever its name
    if (propertyName !== null && isIntrinsicMethod(propertyName) && !isModuleReceiver(path, callee.object)) return false;
    if (isIntrinsicReceiver(path, callee.object)) return false;
    if (callee.object.type === 'Identifier' && callee.object.name === 'process' && propertyName === 'nextTick') {
      return path.scope.getBinding('process') !== undefined;
    }
    return true;
  }
  return true;
}

/**
 * `this.m()` where the module defines `m` (`name`: memberName of the callee) on what `this` is there,
 * or `x.#m()` of a private method (own-methods.ts). Not in a `finally` block: an exception on its way
 * through it waits for its value, and the recorder tells the block's cleanup calls from untraced code
 * that caught it by their site.
 */
function callsOwnMethod(path: PathLike, callee: t.MemberExpression | t.OptionalMemberExpression, name: string | null, state: State): boolean {
  const context = currentFunction(state, path.node);
  if (!context?.node || inFinallyBlock(path, context.node)) return false;
  const property = callee.property;
  if (property.type === 'PrivateName') return state.ownMethods.isPrivateMethod(property.id.name);
  if (callee.object.type !== 'ThisExpression') return false;
  const owner = context.owner;
  return name !== null && owner != null && state.ownMethods.defines(owner, name, path.scope, (local) => isInstrumentedLocally(path, local) === true);
}

/** `path` is inside a `finally` block of `fn` itself. */
function inFinallyBlock(path: PathLike, fn: t.Node): boolean {
  for (let p: PathLike | null = path; p?.parentPath; p = p.parentPath) {
    const parent = p.parent;
    if (parent === fn) return false;
    if (parent.type === 'TryStatement' && parent.finalizer === p.node) return true;
  }
  return false;
}

/** Calls inside an optional chain (not its last link) cannot be wrapped without breaking the chain. */
function isInsideOptionalChain(path: PathLike): boolean {
  const parent = path.parent;
  if (parent.type === 'OptionalMemberExpression') return parent.object === path.node;
  if (parent.type === 'OptionalCallExpression') return parent.callee === path.node;
  return false;
}

function recordCallSite(path: PathLike, state: State): void {
  if (isInsideOptionalChain(path)) return;
  if (!mayBeGap(path, state)) return;
  const node = path.node as AnyCall;
  const context = currentFunction(state, path.node);
  const fnNode = context?.node ?? null;
  // The module's probe is surely set up inside a traced body (its enter ran); not in parameters,
  // class fields or top-level code.
  const initialised = fnNode !== null && node.start! >= fnNode.body.start!;
  const names = namesAt(state, node, initialised);
  const probe = probeRef(names, initialised);
  const siteId = state.result.callSites.length;
  const position = originalPosition(state, node);
  const calleeText = expressionName(node.callee, state.options.source);
  state.result.callSites.push({
    callee: node.type === 'NewExpression' ? `new ${calleeText}` : calleeText,
    fn: context ? context.localId : -1,
    line: position.line,
    column: position.column,
  });
  const site = `${names.siteBase}+${siteId}`;
  // What throws right after the call with no position of its own (`[...f()]` iterating, `f() + missing()`)
  // shows at the latest position V8 has: the call's when plain, now `a`'s.
  const shown = throwsUnplacedAfter(path) ? callPosition(node, state.options.source) : null;
  wrap(state, node.start!, node.end!, `${statementGuard(path, state)}${probeCall(probe, 'a')}${site},`, ')', undefined, shown === null ? undefined : { offset: probeCallPosition(probe), original: shown });
  showAsPlain(state, plainPositionOf(state, path, node));
  if (node.type === 'NewExpression' && mayThrowUnplaced(path, node.callee)) showCalleeAsPlain(state, node, plainPosition(path, state.options.source, node.callee));
  // `b` runs after the callee and the arguments were evaluated, right before the call itself.
  const args = node.arguments;
  const callee = node.callee;
  if (args.length > 0) {
    const last = args[args.length - 1]!;
    const target = last.type === 'SpreadElement' ? last.argument : last;
    wrap(state, target.start!, target.end!, `${probeCall(names.probe, 'b')}${site},`, ')', target);
    showAsPlain(state, plainPositionOf(state, path, last));
  } else if (runsCode(callee)) {
    // `a.b.c()`, `make().c()`, `new a.b.C()`: the callee runs code of the program (a getter, a call),
    // which may be traced, so `b` must run after it; anything of ours around the receiver would be
    // printed in V8's `... is not a function`, which prints the callee from the code it runs. The
    // argument list is the one place left: a spread of an empty iterable (`B` returns it) passes no
    // argument, and the callee's tokens and positions stay the program's.
    const open = argumentListStart(state.options.source, callee.end!, node.end!);
    const spread = `...${names.probe}.B(${site})`;
    if (open === null) insertAt(state, node.end!, `(${spread})`, false, 0);
    else insertAt(state, node.end! - 1, spread, false, 0);
  } else {
    // `f()`, `new X`, `obj.m()`: nothing runs between `b` and the call, and the call keeps its own tokens
    // (V8 reports its position at the callee, which a `(b(), f)()` would move). `b` returns undefined.
    insertAt(state, node.start!, `${probeCall(names.probe, 'b')}${site})||`, true, node.end! - node.start!);
    showAsPlain(state, plainPositionOf(state, path, node));
  }
}

/**
 * A callee whose evaluation may run code of the program before the call: anything but a name, `this.m`,
 * `obj.m` or `obj['m']`. (A getter of `m` itself still runs after a `b` put before the call: `this.m()`
 * is the hottest shape of all, and a spread call costs ~10 ns more than a plain one.)
 */
function runsCode(callee: t.Node): boolean {
  if (callee.type === 'Identifier') return false;
  if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return true;
  return !loadsNothing(callee.object) || (callee.computed && !isLiteralKey(callee.property));
}

function isLiteralKey(node: t.Node): boolean {
  return node.type === 'StringLiteral' || node.type === 'NumericLiteral';
}

/** A receiver whose evaluation runs no code of the program: `b` may run before it rather than after. */
function loadsNothing(node: t.Node): boolean {
  return node.type === 'Identifier' || node.type === 'ThisExpression';
}

const FUNCTION_TYPES = [
  'FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod',
  'ClassPrivateMethod',
];
const CLASS_MEMBER_CONTEXTS = ['ClassProperty', 'ClassPrivateProperty', 'StaticBlock', 'ClassAccessorProperty'];

function returnStatement(path: PathLike, state: State): void {
  const context = currentFunction(state, path.node);
  if (!context?.node) return;
  const names = namesAt(state, path.node, true);
  const node = path.node as t.ReturnStatement;
  const argument = node.argument;
  if (argument) {
    wrap(state, argument.start!, argument.end!, `${probeCall(names.probe, 'v')}${CALL_ID},`, ')', argument);
    showAsPlain(state, plainPositionOf(state, path, argument));
  } else {
    // A closing insertion of span 0: it goes before the body's epilogue if `return}` touches it.
    insertAt(state, node.start! + 'return'.length, `${names.probe}.v(${CALL_ID})`, false, 0);
  }
}

/**
 * The coverage counter function istanbul (babel-plugin-istanbul: jest --coverage, nyc) puts at the top
 * of a file, `function cov_<hash>() { var path = ...; var hash = ...; var gcv = "__coverage__"; ... }`,
 * which the file then calls before each statement: coverage plumbing, not the program. Left as it is
 * (it and what it declares inside); the calls to it are calls to a local function, with no gap check.
 */
function isCoverageFunction(node: t.Node): boolean {
  if (node.type !== 'FunctionDeclaration' || node.id === null || node.id === undefined || !/^cov_[0-9a-z]+$/.test(node.id.name)) return false;
  return node.body.body.some(
    (statement) => statement.type === 'VariableDeclaration' && statement.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === 'gcv'),
  );
}

const handlers: WalkHandlers<State> = {
  skip: isCoverageFunction,
  prepass: Object.fromEntries([
    ...OwnMethods.NOTED.map((type) => [type, (path: PathLike, state: State) => state.ownMethods.note(path)]),
    ...ModuleLoads.NOTED.map((type) => [type, (path: PathLike, state: State) => state.moduleLoads.note(path.node)]),
  ]),
  enter: {
    ReturnStatement: returnStatement,
    AwaitExpression: suspendAround,
    YieldExpression: suspendAround,
    CallExpression: recordCallSite,
    OptionalCallExpression: recordCallSite,
    NewExpression: recordCallSite,
    CatchClause: catchClause,
    ForOfStatement: forAwaitLoop,
    VariableDeclaration: (path, state) => {
      checkNodeSyntax(path, state);
      awaitUsingDeclaration(path, state);
    },
    RegExpLiteral: checkNodeSyntax,
  },
  exit: {},
};
/** A file that uses syntax the Node running it rejects is left as it is: it fails there as it does plain. */
function checkNodeSyntax(path: PathLike, state: State): void {
  const syntax = state.options.nodeSyntax;
  const rejected = syntax ? rejectedSyntax(path.node, syntax) : null;
  if (rejected === null) return;
  const { file } = state.options;
  const { line, column } = path.node.loc!.start;
  throw new InstrumentError(`cannot instrument ${file} (${line}:${column}): this Node rejects ${rejected}; it runs uninstrumented`, file, line, column);
}

/**
 * Inside a `with` body every name may resolve to a property of its object (a Proxy whose `has` claims
 * every name, as sandboxes do, claims ours too: the probes were looked up on it, and the call threw):
 * nothing is inserted there, and a function made there runs untraced. The `with` statement's function
 * is still traced, by the probes around its body.
 */
function inWithBody(state: State, node: t.Node): boolean {
  return state.withBodies.some((body) => node.start! >= body.start! && node.end! <= body.end!);
}
for (const [type, enter] of Object.entries(handlers.enter)) {
  handlers.enter[type] = (path, state) => {
    if (state.withBodies.length === 0 || !inWithBody(state, path.node)) enter!(path, state);
  };
}
handlers.enter['WithStatement'] = (path, state) => state.withBodies.push((path.node as t.WithStatement).body);
handlers.exit['WithStatement'] = (_path, state) => state.withBodies.pop();
for (const type of FUNCTION_TYPES) {
  handlers.enter[type] = instrumentFunction;
  handlers.exit[type] = (_path, state) => finishFunction(state);
}

/** `arguments` read by a function (not an arrow: its `arguments` is its parent's). */
handlers.enter['Identifier'] = (path, state) => {
  if ((path.node as t.Identifier).name !== 'arguments') return;
  const parent = path.parent;
  if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === path.node && !parent.computed) return;
  if ((parent.type === 'ObjectProperty' || parent.type === 'ObjectMethod' || parent.type === 'ClassMethod') && parent.key === path.node && !parent.computed) return;
  for (let i = state.contexts.length - 1; i >= 0; i--) {
    const context = state.contexts[i]!;
    if (keyHolds(context, path.node)) continue;
    if (context.node === null) return; // class field initialisers cannot read `arguments`
    if (context.node.type !== 'ArrowFunctionExpression') {
      context.usesArguments = true;
      return;
    }
  }
};

/** `this` read by a function (an arrow's `this` is its parent's). */
handlers.enter['ThisExpression'] = (path, state) => {
  for (let i = state.contexts.length - 1; i >= 0; i--) {
    const context = state.contexts[i]!;
    if (keyHolds(context, path.node)) continue;
    if (context.node === null) return; // a class field's initialiser: no traced call
    if (context.node.type !== 'ArrowFunctionExpression') {
      if (!context.derivedConstructor) context.usesThis = true;
      return;
    }
  }
};

/**
 * A constructor of a class that extends another: `this` does not exist before `super()` returns, so its
 * enter cannot read it (a ReferenceError). Its receiver is seen where the base constructor reads it.
 */
function isDerivedConstructor(path: PathLike): boolean {
  const node = path.node as t.Node;
  if (node.type !== 'ClassMethod' || node.kind !== 'constructor') return false;
  const owner = path.parentPath?.parent as t.Node | undefined;
  return (owner?.type === 'ClassDeclaration' || owner?.type === 'ClassExpression') && owner.superClass != null;
}

function finishFunction(state: State): void {
  const context = state.contexts.pop();
  const node = context?.node;
  if (!context?.prologue || !node || (!context.usesArguments && !context.usesThis)) return;
  let values = parameterValues(parameterNames(node));
  if (context.usesArguments) {
    const all = argumentValues(node.params);
    if (all !== null) values = all;
    else if (!context.usesThis) return;
  }
  const directives = node.body.type === 'BlockStatement' && node.body.directives.length > 0 ? ';' : '';
  const { build } = state.options;
  context.prologue.text = wrapInsert(
    directives + bodyPrologue(namesAt(state, node, true), context.localId, values, build ?? null, context.original ?? null, context.usesThis === true),
  );
}

/**
 * The values recorded for a function that reads its `arguments` (so V8 builds the object anyway): all of
 * them, also those past its parameters (`emit(event, a1, a2)` called with 6), each parameter still named
 * when fewer are passed. Only for plain parameters, which equal their arguments on entry; null otherwise.
 */
function argumentValues(params: t.Function['params']): string | null {
  if (params.length === 0) return 'arguments';
  const names: string[] = [];
  for (const param of params) {
    if (param.type !== 'Identifier' || param.name === 'arguments') return null;
    names.push(param.name);
  }
  return `arguments.length>${names.length}?arguments:[${names.join(',')}]`;
}
for (const type of CLASS_MEMBER_CONTEXTS) {
  handlers.enter[type] = (path, state) => state.contexts.push({ localId: -1, node: null, computedKey: computedKeyOf(path.node), owner: ownerOfClassMember(path) });
  handlers.exit[type] = (_path, state) => state.contexts.pop();
}

/**
 * `await x` → `R(c, await s(c, x))`: time between suspend and resume is waiting, not running. The third
 * argument of `s` says how the suspension may end abruptly (see SUSPEND_*), for a frame that is still
 * suspended when the function leaves.
 */
function suspendAround(path: PathLike, state: State): void {
  const context = currentFunction(state, path.node);
  if (!context?.node) return; // top-level await: no traced call to suspend
  const names = namesAt(state, path.node, true);
  const node = path.node as t.AwaitExpression | t.YieldExpression;
  const how = node.type === 'AwaitExpression' ? SUSPEND_AWAIT : node.delegate ? SUSPEND_DELEGATE : SUSPEND_YIELD;
  const howArg = how === SUSPEND_AWAIT ? '' : `,${how}`;
  const resume = `${statementGuard(path, state)}${probeCall(names.probe, 'R')}${CALL_ID},`;
  const argument = node.argument;
  if (how === SUSPEND_DELEGATE && loadsNothing(argument!)) {
    // `yield* it` → `R(c, (s(c, void 0, 2), yield* it))`: V8's `... is not iterable` prints the operand
    // it runs, which `s(c, it)` would be. Nothing of the program runs between `s` and the delegation.
    // While the inner iterator runs, and when `it` is not iterable, V8 shows this frame at the last
    // position it recorded: `s`'s call, or the `yield*` itself once `s` took the statement's position.
    const shown = yieldStarPosition(path, state.options.source) ?? argument!.start!;
    const open = `${resume}(${probeCall(names.probe, 's')}${CALL_ID},void 0${howArg}),`;
    const reported = [
      { offset: resume.length + 1 + probeCallPosition(names.probe), original: shown },
      { offset: open.length + INSERT_CLOSE.length, original: shown }, // the `yield*` right after
    ];
    wrap(state, node.start!, node.end!, open, '))', undefined, reported);
    showAsPlain(state, plainPositionOf(state, path, node));
    return;
  }
  wrap(state, node.start!, node.end!, resume, ')');
  showAsPlain(state, plainPositionOf(state, path, node));
  if (argument) {
    // `yield* f()`: while the inner iterator runs, V8 shows this frame at the last call it made before
    // delegating, which is now `s` (in inserted text, so at the operand's start): map it to the call a
    // plain run shows, which may be further along the line or on a later one.
    const shown = how === SUSPEND_DELEGATE ? yieldStarPosition(path, state.options.source) : null;
    const reported = shown === null ? undefined : { offset: probeCallPosition(names.probe), original: shown };
    wrap(state, argument.start!, argument.end!, `${probeCall(names.probe, 's')}${CALL_ID},`, `${howArg})`, argument, reported);
    if (reported === undefined) showAsPlain(state, plainPositionOf(state, path, argument));
  } else {
    const keyword = node.type === 'YieldExpression' ? 'yield' : 'await';
    const call = how === SUSPEND_AWAIT ? `${names.probe}.s(${CALL_ID})` : `${names.probe}.s(${CALL_ID},void 0${howArg})`;
    insertAt(state, node.start! + keyword.length, call, false, 0);
  }
}

/**
 * Where a plain run shows a generator's frame while its `yield* operand` runs the inner iterator: the
 * last position V8 recorded before delegating. For a call operand, the call's; else the statement's
 * (`yield* it;`, `return yield* it;`, `x = yield* it;`, `yield yield* it;`) or, in a declaration, the `yield`'s. Null where
 * the operand's start (what the inserted `s(` call maps to anyway) is right, or unknown.
 */
function yieldStarPosition(path: PathLike, source: string): number | null {
  const node = path.node as t.YieldExpression;
  const call = callPosition(node.argument!, source);
  if (call !== null) return call;
  const parent = path.parent;
  if (parent.type === 'ExpressionStatement' || parent.type === 'ReturnStatement') return parent.start!;
  // `yield yield* it;`: the outer `yield`'s statement
  if (parent.type === 'YieldExpression' && path.parentPath?.parent.type === 'ExpressionStatement') return path.parentPath.parent.start!;
  if (parent.type === 'VariableDeclarator' && parent.init === node) return node.start!;
  if (parent.type === 'AssignmentExpression' && parent.right === node && path.parentPath?.parent.type === 'ExpressionStatement') {
    return path.parentPath.parent.start!;
  }
  return null;
}

/**
 * The source index V8 gives a call as its position in stack traces, or null for an expression that is
 * not a call. The identifier right before the argument list (`f(`, `a.b(`, `super.m(`), else the `(`
 * itself (`a[b](`, `f()(`, `(f)(`, `a?.(`, `this.#m(`); a tagged template's template; `new`'s keyword.
 */
function callPosition(node: t.Node, source: string): number | null {
  if (node.type === 'NewExpression') return node.start!;
  if (node.type === 'TaggedTemplateExpression') return node.quasi.start!;
  if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return null;
  const callee = node.callee;
  const optionalCall = node.type === 'OptionalCallExpression' && node.optional;
  if (!optionalCall && !isParenthesized(callee)) {
    if (callee.type === 'Identifier') return callee.start!;
    if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed && callee.property.type === 'Identifier') {
      return callee.property.start!;
    }
  }
  return argumentListStart(source, callee.end!, node.end!);
}

function isParenthesized(node: t.Node): boolean {
  return (node.extra as { parenthesized?: boolean } | undefined)?.parenthesized === true;
}

/** The `(` that opens a call's arguments: after the callee, its closing parens, `?.` and comments. */
function argumentListStart(source: string, from: number, end: number): number | null {
  let i = from;
  while (i < end) {
    const ch = source[i]!;
    if (ch === '(') return i;
    if (source.startsWith('/*', i)) {
      const close = source.indexOf('*/', i + 2);
      if (close < 0) return null;
      i = close + 2;
    } else if (source.startsWith('//', i)) {
      const close = source.indexOf('\n', i + 2);
      if (close < 0) return null;
      i = close + 1;
    } else if (ch === ')' || ch === '?' || ch === '.' || /\s/.test(ch)) {
      i++;
    } else {
      return null;
    }
  }
  return null;
}

/**
 * `for await (x of y) body` awaits where no expression of the program is: before each iteration (the
 * iterator's `next()`) and when the loop closes the iterator early. It becomes
 * `try{for await (x of s(c,y)) {R(c);try{body}finally{s(c)}}}finally{R(c)}`: suspended from `y` (the
 * first `next()` is called by the loop after it: a traced async generator it starts gets the call under
 * this one, or the causal parent, as its parent) to the body, from the end of each iteration to the next
 * body, and while the loop closes; resumed after the loop however it ends (labels included: the `try`
 * goes outside them). The frame cannot stay through the first `next()`: the first wait hands control
 * back to this call's caller.
 */
function forAwaitLoop(path: PathLike, state: State): void {
  const node = path.node as t.ForOfStatement;
  if (!node.await) return;
  const context = currentFunction(state, path.node);
  if (!context?.node) return; // top-level for await
  const names = namesAt(state, path.node, true);
  const suspend = `${names.probe}.s(${CALL_ID})`;
  const resume = `${names.probe}.R(${CALL_ID})`;
  if (loadsNothing(node.right)) {
    // Suspended before the loop rather than around `y`: V8's `y is not async iterable` prints the
    // expression it runs, which would be our call.
    wrapStatement(path, state, resume, `${suspend};`);
  } else {
    wrapStatement(path, state, resume);
    wrap(state, node.right.start!, node.right.end!, `${probeCall(names.probe, 's')}${CALL_ID},`, ')', node.right);
  }
  const body = node.body;
  wrap(state, body.start!, body.end!, `{${resume};try{`, `}finally{${suspend}}}`);
}

/**
 * `await using x = r;` awaits where no expression of the program is: when its scope ends, however it
 * ends, each resource's disposal is awaited (after the statements, so after `n`/`v` marked the end).
 * Without a suspension the call stayed on the stack while it waited, and what ran meanwhile (its
 * caller going on) was recorded inside it. A synchronous `using` of ours right after the declaration is
 * disposed first, with no await of its own (a sync disposal in an async scope awaits nothing unless an
 * `await using` of null came before it): it suspends the call. The call resumes after the scope: for a
 * nested block, in a `finally` put around the block's statements (one block deeper: their scoping among
 * themselves is unchanged); a function body is already inside the enter probe's `try`, whose exit probes
 * end a suspended call. In `for (await using x of y)`, each iteration's body resumes and suspends; `for
 * await` already suspends at each body's end. `for (await using x = r; test; update)` disposes once, when
 * the loop ends: each body resumes and suspends in a `finally`, the update resumes, and the test resumes
 * and suspends again when it is false (the loop then ends); the loop resumes after it however it ends.
 */
function awaitUsingDeclaration(path: PathLike, state: State): void {
  const node = path.node as t.VariableDeclaration;
  if ((node.kind as string) !== 'await using') return;
  const context = currentFunction(state, node);
  if (!context?.node) return; // top-level await using: no traced call to suspend
  const names = namesAt(state, path.node, true);
  const marker = `${names.probe}.s(${CALL_ID})`;
  const resume = `${names.probe}.R(${CALL_ID})`;
  const parent = path.parent;
  const disposer = (resumeFirst: boolean): string => {
    const value = `{[Symbol.dispose]:()=>{${marker}}}`;
    return `using __bc$u${state.order}=${resumeFirst ? `(${resume},${value})` : value};`;
  };
  if (parent.type === 'ForStatement' && parent.init === node) {
    // Not a `using` of ours in the body: V8 (Node 24) disposes the head's resources twice when a body
    // with a `using` declaration leaves the loop by `break`.
    const { test, update, body } = parent;
    if (update) wrap(state, update.start!, update.end!, `(${resume},`, ')', update);
    if (test) wrap(state, test.start!, test.end!, `(${resume},`, `)||${marker}`, test);
    wrap(state, body.start!, body.end!, `{${resume};try{`, `}finally{${marker}}}`);
    wrapStatement(path.parentPath!, state, resume);
    return;
  }
  if (parent.type === 'ForOfStatement' && parent.left === node) {
    if (parent.await) return;
    const body = parent.body;
    const open = body.type === 'BlockStatement' ? body.start! + 1 : body.start!;
    const close = body.type === 'BlockStatement' ? body.end! - 1 : body.end!;
    const blockOpen = body.type === 'BlockStatement' ? '' : '{';
    insertAt(state, open, `${blockOpen}${disposer(true)}`, true, close - open);
    if (blockOpen) insertAt(state, close, '}', false, close - open);
    wrapStatement(path.parentPath!, state, resume);
    return;
  }
  if (parent.type !== 'BlockStatement') return;
  insertAt(state, node.end!, `;${disposer(false)}`, false, 0);
  const owner = path.parentPath?.parent;
  if (owner && FUNCTION_TYPES.includes(owner.type) && (owner as t.Function).body === parent) return;
  if (state.awaitUsingBlocks.has(parent.start!)) return;
  state.awaitUsingBlocks.add(parent.start!);
  const span = parent.end! - parent.start! - 2;
  insertAt(state, parent.start! + 1, 'try{', true, span);
  insertAt(state, parent.end! - 1, `}finally{${resume}}`, false, span);
}

/** `try{statement}finally{after}`, labels included (a `break` to one of them runs `after` too). */
function wrapStatement(path: PathLike, state: State, after: string, before = ''): void {
  let statement: PathLike = path;
  while (statement.parentPath && statement.parent.type === 'LabeledStatement') statement = statement.parentPath;
  const start = statement.node.start!;
  const end = statement.node.end!;
  const order = state.order++;
  state.result.insertions.push(
    { at: start, text: wrapInsert(`try{${before}`), opening: true, span: end - start, order },
    { at: end, text: wrapInsert(`}finally{${after}}`), opening: false, span: end - start, order },
  );
}

/**
 * `catch (e) {` → `catch (e) {k(e);`: a plain function leaves by an exception without seeing its value
 * (no catch clause of ours but an async function's, see bodyEpilogue); the recorder learns it here. A bare `catch {` gets a
 * binding of our own (only generated code can name it); a destructuring pattern gives no value (`K`).
 */
function catchClause(path: PathLike, state: State): void {
  const node = path.node as t.CatchClause;
  const { source } = state.options;
  const context = currentFunction(state, path.node);
  // A catch inside a traced body runs after its enter (which initialised the module's probe).
  const traced = context?.node != null;
  const names = namesAt(state, node, traced);
  const probe = probeRef(names, traced);
  const bodyStart = node.body.start!;
  const span = node.body.end! - bodyStart;
  let binding: string | null = null;
  if (node.param == null) {
    const at = node.start! + 'catch'.length;
    if (source.slice(node.start!, at) !== 'catch') return;
    insertAt(state, at, `(${CAUGHT})`, true, 0);
    binding = CAUGHT;
  } else if (node.param.type === 'Identifier') {
    binding = node.param.name;
  }
  insertAt(state, bodyStart + 1, catchProbe(probe, binding, traced ? CALL_ID : null), true, span);
}
