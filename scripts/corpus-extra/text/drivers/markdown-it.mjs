// markdown-it 15 (ESM build; a Ruler chain of block/inline/core rules, a token
// stream, a Renderer whose rules are plain functions, linkify-it and
// mdurl/punycode underneath) with highlight.js as its highlighter: render the
// set's READMEs and seeded Markdown with three presets, add an inline rule, a
// core rule and renderer overrides, walk tokens, and catch the errors a
// failing highlighter and an unknown preset throw.
import fs from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import hljs from 'highlight.js/lib/common';
import util from './_util.cjs';

const { Digest, NM, rel, prng, stackLines, printStackLines } = util;

const readmes = ['markdown-it', 'highlight.js', 'ejs', 'nunjucks', 'sass', 'less', 'qs', 'chalk']
  .map((n) => path.join(NM, n, fs.readdirSync(path.join(NM, n)).find((f) => /^readme\.md$/i.test(f))))
  .map((p) => ({ name: rel(p), text: fs.readFileSync(p, 'utf8') }));

const rand = prng(4242);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const words = ['alpha', 'beta', '`code`', '**bold**', '*em*', '~~del~~', '==mark==', '@user', 'https://example.com/a?b=1', 'www.example.org', '[link](http://x.test/y "T")', '<span>x</span>', 'a & b', '&copy;', '"quotes"', '--', '...', ':smile:', 'ÄÖÜ', '(c)'];
const sentence = () => Array.from({ length: 3 + Math.floor(rand() * 10) }, () => pick(words)).join(' ');
const langs = ['js', 'python', 'css', 'xml', 'json', 'bash', 'nolang', ''];
function block(depth) {
  switch (Math.floor(rand() * 9)) {
    case 0: return `${'#'.repeat(1 + Math.floor(rand() * 6))} ${sentence()}`;
    case 1: return Array.from({ length: 2 + Math.floor(rand() * 4) }, (_x, i) => `${'   '.repeat(depth)}${rand() < 0.5 ? '*' : `${i + 1})`} ${sentence()}`).join('\n');
    case 2: return `| h1 | h2 |\n| --- | ---: |\n${Array.from({ length: 2 + Math.floor(rand() * 4) }, () => `| ${pick(words)} | ${Math.floor(rand() * 1000)} |`).join('\n')}`;
    case 3: {
      const lang = pick(langs);
      const body = lang === 'json' ? JSON.stringify({ a: [1, 2, { b: sentence() }] }, null, 2) : lang === 'css' ? `.a > b { color: #${Math.floor(rand() * 4095).toString(16)}; }` : `function f${Math.floor(rand() * 9)}(x) { return x * ${Math.floor(rand() * 9)}; } // ${sentence()}`;
      return `\`\`\`${lang}\n${body}\n\`\`\``;
    }
    case 4: return depth < 3 ? `> ${block(depth + 1).split('\n').join('\n> ')}` : sentence();
    case 5: return `<details>\n<summary>${pick(words)}</summary>\n\n${sentence()}\n</details>`;
    case 6: return '***';
    case 7: return `    indented ${sentence()}`;
    default: return `${sentence()}\\\n${sentence()} [^${Math.floor(rand() * 3)}]`;
  }
}
const generated = Array.from({ length: 16 }, (_x, i) => ({ name: `generated/${i}.md`, text: `${Array.from({ length: 90 }, () => block(0)).join('\n\n')}\n` }));
const docs = [...readmes, ...generated];

const d = new Digest('markdown-it');
let highlighted = 0;
const highlight = (str, lang) => {
  if (lang && hljs.getLanguage(lang)) {
    highlighted++;
    return `<pre class="hljs"><code>${hljs.highlight(str, { language: lang, ignoreIllegals: true }).value}</code></pre>`;
  }
  return '';
};

const presets = {
  commonmark: MarkdownIt('commonmark'),
  defaultLinkify: new MarkdownIt({ html: true, linkify: true, typographer: true, highlight }),
  zero: new MarkdownIt('zero').enable(['heading', 'emphasis', 'list', 'fence']),
};

// A custom instance: ==mark== inline rule, a core rule numbering headings, renderer overrides.
const md = new MarkdownIt({ html: false, linkify: true, breaks: true, highlight });
md.inline.ruler.before('emphasis', 'mark', (state, silent) => {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x3d || src.charCodeAt(start + 1) !== 0x3d) return false;
  const end = src.indexOf('==', start + 2);
  if (end < 0 || end === start + 2) return false;
  if (!silent) {
    state.push('mark_open', 'mark', 1);
    const t = state.push('text', '', 0);
    t.content = src.slice(start + 2, end);
    state.push('mark_close', 'mark', -1);
  }
  state.pos = end + 2;
  return true;
});
let headingCount = 0;
md.core.ruler.push('number_headings', (state) => {
  for (let i = 0; i < state.tokens.length; i++) {
    const tok = state.tokens[i];
    if (tok.type === 'heading_open') {
      headingCount++;
      tok.attrSet('id', `h-${headingCount}`);
      tok.attrJoin('class', `level-${tok.tag.slice(1)}`);
    }
  }
});
const defaultLink = md.renderer.rules.link_open || ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = function linkOpen(tokens, idx, options, env, self) {
  const href = tokens[idx].attrGet('href') || '';
  env.links = (env.links || 0) + 1;
  if (/^https?:/.test(href)) tokens[idx].attrSet('rel', 'noopener');
  return defaultLink(tokens, idx, options, env, self);
};
md.renderer.rules.code_inline = (tokens, idx) => `<code data-len="${tokens[idx].content.length}">${md.utils.escapeHtml(tokens[idx].content)}</code>`;

let tokenCount = 0;
const types = new Map();
for (const { name, text } of docs) {
  for (const [preset, inst] of Object.entries(presets)) d.add(`${preset}:${name}`, inst.render(text));
  const env = {};
  d.add(`custom:${name}`, md.render(text, env));
  d.add(`env:${name}`, env);
  const tokens = md.parse(text, {});
  for (const t of tokens) {
    tokenCount++;
    types.set(t.type, (types.get(t.type) || 0) + 1);
    if (t.children) for (const c of t.children) types.set(`inline:${c.type}`, (types.get(`inline:${c.type}`) || 0) + 1);
  }
  d.add(`inline:${name}`, md.renderInline(text.split('\n')[0]));
}
d.add('types', [...types].sort(([a], [b]) => (a < b ? -1 : 1)));
d.add('linkify', presets.defaultLinkify.linkify.match('see www.example.com and mailto:a@b.test, http://x.y/z.') || []);
d.add('normalize', [md.normalizeLink('http://пример.рф/a b'), md.normalizeLinkText('xn--e1afmkfd.xn--p1ai'), md.validateLink('javascript:alert(1)')]);

const frames = [];
const errors = [];
const bad = new MarkdownIt({ highlight: (str, lang) => { if (lang === 'boom') throw new RangeError(`highlighter refused ${lang} (${str.length} chars)`); return ''; } });
for (const attempt of [() => bad.render('# t\n\n```boom\nx = 1\n```\n'), () => new MarkdownIt('no-such-preset'), () => md.use(null), () => md.enable(['no_such_rule'])]) {
  try {
    attempt();
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
console.log(`headings=${headingCount} highlighted=${highlighted}`);
d.print({ docs: docs.length, tokens: tokenCount, headings: headingCount, highlighted });
printStackLines(frames);
