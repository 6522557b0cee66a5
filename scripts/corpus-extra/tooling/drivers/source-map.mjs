// source-map 0.8 from ESM (Mozilla's: SourceMapGenerator with VLQ encoding,
// SourceNode trees, and the consumers whose mappings are parsed by a
// WebAssembly module calling back into JavaScript): build seeded maps for
// generated files, round-trip them through BasicSourceMapConsumer
// (original/generated position lookups with both biases, eachMapping in both
// orders, column spans, source contents), compose two maps with
// applySourceMap, concatenate SourceNode trees with toStringWithSourceMap,
// read an indexed (sectioned) map, and catch the errors for invalid mappings,
// bad versions and a throwing eachMapping callback.
import { SourceMapGenerator, SourceMapConsumer, SourceNode } from 'source-map';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(8080);
const int = (k) => Math.floor(rand() * k);
const d = new Digest('source-map');

function seededMap(i) {
  const gen = new SourceMapGenerator({ file: `out${i}.js`, sourceRoot: i % 3 === 0 ? 'webpack:///' : undefined });
  const sources = Array.from({ length: 1 + int(4) }, (_x, k) => `src/file${i}_${k}.js`);
  for (const s of sources) gen.setSourceContent(s, Array.from({ length: 30 }, (_x, l) => `line ${l} of ${s}`).join('\n'));
  let line = 1;
  let col = 0;
  const count = 200 + int(400);
  for (let m = 0; m < count; m++) {
    if (rand() < 0.15) { line += 1 + int(2); col = 0; }
    col += 1 + int(20);
    const source = sources[int(sources.length)];
    if (rand() < 0.1) gen.addMapping({ generated: { line, column: col } });
    else gen.addMapping({ generated: { line, column: col }, source, original: { line: 1 + int(30), column: int(40) }, name: rand() < 0.3 ? `name${int(12)}` : undefined });
  }
  return { gen, lines: line, count };
}

let lookups = 0;
for (let i = 0; i < 80; i++) {
  const { gen, lines } = seededMap(i);
  const raw = gen.toJSON();
  d.add(`map:${i}`, gen.toString());
  await SourceMapConsumer.with(raw, null, (consumer) => {
    const out = [];
    for (let q = 0; q < 60; q++) {
      const line = 1 + int(lines);
      const column = int(200);
      lookups++;
      out.push(consumer.originalPositionFor({ line, column, bias: q % 2 ? SourceMapConsumer.LEAST_UPPER_BOUND : SourceMapConsumer.GREATEST_LOWER_BOUND }));
    }
    for (const source of consumer.sources.slice(0, 2)) {
      const line = 1 + int(30);
      lookups += 2;
      out.push(consumer.generatedPositionFor({ source, line, column: 0, bias: SourceMapConsumer.LEAST_UPPER_BOUND }));
      out.push(consumer.allGeneratedPositionsFor({ source, line }));
      out.push(consumer.sourceContentFor(source).length);
    }
    consumer.computeColumnSpans();
    const byOriginal = [];
    consumer.eachMapping((m) => byOriginal.push(`${m.source}:${m.originalLine}:${m.originalColumn}>${m.generatedLine}:${m.generatedColumn}-${m.lastGeneratedColumn}`), null, SourceMapConsumer.ORIGINAL_ORDER);
    out.push(byOriginal.length, byOriginal.slice(0, 50));
    out.push(consumer.hasContentsOfAllSources(), consumer.sources);
    // fromSourceMap: a consumer back to a generator, and its string again.
    out.push(SourceMapGenerator.fromSourceMap(consumer).toString() === gen.toString());
    d.add(`consume:${i}`, out);
  });
}

// applySourceMap: out.js -> mid.js -> src files, composed into one map.
const first = seededMap(100).gen;
const second = new SourceMapGenerator({ file: 'final.js' });
for (let l = 1; l <= 20; l++) for (let c = 0; c < 60; c += 7) second.addMapping({ generated: { line: l, column: c }, source: 'out100.js', original: { line: l, column: c + 1 } });
await SourceMapConsumer.with(first.toJSON(), null, (consumer) => {
  second.applySourceMap(consumer, 'out100.js');
});
d.add('composed', second.toString());

// SourceNode trees: nested chunks with names, toStringWithSourceMap, replaceRight, walk.
const root = new SourceNode(null, null, null);
for (let i = 0; i < 120; i++) {
  const fn = new SourceNode(1 + i, 0, `lib/m${i % 7}.js`, [`function f${i}(a) {\n`, new SourceNode(2 + i, 2, `lib/m${i % 7}.js`, `  return a * ${i};\n`, `f${i}`), '}\n']);
  fn.setSourceContent(`lib/m${i % 7}.js`, `// module ${i % 7}\n`);
  root.add(fn);
}
root.prepend('/* banner */\n');
root.replaceRight(/\n$/, ';\n');
const joined = root.join('\n');
const { code, map } = joined.toStringWithSourceMap({ file: 'bundle.js' });
let walked = 0;
joined.walk(() => { walked++; });
d.add('node', [code, map.toString(), walked]);
// SourceNode.fromStringWithSourceMap round trip.
await SourceMapConsumer.with(map.toJSON(), null, (consumer) => {
  const again = SourceNode.fromStringWithSourceMap(code, consumer).toStringWithSourceMap({ file: 'bundle.js' });
  d.add('nodeRoundTrip', [again.code === code, again.map.toString()]);
});

// An indexed map with sections.
const indexed = { version: 3, file: 'indexed.js', sections: [0, 1, 2].map((k) => ({ offset: { line: k * 10, column: 0 }, map: seededMap(200 + k).gen.toJSON() })) };
await SourceMapConsumer.with(indexed, null, (consumer) => {
  const out = [consumer.sources.length];
  for (let q = 0; q < 40; q++) out.push(consumer.originalPositionFor({ line: 1 + int(30), column: int(100) }));
  const all = [];
  consumer.eachMapping((m) => all.push(`${m.generatedLine}:${m.generatedColumn}`));
  out.push(all.length, all.slice(-20));
  d.add('indexed', out);
});

const errors = [];
const frames = [];
const failing = [
  () => new SourceMapGenerator({ file: 'x.js' }).addMapping({ generated: { line: 0, column: 1 }, source: 'a.js', original: { line: 1, column: 1 } }),
  () => new SourceMapGenerator({ file: 'x.js' }).addMapping({ generated: { line: 1, column: 1 }, source: 'a.js' }),
  () => SourceMapConsumer.with({ version: 2, sources: [], names: [], mappings: '' }, null, () => 'no'),
  () => SourceMapConsumer.with({ version: 3, sources: ['a.js'], names: [], mappings: 'AAAA;;;' }, null, (c) => c.eachMapping((m) => { throw new RangeError(`callback refused ${m.generatedLine}:${m.generatedColumn}`); })),
  () => SourceMapConsumer.with({ version: 3, sources: ['a.js'], names: [], mappings: 'AAAA' }, null, (c) => c.originalPositionFor({ line: 0, column: 0 })),
];
for (const run of failing) {
  try {
    const r = await run();
    errors.push(`no error: ${JSON.stringify(r)}`);
  } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
d.add('errors', errors);
d.print({ maps: 80, lookups, walked });
printStackLines(frames);
