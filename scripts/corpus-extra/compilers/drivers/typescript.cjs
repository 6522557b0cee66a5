'use strict';
// typescript 5 (CJS; one 9 MB file of closures: scanner, parser, binder,
// checker-free transformers, emitter): transpile seeded generated TS/TSX
// sources to several targets and module kinds, read their diagnostics, parse
// one declaration file with createSourceFile and walk its AST, print a
// synthesised AST, and catch errors thrown from inside the compiler.
const fs = require('node:fs');
const ts = require('typescript');
const { Digest, nm, rel, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(5150);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const ident = () => `${pick(['alpha', 'beta', 'gamma', 'delta', 'omega', 'kappa'])}${Math.floor(rand() * 100)}`;
const types = ['number', 'string', 'boolean', 'unknown', 'Array<number>', 'Map<string, number>', 'Record<string, boolean>', 'readonly string[]', '[number, string?]', '`x-${string}`'];

function member(i) {
  switch (Math.floor(rand() * 7)) {
    case 0: return `  private ${ident()}_${i}: ${pick(types)} = undefined as any;`;
    case 1: return `  static readonly ${ident()}_${i} = ${Math.floor(rand() * 1000)};`;
    case 2: return `  get g${i}(): ${pick(types)} { return this.${'v'}${i} as any; }\n  set g${i}(x: ${pick(types)}) { (this as any).v${i} = x; }`;
    case 3: return `  async m${i}<T extends ${pick(types)}>(a: T, ...rest: T[]): Promise<T> { for await (const x of rest) { a = x ?? a; } return a!; }`;
    case 4: return `  *gen${i}(n = ${i}) { while (n-- > 0) yield n satisfies number; }`;
    case 5: return `  #secret${i}?: ${pick(types)};\n  has${i}(o: object) { return #secret${i} in o; }`;
    default: return `  @logged m${i}(@inject x: ${pick(types)}) { return x; }`;
  }
}

function source(i) {
  const parts = [`// generated ${i}`, `import type { Foo${i} } from './foo${i}';`, `import { bar as b${i}, type Baz } from "./bar";`];
  parts.push(`export const enum E${i} { A = ${i}, B = A << 2, C = "c" }`);
  parts.push(`export enum F${i} { X, Y = ${i} * 2, Z }`);
  parts.push(`namespace N${i}.Inner { export const v: ${pick(types)} = ${JSON.stringify(ident())} as any; }`);
  parts.push(`export interface I${i}<T = ${pick(types)}> extends Partial<Foo${i}> { readonly k: T; [key: string]: unknown }`);
  parts.push(`type U${i} = ${Array.from({ length: 3 }, () => pick(types)).join(' | ')};`);
  parts.push(`function logged(t: any, k?: any, d?: any) { return d; }`, `function inject(t: any, k: any, n: number) {}`);
  parts.push(`export abstract class Base${i} { abstract run(): void; constructor(protected readonly id: number, public name?: string) {} }`);
  const members = Array.from({ length: 3 + Math.floor(rand() * 6) }, (_x, j) => member(j));
  parts.push(`export default class C${i} extends Base${i} implements I${i} {\n  declare k: any;\n${members.join('\n')}\n  run() { return b${i}?.(this.id) ?? N${i}.Inner.v; }\n}`);
  parts.push(`export const arrow${i} = <T,>(x: T): T => x;`);
  parts.push(`let opt${i} = (globalThis as any)?.a?.[${i}]?.(1) ?? 0; opt${i} ||= 1; opt${i} &&= 2; opt${i} ??= 3;`);
  parts.push(`export { type I${i} as J${i} };`);
  if (rand() < 0.3) parts.push(`let broken${i}: number = ;`); // a syntax error: a diagnostic
  return parts.join('\n');
}

function tsx(i) {
  return `import * as React from 'react';\ninterface P { n: number; label?: string }\nexport const Comp${i} = ({ n, label = "x" }: P) => (\n  <div className="c${i}" data-n={n}>\n    {Array.from({ length: n }, (_, k) => <span key={k}>{label}{k}</span>)}\n    <>{n > ${i} ? <b>big</b> : null}</>\n  </div>\n);\n`;
}

const d = new Digest('typescript');
const configs = [
  { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS, experimentalDecorators: true, emitDecoratorMetadata: true, downlevelIteration: true, importHelpers: false },
  { target: ts.ScriptTarget.ES2017, module: ts.ModuleKind.ESNext, experimentalDecorators: true, sourceMap: true },
  { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, verbatimModuleSyntax: false, useDefineForClassFields: true, experimentalDecorators: true },
];
let emitted = 0;
let diagnostics = 0;
for (let i = 0; i < 10; i++) {
  const text = source(i);
  for (const [c, compilerOptions] of configs.entries()) {
    const out = ts.transpileModule(text, { compilerOptions, fileName: `gen${i}.ts`, reportDiagnostics: true, moduleName: `gen${i}` });
    emitted += out.outputText.length;
    const diags = (out.diagnostics || []).map((x) => `${x.code}@${x.start}: ${ts.flattenDiagnosticMessageText(x.messageText, '\n')}`);
    diagnostics += diags.length;
    d.add(`gen${i}:${c}`, { js: out.outputText, map: out.sourceMapText || null, diags });
  }
}
for (let i = 0; i < 6; i++) {
  for (const jsx of [ts.JsxEmit.React, ts.JsxEmit.ReactJSX, ts.JsxEmit.Preserve]) {
    const out = ts.transpileModule(tsx(i), { compilerOptions: { jsx, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS }, fileName: `comp${i}.tsx` });
    emitted += out.outputText.length;
    d.add(`tsx${i}:${jsx}`, out.outputText);
  }
}

// One real declaration file, parsed and walked.
const dtsPath = nm('typescript', 'lib', 'lib.es5.d.ts');
const sf = ts.createSourceFile(rel(dtsPath), fs.readFileSync(dtsPath, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
const kinds = Object.create(null);
const interfaces = [];
let maxDepth = 0;
(function visit(node, depth) {
  const k = ts.SyntaxKind[node.kind];
  kinds[k] = (kinds[k] || 0) + 1;
  if (depth > maxDepth) maxDepth = depth;
  if (ts.isInterfaceDeclaration(node)) {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    interfaces.push(`${node.name.text}@${line + 1}:${node.members.length}`);
  }
  ts.forEachChild(node, (child) => visit(child, depth + 1));
})(sf, 0);
d.add('lib.es5.d.ts', { kinds, maxDepth, interfaces, statements: sf.statements.length, comments: (ts.getLeadingCommentRanges(sf.text, 0) || []).length });

// A synthesised AST through the printer.
const f = ts.factory;
const fn = f.createFunctionDeclaration([f.createModifier(ts.SyntaxKind.ExportKeyword)], undefined, 'made', undefined,
  [f.createParameterDeclaration(undefined, undefined, 'x', undefined, f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword))],
  f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword),
  f.createBlock([f.createReturnStatement(f.createBinaryExpression(f.createIdentifier('x'), ts.SyntaxKind.AsteriskToken, f.createNumericLiteral(42)))], true));
const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: false });
d.add('printed', printer.printNode(ts.EmitHint.Unspecified, fn, ts.createSourceFile('x.ts', '', ts.ScriptTarget.Latest)));
d.add('printedFile', printer.printFile(ts.createSourceFile('y.ts', 'const  a =1;;/*c*/ let b = a  +2', ts.ScriptTarget.Latest)));

// Errors thrown inside the compiler: a Debug assertion, a callback thrown
// through forEachChild, and an invalid argument.
const errors = [];
const frames = [];
const attempts = [
  () => ts.Debug.assert(false, 'driver assertion'),
  () => ts.forEachChild(sf, (n) => { if (n.kind === ts.SyntaxKind.InterfaceDeclaration) throw new RangeError(`stop at ${n.name.text}`); }),
  () => ts.createSourceFile('z.ts', undefined, ts.ScriptTarget.Latest),
  () => ts.Debug.assertNever({ kind: 9999 }, 'never'),
];
for (const attempt of attempts) {
  try {
    attempt();
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${String(e.message).split('\n')[0]} | ${String(e.stack).split('\n')[0]}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ version: ts.version, emitted, diagnostics, nodeKinds: Object.keys(kinds).length });
printStackLines(frames);
