// prettier 3 (ESM, async API, plugins for babel/estree/postcss/markdown): format
// seeded generated JS, CSS and Markdown with several option sets, check
// idempotence, use formatWithCursor, getSupportInfo, and a syntax error.
import * as prettier from 'prettier';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(4242);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const ids = ['alpha', 'beta', 'gamma', 'delta', 'value', 'items', 'result', 'cb'];

function expr(depth) {
  const r = rand();
  if (depth > 3 || r < 0.3) return pick([...ids, '1', '42.5', '"str"', "'q'", 'null', 'true', '`t${x}`']);
  if (r < 0.45) return `${expr(depth + 1)} ${pick(['+', '-', '*', '&&', '||', '===', '<'])} ${expr(depth + 1)}`;
  if (r < 0.6) return `${pick(ids)}(${Array.from({ length: Math.floor(rand() * 4) }, () => expr(depth + 1)).join(', ')})`;
  if (r < 0.7) return `[${Array.from({ length: Math.floor(rand() * 5) }, () => expr(depth + 1)).join(',')}]`;
  if (r < 0.8) return `({${Array.from({ length: Math.floor(rand() * 4) }, (_x, i) => `k${i}: ${expr(depth + 1)}`).join(',')}})`;
  if (r < 0.9) return `((${pick(ids)}) => ${expr(depth + 1)})`;
  return `(${expr(depth + 1)} ? ${expr(depth + 1)} : ${expr(depth + 1)})`;
}
let serial = 0;
function stmt(depth) {
  const r = rand();
  if (depth > 2 || r < 0.35) return `${pick(['const', 'let', 'var'])} ${pick(ids)}${serial++} = ${expr(0)};`;
  if (r < 0.5) return `if (${expr(1)}) { ${stmt(depth + 1)} } else { ${stmt(depth + 1)} }`;
  if (r < 0.6) return `function ${pick(ids)}${serial++}(a, b = ${expr(2)}) { ${stmt(depth + 1)} return ${expr(1)}; }`;
  if (r < 0.7) return `class C${serial++} extends Base { #p = 1; static s = ${expr(2)}; get g() { return this.#p; } async m(x) { await ${expr(2)}; ${stmt(depth + 1)} } }`;
  if (r < 0.8) return `for (const ${pick(ids)} of ${expr(1)}) { ${stmt(depth + 1)} }`;
  if (r < 0.9) return `try { ${stmt(depth + 1)} } catch (e) { ${stmt(depth + 1)} } finally { /* c */ }`;
  return `${expr(0)};`;
}
const jsDocs = Array.from({ length: 20 }, () => Array.from({ length: 25 }, () => stmt(0)).join('\n'));

const cssDocs = Array.from({ length: 15 }, () => Array.from({ length: 30 }, () => {
  const sel = pick(['.a', '#b', 'div > p', 'ul li:hover', 'a[href^="http"]', '@media (max-width:600px){.m']);
  const decls = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => `${pick(['color', 'margin', 'display', 'transform', 'grid-template-columns'])}:${pick(['red', '0 auto', 'flex', 'rotate(45deg)', 'repeat(3,1fr)', '#FFF'])}`).join(';');
  return sel.startsWith('@media') ? `${sel}{${decls}}}` : `${sel}{${decls}}`;
}).join('\n'));

const mdWords = ['alpha', '*em*', '**strong**', '`code`', '[l](http://x.y)', 'beta', 'gamma'];
const mdDocs = Array.from({ length: 15 }, () => Array.from({ length: 30 }, () => {
  const k = Math.floor(rand() * 5);
  const sent = Array.from({ length: 3 + Math.floor(rand() * 20) }, () => pick(mdWords)).join(' ');
  if (k === 0) return `#   ${sent}`;
  if (k === 1) return `* ${sent}\n* ${sent}\n    * ${sent}`;
  if (k === 2) return `|a|b|\n|-|-|\n|${pick(mdWords)}|${pick(mdWords)}|`;
  if (k === 3) return '```js\nconst   x =  {a:1}\n```';
  return sent;
}).join('\n\n'));

const d = new Digest('prettier');
const optionSets = [{}, { semi: false, singleQuote: true, trailingComma: 'none', printWidth: 60 }, { tabWidth: 4, useTabs: true, arrowParens: 'avoid', bracketSpacing: false }];
let formatted = 0;
let nonIdempotent = 0;
for (const [i, src] of jsDocs.entries()) {
  for (const [j, opts] of optionSets.entries()) {
    const parser = j === 1 ? 'babel' : j === 2 ? 'acorn' : 'espree';
    try {
      const out = await prettier.format(src, { parser, ...opts });
      d.add(`js:${i}:${j}`, out);
      formatted++;
      if (j === 0 && (await prettier.format(out, { parser, ...opts })) !== out) nonIdempotent++;
    } catch (e) {
      d.add(`jsErr:${i}:${j}`, e.message); if (process.env.DBG) console.error(e.message.slice(0, 300));
    }
  }
}
for (const [i, src] of cssDocs.entries()) {
  d.add(`css:${i}`, await prettier.format(src, { parser: 'css' }));
  d.add(`scss:${i}`, await prettier.format(src, { parser: 'scss', singleQuote: true }));
  formatted += 2;
}
for (const [i, src] of mdDocs.entries()) {
  d.add(`md:${i}`, await prettier.format(src, { parser: 'markdown', proseWrap: 'always', printWidth: 50 }));
  formatted++;
}
const cur = await prettier.formatWithCursor('const  a=1;\nfunction f ( ) {return a}', { cursorOffset: 20, parser: 'babel' });
d.add('cursor', cur);
d.add('check', [await prettier.check('const a = 1;\n', { parser: 'babel' }), await prettier.check('const a=1', { parser: 'babel' })]);
const info = await prettier.getSupportInfo();
d.add('languages', info.languages.map((l) => l.name).sort());
d.add('options', info.options.map((o) => `${o.name}:${o.type}`).sort());
d.add('json', await prettier.format('{"b":[1,2,{"c":null}],"a":true}', { parser: 'json' }));

let frames = [];
try {
  await prettier.format('const x = {;\nfunction (', { parser: 'babel' });
} catch (e) {
  d.add('syntaxError', { name: e.name, message: e.message, loc: e.loc });
  frames = stackLines(e);
}
try {
  await prettier.format('x', { parser: 'no-such-parser' });
} catch (e) {
  d.add('badParser', { name: e.name, message: e.message });
}
d.print({ formatted, nonIdempotent });
printStackLines(frames);
