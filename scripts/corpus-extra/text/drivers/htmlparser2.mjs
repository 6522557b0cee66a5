// htmlparser2 12 (ESM only; a char-code Tokenizer state machine with entity
// decoding from `entities`, a callback Parser, DomHandler building a
// domhandler tree, DomUtils queries and domutils/dom-serializer output, a
// Writable stream wrapper, RSS/Atom feed parsing): stream seeded HTML in odd
// chunk sizes through the callback parser, through the WritableStream, build
// and query documents, serialise them back, parse feeds, and catch an error
// thrown by a callback from inside the tokenizer.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Parser, DomHandler, DomUtils, parseDocument, parseFeed, ElementType } from 'htmlparser2';
import { WritableStream } from 'htmlparser2/WritableStream';
import render from 'dom-serializer';
import util from './_util.cjs';

const { Digest, NM, rel, prng, stackLines, printStackLines } = util;
const rand = prng(6060);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const tags = ['div', 'p', 'span', 'a', 'ul', 'li', 'table', 'tr', 'td', 'b', 'i', 'script', 'style', 'svg', 'br', 'img', 'input', 'textarea', 'option'];
const texts = ['plain', 'a &amp; b', '&lt;tag&gt;', '&copy; 2024', '&notanentity;', '&#x1F600;', '&#65;&#66;', 'ünï', '<!-- c -->', '<![CDATA[x<y]]>', '<?php echo 1 ?>', 'x < y && y > z', '&nbsp;&mdash;'];
function node(depth) {
  if (depth > 5 || rand() < 0.3) return pick(texts);
  const t = pick(tags);
  const attrs = Array.from({ length: Math.floor(rand() * 3) }, (_x, i) => pick([` id="n${depth}-${i}"`, ` class='c${i} d'`, ' disabled', ` data-x=${i}`, ` href="/p?a=1&amp;b=${i}"`, ' title="a &quot;q&quot;"'])).join('');
  if (t === 'br' || t === 'img' || t === 'input') return `<${t}${attrs}${rand() < 0.5 ? '/' : ''}>`;
  if (t === 'script') return `<script>if (a < b && c > d) { document.write("</div>"); }</script>`;
  if (t === 'style') return `<style>a > b { content: "<p>"; }</style>`;
  const kids = Array.from({ length: Math.floor(rand() * 4) }, () => node(depth + 1)).join('');
  return `<${t}${attrs}>${kids}${rand() < 0.9 ? `</${t}>` : ''}`;
}
const docs = Array.from({ length: 40 }, (_x, i) => `<!DOCTYPE html><html><head><title>Doc ${i}</title></head><body>${Array.from({ length: 12 }, () => node(0)).join('\n')}</body></html>`);
// A few real HTML-ish files of the installed packages too.
for (const f of ['markdown-it/README.md', 'js-beautify/README.md']) docs.push(fs.readFileSync(path.join(NM, f), 'utf8'));

const d = new Digest('htmlparser2');
const events = new Map();
const bump = (k) => events.set(k, (events.get(k) || 0) + 1);
function callbackParse(html, options) {
  const out = [];
  const parser = new Parser({
    onopentagname(name) { bump('opentagname'); out.push(`<${name}`); },
    onattribute(name, value, quote) { bump('attribute'); out.push(` ${name}=${JSON.stringify(value)}${quote === undefined ? '' : quote}`); },
    onopentag(name, attribs, implied) { bump('opentag'); out.push(implied ? '>*' : '>'); },
    ontext(text) { bump('text'); out.push(text); },
    onclosetag(name, implied) { bump('closetag'); out.push(`</${name}${implied ? '*' : ''}>`); },
    oncomment(data) { bump('comment'); out.push(`<!--${data}-->`); },
    oncdatastart() { bump('cdata'); },
    onprocessinginstruction(name, data) { bump('pi'); out.push(`<?${data}?>`); },
    onend() { bump('end'); },
  }, options);
  // Odd chunk sizes: tags, entities and attributes split across writes.
  let i = 0;
  while (i < html.length) {
    const n = 1 + Math.floor(rand() * 53);
    parser.write(html.slice(i, i + n));
    i += n;
  }
  parser.end();
  return out.join('');
}
docs.forEach((html, i) => {
  d.add(`cb:${i}`, callbackParse(html, { decodeEntities: true, lowerCaseTags: true }));
  d.add(`cbx:${i}`, callbackParse(html, { xmlMode: true, recognizeSelfClosing: true, decodeEntities: false }));
});

let queried = 0;
docs.forEach((html, i) => {
  const dom = parseDocument(html, { withStartIndices: true, withEndIndices: true });
  const links = DomUtils.findAll((el) => el.name === 'a', dom.children);
  const byId = DomUtils.getElementById('n1-0', dom.children);
  const texts = DomUtils.getElementsByTagName('li', dom, true, 5).map((el) => DomUtils.textContent(el));
  const first = DomUtils.findOne((el) => DomUtils.hasAttrib(el, 'class'), dom.children);
  queried += links.length + texts.length;
  d.add(`dom:${i}`, [links.map((a) => [a.attribs.href || null, a.startIndex, a.endIndex]), byId ? render(byId) : null, texts, first ? DomUtils.getAttributeValue(first, 'class') : null, DomUtils.innerText(dom).length]);
  d.add(`render:${i}`, render(dom, { decodeEntities: false, selfClosingTags: true }));
  if (first) {
    DomUtils.removeElement(first);
    DomUtils.appendChild(dom.children.find((c) => c.type === ElementType.Tag) || dom, first);
  }
  d.add(`moved:${i}`, render(dom));
});

const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Crumbs</title><link>http://example.com/</link><description>d</description>${Array.from({ length: 15 }, (_x, i) => `<item><title>Item ${i} &amp; more</title><link>http://example.com/${i}</link><pubDate>Mon, 0${1 + (i % 9)} Jan 2024 10:00:00 GMT</pubDate><description><![CDATA[<p>body ${i}</p>]]></description><guid>g${i}</guid></item>`).join('')}</channel></rss>`;
const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><link href="http://a.test/"/><updated>2024-01-02T03:04:05Z</updated>${Array.from({ length: 5 }, (_x, i) => `<entry><title>E${i}</title><link href="http://a.test/${i}"/><id>urn:${i}</id><updated>2024-01-0${i + 1}T00:00:00Z</updated><summary>s${i}</summary></entry>`).join('')}</feed>`;
for (const [name, text] of [['rss', feed], ['atom', atom]]) {
  const f = parseFeed(text);
  d.add(`feed:${name}`, { type: f.type, title: f.title, link: f.link, items: f.items.map((it) => ({ title: it.title, link: it.link, pubDate: it.pubDate ? it.pubDate.toISOString() : null, description: it.description })) });
}

// The WritableStream wrapper fed from a Readable in chunks.
const streamed = [];
const handler = new DomHandler((err, dom) => { if (!err) streamed.push(DomUtils.getElementsByTagName('p', dom).length); });
await pipeline(Readable.from(docs.slice(0, 10).join('').match(/[\s\S]{1,97}/g)), new WritableStream(handler, { decodeEntities: true }));
d.add('stream', streamed);

const errors = [];
const frames = [];
try {
  const p = new Parser({ ontext(t) { if (t.includes('boom')) throw new SyntaxError(`callback refused "${t.trim()}"`); } });
  p.write('<div><p>fine</p><p>then boom here</p></div>');
  p.end();
  errors.push('no error');
} catch (e) {
  errors.push(`${e.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
const late = [];
const p2 = new Parser({ onerror(e) { late.push(e.message); } });
p2.end('<p>x');
p2.write('<p>y');
p2.end();
errors.push(...late);
console.log(errors.join('\n'));
d.add('errors', errors);
d.add('events', [...events].sort(([a], [b]) => (a < b ? -1 : 1)));
console.log([...events].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(' '));
d.print({ docs: docs.length, queried });
printStackLines(frames);
