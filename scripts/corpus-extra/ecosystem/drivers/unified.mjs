// unified 11 + remark + rehype (ES modules only, micromark's state machine of returned functions,
// generated mdast/hast trees): seeded Markdown with GFM (tables, task lists, footnotes,
// strikethrough, autolinks) parsed, transformed by plugins of our own (a visitor that rewrites
// nodes and reports VFile messages with positions, an async transformer, an attacher that reads
// its processor's data, a compiler-side handler), turned into HTML and back into Markdown; frozen
// processors, `file.fail` caught, a plugin throwing, and the messages' reasons and places.
import { createRequire } from 'node:module';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import remarkStringify from 'remark-stringify';
import rehypeStringify from 'rehype-stringify';
import { visit, SKIP, EXIT } from 'unist-util-visit';
import { VFile } from 'vfile';

const require = createRequire(import.meta.url);
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('unified');
const rand = prng(1618);
const frames = [];
const words = ['alpha', 'beta', 'gamma', 'delta', 'TODO', 'FIXME', 'epsilon', 'zeta', 'eta', 'theta'];
const pick = (a) => a[Math.floor(rand() * a.length)];

function markdown(n) {
  const parts = [`# Document ${n}\n`];
  for (let i = 0; i < n; i++) {
    const kind = Math.floor(rand() * 7);
    const w = () => Array.from({ length: 3 + Math.floor(rand() * 6) }, () => pick(words)).join(' ');
    if (kind === 0) parts.push(`## ${w()}\n\n${w()} *${w()}* **${w()}** ~~${w()}~~ \`${pick(words)}\`[^n${i}]\n\n[^n${i}]: note ${i} ${w()}\n`);
    else if (kind === 1) parts.push(`| a | b | c |\n| :- | :-: | -: |\n| ${w()} | ${i} | ${rand().toFixed(3)} |\n| x${i} | **y** | \`z\` |\n`);
    else if (kind === 2) parts.push(`- [ ] ${w()}\n- [x] ${w()}\n  - nested ${w()}\n    1. ordered\n    2. two\n`);
    else if (kind === 3) parts.push('```js\nconst x' + i + ' = ' + i + ';\n```\n');
    else if (kind === 4) parts.push(`> ${w()}\n> > ${w()} https://example.test/${i} www.example.test\n`);
    else if (kind === 5) parts.push(`![img ${i}](/i/${i}.png "t${i}") and [link](./p/${i}) <span data-i="${i}">raw</span>\n`);
    else parts.push(`${w()}\\\n${w()}\n\n---\n`);
  }
  return parts.join('\n');
}

// a remark plugin: options, processor data, a visitor with SKIP and EXIT, messages with positions
function remarkTodos(options = {}) {
  const data = this.data();
  data.seen = (data.seen || 0) + 1;
  return (tree, file) => {
    let headings = 0;
    visit(tree, (node, index, parent) => {
      if (node.type === 'heading') headings++;
      if (node.type === 'code') return SKIP;
      if (node.type === 'text' && /TODO|FIXME/.test(node.value)) {
        const msg = file.message(`found ${node.value.match(/TODO|FIXME/)[0]}`, { place: node.position, ruleId: 'todo', source: 'remark-todos' });
        msg.fatal = options.strict ? true : undefined;
        node.value = node.value.replace(/TODO|FIXME/g, (m) => m.toLowerCase());
      }
      if (node.type === 'link' && node.url.startsWith('./')) node.url = `/base/${node.url.slice(2)}`;
      if (options.stopAt && node.type === 'table' && parent && index > options.stopAt) return EXIT;
      return undefined;
    });
    file.data.headings = headings;
  };
}

// an async transformer (awaits between nodes)
function remarkAsyncCount() {
  return async (tree, file) => {
    let n = 0;
    for (const child of tree.children) {
      await Promise.resolve();
      n += child.type === 'paragraph' ? 1 : 0;
    }
    file.data.paragraphs = n;
  };
}

// a hast plugin that fails one file
function rehypeStrictImages() {
  return (tree, file) => {
    visit(tree, 'element', (node) => {
      if (node.tagName === 'img' && file.stem === 'doc-25') file.fail(`image ${node.properties.src} is not allowed here`, node, 'rehype-strict:img');
      if (node.tagName === 'a') node.properties.rel = ['nofollow'];
    });
  };
}

const base = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkTodos, { stopAt: 1000 })
  .use(remarkAsyncCount)
  .use(remarkRehype, {
    allowDangerousHtml: true,
    handlers: { inlineCode: (state, node) => ({ type: 'element', tagName: 'kbd', properties: {}, children: [{ type: 'text', value: node.value }] }) },
  })
  .use(rehypeStrictImages)
  .use(rehypeStringify, { allowDangerousHtml: true })
  .freeze();

const messages = (file) => file.messages.map((m) => [m.reason, m.line, m.column, m.ruleId, m.source, m.fatal === undefined ? null : m.fatal, String(m)]);

for (const n of [3, 10, 25, 60]) {
  const file = new VFile({ path: `doc-${n}.md`, value: markdown(n) });
  try {
    const out = await base.process(file);
    d.add(`html:${n}`, { html: String(out), data: out.data, messages: messages(out) });
  } catch (err) {
    frames.push(...stackLines(err));
    d.add(`fail:${n}`, { name: err.name, reason: err.reason, place: err.place, ruleId: err.ruleId, source: err.source, fatal: err.fatal, messages: messages(file) });
  }
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown(n));
  const md = unified().use(remarkGfm).use(remarkStringify, { bullet: '*', emphasis: '_', fences: true }).stringify(tree);
  d.add(`md:${n}`, { md, nodes: JSON.stringify(tree).length });
}

// processor data and frozen processors
d.add('data', [base.data().seen, Object.isFrozen(base) || base.frozen === true]);
try {
  base.use(remarkTodos);
} catch (err) {
  frames.push(...stackLines(err));
  d.add('frozen', [err.name, err.message]);
}

// a synchronous run of an async transformer, a plugin that throws, a strict plugin's fatal message
const attempts = [
  () => base().processSync('# sync'),
  () => unified().use(remarkParse).use(() => () => { throw new RangeError('plugin threw'); }).use(remarkStringify).processSync('x'),
  () => unified().use(remarkParse).use(remarkTodos, { strict: true }).use(remarkStringify).processSync('TODO now'),
  () => unified().processSync('no parser'),
];
for (const [i, f] of attempts.entries()) {
  try {
    const r = f();
    d.add(`attempt:${i}`, { value: String(r), messages: messages(r) });
  } catch (err) {
    frames.push(...stackLines(err));
    d.add(`attempt:${i}`, [err.name, String(err.message).split('\n')[0]]);
  }
}

d.print();
printStackLines(frames);
