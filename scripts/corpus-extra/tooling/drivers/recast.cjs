'use strict';
// recast 0.23 + @babel/parser (CJS; ast-types' def/builders/namedTypes and
// PathVisitor with its context objects, recast's reprinter that keeps the
// original formatting of untouched nodes, and its pretty printer): codemods in
// the jscodeshift style on pinned library sources and seeded modules (var to
// let/const, require() to import, callback to arrow, renaming a member across
// a file, wrapping calls, removing console calls), checked by reprinting
// untouched files byte for byte; prettyPrint with options; source maps; parse
// errors and a visitor that throws.
const fs = require('node:fs');
const recast = require('recast');
const babelParser = require('@babel/parser');
const { Digest, nm, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(5150);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const b = recast.types.builders;
const n = recast.types.namedTypes;
const parser = {
  parse(source) {
    return babelParser.parse(source, { sourceType: 'unambiguous', tokens: true, errorRecovery: false, plugins: ['jsx', 'typescript', 'classProperties', 'topLevelAwait'] });
  },
};
const parse = (code, sourceFileName) => recast.parse(code, { parser, sourceFileName });
const d = new Digest('recast');

const stats = { varsToLet: 0, requires: 0, arrows: 0, renamed: 0, consoles: 0, wrapped: 0 };
function codemod(ast) {
  recast.visit(ast, {
    visitVariableDeclaration(path) {
      if (path.node.kind === 'var') {
        const reassigned = path.node.declarations.some((decl) => n.Identifier.check(decl.id) && isReassigned(path, decl.id.name));
        path.node.kind = reassigned ? 'let' : 'const';
        stats.varsToLet++;
      }
      this.traverse(path);
    },
    visitCallExpression(path) {
      const { node } = path;
      if (n.Identifier.check(node.callee) && node.callee.name === 'require' && node.arguments.length === 1 && n.StringLiteral.check(node.arguments[0])) {
        const decl = path.parent && path.parent.parent;
        if (decl && n.VariableDeclaration.check(decl.node) && decl.parent && n.Program.check(decl.parent.node) && n.Identifier.check(path.parent.node.id) && decl.node.declarations.length === 1) {
          decl.replace(b.importDeclaration([b.importDefaultSpecifier(b.identifier(path.parent.node.id.name))], b.stringLiteral(node.arguments[0].value)));
          stats.requires++;
          return false;
        }
      }
      if (n.MemberExpression.check(node.callee) && n.Identifier.check(node.callee.object) && node.callee.object.name === 'console') {
        const stmt = path.parent;
        if (n.ExpressionStatement.check(stmt.node)) {
          stmt.prune();
          stats.consoles++;
          return false;
        }
      }
      if (n.Identifier.check(node.callee) && node.callee.name === 'setTimeout') {
        path.replace(b.callExpression(b.identifier('track'), [node]));
        stats.wrapped++;
        return false;
      }
      this.traverse(path);
    },
    visitFunctionExpression(path) {
      this.traverse(path);
      let usesThis = false;
      recast.visit(path.node.body, {
        visitThisExpression() { usesThis = true; return false; },
        visitFunction() { return false; },
      });
      if (!usesThis && !path.node.generator && !path.node.id && n.CallExpression.check(path.parent.node)) {
        path.replace(b.arrowFunctionExpression(path.node.params, path.node.body, false));
        stats.arrows++;
      }
    },
    visitMemberExpression(path) {
      if (!path.node.computed && n.Identifier.check(path.node.property) && path.node.property.name === 'length') {
        path.get('property').replace(b.identifier('size'));
        stats.renamed++;
      }
      this.traverse(path);
    },
  });
  return ast;
}
function isReassigned(path, name) {
  let found = false;
  const scopeRoot = path.scope ? path.scope.path.node : null;
  recast.visit(scopeRoot, {
    visitAssignmentExpression(p) { if (n.Identifier.check(p.node.left) && p.node.left.name === name) found = true; this.traverse(p); },
    visitUpdateExpression(p) { if (n.Identifier.check(p.node.argument) && p.node.argument.name === name) found = true; this.traverse(p); },
  });
  return found;
}

// 1. Pinned library sources: untouched reprint is byte-identical; codemod output; pretty print.
const libs = ['micromatch/index.js', 'picomatch/lib/utils.js', 'picomatch/lib/constants.js', 'fast-glob/out/utils/path.js', 'fast-glob/out/settings.js', 'source-map/lib/util.js', 'browserslist/node.js'];
let identical = 0;
for (const lib of libs) {
  const code = fs.readFileSync(nm(lib), 'utf8');
  const ast = parse(code, lib);
  if (recast.print(ast).code === code) identical++;
  codemod(ast);
  const printed = recast.print(ast, { sourceMapName: `${lib}.map` });
  d.add(`mod:${lib}`, [printed.code, printed.map && printed.map.mappings]);
  d.add(`pretty:${lib}`, recast.prettyPrint(parse(code, lib), { tabWidth: 2, quote: 'single', trailingComma: true, arrowParensAlways: true }).code);
}

// 2. Seeded modules with mixed syntax (JSX, TypeScript annotations, classes).
const lines = [
  (k) => `var ${pick(['a', 'b', 'c'])}${k} = require('${pick(['fs', 'path', 'lodash', './util'])}');`,
  (k) => `var total${k} = items.length + ${Math.floor(rand() * 10)};`,
  () => `console.${pick(['log', 'warn', 'error'])}('debug', ${Math.floor(rand() * 100)});`,
  () => `list.forEach(function (item, i) { out.push(item.length * i); });`,
  () => `setTimeout(function () { this.fire(); }, ${Math.floor(rand() * 1000)});`,
  (k) => `export class Widget${k} { private size: number = 0; render() { return <div className="w">{this.size}</div>; } }`,
  (k) => `function sum${k}(xs: number[]): number { var s = 0; for (var k = 0; k < xs.length; k++) { s += xs[k]; } return s; }`,
  (k) => `const handler${k} = async (req) => { const body = await req.json(); return body.items.length; };`,
];
for (let i = 0; i < 80; i++) {
  const code = `// module ${i}\n${Array.from({ length: 5 + Math.floor(rand() * 10) }, (_x, k) => pick(lines)(k)).join('\n\n')}\n`;
  const ast = parse(code, `gen/${i}.tsx`);
  codemod(ast);
  d.add(`gen:${i}`, recast.print(ast, { reuseWhitespace: i % 2 === 0 }).code);
}
// Build a file from scratch with builders, and a template-style splice.
const built = b.program([
  b.variableDeclaration('const', [b.variableDeclarator(b.identifier('answer'), b.binaryExpression('*', b.numericLiteral(6), b.numericLiteral(7)))]),
  b.exportNamedDeclaration(b.functionDeclaration(b.identifier('greet'), [b.identifier('who')], b.blockStatement([b.returnStatement(b.templateLiteral([b.templateElement({ raw: 'hi ', cooked: 'hi ' }, false), b.templateElement({ raw: '', cooked: '' }, true)], [b.identifier('who')]))]))),
]);
d.add('built', recast.print(built).code);

const errors = [];
const frames = [];
for (const bad of ['var = 1;', 'function (a, {', 'class A { constructor() { return <div; } }']) {
  try {
    parse(bad, 'bad.js');
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${e.message} ${e.loc ? `@${e.loc.line}:${e.loc.column}` : ''}`);
    frames.push(...stackLines(e));
  }
}
try {
  recast.visit(parse('a(); b(); c();', 'v.js'), { visitCallExpression(path) { if (path.node.callee.name === 'b') throw new TypeError(`visitor refused ${path.node.callee.name}`); this.traverse(path); } });
} catch (e) {
  errors.push(`${e.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
try {
  recast.types.builders.variableDeclaration('nope', []);
} catch (e) {
  errors.push(`${e.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
d.add('errors', errors);
d.add('stats', stats);
d.print({ libs: libs.length, identical, ...stats });
printStackLines(frames);
