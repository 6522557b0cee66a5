'use strict';
// xml2js 0.6 (CJS, written in CoffeeScript: a Parser class that is an
// EventEmitter over sax's char-by-char SAX parser, attribute and tag
// processors, a Builder over xmlbuilder): build seeded XML with the Builder,
// parse it back through the callback API, parseStringPromise and a Parser
// instance emitting 'end', with several option sets and processors; and
// catch the parse errors sax reports with line/column, and a processor that
// throws.
const xml2js = require('xml2js');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(4321);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const words = ['alpha', 'a & b', '<tag>', '"q"', "it's", 'ünï', '  padded  ', '42', 'true', ''];

function record(i) {
  return {
    $: { id: String(i), kind: pick(['a', 'b', 'c']) },
    name: pick(words),
    price: (rand() * 1000).toFixed(2),
    tags: { tag: Array.from({ length: Math.floor(rand() * 4) }, () => pick(words)) },
    note: rand() < 0.3 ? { _: pick(words), $: { lang: 'en' } } : pick(words),
    nested: { level: { deep: { value: Math.floor(rand() * 100) } } },
  };
}
const d = new Digest('xml2js');
const builders = [
  new xml2js.Builder({ rootName: 'catalog' }),
  new xml2js.Builder({ rootName: 'catalog', renderOpts: { pretty: false }, headless: true }),
  new xml2js.Builder({ rootName: 'catalog', cdata: true, xmldec: { version: '1.0', encoding: 'UTF-8', standalone: false }, renderOpts: { pretty: true, indent: '\t', newline: '\r\n' } }),
];
const parseOptions = [
  {},
  { explicitArray: false, mergeAttrs: true, trim: true, normalize: true },
  { explicitRoot: false, attrkey: '@', charkey: '#', explicitCharkey: true, tagNameProcessors: [xml2js.processors.stripPrefix, xml2js.processors.firstCharLowerCase], valueProcessors: [xml2js.processors.parseNumbers, xml2js.processors.parseBooleans], attrValueProcessors: [(v, name) => (name === 'id' ? Number(v) : v)] },
  { preserveChildrenOrder: true, explicitChildren: true, charsAsChildren: true, includeWhiteChars: false, async: true, chunkSize: 500 },
];

function parseCb(xml, opts) {
  return new Promise((resolve, reject) => xml2js.parseString(xml, opts, (err, out) => (err ? reject(err) : resolve(out))));
}

async function main() {
  let parsed = 0;
  const docs = [];
  for (let i = 0; i < 30; i++) {
    const obj = { item: Array.from({ length: 1 + Math.floor(rand() * 12) }, (_x, k) => record(i * 100 + k)), $: { version: String(i) } };
    const xml = builders[i % builders.length].buildObject(obj);
    d.add(`xml:${i}`, xml);
    docs.push(xml);
  }
  for (let i = 0; i < docs.length; i++) {
    for (let k = 0; k < parseOptions.length; k++) {
      const out = k === 1 ? await xml2js.parseStringPromise(docs[i], parseOptions[k]) : await parseCb(docs[i], parseOptions[k]);
      d.add(`parse:${i}:${k}`, out);
      parsed++;
    }
  }
  // A reusable Parser instance emitting events, reset between documents.
  const parser = new xml2js.Parser({ explicitArray: false, validator: (xpath, current, value) => (xpath === '/catalog/item/price' ? Number(value) : value) });
  const viaEvents = [];
  parser.on('end', (result) => viaEvents.push(Object.keys(result.catalog).length));
  for (const xml of docs.slice(0, 10)) {
    parser.reset();
    parser.parseString(xml);
  }
  d.add('events', viaEvents);
  // Round trip of a parsed document back through the builder.
  const back = await xml2js.parseStringPromise(docs[0]);
  d.add('roundTrip', new xml2js.Builder().buildObject(back));

  const errors = [];
  const frames = [];
  const bad = [
    '<a><b></a>',
    '<root attr="1" attr="2"/>',
    '<?xml version="1.0"?>\n<r>\n  <x>&bogus;</x>\n</r>',
    'no xml at all',
    '<r><unclosed></r',
  ];
  for (const xml of bad) {
    try {
      await xml2js.parseStringPromise(xml, { strict: true });
      errors.push('no error');
    } catch (e) {
      errors.push(`${e.name}: ${e.message}`);
      frames.push(...stackLines(e));
    }
  }
  try {
    await parseCb('<r><v>1</v><v>2</v></r>', { valueProcessors: [(v) => { if (v === '2') throw new RangeError(`processor refused ${v}`); return v; }] });
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
  try {
    new xml2js.Builder({ rootName: 'r' }).buildObject({ 'bad name': { '': 1 } });
    errors.push('no error');
  } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
  console.log(errors.map((e) => e.replace(/\n/g, ' | ')).join('\n'));
  d.add('errors', errors);
  d.print({ docs: docs.length, parsed });
  printStackLines(frames);
}
main();
