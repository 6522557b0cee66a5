// A generator of programs that throw in every shape V8 can throw in (a call of an undefined function,
// a property of undefined, a spread of a non-iterable, a getter, `super`, `await` ...), each in every
// context a throw can sit in (a `return`, an argument, a default parameter, a class field, a loop head,
// an arrow's body, one-line and minified code ...). Each case is one function; the program calls them
// all and prints every error's `stack`, so that a run with Breadcrumb can be compared with a plain one,
// frame by frame. Combinations that are not valid JavaScript (`await` outside an async function) are
// left out by parsing each case.
import { parse } from 'acorn';

/** An expression that throws when evaluated (helpers below), or a statement when `statement`. */
interface Shape {
  name: string;
  code: string;
  statement?: boolean;
}

const SHAPES: Shape[] = [
  { name: 'undefined-global', code: 'missing()' },
  { name: 'undefined-global-args', code: 'missing(1, num)' },
  { name: 'undefined-property-call', code: 'obj.nofn()' },
  { name: 'non-function-call', code: 'obj.count()' },
  { name: 'call-of-result', code: 'getUndef()()' },
  { name: 'deep-undefined-call', code: 'obj.missingProp.deep()' },
  { name: 'chain-call-missing', code: 'chain.sub.nofn()' },
  { name: 'chain-computed-call-missing', code: 'chain[subKey].nofn()' },
  { name: 'chain-deep-call-missing', code: 'chain.sub.inner.nofn()' },
  { name: 'chain-getter-call-missing', code: 'chain.viaGetter.nofn()' },
  { name: 'result-call-missing', code: 'makeObj().nofn()' },
  { name: 'method-result-call-missing', code: 'chain.make().nofn()' },
  { name: 'new-chain-missing', code: 'new chain.sub.Nope()' },
  { name: 'new-chain-missing-no-parens', code: 'new chain.sub.Nope' },
  { name: 'optional-chain-call-missing', code: 'chain?.sub.nofn()' },
  { name: 'chain-optional-call-missing', code: 'chain.sub?.nofn()' },
  { name: 'super-chain-missing', code: 'super.m.nofn()' },
  { name: 'tagged-chain-missing', code: 'chain.sub.nofn`a${num}`' },
  { name: 'user-throw', code: 'thrower()' },
  { name: 'user-throw-method', code: 'helpers.fail(1)' },
  { name: 'native-callback', code: '[1].map(thrower)' },
  { name: 'new-non-constructor', code: 'new notCtor()' },
  { name: 'new-undefined', code: 'new Missing()' },
  { name: 'new-throwing-constructor', code: 'new Thrower()' },
  { name: 'property-of-undefined', code: 'undef.b.c' },
  { name: 'property-of-null-computed', code: 'nul[key]' },
  { name: 'property-of-missing', code: 'obj.missingProp.c' },
  { name: 'optional-chain-throws', code: 'obj?.missingProp.c' },
  { name: 'optional-call-throws', code: 'obj?.nofn()' },
  { name: 'set-on-undefined', code: '(undef.x = 1)' },
  { name: 'destructure-assign-undefined', code: '({ a: tmp } = undef)' },
  { name: 'destructure-assign-non-iterable', code: '([tmp] = num)' },
  { name: 'destructure-const-undefined', code: 'const { a } = undef;', statement: true },
  { name: 'destructure-let-nested', code: 'let { missingProp: { b } } = obj;', statement: true },
  { name: 'spread-non-iterable', code: '[...num]' },
  { name: 'spread-args-non-iterable', code: 'use(...num)' },
  { name: 'for-of-non-iterable', code: 'for (const x of num) use(x);', statement: true },
  { name: 'in-non-object', code: "'a' in num" },
  { name: 'instanceof-non-callable', code: 'obj instanceof num' },
  { name: 'getter-throws', code: 'badAccessors.x' },
  { name: 'setter-throws', code: '(badAccessors.x = 1)' },
  { name: 'tagged-undefined', code: 'missingTag`a${num}b`' },
  { name: 'tagged-throws', code: 'thrower`a`' },
  { name: 'value-of-throws', code: '1 + badValueOf' },
  { name: 'template-to-string-throws', code: '`${badToString}`' },
  { name: 'symbol-to-number', code: '+sym' },
  { name: 'bigint-mix', code: '1n + num' },
  { name: 'class-extends-non-constructor', code: '(class extends num {})' },
  { name: 'derived-without-super', code: 'new (class extends Base { constructor() {} })()' },
  { name: 'super-method-missing', code: 'super.missingMethod()' },
  { name: 'super-call-throws', code: 'super.fail()' },
  { name: 'new-target-undefined', code: 'new.target.x' },
  { name: 'tdz-read', code: 'tdzLate' },
  { name: 'const-assign', code: '(constant = 2)' },
  { name: 'json-parse', code: "JSON.parse('{')" },
  { name: 'eval-syntax', code: "eval('{')" },
  { name: 'eval-reference', code: "eval('missing()')" },
  { name: 'indirect-eval', code: "(0, eval)('missing()')" },
  { name: 'function-syntax', code: "new Function('{')" },
  { name: 'function-body-throws', code: "Function('return missing()')()" },
  { name: 'made-here-thrown-there', code: "raise(new Error('made'))" },
  { name: 'made-without-new', code: "raise(Error('made'))" },
  { name: 'capture-stack-trace', code: 'raise(Error.captureStackTrace(tmp = {}) || tmp)' },
  { name: 'await-rejecting', code: 'await rejecter()' },
  { name: 'await-thenable-rejects', code: 'await rejectingThenable' },
  { name: 'await-thenable-throws', code: 'await throwingThenable' },
  { name: 'yield-throwing', code: 'yield thrower()' },
  { name: 'yield-star-non-iterable', code: 'yield* num' },
  { name: 'yield-star-throwing-iterator', code: 'yield* throwingIterable' },
  { name: 'for-await-non-iterable', code: 'for await (const x of num) use(x);', statement: true },
];

/** A context: the source of a function expression the driver calls (it throws), with `@` for the shape. */
interface Context {
  name: string;
  code: string;
  /** Only statements fit (`@` is where a statement goes). */
  statement?: boolean;
}

const STATEMENT_CONTEXTS: Context[] = [
  { name: 'function-body', code: 'function () {\n  @\n}' },
  { name: 'one-line-function', code: 'function () { var a = 1; @ return a; }' },
  { name: 'block', code: 'function () {\n  if (num) {\n    @\n  }\n}' },
  { name: 'arrow-block', code: '() => {\n  @\n}' },
  { name: 'async-body', code: 'async function () {\n  await null;\n  @\n}' },
  { name: 'async-arrow-one-line', code: 'async () => { @ }' },
  { name: 'generator-body', code: '() => (function* () {\n  @\n})().next()' },
  { name: 'async-generator-body', code: '() => (async function* () {\n  @\n})().next()' },
  { name: 'static-block', code: '() => class {\n  static {\n    @\n  }\n}' },
  { name: 'method', code: '() => new (class extends Base {\n  m() {\n    @\n  }\n})().m()' },
  { name: 'after-multibyte', code: "function () { const s = 'é😀€'; @ return s; }" },
  { name: 'try-finally', code: 'function () {\n  try {\n    @\n  } finally {\n    use(0);\n  }\n}' },
  { name: 'catch-rethrow', code: 'function () {\n  try {\n    @\n  } catch (error) {\n    throw error;\n  }\n}' },
  { name: 'loop-body', code: 'function () {\n  for (let i = 0; i < 2; i++) {\n    @\n  }\n}' },
  { name: 'minified', code: 'function(){var a=1,b=function(){return a};if(b()){@}return a}' },
];

const EXPRESSION_CONTEXTS: Context[] = [
  { name: 'expression-statement', code: 'function () {\n  @;\n}' },
  { name: 'return', code: 'function () {\n  return @;\n}' },
  { name: 'return-binary', code: 'function () {\n  return 1 + @;\n}' },
  { name: 'return-argument', code: 'function () {\n  return use(@);\n}' },
  { name: 'return-parenthesised', code: 'function () {\n  return (\n    @\n  );\n}' },
  { name: 'return-in-if', code: 'function () {\n  if (num) return @;\n  return 0;\n}' },
  { name: 'var-init', code: 'function () {\n  var v = @;\n  return v;\n}' },
  { name: 'let-init', code: 'function () {\n  let v = @;\n  return v;\n}' },
  { name: 'const-init', code: 'function () {\n  const v = @, w = 1;\n  return v + w;\n}' },
  { name: 'assignment', code: 'function () {\n  let v;\n  v = @;\n  return v;\n}' },
  { name: 'member-assignment', code: 'function () {\n  holder[key] = @;\n}' },
  { name: 'compound-assignment', code: 'function () {\n  let v = 1;\n  v += @;\n  return v;\n}' },
  { name: 'argument', code: 'function () {\n  use(@);\n}' },
  { name: 'second-argument', code: 'function () {\n  use(1, @);\n}' },
  { name: 'nested-arguments', code: 'function () {\n  use(1, use(2, helpers.use(@)));\n}' },
  { name: 'arguments-on-lines', code: 'function () {\n  use(\n    1,\n    @\n  );\n}' },
  { name: 'new-argument', code: 'function () {\n  return new Box(@);\n}' },
  { name: 'spread-argument', code: 'function () {\n  return use(...[@]);\n}' },
  { name: 'conditional-then', code: 'function () {\n  return num ? @ : 0;\n}' },
  { name: 'conditional-else', code: 'function () {\n  return nul ? 0 : @;\n}' },
  { name: 'conditional-test', code: 'function () {\n  return @ ? 1 : 0;\n}' },
  { name: 'logical-and', code: 'function () {\n  return num && @;\n}' },
  { name: 'logical-or', code: 'function () {\n  return nul || @;\n}' },
  { name: 'nullish', code: 'function () {\n  return nul ?? @;\n}' },
  { name: 'comma', code: 'function () {\n  return (use(0), @);\n}' },
  { name: 'unary', code: 'function () {\n  return !@;\n}' },
  { name: 'member-of-result', code: 'function () {\n  return (@).x;\n}' },
  { name: 'call-chain', code: 'function () {\n  return use(@).toString();\n}' },
  { name: 'object-value', code: 'function () {\n  return { a: 1, b: @ };\n}' },
  { name: 'array-element', code: 'function () {\n  return [1, @];\n}' },
  { name: 'template-literal', code: 'function () {\n  return `a${@}b`;\n}' },
  { name: 'computed-key', code: 'function () {\n  return { [@]: 1 };\n}' },
  { name: 'class-computed-key', code: '() => class {\n  [@]() {}\n}' },
  { name: 'arrow-expression', code: '() => @' },
  { name: 'arrow-expression-lines', code: '() =>\n  use(\n    1,\n    @\n  )' },
  { name: 'arrow-in-arrow', code: '() => (() => @)()' },
  { name: 'iife', code: '() => (function () { return @; })()' },
  { name: 'native-callback-arrow', code: '() => [1].map(() => @)' },
  { name: 'getter-body', code: '() => ({ get g() { return @; } }).g' },
  { name: 'class-field', code: '() => new (class {\n  f = @;\n})()' },
  { name: 'class-field-one-line', code: '() => new (class { a = 1; f = @; })()' },
  { name: 'static-field', code: '() => class {\n  static f = @;\n}' },
  { name: 'derived-constructor', code: '() => new (class extends Base {\n  constructor() {\n    super(@);\n  }\n})()' },
  { name: 'method-return', code: '() => new (class extends Base {\n  m() {\n    return @;\n  }\n})().m()' },
  { name: 'default-parameter', code: 'function (p = @) {\n  return p;\n}' },
  { name: 'arrow-default-parameter', code: '(p = @) => p' },
  { name: 'pattern-default', code: 'function ({ p = @ } = {}) {\n  return p;\n}' },
  { name: 'for-init', code: 'function () {\n  for (let i = @; i < 0; i++);\n}' },
  { name: 'for-test', code: 'function () {\n  for (; @; ) break;\n}' },
  { name: 'for-update', code: 'function () {\n  for (let i = 0; i < 2; i = @);\n}' },
  { name: 'for-of-head', code: 'function () {\n  for (const x of [@]) use(x);\n}' },
  { name: 'for-in-head', code: 'function () {\n  for (const k in @) use(k);\n}' },
  { name: 'while-test', code: 'function () {\n  while (@) break;\n}' },
  { name: 'do-while-test', code: 'function () {\n  do {} while (@);\n}' },
  { name: 'if-test', code: 'function () {\n  if (@) use(1);\n}' },
  { name: 'switch-discriminant', code: 'function () {\n  switch (@) {}\n}' },
  { name: 'switch-case', code: 'function () {\n  switch (1) {\n    case @:\n  }\n}' },
  { name: 'throw-operand', code: 'function () {\n  throw @;\n}' },
  { name: 'async-statement', code: 'async function () {\n  await null;\n  @;\n}' },
  { name: 'async-return', code: 'async function () {\n  return @;\n}' },
  { name: 'async-return-await', code: 'async function () {\n  return await @;\n}' },
  { name: 'async-arrow', code: 'async () => @' },
  { name: 'async-argument', code: 'async function () {\n  await null;\n  return use(@);\n}' },
  { name: 'generator-statement', code: '() => (function* () {\n  @;\n})().next()' },
  { name: 'generator-yield', code: '() => (function* () {\n  yield @;\n})().next()' },
  { name: 'generator-return', code: '() => (function* () {\n  return @;\n})().next()' },
  { name: 'async-generator', code: '() => (async function* () {\n  await null;\n  yield @;\n})().next()' },
  { name: 'one-line-function', code: 'function () { var a = 1; return a + @; }' },
  { name: 'one-line-return', code: 'function f() { return @ }' },
  { name: 'after-multibyte', code: "function () { const s = 'é😀€'; return s + @; }" },
  { name: 'after-comment', code: 'function () {\n  /* é */ return /* a */ @;\n}' },
  { name: 'minified', code: 'function(){var a=1,b=function(){return a};return b()+@}' },
  { name: 'minified-nested', code: 'function(){return function(c){return c?use(0,@):0}(1)}' },
];

/** Defined before the cases; every name a shape uses. */
const HELPERS = `const undef = undefined, nul = null, num = 5, key = 'k', sym = Symbol('s');
const obj = { count: 1 }, holder = {}, subKey = 'sub';
const chain = { sub: { count: 1, inner: {} }, get viaGetter() { return obj; }, make() { return {}; } };
function makeObj() { return {}; }
const notCtor = () => {};
let tmp;
const constant = 1;
function use(value) { return value; }
function getUndef() { return undefined; }
function raise(error) { throw error; }
function thrower() { throw new Error('thrown'); }
function Thrower() { throw new Error('constructor'); }
function Box(value) { this.value = value; }
const helpers = { use(value) { return value; }, fail(n) { throw new Error('fail ' + n); } };
const badAccessors = { get x() { throw new Error('getter'); }, set x(value) { throw new Error('setter'); } };
const badValueOf = { valueOf() { throw new Error('valueOf'); } };
const badToString = { toString() { throw new Error('toString'); } };
class Base { constructor() {} m() { return 1; } fail() { throw new Error('super'); } }
async function rejecter() { throw new Error('rejected'); }
const rejectingThenable = { then(resolve, reject) { reject(new Error('thenable')); } };
const throwingThenable = { then() { throw new Error('then'); } };
const throwingIterable = { [Symbol.iterator]() { return { next() { throw new Error('next'); } }; } };
`;

/** Runs every case and prints `[[name, stack], ...]`: synchronous ones first, then those that return a promise. */
const DRIVER = `const results = [];
function record(name, error) {
  results.push([name, error !== null && typeof error === 'object' && 'stack' in error ? String(error.stack) : 'no error: ' + String(error)]);
}
const pending = [];
for (const [name, run] of cases) {
  try {
    const value = run();
    if (value !== null && typeof value === 'object' && typeof value.then === 'function') pending.push([name, value.then(() => 'no throw', (error) => error)]);
    else record(name, 'no throw');
  } catch (error) {
    record(name, error);
  }
}
`;

const DRIVER_END = `(async () => {
  for (const [name, settled] of pending) record(name, await settled);
  process.stdout.write(JSON.stringify(results));
})();
`;

export interface ThrowingProgram {
  source: string;
  /** Cases in the program. */
  cases: number;
  /** Combinations left out as not valid JavaScript. */
  invalid: number;
}

function isValid(code: string, sourceType: 'script' | 'module'): boolean {
  try {
    parse(code, { ecmaVersion: 'latest', sourceType, allowReturnOutsideFunction: sourceType === 'script' });
    return true;
  } catch {
    return false;
  }
}

/** A program of the given cases (`[name, function source]`), for a closer look at some. */
export function programOf(cases: Array<[string, string]>): string {
  const lines = cases.map(([name, code]) => `cases.push([${JSON.stringify(name)}, ${code}]);`);
  return `${HELPERS}const cases = [];\n${lines.join('\n')}\n${DRIVER}let tdzLate = 1;\n${DRIVER_END}`;
}

/**
 * The program (CommonJS for `script`, an ES module for `module`). `oneLine`: every case on one line, as
 * in a minified bundle (the contexts need no automatic semicolon).
 */
export function throwingProgram(sourceType: 'script' | 'module', oneLine = false): ThrowingProgram {
  const lines: string[] = [];
  let invalid = 0;
  for (const shape of SHAPES) {
    const contexts = shape.statement ? STATEMENT_CONTEXTS : [...STATEMENT_CONTEXTS, ...EXPRESSION_CONTEXTS];
    for (const context of contexts) {
      const body = context.code.replace('@', shape.statement || EXPRESSION_CONTEXTS.includes(context) ? shape.code : `${shape.code};`);
      const where = EXPRESSION_CONTEXTS.includes(context) ? context.name : `statement in ${context.name}`;
      const entry = `cases.push(['${shape.name} in ${where}', ${body}]);`;
      if (!isValid(HELPERS + 'const cases = [];\n' + entry, sourceType)) {
        invalid++;
        continue;
      }
      lines.push(oneLine ? entry.replace(/\n\s*/g, ' ') : entry);
    }
  }
  // Module-level code: a throw outside any function.
  const topLevel: string[] = [];
  for (const shape of SHAPES) {
    // A direct eval at the top level makes every name of the module a dynamic lookup, which V8 places
    // otherwise: the cases inside functions cover it.
    if (/(^|[^.\w])eval\(/.test(shape.code)) continue;
    const entry = `try { ${shape.statement ? shape.code : `use(${shape.code});`} } catch (error) { record('${shape.name} at top level', error); }`;
    if (isValid(HELPERS + 'function record() {}\n' + entry, sourceType)) topLevel.push(entry);
    else invalid++;
  }
  const cases = lines.join(oneLine ? '' : '\n');
  // `tdzLate` is declared after the synchronous cases ran: a read before is a TDZ error.
  const source = `${HELPERS}const cases = [];\n${cases}\n${DRIVER}${topLevel.join('\n')}\nlet tdzLate = 1;\n${DRIVER_END}`;
  return { source, cases: lines.length + topLevel.length, invalid };
}
