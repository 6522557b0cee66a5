// fast-xml-parser 5 (ESM source; XMLParser/XMLBuilder/XMLValidator classes, an
// OrderedObjParser over char codes, entity tables, tag/attribute value
// processor callbacks, isArray/stopNodes/preserveOrder options): build seeded
// XML documents, parse them with several option sets, build them back,
// validate good and bad documents, and catch the parser's errors.
import { XMLParser, XMLBuilder, XMLValidator } from 'fast-xml-parser';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(5150);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const names = ['item', 'name', 'price', 'ns:tag', 'list', 'entry', 'desc', 'a-b', 'x_y'];
const texts = ['hello', '42', '-3.5e2', 'true', '0x1F', 'a &amp; b', '&lt;tag&gt;', 'caf\u00e9', ' spaced ', '007', '', '1e400'];
function element(depth) {
  const tag = pick(names);
  const attrs = Array.from({ length: Math.floor(rand() * 3) }, (_x, i) => ` at${i}="${pick(texts)}"`).join('');
  if (depth > 4 || rand() < 0.3) return rand() < 0.1 ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${pick(texts)}</${tag}>`;
  const kids = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => element(depth + 1));
  if (rand() < 0.15) kids.push(`<!--c${depth}-->`);
  if (rand() < 0.1) kids.push(`<![CDATA[raw <b>${pick(texts)}</b>]]>`);
  return `<${tag}${attrs}>${kids.join('')}</${tag}>`;
}

const d = new Digest('fast-xml-parser');
const docs = Array.from({ length: 250 }, (_x, i) => `<?xml version="1.0" encoding="UTF-8"?>\n<root id="${i}">${element(0)}${element(1)}<script><a>not parsed</a></script></root>`);
const optionSets = [
  {},
  { ignoreAttributes: false, attributeNamePrefix: '@_', parseAttributeValue: true, allowBooleanAttributes: true },
  { ignoreAttributes: false, preserveOrder: true, commentPropName: '#comment', cdataPropName: '__cdata' },
  { removeNSPrefix: true, trimValues: false, numberParseOptions: { hex: true, leadingZeros: false }, stopNodes: ['root.script'], isArray: (name) => name === 'item' },
  { ignoreAttributes: false, alwaysCreateTextNode: true, textNodeName: '$t', attributesGroupName: '$a', tagValueProcessor: (name, v) => (name === 'price' ? `P${v}` : undefined), attributeValueProcessor: (name, v) => v.toUpperCase() },
];
let parsedCount = 0;
let rebuilt = 0;
for (let i = 0; i < docs.length; i++) {
  const xml = docs[i];
  d.add(`valid:${i}`, String(XMLValidator.validate(xml)));
  for (let k = 0; k < optionSets.length; k++) {
    const opts = optionSets[k];
    const obj = new XMLParser(opts).parse(xml);
    parsedCount++;
    d.add(`parse:${i}:${k}`, obj);
    const built = new XMLBuilder({ ...opts, format: k % 2 === 1, indentBy: '  ', suppressEmptyNode: k === 3 }).build(obj);
    rebuilt++;
    d.add(`build:${i}:${k}`, built);
  }
}

// Builder from plain objects, with attributes, arrays and processing.
const catalog = { '?xml': { '@_version': '1.0' }, catalog: { '@_lang': 'en', book: Array.from({ length: 30 }, (_x, i) => ({ '@_id': `b${i}`, title: `Title <${i}> & co`, price: Math.round(rand() * 10000) / 100, tags: { tag: ['x', 'y'].slice(0, 1 + (i % 2)) }, empty: '' })) } };
const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressBooleanAttributes: false, processEntities: true, arrayNodeName: 'book' });
const catXml = builder.build(catalog);
d.add('catalog', catXml);
const back = new XMLParser({ ignoreAttributes: false, parseTagValue: true }).parse(catXml);
d.add('catalogBack', back);
console.log(catXml.split('\n').slice(0, 4).join('|'));

// Entities: built-in, DOCTYPE-declared, and custom ones added to a parser.
const entParser = new XMLParser({ processEntities: true, htmlEntities: true });
entParser.addEntity('corp', 'ACME Corp');
d.add('entities', entParser.parse('<!DOCTYPE r [<!ENTITY who "World">]><r><a>&who; &corp; &copy; &#65;&#x42; &nbsp;x</a></r>'));

// Validation failures and parse errors.
const bad = ['<a><b></a>', '<a attr=noquote></a>', '<a>text', '<?xml version="1.0"?><a/><b/>', '<a><![CDATA[x</a>', '<1tag/>', '<a b="1" b="2"/>'];
const errors = [];
const frames = [];
for (const x of bad) {
  const v = XMLValidator.validate(x, { allowBooleanAttributes: false });
  errors.push(v === true ? 'valid' : `${v.err.code}@${v.err.line}:${v.err.col} ${v.err.msg}`);
  try {
    const o = new XMLParser({ ignoreAttributes: false }).parse(x, true);
    errors.push(`parsed ${JSON.stringify(o)}`);
  } catch (e) {
    errors.push(`${e.constructor.name}/${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
try {
  new XMLParser().parse(12345);
} catch (e) {
  errors.push(`${e.constructor.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ docs: docs.length, parsed: parsedCount, rebuilt });
printStackLines(frames);
