// zod 4 on deeply nested input (recursion depth): a recursive schema (z.lazy + union of string and
// one-element array) parses a 700-level nesting first thing in the process (frames still interpreted:
// plain Node 20/22/24 parse up to 800-899 levels then, every run), then 100-500 levels, and a 1000-deep
// object tree through a recursive object schema. A tracer whose instrumented frames are bigger
// overflows earlier ("Maximum call stack size exceeded"), which this driver makes visible.
import * as z from 'zod';
import util from './_util.cjs';

const { Digest, stackLines, printStackLines } = util;
const d = new Digest('zod-deep');
const Nested = z.lazy(() => z.union([z.string(), z.array(Nested).length(1)]));
const results = [];
for (const depth of [700, 100, 300, 500]) {
  let value = `leaf${depth}`;
  for (let i = 0; i < depth; i++) value = [value];
  try {
    const r = Nested.safeParse(value);
    results.push(`${depth}:${r.success}`);
    d.add(`nested${depth}`, r.success);
  } catch (e) {
    results.push(`${depth}:${e.name}`);
    d.add(`nested${depth}`, `${e.name}: ${e.message}`);
  }
}
const Node = z.object({ id: z.number().int(), get child() { return Node.optional(); } });
let tree;
for (let i = 0; i < 1000; i++) tree = { id: i, child: tree };
let frames = [];
try {
  d.add('tree', Node.safeParse(tree).success);
  results.push('tree:true');
  Node.parse({ id: 1, child: { id: 2, child: { id: 'three' } } });
} catch (e) {
  frames = stackLines(e);
  d.add('treeError', e.name === 'ZodError' ? e.issues.map((x) => x.path.join('.')) : `${e.name}: ${e.message}`);
  results.push(`tree:${e.name}`);
}
console.log(results.join(' '));
d.print({ depths: results.length });
printStackLines(frames);
