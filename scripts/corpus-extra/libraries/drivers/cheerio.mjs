// cheerio 1 (ESM; parse5 and htmlparser2 underneath, css-select, domutils):
// parse seeded generated HTML documents and fragments, query with CSS
// selectors, traverse, manipulate (attr/class/append/wrap/remove), serialise
// back, xml mode, .extract(), and a selector syntax error.
import * as cheerio from 'cheerio';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(777);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const tags = ['div', 'p', 'span', 'ul', 'li', 'a', 'section', 'table', 'em', 'b'];
const texts = ['hello', 'a & b', '<escaped>', 'ünï', 'x "q" y', '', 'line\nbreak'];

function node(depth) {
  if (depth > 5 || rand() < 0.25) return pick(texts).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const tag = pick(tags);
  const attrs = [];
  if (rand() < 0.5) attrs.push(`class="${pick(['x', 'y', 'x y', 'item', 'item active'])}"`);
  if (rand() < 0.3) attrs.push(`id="n${Math.floor(rand() * 1e5)}"`);
  if (rand() < 0.3) attrs.push(`data-k="${Math.floor(rand() * 50)}"`);
  if (tag === 'a') attrs.push(`href="${pick(['http://e.com/a', '/rel', '#frag', 'mailto:x@y'])}"`);
  const kids = Array.from({ length: Math.floor(rand() * 5) }, () => node(depth + 1)).join('');
  return `<${tag}${attrs.length ? ' ' + attrs.join(' ') : ''}>${kids}${rand() < 0.9 ? `</${tag}>` : ''}`;
}

const d = new Digest('cheerio');
const selectors = ['div', 'p > span', '.item.active', 'a[href^="http"]', 'li:first-child', 'li:nth-child(2n+1)', 'ul li a', 'div:has(> p)', '[data-k]', 'section ~ p', ':not(div)', 'em, b', 'table td', 'div:contains("hello")'];
let matched = 0;
for (let i = 0; i < 60; i++) {
  const html = `<!doctype html><html><head><title>t${i}</title></head><body>${Array.from({ length: 12 }, () => node(0)).join('')}</body></html>`;
  const $ = cheerio.load(html);
  for (const sel of selectors) {
    const found = $(sel);
    matched += found.length;
    d.add(`q:${i}:${sel}`, { n: found.length, first: found.first().html(), text: found.slice(0, 3).text() });
  }
  d.add(`ids:${i}`, $('[id]').map((_, el) => $(el).attr('id')).get());
  d.add(`links:${i}`, $('a').toArray().map((el) => ({ href: el.attribs.href, parents: $(el).parents().length, next: $(el).next().prop('tagName') ?? null })));
  $('li').addClass('touched').attr('data-i', (idx) => String(idx));
  $('p').first().append('<i>added</i>').prepend('<!-- c -->');
  $('span').wrap('<label></label>');
  $('em').remove();
  $('b').replaceWith((idx, el) => `<strong>${$(el).text()}</strong>`);
  d.add(`html:${i}`, $.html());
  d.add(`extract:${i}`, $.extract({ title: 'title', spans: ['span'], hrefs: [{ selector: 'a', value: 'href' }] }));
  d.add(`closest:${i}`, $('li').first().closest('div').attr('class') ?? null);
}
// htmlparser2 path: xml mode and fragments
for (let i = 0; i < 40; i++) {
  const xml = `<root>${Array.from({ length: 8 }, (_x, j) => `<Item n="${j}"><Name>${pick(texts).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Name><Self/></Item>`).join('')}</root>`;
  const $ = cheerio.load(xml, { xml: true });
  d.add(`xml:${i}`, { names: $('Item > Name').map((_, el) => $(el).text()).get(), out: $.xml(), self: $('Self').length });
  const frag = cheerio.load(node(0), null, false);
  d.add(`frag:${i}`, { html: frag.html(), text: frag.root().text(), kids: frag.root().children().length });
}
const $f = cheerio.load('<form><input name="a" value="1"><input name="b" value="x y"><select name="s"><option selected>o</option></select></form>');
d.add('form', { ser: $f('form').serialize(), arr: $f('form').serializeArray() });
d.add('css', cheerio.load('<p style="color: red; margin: 0">x</p>')('p').css());

let frames = [];
try {
  cheerio.load('<p>x</p>')('p:::bad(');
} catch (e) {
  d.add('selErr', { name: e.name, message: e.message });
  frames = stackLines(e);
}
d.print({ matched });
printStackLines(frames);
