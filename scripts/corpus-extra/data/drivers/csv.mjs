// csv-parse 7 + csv-stringify 6 (ESM; Node Transform streams with a
// char-by-char state machine, option normalisation, CsvError with codes,
// cast/on_record callbacks, async iteration): stringify seeded records with
// several option sets through the sync API and the stream API (piped into
// the parser), parse them back with columns/cast/relax options, iterate a
// parser with for await, and collect the errors the parser reports.
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(9001);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const cells = ['plain', 'with,comma', 'with "quotes"', 'multi\nline', ' padded ', '', '42', '-1.5', 'true', 'ünï', '#hash', "semi;colon", '2024-01-02'];

const d = new Digest('csv');
const records = Array.from({ length: 3000 }, (_x, i) => ({ id: i, name: pick(cells), score: Math.round(rand() * 10000) / 100, ok: rand() < 0.5, note: rand() < 0.2 ? null : pick(cells), when: new Date(Date.UTC(2020, 0, 1) + i * 3600e3) }));
const columns = ['id', 'name', 'score', 'ok', 'note', 'when'];
const stringifyOptions = [
  { header: true, columns },
  { header: true, columns, delimiter: ';', quoted: true, record_delimiter: 'windows' },
  { header: false, columns, quoted_string: true, cast: { boolean: (v) => (v ? 'yes' : 'no'), date: (v) => v.toISOString().slice(0, 10) } },
  { header: true, columns: columns.map((c) => ({ key: c, header: c.toUpperCase() })), escape: '\\', quote: "'", bom: true },
];

let rows = 0;
for (let k = 0; k < stringifyOptions.length; k++) {
  const text = stringifySync(records, stringifyOptions[k]);
  d.add(`sync:${k}`, text);
  const opts = stringifyOptions[k];
  const back = parseSync(text, {
    columns: opts.header ? true : columns,
    delimiter: opts.delimiter ?? ',',
    quote: opts.quote ?? '"',
    escape: opts.escape ?? '"',
    bom: true,
    cast: (value, ctx) => (ctx.header ? value : ctx.column === 'id' || ctx.column === 'ID' ? Number(value) : value),
    on_record: (rec, ctx) => (ctx.lines % 500 === 0 ? null : rec),
    info: k === 3,
  });
  rows += back.length;
  d.add(`back:${k}`, back);
}

// Stream API: a Readable of records -> stringifier -> parser, collected in order.
async function streamRoundTrip(opts) {
  const out = [];
  const parser = parse({ columns: true, cast: true, cast_date: false, trim: true, skip_empty_lines: true, relax_column_count: true });
  parser.on('readable', () => {
    let r;
    while ((r = parser.read()) !== null) out.push(r);
  });
  await pipeline(Readable.from(records.slice(0, 1500)), stringify(opts), parser);
  return out;
}
const streamed = await streamRoundTrip({ header: true, columns, cast: { date: (v) => v.toISOString() } });
d.add('stream', streamed);
rows += streamed.length;

// Async iteration over a parser fed in small chunks (chunk boundaries inside quotes).
const big = stringifySync(records, { header: true, columns, quoted_match: /e/ });
const chunks = [];
for (let i = 0; i < big.length; i += 37 + Math.floor(rand() * 50)) chunks.push(big.slice(i, i + 37 + Math.floor(rand() * 50)));
const iterParser = Readable.from(chunks).pipe(parse({ columns: true, from_line: 1, to_line: 2500, comment: '#', ltrim: true, relax_column_count: true, relax_quotes: true }));
let iterated = 0;
const sample = [];
for await (const rec of iterParser) {
  if (iterated++ % 97 === 0) sample.push(rec);
}
d.add('iterated', [iterated, sample]);
console.log(`iterated ${iterated} records; first ${JSON.stringify(sample[0])}`);

// Callback API of stringify.
const cbText = await new Promise((resolve, reject) => stringify([[1, 'a'], [2, 'b,c'], [3, null]], { header: true, columns: ['n', 's'] }, (err, out) => (err ? reject(err) : resolve(out))));
d.add('callback', cbText);

// Errors: the parser's CsvError codes, an invalid option, and a stream error event.
const errors = [];
const frames = [];
for (const [input, opts] of [['a,b\n1,2,3\n', { columns: true }], ['a,"b\n', {}], ['a,b"c"\n', {}], ['a,b\n1,2\n', { delimiter: '' }], ['x\n', { columns: ['a', 'a'] }], ['a;b\n', { max_record_size: 2 }], ['"a"x,b\n', {}]]) {
  try {
    errors.push(JSON.stringify(parseSync(input, opts)));
  } catch (e) {
    errors.push(`${e.constructor.name}/${e.code}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
try {
  stringifySync([{ a: 1 }], { columns: [{ nokey: true }] });
} catch (e) {
  errors.push(`${e.constructor.name}/${e.code}: ${e.message}`);
  frames.push(...stackLines(e));
}
const streamErr = await new Promise((resolve) => {
  const p = parse({ columns: true });
  p.on('error', (e) => resolve(`${e.code}: ${e.message}`));
  p.on('end', () => resolve('no error'));
  p.resume();
  p.write('a,b\n1,2\n3\n');
  p.end();
});
errors.push(streamErr);
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ records: records.length, rows });
printStackLines(frames);
